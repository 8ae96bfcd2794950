package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.awskit.core.AwsKit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsTest {

    @Test
    void itEndpoint_winsForEveryAwsService_withEnvRegionAndKeys() {
        Map<String, String> env = Map.of(
                "AWSKIT_IT_ENDPOINT", "http://127.0.0.1:4566",
                "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "awskit-test-key",
                "AWS_SECRET_ACCESS_KEY", "shh");
        Target t = Targets.find(Service.KINESIS, env).target().orElseThrow();
        assertThat(t.kind()).isEqualTo(Target.Kind.IT_ENDPOINT);
        assertThat(t.endpoint()).hasToString("http://127.0.0.1:4566");
        assertThat(t.region()).isEqualTo("eu-west-1");
        assertThat(t.toString()).doesNotContain("shh").contains("KINESIS via IT_ENDPOINT");
        assertThat(Targets.find(Service.OTHER, env).target()).isPresent();
    }

    @Test
    void other_withoutItEndpoint_saysWhy() {
        Targets.Resolution r = Targets.find(Service.OTHER, Map.of("AWSKIT_EMULATORS_FILE", "/nonexistent"));
        assertThat(r.target()).isEmpty();
        assertThat(r.reason())
                .isEqualTo("AWSKIT_IT_ENDPOINT is not set (this test fakes the service itself otherwise)");
    }

    @Test
    void controlPlaneServices_resolveToMoto_withOneEndpointForEveryService(@TempDir Path dir) throws IOException {
        try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path file = dir.resolve("endpoints.properties");
            Files.writeString(
                    file,
                    "moto.endpoint=http://127.0.0.1:" + open.getLocalPort() + "\n"
                            + "moto.accessKey=moto-key\nmoto.secretKey=moto-secret\n");
            Map<String, String> env = Map.of("AWSKIT_EMULATORS_FILE", file.toString());
            for (Service s : new Service[] {Service.IAM, Service.STS, Service.LOGS, Service.EC2, Service.DYNAMODB}) {
                Target t = Targets.find(s, env).target().orElseThrow();
                assertThat(t.kind()).isEqualTo(Target.Kind.LOCAL_EMULATOR);
                assertThat(t.endpoint()).hasToString("http://127.0.0.1:" + open.getLocalPort());
                assertThat(t.accessKey()).isEqualTo("moto-key");
                try (AwsKit kit = t.kit()) {
                    // moto serves every control-plane service on one port: the kit's global endpoint.
                    assertThat(kit.endpoint("sts")).contains(t.endpoint());
                    assertThat(kit.endpoint("ecs")).contains(t.endpoint());
                }
            }
        }
    }

    @Test
    void moto_whenFileLacksIt_reasonNamesItEndpointAndTheKey(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("endpoints.properties");
        Files.writeString(file, "s3.endpoint=http://127.0.0.1:1\n");
        Targets.Resolution r = Targets.find(Service.IAM, Map.of("AWSKIT_EMULATORS_FILE", file.toString()));
        assertThat(r.target()).isEmpty();
        assertThat(r.reason()).isEqualTo("AWSKIT_IT_ENDPOINT is not set, and " + file + " has no moto.endpoint");
    }

    @Test
    void reuse_runningLocalStack_servesTheServicesItsHealthReports(@TempDir Path dir) throws IOException {
        HttpServer localStack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // the shape of LocalStack 4.x's GET /_localstack/health
        byte[] health = ("{\"services\": {\"iam\": \"available\", \"s3\": \"running\", \"ecr\": \"disabled\"},"
                        + " \"edition\": \"community\", \"version\": \"4.4.0\"}")
                .getBytes(StandardCharsets.UTF_8);
        localStack.createContext("/_localstack/health", exchange -> {
            exchange.sendResponseHeaders(200, health.length);
            exchange.getResponseBody().write(health);
            exchange.close();
        });
        localStack.start();
        try {
            String url = "http://127.0.0.1:" + localStack.getAddress().getPort();
            Path file = Files.writeString(dir.resolve("endpoints.properties"), "");
            Map<String, String> env = Map.of("AWSKIT_EMULATORS_FILE", file.toString());
            LocalStackOptions options = LocalStackOptions.resolve("", Map.of("awskit.localstack.reuse", url), env);

            Target iam = Targets.find(Service.IAM, env, options).target().orElseThrow();
            assertThat(iam.kind()).isEqualTo(Target.Kind.LOCALSTACK_RUNNING);
            assertThat(iam.endpoint()).hasToString(url);
            assertThat(iam.isShared()).isTrue();

            Targets.Resolution ecr = Targets.find(Service.ECR, env, options);
            assertThat(ecr.target()).isEmpty();
            assertThat(ecr.reason())
                    .isEqualTo("AWSKIT_IT_ENDPOINT is not set, the LocalStack at " + url
                            + "/_localstack/health does not offer ecr, and " + file + " has no moto.endpoint");
        } finally {
            localStack.stop(0);
        }
    }

    @Test
    void reuse_whenNoLocalStackAnswers_reasonSaysWhereItLooked(@TempDir Path dir) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path file = Files.writeString(dir.resolve("endpoints.properties"), "");
        Map<String, String> env =
                Map.of("AWSKIT_EMULATORS_FILE", file.toString(), "AWSKIT_LOCALSTACK_REUSE", "http://127.0.0.1:" + port);
        Targets.Resolution r = Targets.find(Service.STS, env, LocalStackOptions.resolve("", Map.of(), env));
        assertThat(r.target()).isEmpty();
        assertThat(r.reason())
                .isEqualTo("AWSKIT_IT_ENDPOINT is not set, no LocalStack answers at http://127.0.0.1:" + port
                        + "/_localstack/health, and " + file + " has no moto.endpoint");
    }

    @Test
    void names_areUniqueDnsCompatibleAndShort() {
        TestResources res = new TestResources("sync_whenExcludedPrefix_neverListsIt_AndAVeryLongNameIndeed");
        String a = res.bucketName();
        String b = res.bucketName();
        assertThat(a)
                .isNotEqualTo(b)
                .startsWith("awskit-sync-whenexcludedprefix-neverl")
                .matches("[a-z0-9-]{3,63}");
        assertThat(b.length()).isLessThanOrEqualTo(63);
    }
}
