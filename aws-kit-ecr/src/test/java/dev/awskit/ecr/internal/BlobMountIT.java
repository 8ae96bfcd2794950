package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.ecr.CopyReport;
import dev.awskit.ecr.Registry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A copy between two repositories of one registry asks the registry to mount each blob (OCI
 * distribution spec, "Mounting a blob from another repository") and uploads only what it did not
 * mount. The answers a registry may give, on {@link FakeRegistry}: 201 (mounted), 202 (not mounted:
 * an upload session opens, as in an ECR registry without BLOB_MOUNTING), another refusal (ECR Public
 * once answered an error instead of 202, aws/containers-roadmap#1459), and 503 (try again). The
 * mount against a real registry is in {@code RegistryCopyIT}.
 */
class BlobMountIT {
    private FakeRegistry fake;
    private Registry registry;
    private List<byte[]> layers;

    @BeforeEach
    void image() throws Exception {
        fake = new FakeRegistry();
        registry = Registry.at(fake.url().toString());
        Random random = new Random(7);
        byte[] a = new byte[40_000];
        byte[] b = new byte[30_000];
        random.nextBytes(a);
        random.nextBytes(b);
        layers = List.of(a, b);
        fake.pushImage("team/src", "1", "{\"architecture\":\"amd64\"}".getBytes(StandardCharsets.UTF_8), layers);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void whenTheRegistryMounts_noBlobIsSent() {
        fake.mountStatus = 201;

        CopyReport r = registry.copy("team/src:1").to(registry, "team/dst:1").run();

        assertThat(r.blobsMounted()).isEqualTo(3); // config and two layers
        assertThat(r.blobsCopied()).isZero();
        assertThat(r.bytesCopied()).isZero();
        assertThat(fake.requests("GET /v2/team/src/blobs/")).isEmpty();
        assertThat(fake.requests("PATCH ")).isEmpty();
        assertThat(fake.requests("POST /v2/team/dst/blobs/uploads/?mount=sha256%3A"))
                .hasSize(3)
                .allSatisfy(q -> assertThat(q).endsWith("&from=team%2Fsrc"));
        assertThat(fake.hasManifest("team/dst", "1")).isTrue();
        assertThat(r.summary()).contains(", 3 mounted,");
    }

    @Test
    void whenTheRegistryOpensAnUploadInstead_theSessionIsDeletedAndTheBlobsAreSent() {
        // 202: the default answer of a registry that does not mount
        CopyReport r = registry.copy("team/src:1").to(registry, "team/dst:1").run();

        assertThat(r.blobsMounted()).isZero();
        assertThat(r.blobsCopied()).isEqualTo(3);
        assertThat(fake.requests("POST /v2/team/dst/blobs/uploads/?mount=")).hasSize(3);
        // each session the mount request opened is deleted; the uploads use sessions of their own
        assertThat(fake.requests("DELETE /v2/team/dst/blobs/uploads/")).hasSize(3);
        assertThat(fake.requests("PATCH /v2/team/dst/blobs/uploads/")).hasSize(3);
        assertThat(r.summary()).doesNotContain("mounted");
    }

    @Test
    void whenTheRegistryRefusesTheMount_theBlobsAreSent() {
        fake.mountStatus = 404;

        CopyReport r = registry.copy("team/src:1").to(registry, "team/dst:1").run();

        assertThat(r.blobsMounted()).isZero();
        assertThat(r.blobsCopied()).isEqualTo(3);
        assertThat(r.bytesCopied()).isGreaterThan(70_000);
        assertThat(fake.requests("DELETE ")).isEmpty();
        layers.forEach(l ->
                assertThat(fake.hasBlob("team/dst", FakeRegistry.sha256(l))).isTrue());
    }

    @Test
    void whenTheRegistrySaysTryAgainToTheMount_theBlobsAreSentInstead() {
        fake.mountStatus = 503;

        CopyReport r = registry.copy("team/src:1").to(registry, "team/dst:1").run();

        // a mount only saves bytes: it is asked once per blob and never fails the copy
        assertThat(r.blobsMounted()).isZero();
        assertThat(r.blobsCopied()).isEqualTo(3);
        assertThat(fake.requests("POST /v2/team/dst/blobs/uploads/?mount=")).hasSize(3);
    }

    @Test
    void atARegistryWithATokenService_theMountsTokenCoversTheSourceRepositoryToo() {
        fake.mountStatus = 201;
        fake.bearer = true;

        CopyReport r = registry.copy("team/src:1").to(registry, "team/dst:1").run();

        assertThat(r.blobsMounted()).isEqualTo(3);
        // the token for a mount asks for pull on the source besides what the challenge names
        // (distribution's token spec: scope may be given several times)
        assertThat(fake.requests("GET /token?"))
                .anySatisfy(q -> assertThat(q).contains("&scope=repository%3Ateam%2Fsrc%3Apull"));
        // a plain request's token asks for the challenge's scope alone, as before
        assertThat(fake.requests("GET /token?"))
                .anySatisfy(q -> assertThat(q).doesNotContain("repository%3Ateam%2Fsrc%3Apull"));
    }

    @Test
    void betweenTwoRegistries_noMountIsAsked() throws Exception {
        try (FakeRegistry other = new FakeRegistry()) {
            fake.mountStatus = 201;
            other.mountStatus = 201;

            CopyReport r = registry.copy("team/src:1")
                    .to(Registry.at(other.url().toString()), "team/dst:1")
                    .run();

            assertThat(r.blobsCopied()).isEqualTo(3);
            assertThat(other.requests("POST /v2/team/dst/blobs/uploads/?mount="))
                    .isEmpty();
        }
    }
}
