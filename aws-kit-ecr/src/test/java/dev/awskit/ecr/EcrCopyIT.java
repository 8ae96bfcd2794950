package dev.awskit.ecr;

import static dev.awskit.ecr.EcrFixture.SOURCE_REGION;
import static dev.awskit.ecr.EcrFixture.TARGET_REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.testing.FaultProxy;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.net.URI;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cross-region copies through {@link Ecr}: repositories on ECR's API (moto locally, or {@code
 * AWSKIT_IT_ENDPOINT}), images on the two local registries standing in for us-east-1 and us-west-2
 * (see {@link EcrFixture}); against real ECR, on its registries.
 */
@UsesServer(Service.ECR)
class EcrCopyIT {
    private EcrFixture f;

    @BeforeEach
    void start(Target target, AwsKit aws) {
        f = EcrFixture.start(target, aws);
    }

    /** A source repository in ECR's API; returns its name. The target's is deleted afterwards too. */
    private String sourceRepository(TestResources res, TagMutability mutability, boolean scan, String kmsKey) {
        String repo = EcrFixture.name(res);
        f.deleteLater(res, SOURCE_REGION, repo);
        f.deleteLater(res, TARGET_REGION, repo);
        f.ecr().repositories(SOURCE_REGION).create(r -> {
            r.name(repo).tagMutability(mutability).scanOnPush(scan);
            if (kmsKey != null) {
                r.encryption(Encryption.KMS).kmsKey(kmsKey);
            }
        });
        return repo;
    }

    private String kmsKey(String region) {
        return "arn:aws:kms:" + region + ":" + f.account + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    }

    @Test
    void copy_toRegion_createsTheRepositoryLikeTheSourceAndKeepsTheDigest(TestResources res) {
        Assumptions.assumeTrue(f.local, "a KMS key of its own is needed on real ECR");
        Ecr ecr = f.ecr();
        String repo = sourceRepository(res, TagMutability.IMMUTABLE, true, kmsKey(SOURCE_REGION));
        TestImages.Pushed src = TestImages.pushIndex(
                f.registry(SOURCE_REGION), repo + ":1.2", 11, 2, 40_000, "linux/amd64", "linux/arm64");

        CopyReport r = ecr.copy(f.image(SOURCE_REGION, repo + ":1.2"))
                .toRegion(TARGET_REGION)
                .allPlatforms()
                .run();

        assertThat(r.digest()).isEqualTo(src.digest());
        assertThat(f.registry(TARGET_REGION).digest(repo + ":1.2")).contains(src.digest());
        assertThat(r.blobsCopied()).isEqualTo(src.blobs().size());
        assertThat(r.repositoryCreated()).isTrue();
        assertThat(r.source()).isEqualTo(f.image(SOURCE_REGION, repo + ":1.2"));
        assertThat(r.target()).isEqualTo(f.image(TARGET_REGION, repo + ":1.2"));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n)
                .contains("uses KMS key " + kmsKey(SOURCE_REGION))
                .contains("no kmsKey(...) was given")
                .contains("created with AES256 encryption"));
        // what ECR's API now holds in the target region, read back independently
        EcrRepository created = ecr.repositories(TARGET_REGION).describe(repo).orElseThrow();
        assertThat(created.tagMutability()).isEqualTo(TagMutability.IMMUTABLE);
        assertThat(created.scanOnPush()).isTrue();
        assertThat(created.encryption()).isEqualTo(Encryption.AES256);
        assertThat(created.region()).isEqualTo(TARGET_REGION);

        CopyReport again = ecr.copy(f.image(SOURCE_REGION, repo + ":1.2"))
                .toRegion(TARGET_REGION)
                .run();

        assertThat(again.upToDate()).isTrue();
        assertThat(again.blobsCopied()).isZero();
        assertThat(again.repositoryCreated()).isFalse();
        assertThat(again.digest()).isEqualTo(src.digest());
    }

    private static boolean seen(FaultProxy proxy, Predicate<FaultProxy.Request> which) {
        return proxy.exchanges().stream().anyMatch(e -> which.test(e.request()));
    }

    /**
     * The target region is looked up (DescribeRepositories, what the tag points at) while the source
     * is read; only creating the repository waits for the source. Proxies in front of ECR's API and
     * both registries: the source's tag GET is held until the target's lookups have arrived (one after
     * the other, the GET would wait out the 20 s limit and the lookups would follow it).
     */
    @Test
    void copy_looksUpTheTargetWhileItReadsTheSource(TestResources res) {
        Assumptions.assumeTrue(f.local, "proxies in front of the local registries and ECR's local API");
        String repo = sourceRepository(res, TagMutability.MUTABLE, false, null);
        TestImages.Pushed src =
                TestImages.pushIndex(f.registry(SOURCE_REGION), repo + ":3", 31, 1, 10_000, "linux/amd64");
        Predicate<FaultProxy.Request> describeInTarget = r -> r.operation().equals("DescribeRepositories")
                && String.valueOf(r.header("authorization")).contains("/" + TARGET_REGION + "/ecr/aws4_request");
        Predicate<FaultProxy.Request> headOfTag =
                r -> r.method().equals("HEAD") && r.path().endsWith("/manifests/3");
        try (FaultProxy api = FaultProxy.builder(f.target.endpoint()).start();
                FaultProxy to = FaultProxy.builder(f.registry2).start();
                FaultProxy from = FaultProxy.builder(f.registry1)
                        .hold(
                                r -> r.method().equals("GET") && r.path().endsWith("/manifests/3"),
                                () -> seen(api, describeInTarget) && seen(to, headOfTag),
                                Duration.ofSeconds(20))
                        .start();
                AwsKit kit = f.target.withEndpoint(api.endpoint()).kitBuilder().build()) {
            Ecr ecr = f.ecrWithRegistries(kit, from.endpoint(), to.endpoint());

            CopyReport r = ecr.copy(f.image(SOURCE_REGION, repo + ":3"))
                    .toRegion(TARGET_REGION)
                    .run();

            assertThat(r.digest()).isEqualTo(src.digest());
            assertThat(r.repositoryCreated()).isTrue();
            assertThat(f.registry(TARGET_REGION).digest(repo + ":3")).contains(src.digest());
            assertThat(from.releasedByTimeLimit())
                    .as("the tag's GET waited for the target's lookups")
                    .isZero();
            assertThat(from.releasedByCondition()).isEqualTo(1);
        }
    }

    private static long count(FaultProxy proxy, String method, String pathPart) {
        return proxy.exchanges().stream()
                .filter(e -> e.request().method().equals(method)
                        && e.request().path().contains(pathPart))
                .count();
    }

    /**
     * A repository the copy created has no blob yet, so no blob is asked for before it is sent (one
     * round trip and one request less per blob); into an existing repository every blob is asked
     * for, and skipped when there. Requests counted by a proxy in front of the target registry.
     */
    @Test
    void copy_intoARepositoryItCreated_asksForNoBlob_andIntoAnExistingOne_asksForEach(TestResources res) {
        Assumptions.assumeTrue(f.local, "a proxy in front of the local target registry counts its requests");
        String repo = sourceRepository(res, TagMutability.MUTABLE, false, null);
        TestImages.Pushed src =
                TestImages.pushIndex(f.registry(SOURCE_REGION), repo + ":4", 41, 2, 10_000, "linux/amd64");
        int blobs = src.blobs().size();
        try (FaultProxy to = FaultProxy.builder(f.registry2).start()) {
            Ecr ecr = f.ecrWithRegistries(f.kit, f.registry1, to.endpoint());

            CopyReport first = ecr.copy(f.image(SOURCE_REGION, repo + ":4"))
                    .toRegion(TARGET_REGION)
                    .run();
            long headsFirst = count(to, "HEAD", "/blobs/");
            long uploadsFirst = count(to, "POST", "/blobs/uploads/");
            CopyReport second = ecr.copy(f.image(SOURCE_REGION, repo + ":4"))
                    .toRegion(TARGET_REGION)
                    .tag("again")
                    .run();

            assertThat(first.repositoryCreated()).isTrue();
            assertThat(first.blobsCopied()).isEqualTo(blobs);
            assertThat(headsFirst).as("blobs asked for in the new repository").isZero();
            assertThat(uploadsFirst).isEqualTo(blobs);
            assertThat(second.repositoryCreated()).isFalse();
            assertThat(second.blobsSkipped()).isEqualTo(blobs);
            assertThat(count(to, "HEAD", "/blobs/"))
                    .as("each blob asked for once")
                    .isEqualTo(blobs);
            assertThat(count(to, "POST", "/blobs/uploads/"))
                    .as("nothing sent again")
                    .isEqualTo(uploadsFirst);
            assertThat(f.registry(TARGET_REGION).digest(repo + ":again")).contains(src.digest());
        }
    }

    @Test
    void copy_withKmsKey_createsTheTargetWithThatKey(TestResources res) {
        Assumptions.assumeTrue(f.local, "a KMS key of its own is needed on real ECR");
        Ecr ecr = f.ecr();
        String repo = sourceRepository(res, TagMutability.MUTABLE, false, kmsKey(SOURCE_REGION));
        TestImages.pushIndex(f.registry(SOURCE_REGION), repo + ":k", 12, 1, 1_000, "linux/amd64");
        String key = kmsKey(TARGET_REGION);

        CopyReport r = ecr.copy(f.image(SOURCE_REGION, repo + ":k"))
                .toRegion(TARGET_REGION)
                .kmsKey(key)
                .run();

        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("with KMS key " + key));
        EcrRepository created = ecr.repositories(TARGET_REGION).describe(repo).orElseThrow();
        assertThat(created.encryption()).isEqualTo(Encryption.KMS);
        assertThat(created.kmsKey()).contains(key);
        assertThat(created.tagMutability()).isEqualTo(TagMutability.MUTABLE);
    }

    @Test
    void copy_whenTheSourceTagDoesNotExist_failsAndCreatesNoTargetRepository(TestResources res) {
        Ecr ecr = f.ecr();
        String repo = sourceRepository(res, TagMutability.MUTABLE, false, null);
        String source = f.image(SOURCE_REGION, repo + ":no-such-tag");

        assertThatThrownBy(() -> ecr.copy(source).toRegion(TARGET_REGION).run())
                .isInstanceOf(ImageCopyException.class)
                .hasMessageStartingWith("Source image " + source + " does not exist at ")
                .hasMessageEndingWith(": check the repository and the tag or digest");
        assertThat(ecr.repositories(TARGET_REGION).exists(repo)).isFalse();
    }

    @Test
    void copy_whenImmutableTargetTagHoldsAnotherImage_namesBothDigestsAndChangesNothing(TestResources res) {
        Ecr ecr = f.ecr();
        String repo = sourceRepository(res, TagMutability.IMMUTABLE, false, null);
        ecr.repositories(TARGET_REGION).create(r -> r.name(repo).tagMutability(TagMutability.IMMUTABLE));
        TestImages.Pushed src =
                TestImages.pushIndex(f.registry(SOURCE_REGION), repo + ":v1", 13, 1, 2_000, "linux/amd64");
        TestImages.Pushed other =
                TestImages.pushIndex(f.registry(TARGET_REGION), repo + ":v1", 14, 1, 2_000, "linux/amd64");

        assertThatThrownBy(() -> ecr.copy(f.image(SOURCE_REGION, repo + ":v1"))
                        .toRegion(TARGET_REGION)
                        .run())
                .isInstanceOf(ImageCopyException.class)
                .hasMessage(
                        "Target tag " + f.image(TARGET_REGION, repo + ":v1") + " is immutable and already points at "
                                + other.digest() + ", but the source " + f.image(SOURCE_REGION, repo + ":v1") + " is "
                                + src.digest() + ": push under another tag, or delete the target image first"
                                + " (batch-delete-image)");
        assertThat(f.registry(TARGET_REGION).digest(repo + ":v1")).contains(other.digest());
    }

    @Test
    void copy_withOnePlatformAndAnotherTag_pushesThatPlatformOnly(TestResources res) {
        Ecr ecr = f.ecr();
        String repo = sourceRepository(res, TagMutability.MUTABLE, false, null);
        TestImages.Pushed src = TestImages.pushIndex(
                f.registry(SOURCE_REGION), repo + ":multi", 15, 2, 3_000, "linux/amd64", "linux/arm64");

        CopyReport r = ecr.copy(f.image(SOURCE_REGION, repo + ":multi"))
                .toRegion(TARGET_REGION)
                .tag("amd64-only")
                .platforms("linux/amd64")
                .parallelism(2)
                .run();

        String amd = src.manifestByPlatform().get("linux/amd64");
        assertThat(r.digest()).isEqualTo(amd);
        assertThat(r.platforms()).containsExactly("linux/amd64");
        assertThat(f.registry(TARGET_REGION).digest(repo + ":amd64-only")).contains(amd);
        assertThat(f.registry(TARGET_REGION)
                        .digest(repo + "@" + src.manifestByPlatform().get("linux/arm64")))
                .isEmpty();
    }

    @Test
    void copy_whenALayerIsCorruptedInTransit_failsWithDigestErrorAndTagsNothing(TestResources res) throws Exception {
        Assumptions.assumeTrue(f.local, "the tampering proxy sits in front of a local registry");
        String repo = sourceRepository(res, TagMutability.MUTABLE, false, null);
        TestImages.Pushed src =
                TestImages.pushIndex(f.registry(SOURCE_REGION), repo + ":bad", 16, 2, 25_000, "linux/amd64");
        String victim = src.blobs().keySet().stream().skip(1).findFirst().orElseThrow();
        try (BlobTamperProxy proxy = new BlobTamperProxy(f.registry1, victim, BlobTamperProxy.Fault.FLIP_BYTE)) {
            Ecr viaProxy = Ecr.builder(f.kit)
                    .registryEndpoint((account, region) -> region.equals(SOURCE_REGION)
                            ? RegistryEndpoint.of(URI.create(proxy.url()), f.registryUser, f.registryPassword)
                            : f.localRegistry(account, region))
                    .build();

            assertThatThrownBy(() -> viaProxy.copy(f.image(SOURCE_REGION, repo + ":bad"))
                            .toRegion(TARGET_REGION)
                            .run())
                    .isInstanceOf(ImageCopyException.class)
                    .hasMessageContaining("blob " + victim)
                    .hasMessageContaining("digest mismatch, expected " + victim);
            assertThat(proxy.faultsInjected.get()).isEqualTo(1);
        }
        Registry target = f.registry(TARGET_REGION);
        assertThat(target.digest(repo + ":bad")).isEmpty();
        assertThat(target.hasBlob(repo, victim)).isFalse();
    }

    @Test
    void copy_whenTheRegistryRefusesTheEcrToken_saysToCheckTheCredentials(TestResources res) {
        Assumptions.assumeTrue(f.local, "needs a registry that refuses the ECR token");
        String repo = sourceRepository(res, TagMutability.MUTABLE, false, null);
        TestImages.pushIndex(f.registry(SOURCE_REGION), repo + ":t", 17, 1, 1_000, "linux/amd64");
        // registry 2 with the ECR token (moto's "AWS:<account>-auth-token"), which its htpasswd refuses;
        // fetching the token again gives the same one, so the 401 is reported, once
        Ecr ecr = Ecr.builder(f.kit)
                .registryEndpoint((account, region) -> region.equals(TARGET_REGION)
                        ? RegistryEndpoint.of(f.registry2)
                        : f.localRegistry(account, region))
                .build();

        assertThatThrownBy(() -> ecr.copy(f.image(SOURCE_REGION, repo + ":t"))
                        .toRegion(TARGET_REGION)
                        .run())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(f.registry2.getAuthority() + " failed with HTTP 401")
                .hasMessageContaining("GetAuthorizationToken is valid for 12 hours")
                .satisfies(e -> assertThat(((RegistryException) e).statusCode()).isEqualTo(401));
    }

    @Test
    void copy_requestValueAndFluent_copyAlike(TestResources res) {
        Ecr ecr = f.ecr();
        String repo = sourceRepository(res, TagMutability.MUTABLE, false, null);
        TestImages.pushIndex(f.registry(SOURCE_REGION), repo + ":r", 13, 1, 2_000, "linux/amd64", "linux/arm64");
        String source = f.image(SOURCE_REGION, repo + ":r");

        CopyReport fluent = ecr.copy(source)
                .toRegion(TARGET_REGION)
                .tag("fluent")
                .platforms("linux/arm64")
                .parallelism(2)
                .run();
        CopyReport request = ecr.copy(c -> c.source(source)
                .toRegion(TARGET_REGION)
                .tag("request")
                .platforms("linux/arm64")
                .parallelism(2));

        // one platform becomes a plain manifest: both paths write the same one
        assertThat(request.digest()).isEqualTo(fluent.digest());
        assertThat(f.registry(TARGET_REGION).digest(repo + ":request")).contains(fluent.digest());
        assertThat(request.target()).isEqualTo(f.image(TARGET_REGION, repo + ":request"));
        assertThat(request.source()).isEqualTo(fluent.source());
        assertThat(request.blobsCopied()).isZero(); // the fluent copy brought them over already
        assertThat(fluent.blobsCopied()).isPositive();
    }

    @Test
    void copy_toItself_isRefused() {
        Ecr ecr = f.ecr();
        String image = f.image(SOURCE_REGION, "app:1");

        assertThatThrownBy(() -> ecr.copy(image).toRepository("app").run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("copy of " + image + " to itself: give another region, account, repository or tag"
                        + " (toRegion/toAccount/toRepository/tag)");
    }

    @Test
    void copy_fromANonEcrHost_pointsToRegistry() {
        Ecr ecr = f.ecr();

        assertThatThrownBy(() -> ecr.copy("ghcr.io/org/app:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an ECR image")
                .hasMessageContaining("Registry.at(url, user, password).copy(...)");
    }

    @Test
    void toRegion_twice_isAnError() {
        Ecr ecr = f.ecr();

        assertThatThrownBy(() -> ecr.copy(f.image(SOURCE_REGION, "app:1"))
                        .toRegion("us-west-2")
                        .toRegion("eu-west-1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("target region was already set to us-west-2; cannot set it to eu-west-1");
    }
}
