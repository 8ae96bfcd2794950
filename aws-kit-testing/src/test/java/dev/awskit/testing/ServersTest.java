package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.awskit.core.AwsKit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/** One kit for several services: each service's calls go to its own server with its own keys. */
class ServersTest {

    private static Servers servers(Map<String, String> env, Service... services) {
        Map<Service, Target> targets = new LinkedHashMap<>();
        for (Service s : services) {
            targets.put(s, Targets.find(s, env).target().orElseThrow());
        }
        return new Servers(targets);
    }

    private static String accessKey(AwsKit kit, Class<? extends software.amazon.awssdk.core.SdkClient> type) {
        software.amazon.awssdk.awscore.AwsClient client = (software.amazon.awssdk.awscore.AwsClient) kit.client(type);
        return client.serviceClientConfiguration()
                .credentialsProvider()
                .resolveIdentity()
                .join()
                .accessKeyId();
    }

    @Test
    void localServers_eachServiceGetsItsOwnEndpointAndKeys_motoServesTheRest(@TempDir Path dir) throws IOException {
        try (ServerSocket s3 = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ServerSocket kinesis = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ServerSocket moto = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path file = dir.resolve("endpoints.properties");
            Files.writeString(
                    file,
                    "s3.endpoint=http://127.0.0.1:" + s3.getLocalPort()
                            + "\ns3.accessKey=s3-key\ns3.secretKey=s3-secret\n"
                            + "kinesis.endpoint=http://127.0.0.1:" + kinesis.getLocalPort()
                            + "\nkinesis.accessKey=kinesis-key\nkinesis.secretKey=kinesis-secret\n"
                            + "moto.endpoint=http://127.0.0.1:" + moto.getLocalPort()
                            + "\nmoto.accessKey=moto-key\nmoto.secretKey=moto-secret\n");
            Servers servers = servers(
                    Map.of("AWSKIT_EMULATORS_FILE", file.toString()), Service.S3, Service.KINESIS, Service.DYNAMODB);

            assertThat(servers.services()).containsExactly(Service.S3, Service.KINESIS, Service.DYNAMODB);
            assertThat(servers.target(Service.KINESIS).endpoint())
                    .isEqualTo(URI.create("http://127.0.0.1:" + kinesis.getLocalPort()));
            try (AwsKit kit = servers.kit()) {
                assertThat(kit.endpoint("s3")).contains(URI.create("http://127.0.0.1:" + s3.getLocalPort()));
                assertThat(kit.endpoint("kinesis")).contains(URI.create("http://127.0.0.1:" + kinesis.getLocalPort()));
                // moto serves every control-plane service: DynamoDB, and STS for aws.identity()
                assertThat(kit.endpoint("dynamodb")).contains(URI.create("http://127.0.0.1:" + moto.getLocalPort()));
                assertThat(kit.endpoint("sts")).contains(URI.create("http://127.0.0.1:" + moto.getLocalPort()));
                // S3Proxy checks its keys: the S3 client must sign with them, not with moto's
                assertThat(accessKey(kit, S3Client.class)).isEqualTo("s3-key");
                assertThat(accessKey(kit, KinesisClient.class)).isEqualTo("kinesis-key");
                assertThat(accessKey(kit, StsClient.class)).isEqualTo("moto-key");
            }
            assertThat(servers.toString())
                    .startsWith("Servers[Target{S3 via LOCAL_EMULATOR at http://127.0.0.1:" + s3.getLocalPort())
                    .doesNotContain("secret");
        }
    }

    @Test
    void oneEndpointForEverything_kitUsesItForEveryService() {
        Servers servers = servers(
                Map.of("AWSKIT_IT_ENDPOINT", "http://127.0.0.1:4566", "AWS_ACCESS_KEY_ID", "it-key"),
                Service.S3,
                Service.KINESIS,
                Service.IAM);
        try (AwsKit kit = servers.kit()) {
            for (String key : new String[] {"s3", "kinesis", "iam", "logs"}) {
                assertThat(kit.endpoint(key)).as(key).contains(URI.create("http://127.0.0.1:4566"));
            }
            assertThat(accessKey(kit, S3Client.class)).isEqualTo("it-key");
        }
    }

    @Test
    void s3_onATestServerNamedLocalhost_usesPathStyle() throws IOException {
        // bucket.localhost (virtual-host style) is served by neither moto nor LocalStack nor S3Proxy
        List<String> paths = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] empty = ("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name>"
                        + "<KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>"
                        + "</ListBucketResult>")
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(200, empty.length);
            exchange.getResponseBody().write(empty);
            exchange.close();
        });
        server.start();
        try {
            String endpoint = "http://localhost:" + server.getAddress().getPort();
            Map<String, String> env = Map.of("AWSKIT_IT_ENDPOINT", endpoint);
            for (Servers servers : List.of(servers(env, Service.S3), servers(env, Service.S3, Service.IAM))) {
                paths.clear();
                try (AwsKit kit = servers.kit()) {
                    kit.client(S3Client.class).listObjectsV2(r -> r.bucket("awskit-path-style"));
                }
                assertThat(paths).as(servers.toString()).containsExactly("/awskit-path-style");
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void target_ofAServiceTheClassDoesNotName_saysWhereToAddIt() {
        Servers servers = servers(Map.of("AWSKIT_IT_ENDPOINT", "http://127.0.0.1:4566"), Service.S3, Service.KINESIS);
        assertThatThrownBy(() -> servers.target(Service.IAM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("IAM is not among the services of this test class [S3, KINESIS]; add it to @UsesServer");
    }

    @Test
    void serversInDifferentRegions_cannotShareOneKit() {
        Map<Service, Target> targets = new LinkedHashMap<>();
        targets.put(
                Service.S3,
                new Target(
                        Service.S3,
                        Target.Kind.LOCAL_EMULATOR,
                        URI.create("http://127.0.0.1:1"),
                        "us-east-1",
                        "a",
                        "b"));
        targets.put(
                Service.IAM,
                new Target(
                        Service.IAM, Target.Kind.IT_ENDPOINT, URI.create("http://127.0.0.1:2"), "eu-west-1", "a", "b"));
        assertThatThrownBy(() -> new Servers(targets).kitBuilder())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the servers are in different regions (Target{IAM via IT_ENDPOINT at http://127.0.0.1:2,"
                        + " region eu-west-1}, Target{S3 via LOCAL_EMULATOR at http://127.0.0.1:1, region us-east-1});"
                        + " one kit has one region: build a kit per target with target(service).kit()");
    }

    @Test
    void registryAlone_hasNoKit() {
        Map<Service, Target> targets = Map.of(
                Service.REGISTRY,
                new Target(
                        Service.REGISTRY,
                        Target.Kind.LOCAL_EMULATOR,
                        URI.create("http://127.0.0.1:1"),
                        "us-east-1",
                        "u",
                        "p"));
        assertThatThrownBy(() -> new Servers(targets).kitBuilder())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a registry has no AwsKit: use servers.target(Service.REGISTRY) and its endpoint and"
                        + " credentials");
    }
}
