package dev.awskit.ecr;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.awskit.core.AwsKit;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.Targets;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The ECR API for an IT: WireMock speaking ECR's JSON 1.1 protocol, whose GetAuthorizationToken
 * sends us-east-1 to local registry 1 and us-west-2 to registry 2; or, when {@code
 * AWSKIT_IT_ENDPOINT} is set, that endpoint with no stubbing (its own registries).
 */
final class EcrFixture implements AutoCloseable {
    static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921.";
    static final String SOURCE_REGION = "us-east-1";
    static final String TARGET_REGION = "us-west-2";

    final WireMockServer wireMock;
    final AwsKit kit;
    final String account;
    final URI registry1;
    final URI registry2;
    final String registryUser;
    final String registryPassword;

    private EcrFixture(WireMockServer wm, AwsKit kit, String account, URI r1, URI r2, String user, String pw) {
        this.wireMock = wm;
        this.kit = kit;
        this.account = account;
        this.registry1 = r1;
        this.registry2 = r2;
        this.registryUser = user;
        this.registryPassword = pw;
    }

    static EcrFixture start() {
        Optional<Target> endpoint = Targets.find(Service.OTHER).target();
        if (endpoint.isPresent()) {
            AwsKit kit = endpoint.get().kit();
            return new EcrFixture(null, kit, kit.identity().accountId(), null, null, null, null);
        }
        Optional<Target> registry = Targets.find(Service.REGISTRY).target();
        Optional<URI> second = Targets.registry(2);
        if (registry.isEmpty() || second.isEmpty()) {
            String why = "ECR ITs need AWSKIT_IT_ENDPOINT, or the two local registries (scripts/emulators start"
                    + " registry) for WireMock's ECR API: "
                    + Targets.find(Service.REGISTRY).reason();
            if (Targets.inCi()) {
                throw new IllegalStateException(why);
            }
            System.err.println("[aws-kit-ecr] SKIPPED " + why);
            Assumptions.abort(why);
        }
        WireMockServer wm =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        AwsKit kit = AwsKit.builder()
                .region(SOURCE_REGION)
                .credentials("AKIAIOSFODNN7EXAMPLE", "test-secret")
                .endpoint("http://127.0.0.1:" + wm.port())
                .build();
        Target t = registry.get();
        EcrFixture f =
                new EcrFixture(wm, kit, "123456789012", t.endpoint(), second.get(), t.accessKey(), t.secretKey());
        f.stubAuthorization(SOURCE_REGION, f.registry1, t.accessKey(), t.secretKey());
        f.stubAuthorization(TARGET_REGION, f.registry2, t.accessKey(), t.secretKey());
        return f;
    }

    boolean stubbed() {
        return wireMock != null;
    }

    /** A registry-level handle on the registry of a region, logged in with the ECR token. */
    Registry registry(Ecr ecr, String region) {
        EcrAuthorization a = ecr.authorization(region);
        return Registry.at(a.proxyEndpoint().toString(), a.user(), a.password());
    }

    String image(String region, String repoAndTag) {
        return ImageRef.ecrHost(account, region) + "/" + repoAndTag;
    }

    static MappingBuilder api(String operation, String region) {
        return post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + operation))
                .withHeader("Authorization", containing("/" + region + "/ecr/aws4_request"));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-RequestId", "req-" + Math.abs(body.hashCode()))
                .withBody(body);
    }

    void stubAuthorization(String region, URI registry, String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        long expires = Instant.now().plusSeconds(12 * 3600).getEpochSecond();
        wireMock.stubFor(api("GetAuthorizationToken", region)
                .willReturn(json(
                        200,
                        "{\"authorizationData\":[{\"authorizationToken\":\"" + token + "\",\"expiresAt\":" + expires
                                + ",\"proxyEndpoint\":\"" + registry + "\"}]}")));
    }

    String repositoryJson(String region, String name, String mutability, boolean scanOnPush, String encryption) {
        String arn = "arn:aws:ecr:" + region + ":" + account + ":repository/" + name;
        String enc = encryption.startsWith("KMS")
                ? "{\"encryptionType\":\"KMS\",\"kmsKey\":\"arn:aws:kms:" + region + ":" + account
                        + ":key/1234abcd-12ab-34cd-56ef-1234567890ab\"}"
                : "{\"encryptionType\":\"AES256\"}";
        return "{\"repositoryArn\":\"" + arn + "\",\"registryId\":\"" + account + "\",\"repositoryName\":\"" + name
                + "\",\"repositoryUri\":\"" + ImageRef.ecrHost(account, region) + "/" + name
                + "\",\"createdAt\":1.7632E9,\"imageTagMutability\":\"" + mutability
                + "\",\"imageScanningConfiguration\":{\"scanOnPush\":" + scanOnPush + "},\"encryptionConfiguration\":"
                + enc + "}";
    }

    /** DescribeRepositories for {@code name} in {@code region} answers with this repository. */
    void stubRepository(String region, String name, String mutability, boolean scanOnPush, String encryption) {
        wireMock.stubFor(api("DescribeRepositories", region)
                .withRequestBody(matchingJsonPath("$.repositoryNames[0]", equalTo(name)))
                .willReturn(json(
                        200,
                        "{\"repositories\":[" + repositoryJson(region, name, mutability, scanOnPush, encryption)
                                + "]}")));
    }

    /**
     * {@code name} does not exist in {@code region} until CreateRepository is called; then it exists
     * with the settings the copy is expected to send.
     */
    void stubMissingUntilCreated(String region, String name, String mutability, boolean scanOnPush) {
        String scenario = "repo " + region + " " + name;
        String notFound = "{\"__type\":\"RepositoryNotFoundException\",\"message\":\"The repository with name '" + name
                + "' does not exist in the registry with id '" + account + "'\"}";
        wireMock.stubFor(api("DescribeRepositories", region)
                .withRequestBody(matchingJsonPath("$.repositoryNames[0]", equalTo(name)))
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(400, notFound)));
        String created = repositoryJson(region, name, mutability, scanOnPush, "AES256");
        wireMock.stubFor(api("CreateRepository", region)
                .withRequestBody(matchingJsonPath("$.repositoryName", equalTo(name)))
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("created")
                .willReturn(json(200, "{\"repository\":" + created + "}")));
        wireMock.stubFor(api("DescribeRepositories", region)
                .withRequestBody(matchingJsonPath("$.repositoryNames[0]", equalTo(name)))
                .inScenario(scenario)
                .whenScenarioStateIs("created")
                .willReturn(json(200, "{\"repositories\":[" + created + "]}")));
    }

    /** Against a real endpoint: deletes a repository (with its images) after the test. */
    void deleteLater(java.util.Deque<Runnable> cleanups, String region, String name) {
        if (!stubbed()) {
            cleanups.push(() -> kit.client(EcrClient.class, region)
                    .deleteRepository(b -> b.repositoryName(name).force(true)));
        }
    }

    static String name(String what) {
        return "awskit-ecr-" + what + "-"
                + Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    @Override
    public void close() {
        kit.close();
        if (wireMock != null) {
            wireMock.stop();
        }
    }
}
