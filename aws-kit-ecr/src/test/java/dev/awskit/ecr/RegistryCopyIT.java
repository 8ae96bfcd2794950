package dev.awskit.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.ProgressEvent;
import dev.awskit.testing.FaultProxy;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.Targets;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Copies between the two local registries with the registry-level API (no ECR API involved). */
@UsesServer(Service.REGISTRY)
class RegistryCopyIT {
    private Registry one;
    private Registry two;
    private Target target;

    @BeforeEach
    void registries(Target target) {
        this.target = target;
        URI second = secondRegistry();
        one = Registry.at(target.endpoint().toString(), target.accessKey(), target.secretKey());
        two = Registry.at(second.toString(), target.accessKey(), target.secretKey());
    }

    /** The second local registry; skipped when it is not there, and a failure under {@code CI=true}. */
    static URI secondRegistry() {
        URI second = Targets.registry(2).orElse(null);
        if (second == null) {
            String why = "registry 2 (registry.2.endpoint) is not available; run scripts/emulators start registry";
            if (Targets.inCi()) {
                throw new IllegalStateException(why);
            }
            System.err.println("[aws-kit-ecr] SKIPPED " + why);
            Assumptions.abort(why);
        }
        return second;
    }

    @Test
    void copy_ofMultiPlatformIndex_keepsTheDigestAndEveryBlob(TestResources res) {
        String repo = res.name();
        TestImages.Pushed src = TestImages.pushIndex(one, repo + ":1.0", 1, 2, 48_000, "linux/amd64", "linux/arm64/v8");
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();

        CopyReport r = one.copy(repo + ":1.0")
                .to(two, repo + ":1.0")
                .allPlatforms()
                .progress(events::add)
                .run();

        assertThat(r.digest()).isEqualTo(src.digest()).isEqualTo(r.sourceDigest());
        assertThat(two.digest(repo + ":1.0")).contains(src.digest());
        assertThat(two.manifest(repo + ":1.0"))
                .get()
                .isEqualTo(one.manifest(repo + ":1.0").orElseThrow());
        assertThat(r.blobsCopied()).isEqualTo(src.blobs().size()); // 2 configs, 4 own layers, 1 shared
        assertThat(r.blobsSkipped()).isZero();
        assertThat(r.bytesCopied())
                .isEqualTo(
                        src.blobs().values().stream().mapToLong(b -> b.length).sum());
        assertThat(r.manifestsPushed()).isEqualTo(3);
        assertThat(r.platforms()).containsExactly("linux/amd64", "linux/arm64/v8");
        src.blobs().keySet().forEach(d -> assertThat(two.hasBlob(repo, d)).as(d).isTrue());
        for (String child : src.manifestByPlatform().values()) {
            assertThat(two.digest(repo + "@" + child)).contains(child);
        }
        assertThat(events).isNotEmpty();
        assertThat(events.get(events.size() - 1).done()).isTrue();
        assertThat(events.get(events.size() - 1).completedUnits())
                .isEqualTo(src.blobs().size());
    }

    /**
     * A copy asks the target what its tag points at while it reads the source's manifest: two
     * servers, and neither answer changes the other request (a re-copy then waits for one round trip,
     * not two). The source's proxy holds the manifest GET until the target's proxy has seen the tag's
     * HEAD; asked one after the other, the GET would wait out the 20 s limit and only then the HEAD
     * would be sent.
     */
    @Test
    void copy_asksTheTargetForItsTagWhileTheSourceManifestIsInFlight(TestResources res) {
        String repo = res.name();
        TestImages.Pushed src = TestImages.pushIndex(one, repo + ":b", 5, 1, 10_000, "linux/amd64");
        URI second = Targets.registry(2).orElseThrow();
        try (FaultProxy to = FaultProxy.builder(second).start();
                FaultProxy from = FaultProxy.builder(target.endpoint())
                        .hold(
                                r -> r.method().equals("GET") && r.path().endsWith("/manifests/b"),
                                () -> to.exchanges().stream()
                                        .anyMatch(e -> e.request().method().equals("HEAD")
                                                && e.request().path().endsWith("/manifests/b")),
                                Duration.ofSeconds(20))
                        .start()) {
            Registry a = Registry.at(from.endpoint().toString(), target.accessKey(), target.secretKey());
            Registry b = Registry.at(to.endpoint().toString(), target.accessKey(), target.secretKey());

            CopyReport r = a.copy(repo + ":b").to(b, repo + ":b").run();
            CopyReport again = a.copy(repo + ":b").to(b, repo + ":b").run();

            assertThat(r.digest()).isEqualTo(src.digest());
            assertThat(two.digest(repo + ":b")).contains(src.digest());
            assertThat(again.upToDate()).isTrue();
            assertThat(from.releasedByTimeLimit())
                    .as("the tag's GET waited for the target's HEAD")
                    .isZero();
            assertThat(from.releasedByCondition()).isEqualTo(2);
            // side by side, but no request more: the re-copy is still one GET and one HEAD
            assertThat(from.exchanges().stream()
                            .filter(e -> e.request().path().endsWith("/manifests/b"))
                            .count())
                    .isEqualTo(2);
            assertThat(to.exchanges().stream()
                            .filter(e -> e.request().method().equals("HEAD")
                                    && e.request().path().endsWith("/manifests/b"))
                            .count())
                    .isEqualTo(2);
        }
    }

    /**
     * Each blob's source stream is opened while the target opens the upload session (the GET needs
     * nothing from the POST): the target's proxy holds every upload POST until the source's proxy has
     * seen a GET for every blob. Opened after the POST's answer, as before, no GET would come and
     * each POST would wait out the 20 s limit.
     */
    @Test
    void copy_opensEachSourceBlobWhileTheTargetOpensItsUpload(TestResources res) {
        String repo = res.name();
        TestImages.Pushed src = TestImages.pushIndex(one, repo + ":u", 6, 2, 10_000, "linux/amd64");
        int blobs = src.blobs().size(); // a config and two layers: fewer than the 6 copied at once
        URI second = Targets.registry(2).orElseThrow();
        try (FaultProxy from = FaultProxy.builder(target.endpoint()).start();
                FaultProxy to = FaultProxy.builder(second)
                        .hold(
                                r -> r.method().equals("POST") && r.path().endsWith("/blobs/uploads/"),
                                () -> from.exchanges().stream()
                                                .filter(e -> e.request()
                                                                .method()
                                                                .equals("GET")
                                                        && e.request().path().contains("/blobs/sha256:"))
                                                .count()
                                        >= blobs,
                                Duration.ofSeconds(20))
                        .start()) {
            Registry a = Registry.at(from.endpoint().toString(), target.accessKey(), target.secretKey());
            Registry b = Registry.at(to.endpoint().toString(), target.accessKey(), target.secretKey());

            CopyReport r = a.copy(repo + ":u").to(b, repo + ":u").run();

            assertThat(r.digest()).isEqualTo(src.digest());
            assertThat(r.blobsCopied()).isEqualTo(blobs);
            src.blobs()
                    .keySet()
                    .forEach(d -> assertThat(two.hasBlob(repo, d)).as(d).isTrue());
            assertThat(to.releasedByTimeLimit())
                    .as("no upload waited for its source's GET")
                    .isZero();
            assertThat(to.releasedByCondition()).isEqualTo(blobs);
            // one GET per blob: nothing opened twice, nothing opened for nothing
            assertThat(from.exchanges().stream()
                            .filter(e -> e.request().path().contains("/blobs/sha256:"))
                            .count())
                    .isEqualTo(blobs);
        }
    }

    @Test
    void copy_betweenTwoRepositoriesOfOneRegistry_mountsEveryBlob(TestResources res) {
        String repo = res.name();
        TestImages.Pushed src = TestImages.pushIndex(one, repo + ":m", 3, 2, 20_000, "linux/amd64", "linux/arm64");

        CopyReport r = one.copy(repo + ":m")
                .to(one, repo + "-promoted:m")
                .allPlatforms()
                .run();

        assertThat(r.digest()).isEqualTo(src.digest());
        assertThat(one.digest(repo + "-promoted:m")).contains(src.digest());
        assertThat(r.blobsMounted() + r.blobsCopied()).isEqualTo(src.blobs().size());
        if (target.kind() == Target.Kind.LOCAL_EMULATOR) {
            // distribution mounts a blob the source repository holds (201 Created): no byte is sent.
            // ECR does so only with the registry's BLOB_MOUNTING setting enabled, else it opens an
            // upload (202) and the blobs are sent: either is right at AWSKIT_IT_ENDPOINT
            assertThat(r.blobsMounted()).isEqualTo(src.blobs().size());
            assertThat(r.blobsCopied()).isZero();
            assertThat(r.bytesCopied()).isZero();
        }
        src.blobs().keySet().forEach(d -> assertThat(one.hasBlob(repo + "-promoted", d))
                .as(d)
                .isTrue());

        CopyReport again = one.copy(repo + ":m")
                .to(one, repo + "-promoted:m")
                .allPlatforms()
                .run();
        assertThat(again.upToDate()).isTrue();
    }

    @Test
    void copy_whenRunAgain_copiesNothing(TestResources res) {
        String repo = res.name();
        TestImages.Pushed src = TestImages.pushIndex(one, repo + ":2", 2, 1, 10_000, "linux/amd64", "linux/arm64");
        one.copy(repo + ":2").to(two, repo + ":2").run();

        CopyReport again = one.copy(repo + ":2").to(two, repo + ":2").run();

        assertThat(again.upToDate()).isTrue();
        assertThat(again.blobsCopied()).isZero();
        assertThat(again.bytesCopied()).isZero();
        assertThat(again.manifestsPushed()).isZero();
        assertThat(again.digest()).isEqualTo(src.digest());
    }

    @Test
    void copy_toAnotherTag_skipsBlobsTheTargetHas(TestResources res) {
        String repo = res.name();
        TestImages.Pushed src = TestImages.pushIndex(one, repo + ":a", 3, 2, 8_000, "linux/amd64", "linux/arm64");
        one.copy(repo + ":a").to(two, repo + ":a").run();

        CopyReport r = one.copy(repo + ":a").to(two, repo + ":b").run();

        assertThat(r.upToDate()).isFalse();
        assertThat(r.blobsCopied()).isZero();
        assertThat(r.blobsSkipped()).isEqualTo(src.blobs().size());
        assertThat(two.digest(repo + ":b")).contains(src.digest());
    }

    @Test
    void copy_withOnePlatform_tagsThatPlatformsManifest(TestResources res) {
        String repo = res.name();
        TestImages.Pushed src = TestImages.pushIndex(one, repo + ":m", 4, 2, 5_000, "linux/amd64", "linux/arm64/v8");

        CopyReport r = one.copy(repo + ":m")
                .to(two, repo + ":m")
                .platforms("linux/arm64")
                .run();

        String arm = src.manifestByPlatform().get("linux/arm64/v8");
        assertThat(r.digest()).isEqualTo(arm);
        assertThat(r.sourceDigest()).isEqualTo(src.digest());
        assertThat(two.digest(repo + ":m")).contains(arm);
        assertThat(r.blobsCopied()).isEqualTo(4); // config, shared layer, two own layers
        assertThat(r.notes())
                .singleElement()
                .asString()
                .contains("linux/arm64/v8")
                .contains(arm);
        assertThat(two.digest(repo + "@" + src.manifestByPlatform().get("linux/amd64")))
                .isEmpty();
    }

    @Test
    void copy_withUnknownPlatform_namesThePlatformsThereAre(TestResources res) {
        String repo = res.name();
        TestImages.Pushed src = TestImages.pushIndex(one, repo + ":p", 5, 1, 1_000, "linux/amd64", "linux/arm64");

        assertThatThrownBy(() -> one.copy(repo + ":p")
                        .to(two, repo + ":p")
                        .platforms("windows/amd64")
                        .run())
                .isInstanceOf(ImageCopyException.class)
                .hasMessageContaining("windows/amd64")
                .hasMessageContaining("linux/amd64, linux/arm64");
        assertThat(two.digest(repo + ":p")).isEmpty();
        assertThat(src.digest()).isNotBlank();
    }

    @Test
    void copy_whenABlobIsCorruptedInTransit_failsWithDigestErrorAndTagsNothing(TestResources res) throws Exception {
        String repo = res.name();
        TestImages.Pushed src = TestImages.pushIndex(one, repo + ":c", 6, 2, 20_000, "linux/amd64", "linux/arm64");
        String victim = src.blobs().keySet().stream().skip(2).findFirst().orElseThrow();
        try (BlobTamperProxy proxy = new BlobTamperProxy(target.endpoint(), victim, BlobTamperProxy.Fault.FLIP_BYTE)) {
            Registry viaProxy = Registry.at(proxy.url(), target.accessKey(), target.secretKey());

            assertThatThrownBy(() ->
                            viaProxy.copy(repo + ":c").to(two, repo + ":c").run())
                    .isInstanceOf(ImageCopyException.class)
                    .hasMessageContaining("digest mismatch, expected " + victim)
                    .hasMessageContaining("corrupted in transit");
            assertThat(proxy.faultsInjected.get()).isEqualTo(1);
        }
        assertThat(two.hasBlob(repo, victim)).isFalse();
        assertThat(two.digest(repo + ":c")).isEmpty();
        for (String child : src.manifestByPlatform().values()) {
            assertThat(two.digest(repo + "@" + child)).isEmpty();
        }
    }

    @Test
    void copy_interruptedHalfWay_completesWhenRunAgain(TestResources res) throws Exception {
        String repo = res.name();
        TestImages.Pushed src = TestImages.pushIndex(one, repo + ":i", 7, 3, 30_000, "linux/amd64", "linux/arm64");
        String victim = src.blobs().keySet().stream().skip(4).findFirst().orElseThrow();
        try (BlobTamperProxy proxy =
                new BlobTamperProxy(target.endpoint(), victim, BlobTamperProxy.Fault.CUT_HALF_WAY)) {
            Registry viaProxy = Registry.at(proxy.url(), target.accessKey(), target.secretKey())
                    .withRetryPolicy(dev.awskit.core.RetryPolicy.none());
            assertThatThrownBy(() -> viaProxy.copy(repo + ":i")
                            .to(two, repo + ":i")
                            .parallelism(1)
                            .run())
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining(victim);
        }
        assertThat(two.digest(repo + ":i")).isEmpty();

        CopyReport r = one.copy(repo + ":i").to(two, repo + ":i").run();

        assertThat(two.digest(repo + ":i")).contains(src.digest());
        assertThat(r.blobsSkipped()).isPositive();
        assertThat(r.blobsCopied() + r.blobsSkipped()).isEqualTo(src.blobs().size());
    }

    @Test
    void copy_withWrongPassword_saysToCheckTheCredentials(TestResources res) {
        String repo = res.name();
        TestImages.pushIndex(one, repo + ":w", 8, 1, 1_000, "linux/amd64");
        Registry wrong = Registry.at(two.endpoint().toString(), target.accessKey(), "not-the-password");

        assertThatThrownBy(() -> one.copy(repo + ":w").to(wrong, repo + ":w").run())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining(two.endpoint().getAuthority())
                .hasMessageContaining("Check the registry credentials")
                .satisfies(e -> assertThat(((RegistryException) e).statusCode()).isEqualTo(401));
    }

    @Test
    void copy_ofMissingImage_saysItDoesNotExist(TestResources res) {
        String repo = res.name();

        assertThatThrownBy(
                        () -> one.copy(repo + ":nope").to(two, repo + ":nope").run())
                .isInstanceOf(ImageCopyException.class)
                .hasMessageContaining(
                        "Source image " + one.endpoint().getAuthority() + "/" + repo + ":nope does not exist");
    }
}
