package dev.awskit.ecr;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.awskit.ecr.EcrFixture.SOURCE_REGION;
import static dev.awskit.ecr.EcrFixture.TARGET_PREFIX;
import static dev.awskit.ecr.EcrFixture.api;
import static dev.awskit.ecr.EcrFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKitException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Login (GetAuthorizationToken, cached), docker config, repositories and images over the ECR API. */
class EcrLoginAndRepositoriesIT {
    private EcrFixture f;
    private final Deque<Runnable> cleanups = new ArrayDeque<>();

    @TempDir
    Path dir;

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

    @Test
    void authorization_isAskedOnceAndCached_andHidesThePassword() {
        Ecr ecr = Ecr.of(f.kit);

        EcrAuthorization a = ecr.authorization(SOURCE_REGION);
        EcrAuthorization again = ecr.authorization(SOURCE_REGION);
        String password = ecr.loginPassword();

        assertThat(again).isSameAs(a);
        assertThat(password).isEqualTo(a.password()).isNotBlank();
        assertThat(a.region()).isEqualTo(SOURCE_REGION);
        assertThat(a.expiresAt()).isAfter(java.time.Instant.now());
        assertThat(a.toString()).contains("password=****").doesNotContain(a.password());
        if (f.stubbed()) {
            assertThat(a.user()).isEqualTo(f.registryUser);
            assertThat(a.password()).isEqualTo(f.registryPassword);
            assertThat(a.proxyEndpoint()).isEqualTo(f.registry1);
            f.wireMock.verify(
                    1,
                    postRequestedFor(urlEqualTo("/"))
                            .withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + "GetAuthorizationToken")));
        }
    }

    @Test
    void authorization_forAnotherAccount_isForThatRegistry() {
        Assumptions.assumeTrue(f.stubbed(), "needs WireMock: a second account's registry is not available");
        Ecr ecr = Ecr.of(f.kit);

        EcrAuthorization a = ecr.authorization(SOURCE_REGION, "210987654321");

        assertThat(a.registryId()).isEqualTo("210987654321");
        assertThat(a.region()).isEqualTo(SOURCE_REGION);
        // the token opens every registry the caller may use; registryIds is deprecated and not sent
        f.wireMock.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + "GetAuthorizationToken"))
                .withRequestBody(matchingJsonPath("$.registryIds", absent())));
    }

    @Test
    void authorization_forAnotherAccountOnAws_pointsAtThatAccountsRegistryHost() {
        Assumptions.assumeTrue(f.stubbed(), "needs WireMock to answer with an ECR proxy endpoint");
        f.stubAuthorization(
                "eu-central-1",
                java.net.URI.create("https://123456789012.dkr.ecr.eu-central-1.amazonaws.com"),
                "AWS",
                "token");
        Ecr ecr = Ecr.of(f.kit);

        EcrAuthorization own = ecr.authorization("eu-central-1");
        EcrAuthorization other = ecr.authorization("eu-central-1", "210987654321");

        assertThat(own.proxyEndpoint()).hasToString("https://123456789012.dkr.ecr.eu-central-1.amazonaws.com");
        assertThat(own.registryId()).isEqualTo("123456789012");
        assertThat(other.proxyEndpoint()).hasToString("https://210987654321.dkr.ecr.eu-central-1.amazonaws.com");
        assertThat(other.host()).isEqualTo("210987654321.dkr.ecr.eu-central-1.amazonaws.com");
        assertThat(other.user()).isEqualTo("AWS");
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
    void repositories_createDescribeExistsListAndImages() {
        Ecr ecr = Ecr.of(f.kit);
        String name = EcrFixture.name("repos");
        String policy = "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\","
                + "\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":14},"
                + "\"action\":{\"type\":\"expire\"}}]}";
        if (f.stubbed()) {
            f.stubMissingUntilCreated(SOURCE_REGION, name, "IMMUTABLE", true);
            f.wireMock.stubFor(api("PutLifecyclePolicy", SOURCE_REGION)
                    .willReturn(json(
                            200,
                            "{\"repositoryName\":\"" + name + "\",\"registryId\":\"" + f.account
                                    + "\",\"lifecyclePolicyText\":\"{}\"}")));
            // two pages of repositories, two pages of images: the streams must follow nextToken
            f.wireMock.stubFor(api("DescribeRepositories", SOURCE_REGION)
                    .withRequestBody(matchingJsonPath("$.repositoryNames", absent()))
                    .withRequestBody(matchingJsonPath("$.nextToken", absent()))
                    .willReturn(json(
                            200,
                            "{\"repositories\":[" + f.repositoryJson(SOURCE_REGION, "a", "MUTABLE", false, "AES256")
                                    + "],\"nextToken\":\"page2\"}")));
            f.wireMock.stubFor(api("DescribeRepositories", SOURCE_REGION)
                    .withRequestBody(matchingJsonPath("$.nextToken", equalTo("page2")))
                    .willReturn(json(
                            200,
                            "{\"repositories\":[" + f.repositoryJson(SOURCE_REGION, name, "IMMUTABLE", true, "AES256")
                                    + "]}")));
            String digest1 = "sha256:" + "1".repeat(64);
            String digest2 = "sha256:" + "2".repeat(64);
            f.wireMock.stubFor(api("DescribeImages", SOURCE_REGION)
                    .withRequestBody(matchingJsonPath("$.nextToken", absent()))
                    .willReturn(json(
                            200,
                            "{\"imageDetails\":[{\"registryId\":\"" + f.account + "\",\"repositoryName\":\""
                                    + name + "\",\"imageDigest\":\"" + digest1
                                    + "\",\"imageTags\":[\"1.0\",\"latest\"],"
                                    + "\"imageSizeInBytes\":1234,\"imagePushedAt\":1.7632E9,"
                                    + "\"imageManifestMediaType\":\"application/vnd.oci.image.index.v1+json\"}],"
                                    + "\"nextToken\":\"img2\"}")));
            f.wireMock.stubFor(api("DescribeImages", SOURCE_REGION)
                    .withRequestBody(matchingJsonPath("$.nextToken", equalTo("img2")))
                    .willReturn(json(
                            200,
                            "{\"imageDetails\":[{\"repositoryName\":\"" + name + "\",\"imageDigest\":\"" + digest2
                                    + "\"}]}")));
        } else {
            f.deleteLater(cleanups, SOURCE_REGION, name);
        }
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
        if (f.stubbed()) {
            assertThat(repos.list().map(EcrRepository::name).toList()).containsExactly("a", name);
            List<EcrImage> images = repos.images(name).toList();
            assertThat(images)
                    .extracting(EcrImage::digest)
                    .containsExactly("sha256:" + "1".repeat(64), "sha256:" + "2".repeat(64));
            assertThat(images.get(0).tags()).containsExactly("1.0", "latest");
            assertThat(images.get(0).sizeBytes()).contains(1234L);
            assertThat(images.get(1).tags()).isEmpty();
            f.wireMock.verify(postRequestedFor(urlEqualTo("/"))
                    .withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + "PutLifecyclePolicy"))
                    .withRequestBody(matchingJsonPath("$.repositoryName", equalTo(name)))
                    .withRequestBody(matchingJsonPath("$.lifecyclePolicyText", equalTo(policy))));
            f.wireMock.verify(postRequestedFor(urlEqualTo("/"))
                    .withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + "CreateRepository"))
                    .withRequestBody(matchingJsonPath("$.tags[0].Key", equalTo("team"))));
        } else {
            assertThat(repos.images(name)).isEmpty();
        }
    }

    @Test
    void create_whenTheRepositoryExists_saysSoWithRegion() {
        Ecr ecr = Ecr.of(f.kit);
        String name = EcrFixture.name("exists");
        if (f.stubbed()) {
            f.wireMock.stubFor(api("CreateRepository", SOURCE_REGION)
                    .willReturn(json(
                            400,
                            "{\"__type\":\"RepositoryAlreadyExistsException\",\"message\":\"The"
                                    + " repository with name '" + name + "' already exists in the registry with id '"
                                    + f.account + "'\"}")));
        } else {
            ecr.repositories(SOURCE_REGION).create(r -> r.name(name));
            f.deleteLater(cleanups, SOURCE_REGION, name);
        }

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
