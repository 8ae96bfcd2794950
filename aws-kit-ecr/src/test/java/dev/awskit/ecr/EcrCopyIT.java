package dev.awskit.ecr;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.awskit.ecr.EcrFixture.SOURCE_REGION;
import static dev.awskit.ecr.EcrFixture.TARGET_PREFIX;
import static dev.awskit.ecr.EcrFixture.TARGET_REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cross-region copies through Ecr: the ECR API on WireMock (or AWSKIT_IT_ENDPOINT), the registry
 * protocol on the two local registries standing in for us-east-1 and us-west-2.
 */
class EcrCopyIT {
    private EcrFixture f;
    private final Deque<Runnable> cleanups = new ArrayDeque<>();

    @BeforeEach
    void start() {
        f = EcrFixture.start();
    }

    @AfterEach
    void stop() {
        while (!cleanups.isEmpty()) {
            try {
                cleanups.pop().run();
            } catch (RuntimeException e) {
                System.err.println("[aws-kit-ecr] cleanup failed: " + e);
            }
        }
        if (f != null) {
            f.close();
        }
    }

    /** A source repository with IMMUTABLE tags, scan on push and a KMS key; returns the repository name. */
    private String sourceRepository(String what, String mutability, boolean scan, String encryption) {
        String repo = EcrFixture.name(what);
        if (f.stubbed()) {
            f.stubRepository(SOURCE_REGION, repo, mutability, scan, encryption);
        } else {
            Ecr.of(f.kit).repositories(SOURCE_REGION).create(r -> r.name(repo)
                    .tagMutability(TagMutability.valueOf(mutability))
                    .scanOnPush(scan));
            f.deleteLater(cleanups, SOURCE_REGION, repo);
        }
        f.deleteLater(cleanups, TARGET_REGION, repo);
        return repo;
    }

    @Test
    void copy_toRegion_createsTheRepositoryLikeTheSourceAndKeepsTheDigest() {
        Ecr ecr = Ecr.of(f.kit);
        String repo = sourceRepository("region", "IMMUTABLE", true, "KMS");
        if (f.stubbed()) {
            f.stubMissingUntilCreated(TARGET_REGION, repo, "IMMUTABLE", true);
        }
        TestImages.Pushed src = TestImages.pushIndex(
                f.registry(ecr, SOURCE_REGION), repo + ":1.2", 11, 2, 40_000, "linux/amd64", "linux/arm64");

        CopyReport r = ecr.copy(f.image(SOURCE_REGION, repo + ":1.2"))
                .toRegion(TARGET_REGION)
                .allPlatforms()
                .run();

        assertThat(r.digest()).isEqualTo(src.digest());
        assertThat(f.registry(ecr, TARGET_REGION).digest(repo + ":1.2")).contains(src.digest());
        assertThat(r.blobsCopied()).isEqualTo(src.blobs().size());
        assertThat(r.repositoryCreated()).isTrue();
        assertThat(r.source()).isEqualTo(f.image(SOURCE_REGION, repo + ":1.2"));
        assertThat(r.target()).isEqualTo(f.image(TARGET_REGION, repo + ":1.2"));
        if (f.stubbed()) {
            assertThat(r.notes()).anySatisfy(n -> assertThat(n)
                    .contains("uses KMS key arn:aws:kms:us-east-1:")
                    .contains("no kmsKey(...) was given")
                    .contains("created with AES256 encryption"));
            f.wireMock.verify(postRequestedFor(urlEqualTo("/"))
                    .withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + "CreateRepository"))
                    .withRequestBody(matchingJsonPath("$.repositoryName", equalTo(repo)))
                    .withRequestBody(matchingJsonPath("$.registryId", equalTo(f.account)))
                    .withRequestBody(matchingJsonPath("$.imageTagMutability", equalTo("IMMUTABLE")))
                    .withRequestBody(matchingJsonPath("$.imageScanningConfiguration.scanOnPush", equalTo("true")))
                    .withRequestBody(matchingJsonPath("$.encryptionConfiguration.encryptionType", equalTo("AES256"))));
        }

        CopyReport again = ecr.copy(f.image(SOURCE_REGION, repo + ":1.2"))
                .toRegion(TARGET_REGION)
                .run();

        assertThat(again.upToDate()).isTrue();
        assertThat(again.blobsCopied()).isZero();
        assertThat(again.repositoryCreated()).isFalse();
        assertThat(again.digest()).isEqualTo(src.digest());
    }

    @Test
    void copy_withKmsKey_createsTheTargetWithThatKey() {
        Assumptions.assumeTrue(f.stubbed(), "needs WireMock to see the CreateRepository request");
        Ecr ecr = Ecr.of(f.kit);
        String repo = sourceRepository("kms", "MUTABLE", false, "KMS");
        f.stubMissingUntilCreated(TARGET_REGION, repo, "MUTABLE", false);
        TestImages.pushIndex(f.registry(ecr, SOURCE_REGION), repo + ":k", 12, 1, 1_000, "linux/amd64");
        String key = "arn:aws:kms:us-west-2:123456789012:key/abcd";

        CopyReport r = ecr.copy(f.image(SOURCE_REGION, repo + ":k"))
                .toRegion(TARGET_REGION)
                .kmsKey(key)
                .run();

        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("with KMS key " + key));
        f.wireMock.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + "CreateRepository"))
                .withRequestBody(matchingJsonPath("$.encryptionConfiguration.encryptionType", equalTo("KMS")))
                .withRequestBody(matchingJsonPath("$.encryptionConfiguration.kmsKey", equalTo(key)))
                .withRequestBody(matchingJsonPath("$.imageTagMutability", equalTo("MUTABLE"))));
    }

    @Test
    void copy_whenImmutableTargetTagHoldsAnotherImage_namesBothDigestsAndChangesNothing() {
        Ecr ecr = Ecr.of(f.kit);
        String repo = sourceRepository("immutable", "IMMUTABLE", false, "AES256");
        if (f.stubbed()) {
            f.stubRepository(TARGET_REGION, repo, "IMMUTABLE", false, "AES256");
        } else {
            ecr.repositories(TARGET_REGION).create(r -> r.name(repo).tagMutability(TagMutability.IMMUTABLE));
        }
        TestImages.Pushed src =
                TestImages.pushIndex(f.registry(ecr, SOURCE_REGION), repo + ":v1", 13, 1, 2_000, "linux/amd64");
        TestImages.Pushed other =
                TestImages.pushIndex(f.registry(ecr, TARGET_REGION), repo + ":v1", 14, 1, 2_000, "linux/amd64");

        assertThatThrownBy(() -> ecr.copy(f.image(SOURCE_REGION, repo + ":v1"))
                        .toRegion(TARGET_REGION)
                        .run())
                .isInstanceOf(ImageCopyException.class)
                .hasMessage(
                        "Target tag " + f.image(TARGET_REGION, repo + ":v1") + " is immutable and already points at "
                                + other.digest() + ", but the source " + f.image(SOURCE_REGION, repo + ":v1") + " is "
                                + src.digest() + ": push under another tag, or delete the target image first"
                                + " (batch-delete-image)");
        assertThat(f.registry(ecr, TARGET_REGION).digest(repo + ":v1")).contains(other.digest());
    }

    @Test
    void copy_withOnePlatformAndAnotherTag_pushesThatPlatformOnly() {
        Ecr ecr = Ecr.of(f.kit);
        String repo = sourceRepository("platform", "MUTABLE", false, "AES256");
        if (f.stubbed()) {
            f.stubMissingUntilCreated(TARGET_REGION, repo, "MUTABLE", false);
        }
        TestImages.Pushed src = TestImages.pushIndex(
                f.registry(ecr, SOURCE_REGION), repo + ":multi", 15, 2, 3_000, "linux/amd64", "linux/arm64");

        CopyReport r = ecr.copy(f.image(SOURCE_REGION, repo + ":multi"))
                .toRegion(TARGET_REGION)
                .tag("amd64-only")
                .platforms("linux/amd64")
                .parallelism(2)
                .run();

        String amd = src.manifestByPlatform().get("linux/amd64");
        assertThat(r.digest()).isEqualTo(amd);
        assertThat(r.platforms()).containsExactly("linux/amd64");
        assertThat(f.registry(ecr, TARGET_REGION).digest(repo + ":amd64-only")).contains(amd);
        assertThat(f.registry(ecr, TARGET_REGION)
                        .digest(repo + "@" + src.manifestByPlatform().get("linux/arm64")))
                .isEmpty();
    }

    @Test
    void copy_whenALayerIsCorruptedInTransit_failsWithDigestErrorAndTagsNothing() throws Exception {
        Ecr plain = Ecr.of(f.kit);
        String repo = sourceRepository("corrupt", "MUTABLE", false, "AES256");
        if (f.stubbed()) {
            f.stubMissingUntilCreated(TARGET_REGION, repo, "MUTABLE", false);
        }
        TestImages.Pushed src =
                TestImages.pushIndex(f.registry(plain, SOURCE_REGION), repo + ":bad", 16, 2, 25_000, "linux/amd64");
        String victim = src.blobs().keySet().stream().skip(1).findFirst().orElseThrow();
        URI sourceRegistry = plain.authorization(SOURCE_REGION).proxyEndpoint();
        try (FaultProxy proxy = new FaultProxy(sourceRegistry, victim, FaultProxy.Fault.FLIP_BYTE)) {
            Ecr viaProxy = Ecr.builder(f.kit)
                    .registryEndpoint((account, region) ->
                            region.equals(SOURCE_REGION) ? RegistryEndpoint.of(URI.create(proxy.url())) : null)
                    .build();

            assertThatThrownBy(() -> viaProxy.copy(f.image(SOURCE_REGION, repo + ":bad"))
                            .toRegion(TARGET_REGION)
                            .run())
                    .isInstanceOf(ImageCopyException.class)
                    .hasMessageContaining("blob " + victim)
                    .hasMessageContaining("digest mismatch, expected " + victim);
            assertThat(proxy.faultsInjected.get()).isEqualTo(1);
        }
        Registry target = f.registry(plain, TARGET_REGION);
        assertThat(target.digest(repo + ":bad")).isEmpty();
        assertThat(target.hasBlob(repo, victim)).isFalse();
    }

    @Test
    void copy_whenTheTokenIsRefused_saysToCheckTheCredentials() {
        Assumptions.assumeTrue(f.stubbed(), "needs WireMock to hand out a wrong token");
        f.stubAuthorization(TARGET_REGION, f.registry2, f.registryUser, "wrong-password");
        Ecr ecr = Ecr.of(f.kit);
        String repo = sourceRepository("token", "MUTABLE", false, "AES256");
        f.stubRepository(TARGET_REGION, repo, "MUTABLE", false, "AES256");
        TestImages.pushIndex(f.registry(ecr, SOURCE_REGION), repo + ":t", 17, 1, 1_000, "linux/amd64");

        assertThatThrownBy(() -> ecr.copy(f.image(SOURCE_REGION, repo + ":t"))
                        .toRegion(TARGET_REGION)
                        .run())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(f.registry2.getAuthority() + " failed with HTTP 401")
                .hasMessageContaining("GetAuthorizationToken is valid for 12 hours");
    }

    @Test
    void copy_toItself_isRefused() {
        Ecr ecr = Ecr.of(f.kit);
        String image = f.image(SOURCE_REGION, "app:1");

        assertThatThrownBy(() -> ecr.copy(image).toRepository("app").run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("copy of " + image + " to itself: give another region, account, repository or tag"
                        + " (toRegion/toAccount/toRepository/tag)");
    }

    @Test
    void copy_fromANonEcrHost_pointsToRegistry() {
        Ecr ecr = Ecr.of(f.kit);

        assertThatThrownBy(() -> ecr.copy("ghcr.io/org/app:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an ECR image")
                .hasMessageContaining("Registry.at(url, user, password).copy(...)");
    }

    @Test
    void toRegion_twice_isAnError() {
        Ecr ecr = Ecr.of(f.kit);

        assertThatThrownBy(() -> ecr.copy(f.image(SOURCE_REGION, "app:1"))
                        .toRegion("us-west-2")
                        .toRegion("eu-west-1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("target region was already set to us-west-2");
    }
}
