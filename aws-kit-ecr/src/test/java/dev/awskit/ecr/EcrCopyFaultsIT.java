package dev.awskit.ecr;

import static dev.awskit.ecr.EcrFixture.SOURCE_REGION;
import static dev.awskit.ecr.EcrFixture.TARGET_REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.RetryPolicy;
import dev.awskit.ecr.internal.RegistryClient;
import dev.awskit.testing.FaultProxy;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ECR copy through {@link FaultProxy} in front of the source and the target registries and of
 * ECR's API (moto): every outcome is either a complete copy whose digest equals the source's, checked
 * by reading the target directly, or a clear error; never a tag that points at a manifest with
 * missing blobs.
 */
@UsesServer(Service.ECR)
class EcrCopyFaultsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EcrFixture f;

    @BeforeEach
    void start(Target target, AwsKit aws) {
        f = EcrFixture.start(target, aws);
        Assumptions.assumeTrue(f.local, "the fault proxies sit in front of the local registries");
    }

    private static FaultProxy tenPercent(java.net.URI upstream, long seed) {
        return FaultProxy.builder(upstream)
                .seed(seed)
                .fault(FaultProxy.Fault.THROTTLE, 0.03) // 429 TOOMANYREQUESTS, as the distribution spec says
                .fault(FaultProxy.Fault.ERROR_500, 0.02)
                .fault(FaultProxy.Fault.RESET_BEFORE, 0.02)
                .fault(FaultProxy.Fault.RESET_AFTER, 0.02)
                .fault(FaultProxy.Fault.CUT_BODY, 0.01)
                .start();
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 22, 33, 44, 55, 66, 77, 88})
    void copy_throughTenPercentFaultsAtBothRegistries_isCompleteWithTheSourceDigestOrFailsClearly(
            long seed, TestResources res) throws Exception {
        String repo = EcrFixture.name(res);
        f.deleteLater(res, SOURCE_REGION, repo);
        f.deleteLater(res, TARGET_REGION, repo);
        f.ecr().repositories(SOURCE_REGION).create(r -> r.name(repo));
        TestImages.Pushed src = TestImages.pushIndex(
                f.registry(SOURCE_REGION), repo + ":1", seed, 3, 300_000, "linux/amd64", "linux/arm64");
        Throwable failure;
        long injected;
        long openBefore = RegistryClient.connectionsInUse();
        // ECR's API (moto) behind its own proxy too: CreateRepository's answer may be lost, and so on
        try (FaultProxy api = tenPercent(f.target.endpoint(), seed + 2);
                FaultProxy from = tenPercent(f.registry1, seed);
                FaultProxy to = tenPercent(f.registry2, seed + 1);
                AwsKit kit = f.target.withEndpoint(api.endpoint()).kit()) {
            Ecr ecr = f.ecrWithRegistries(kit, from.endpoint(), to.endpoint());

            failure = catchThrowable(() -> {
                CopyReport r = ecr.copy(f.image(SOURCE_REGION, repo + ":1"))
                        .toRegion(TARGET_REGION)
                        .parallelism(3)
                        .run();
                assertThat(r.digest()).isEqualTo(src.digest());
            });
            injected = api.injected() + from.injected() + to.injected();
        }
        // nothing left open, also when the copy failed half-way: every answer read or closed, and a
        // source stream opened beside an upload that never started closed too (its opener may still
        // be finishing when the copy has failed: waited for, boundedly)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (RegistryClient.connectionsInUse() > openBefore && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(RegistryClient.connectionsInUse())
                .as("registry connections left open with seed " + seed)
                .isEqualTo(openBefore);

        System.out.println("[EcrCopyFaultsIT] seed " + seed + ": " + injected + " faults injected, "
                + (failure == null ? "copied" : "failed: " + failure.getMessage()));
        Registry target = f.registry(TARGET_REGION); // read directly, not through a proxy
        if (failure == null) {
            assertThat(target.digest(repo + ":1")).contains(src.digest());
            assertThat(target.manifest(repo + ":1"))
                    .get()
                    .isEqualTo(f.registry(SOURCE_REGION).manifest(repo + ":1").orElseThrow());
        } else {
            assertThat(failure).isInstanceOf(AwsKitException.class);
            assertThat(failure.getMessage()).isNotBlank().contains(repo);
        }
        assertCompleteIfTagged(target, repo, "1");
        assertThat(injected).as("faults injected with seed " + seed).isPositive();
    }

    /** A tag that exists points at a manifest (and its platform manifests) whose every blob is there. */
    private static void assertCompleteIfTagged(Registry target, String repo, String tag) throws Exception {
        if (target.manifest(repo + ":" + tag).isEmpty()) {
            return;
        }
        List<byte[]> manifests = new ArrayList<>();
        JsonNode top = JSON.readTree(target.manifest(repo + ":" + tag).orElseThrow());
        if (top.has("manifests")) {
            for (JsonNode m : top.get("manifests")) {
                String digest = m.get("digest").asText();
                assertThat(target.manifest(repo + "@" + digest))
                        .as("platform manifest " + digest)
                        .isPresent();
                manifests.add(target.manifest(repo + "@" + digest).orElseThrow());
            }
        } else {
            manifests.add(target.manifest(repo + ":" + tag).orElseThrow());
        }
        for (byte[] m : manifests) {
            JsonNode n = JSON.readTree(m);
            assertThat(target.hasBlob(repo, n.get("config").get("digest").asText()))
                    .isTrue();
            for (JsonNode l : n.get("layers")) {
                assertThat(target.hasBlob(repo, l.get("digest").asText()))
                        .as("layer " + l.get("digest").asText())
                        .isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void copy_whenTheSourceAlwaysThrottles_makesExactlyThePolicysAttemptsAndSays429(int attempts, TestResources res) {
        String repo = EcrFixture.name(res);
        try (FaultProxy throttling = FaultProxy.alwaysThrottle(f.registry1)) {
            Registry source = Registry.at(throttling.endpoint().toString(), f.registryUser, f.registryPassword)
                    .withRetryPolicy(RetryPolicy.builder()
                            .maxAttempts(attempts)
                            .baseDelay(Duration.ofMillis(10))
                            .build());

            Throwable e = catchThrowable(() -> source.copy(repo + ":1")
                    .to(f.registry(TARGET_REGION), repo + ":1")
                    .run());

            assertThat(e)
                    .isInstanceOf(AwsKitException.class)
                    .hasMessageContaining("GET manifest " + repo + ":1")
                    .hasMessageContaining("failed with HTTP 429")
                    .hasMessageContaining("TOOMANYREQUESTS");
            assertThat(((AwsKitException) e).attempts()).isEqualTo(attempts);
            assertThat(((AwsKitException) e).retryable()).isTrue();
            // one retry owner: the copy's policy; the registry client never retries by itself
            assertThat(throttling.requests()).isEqualTo(attempts);
        }
    }
}
