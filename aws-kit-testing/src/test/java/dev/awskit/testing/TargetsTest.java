package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

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
        assertThat(r.reason()).isEqualTo("AWSKIT_IT_ENDPOINT is not set");
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
