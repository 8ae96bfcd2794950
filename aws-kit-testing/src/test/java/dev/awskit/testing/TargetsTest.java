package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
                "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
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
