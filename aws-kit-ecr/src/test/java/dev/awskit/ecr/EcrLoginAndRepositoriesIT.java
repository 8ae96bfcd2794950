package dev.awskit.ecr;

import static dev.awskit.ecr.EcrFixture.SOURCE_REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Login (GetAuthorizationToken, cached), docker config, repositories and images over ECR's API on
 * moto (or {@code AWSKIT_IT_ENDPOINT}), every result read back from the server.
 */
@UsesServer(Service.ECR)
class EcrLoginAndRepositoriesIT {
    private EcrFixture f;

    @TempDir
    Path dir;

    @BeforeEach
    void start(Target target, AwsKit aws) {
        f = EcrFixture.start(target, aws);
    }

    @Test
    void authorization_isAskedOnceAndCached_evenWhenExpiresAtLooksPast_andHidesThePassword() {
        Ecr ecr = Ecr.of(f.kit);

        EcrAuthorization a = ecr.authorization(SOURCE_REGION);
        EcrAuthorization again = ecr.authorization(SOURCE_REGION);
        String password = ecr.loginPassword();

        // moto answers expiresAt 2015-01-01 for every token; AWS documents a token as valid for 12 hours
        // after issue and the registry decides (a 401 renews it): a token just received is used, not
        // fetched again on every call because our clock is past the issuer's expiresAt
        if (f.target.kind() == Target.Kind.LOCAL_EMULATOR) {
            assertThat(a.expiresAt()).isBefore(Instant.parse("2016-01-01T00:00:00Z"));
        } else {
            assertThat(a.expiresAt()).isAfter(Instant.now());
        }
        assertThat(again).isSameAs(a);
        assertThat(password).isEqualTo(a.password()).isNotBlank();
        assertThat(a.region()).isEqualTo(SOURCE_REGION);
        assertThat(a.registryId()).isEqualTo(f.account);
        assertThat(a.host()).isEqualTo(ImageRef.ecrHost(f.account, SOURCE_REGION));
        assertThat(a.toString()).contains("password=****").doesNotContain(a.password());
    }

    @Test
    void authorization_forAnotherAccount_pointsAtThatAccountsRegistryHost() {
        Ecr ecr = Ecr.of(f.kit);

        EcrAuthorization own = ecr.authorization("eu-central-1");
        EcrAuthorization other = ecr.authorization("eu-central-1", "210987654321");

        assertThat(own.proxyEndpoint()).hasToString("https://" + f.account + ".dkr.ecr.eu-central-1.amazonaws.com");
        assertThat(own.registryId()).isEqualTo(f.account);
        assertThat(other.registryId()).isEqualTo("210987654321");
        assertThat(other.proxyEndpoint()).hasToString("https://210987654321.dkr.ecr.eu-central-1.amazonaws.com");
        assertThat(other.host()).isEqualTo("210987654321.dkr.ecr.eu-central-1.amazonaws.com");
        assertThat(other.user()).isEqualTo(own.user());
    }

    @Test
    void dockerLogin_mergesIntoConfigJsonKeepingOtherEntries() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"auths\":{\"ghcr.io\":{\"auth\":\"eDp5\"}},\"credHelpers\":{}}");
        Ecr ecr = Ecr.of(f.kit);

        EcrAuthorization a = ecr.dockerLogin(config);

        String json = Files.readString(config);
        String expected =
                Base64.getEncoder().encodeToString((a.user() + ":" + a.password()).getBytes(StandardCharsets.UTF_8));
        assertThat(json)
                .contains("\"ghcr.io\"")
                .contains("\"" + a.host() + "\"")
                .contains(expected);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
                .isEqualTo("rw-------");
    }

    @Test
    void repositories_createDescribeExistsListAndImages(TestResources res) {
        Ecr ecr = Ecr.of(f.kit);
        String name = EcrFixture.name(res);
        f.deleteLater(res, SOURCE_REGION, name);
        String policy = "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\","
                + "\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":14},"
                + "\"action\":{\"type\":\"expire\"}}]}";
        var repos = ecr.repositories(SOURCE_REGION);
        assertThat(repos.exists(name)).isFalse();
        assertThat(repos.describe(name)).isEmpty();

        EcrRepository created = repos.create(r -> r.name(name)
                .tagMutability(TagMutability.IMMUTABLE)
                .scanOnPush(true)
                .lifecyclePolicy(policy)
                .putTags("team", "platform"));

        assertThat(created.name()).isEqualTo(name);
        assertThat(created.tagMutability()).isEqualTo(TagMutability.IMMUTABLE);
        assertThat(created.scanOnPush()).isTrue();
        assertThat(created.encryption()).isEqualTo(Encryption.AES256);
        assertThat(repos.exists(name)).isTrue();
        assertThat(repos.describe(name))
                .map(EcrRepository::uri)
                .contains(ImageRef.ecrHost(f.account, SOURCE_REGION) + "/" + name);
        assertThat(repos.list().map(EcrRepository::name)).contains(name);
        // the lifecycle policy and the tags, read back with the SDK
        EcrClient sdk = f.kit.client(EcrClient.class, SOURCE_REGION);
        assertThat(sdk.getLifecyclePolicy(b -> b.repositoryName(name)).lifecyclePolicyText())
                .isEqualToIgnoringWhitespace(policy);
        Map<String, String> tags = sdk.listTagsForResource(b -> b.resourceArn(created.arn())).tags().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
        assertThat(tags).containsEntry("team", "platform");
        assertThat(repos.images(name)).isEmpty();
    }

    @Test
    void images_listsWhatWasPutWithItsTag(TestResources res) {
        // PutImage with a manifest whose layers were never uploaded: moto accepts it, ECR would not
        org.junit.jupiter.api.Assumptions.assumeTrue(
                f.target.kind() == Target.Kind.LOCAL_EMULATOR, "real ECR needs the layers before PutImage");
        Ecr ecr = Ecr.of(f.kit);
        String name = EcrFixture.name(res);
        f.deleteLater(res, SOURCE_REGION, name);
        ecr.repositories(SOURCE_REGION).create(r -> r.name(name));
        byte[] config = "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        String manifest = TestImages.manifest(config, java.util.List.of(new byte[] {1, 2, 3}));
        // AWS's digest is the sha256 of the manifest's bytes; moto 5.2 hashes its own re-serialization,
        // so the expected digest is the one the server answered to PutImage, not one computed here
        String digest = f.kit.client(EcrClient.class, SOURCE_REGION)
                .putImage(b -> b.repositoryName(name).imageManifest(manifest).imageTag("1.0"))
                .image()
                .imageId()
                .imageDigest();

        var images = ecr.repositories(SOURCE_REGION).images(name).toList();

        assertThat(images).singleElement().satisfies(i -> {
            assertThat(i.repository()).isEqualTo(name);
            assertThat(i.digest()).isEqualTo(digest).startsWith("sha256:");
            assertThat(i.tags()).containsExactly("1.0");
        });
    }

    @Test
    void create_whenTheRepositoryExists_saysSoWithRegion(TestResources res) {
        Ecr ecr = Ecr.of(f.kit);
        String name = EcrFixture.name(res);
        f.deleteLater(res, SOURCE_REGION, name);
        ecr.repositories(SOURCE_REGION).create(r -> r.name(name));

        assertThatThrownBy(() -> ecr.repositories(SOURCE_REGION).create(r -> r.name(name)))
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("ecr:CreateRepository " + name + " in " + SOURCE_REGION + " failed")
                .satisfies(e -> assertThat(((AwsKitException) e).errorCode())
                        .isEqualTo(Optional.of("RepositoryAlreadyExistsException")));
    }

    @Test
    void create_withKmsKeyButAes256_isRefusedBeforeAnyCall() {
        Ecr ecr = Ecr.of(f.kit);

        assertThatThrownBy(() -> ecr.repositories(SOURCE_REGION)
                        .create(r -> r.name("app").encryption(Encryption.AES256).kmsKey("alias/x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kmsKey 'alias/x' was given for repository app with AES256 encryption; use"
                        + " encryption(KMS) or drop the key");
    }
}
