package dev.awskit.ecs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.awskit.core.AwsKit;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The server an IT talks to: WireMock speaking ECS's JSON 1.1 protocol, or, when
 * {@code AWSKIT_IT_ENDPOINT} is set, that endpoint (LocalStack, moto, real AWS) with the region from
 * {@code AWS_REGION} (default us-east-1) and credentials from the environment (default test/test).
 */
final class EcsEndpoint implements AutoCloseable {
    static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
    static final String REMOTE = System.getenv("AWSKIT_IT_ENDPOINT");

    final WireMockServer wireMock;
    final AwsKit kit;
    final String region;

    EcsEndpoint() {
        if (REMOTE == null || REMOTE.isBlank()) {
            wireMock = new WireMockServer(
                    WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            wireMock.start();
            region = "us-east-1";
            kit = AwsKit.builder()
                    .region(region)
                    .credentials("awskit-test-key", "test-secret")
                    .endpoint("http://127.0.0.1:" + wireMock.port())
                    .build();
        } else {
            wireMock = null;
            region = env("AWS_REGION", "us-east-1");
            kit = AwsKit.builder()
                    .region(region)
                    .credentials(env("AWS_ACCESS_KEY_ID", "test"), env("AWS_SECRET_ACCESS_KEY", "test"))
                    .endpoint(REMOTE)
                    .build();
        }
    }

    boolean stubbed() {
        return wireMock != null;
    }

    /** Skips (saying why) a scenario that only a stub can produce, such as a rollout that fails. */
    void requireStub(String scenario) {
        if (!stubbed()) {
            System.out.println("Skipped against " + REMOTE + ": " + scenario + " needs the WireMock stub.");
        }
        Assumptions.assumeTrue(stubbed(), scenario + " needs the WireMock stub; AWSKIT_IT_ENDPOINT is set");
    }

    /** A unique name for resources created on a real endpoint. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static MappingBuilder call(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + operation));
    }

    /** Answers {@code operation} with {@code json}; a no-op against a real endpoint. */
    void stub(String operation, String json) {
        if (wireMock != null) {
            wireMock.stubFor(call(operation).willReturn(ok(json)));
        }
    }

    /** Answers {@code operation} with {@code json} while the scenario is in {@code state}, then moves on. */
    void stubInSequence(String scenario, String operation, String state, String next, String json) {
        if (wireMock != null) {
            wireMock.stubFor(call(operation)
                    .inScenario(scenario)
                    .whenScenarioStateIs(state == null ? Scenario.STARTED : state)
                    .willSetStateTo(next)
                    .willReturn(ok(json)));
        }
    }

    /** Answers {@code operation} with {@code json} when the request's {@code jsonPath} equals {@code value}. */
    void stubWhen(String operation, String jsonPath, String value, String json) {
        if (wireMock != null) {
            wireMock.stubFor(call(operation)
                    .withRequestBody(
                            com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(jsonPath, equalTo(value)))
                    .willReturn(ok(json)));
        }
    }

    void stubError(String operation, int status, String type, String message) {
        if (wireMock != null) {
            wireMock.stubFor(call(operation)
                    .willReturn(aResponse()
                            .withStatus(status)
                            .withHeader("Content-Type", "application/x-amz-json-1.1")
                            .withHeader("x-amzn-RequestId", "req-1234")
                            .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}")));
        }
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(String json) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-RequestId", "req-1234")
                .withBody(json);
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v;
    }

    @Override
    public void close() {
        kit.close();
        if (wireMock != null) {
            wireMock.stop();
        }
    }
}
