package dev.awskit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SDK's BOM imported before aws-kit-bom: every SDK jar at the pinned version (no server needed). */
class PinnedSdkTest {

    @Test
    void classPath_holdsOnlyThePinnedSdk() {
        Map<String, String> jars = SdkJars.onClassPath();

        assertThat(jars).containsKeys("kinesis", "sts", "sdk-core", "apache5-client", "netty-nio-client");
        assertThat(jars.values())
                .as("SDK jars by artifact: %s", jars)
                .containsOnly(System.getProperty("expected.sdk.version"));
    }
}
