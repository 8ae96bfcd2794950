package dev.awskit.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The KCL beside aws-kit-kinesis under aws-kit-bom: one SDK version on the class path (no server
 * needed). Without the BOM's SDK import the class path held 2.22, 2.33 and 2.59 SDK jars.
 */
class OneSdkVersionTest {

    @Test
    void classPath_holdsOneSdkVersion_theBomsOne() {
        Map<String, String> jars = SdkJars.onClassPath();

        assertThat(jars).containsKeys("kinesis", "dynamodb", "cloudwatch", "sdk-core", "netty-nio-client");
        assertThat(jars.values())
                .as("SDK jars by artifact: %s", jars)
                .containsOnly(System.getProperty("expected.sdk.version"));
    }

    /** aws-kit is compiled against the root pom's SDK; the BOM must hand users the same one. */
    @Test
    void bomsSdkVersion_isTheOneAwsKitIsBuiltWith() throws IOException {
        String rootPom = Files.readString(Path.of(System.getProperty("awskit.root.pom")), UTF_8);
        Matcher m = Pattern.compile("<awssdk\\.version>([^<]+)</awssdk\\.version>").matcher(rootPom);

        assertThat(m.find()).as("awssdk.version in %s", System.getProperty("awskit.root.pom")).isTrue();
        assertThat(System.getProperty("expected.sdk.version"))
                .as("aws-kit-bom's awssdk.version vs the root pom's")
                .isEqualTo(m.group(1));
    }
}
