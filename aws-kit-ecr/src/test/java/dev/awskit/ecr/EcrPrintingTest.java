package dev.awskit.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What JShell shows for the facade and for a copy that was built but not run; no server. */
class EcrPrintingTest {
    private static final String SECRET = "awskit-test/secret+value";

    private static AwsKit kit() {
        return AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", SECRET)
                .endpoint("http://127.0.0.1:9")
                .environment(
                        Map.of("AWS_CONFIG_FILE", "/nonexistent/c", "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/k"))
                .build();
    }

    @Test
    void facade_namesRegionAndEndpoint_neverTheSecret() {
        try (AwsKit aws = kit()) {
            assertThat(Ecr.of(aws)).hasToString("Ecr[region us-east-1, endpoint http://127.0.0.1:9]");
            assertThat(Ecr.builder(aws).registryEndpoint((a, r) -> null).build())
                    .hasToString("Ecr[region us-east-1, endpoint http://127.0.0.1:9, registry endpoints overridden]");
            assertThat(Ecr.of(aws).toString()).doesNotContain(SECRET);
        }
    }

    @Test
    void copyNotRun_saysWhatItWouldDo_andThatRunStartsIt() {
        try (AwsKit aws = kit()) {
            assertThat(Ecr.of(aws).copy("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2"))
                    .hasToString("EcrCopy{123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2 -> (no target yet:"
                            + " toRegion, toAccount, toRepository, tag or to), not run: call run()}");
            assertThat(Ecr.of(aws)
                            .copy("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2")
                            .toRegion("us-west-2")
                            .tag("1.2-arm")
                            .platforms("linux/arm64"))
                    .hasToString("EcrCopy{123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2 -> region us-west-2,"
                            + " tag 1.2-arm, platforms [linux/arm64], not run: call run()}");
        }
    }

    @Test
    void registryCopyNotRun_namesBothRegistries_notTheirPasswords() {
        Registry a = Registry.at("http://127.0.0.1:9", "user", "registry-password-1");
        Registry b = Registry.at("http://127.0.0.1:10", "user", "registry-password-2");
        String printed = a.copy("app:1.0").to(b, "app:1.0").allPlatforms().toString();
        assertThat(printed)
                .isEqualTo(
                        "RegistryCopy{127.0.0.1:9/app:1.0 -> 127.0.0.1:10/app:1.0, all platforms, not run: call run()}");
    }

    @Test
    void replicationNotApplied_listsItsRules_andThatApplyStartsIt() {
        try (AwsKit aws = kit()) {
            assertThat(Ecr.of(aws)
                            .replication()
                            .rule()
                            .toRegion("us-west-2")
                            .toRegion("eu-west-1", "210987654321")
                            .filterPrefix("app/"))
                    .hasToString("Replication{us-east-1: rule 1 -> [us-west-2, eu-west-1 of 210987654321] prefixes"
                            + " [app/], not run: call apply()}");
        }
    }
}
