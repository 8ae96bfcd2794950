package dev.awskit.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The settings of a copy and of the facade's builder: written once, checked together. No network. */
class EcrCopySettingsTest {
    private static final String SOURCE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2";
    private static AwsKit aws;

    @BeforeAll
    static void kit() {
        aws = AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", "test-secret")
                .endpoint("http://127.0.0.1:9")
                .environment(Map.of())
                .build();
    }

    @AfterAll
    static void close() {
        aws.close();
    }

    @Test
    void fluentCopy_secondWriteNamesBothValues() {
        Ecr ecr = Ecr.of(aws);
        assertThatThrownBy(() -> ecr.copy(SOURCE).toAccount("210987654321").toAccount("111122223333"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("target account was already set to 210987654321; cannot set it to 111122223333");
        assertThatThrownBy(() -> ecr.copy(SOURCE).toRepository("mirror/app").toRepository("other"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("target repository was already set to mirror/app; cannot set it to other");
        assertThatThrownBy(() -> ecr.copy(SOURCE).toRegion("us-west-2").tag("a").tag("b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("target tag was already set to a; cannot set it to b");
        assertThatThrownBy(() ->
                        ecr.copy(SOURCE).toRegion("us-west-2").kmsKey("alias/a").kmsKey("alias/b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("kmsKey was already set to alias/a; cannot set it to alias/b");
        assertThatThrownBy(() ->
                        ecr.copy(SOURCE).toRegion("us-west-2").parallelism(2).parallelism(4))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("parallelism was already set to 2; cannot set it to 4");
        assertThatThrownBy(() -> ecr.copy(SOURCE)
                        .toRegion("us-west-2")
                        .platforms("linux/amd64")
                        .allPlatforms())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("platforms was already set to [linux/amd64]; cannot set it to allPlatforms()");
        assertThatThrownBy(() -> ecr.copy(SOURCE)
                        .to("210987654321.dkr.ecr.eu-west-1.amazonaws.com/app:2")
                        .toRegion("us-west-2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("target region was already set to eu-west-1; cannot set it to us-west-2");
    }

    @Test
    void ecrBuilder_secondWriteIsRefused_theEndpointFunctionIsNotPrinted() {
        assertThatThrownBy(
                        () -> Ecr.builder(aws).registryEndpoint((a, r) -> null).registryEndpoint((a, r) -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("registryEndpoint was already set to a function; cannot set it to a function");
        RegistryTimeouts t = RegistryTimeouts.defaults();
        assertThatThrownBy(() -> Ecr.builder(aws).registryTimeouts(t).registryTimeouts(t))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("registryTimeouts was already set to " + t + "; cannot set it to " + t);
    }

    @Test
    void copyToItself_isRefusedBeforeAnyCall() {
        // before, this was found only in run(), after the source registry's login
        assertThatThrownBy(() -> Ecr.of(aws).copy(SOURCE).toRegion("us-east-1").run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("copy of " + SOURCE + " to itself: give another region, account, repository or tag"
                        + " (toRegion/toAccount/toRepository/tag)");
        assertThatThrownBy(() -> Ecr.of(aws).copy(c -> c.source(SOURCE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("copy of " + SOURCE + " to itself: give another region, account, repository or tag"
                        + " (toRegion/toAccount/toRepository/tag)");
    }

    @Test
    void requestWithoutSource_isRefused() {
        assertThatThrownBy(() -> CopyRequest.builder().toRegion("us-west-2").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "a copy needs a source: .source(\"<account>.dkr.ecr.<region>.amazonaws.com/repository:tag\")");
        assertThatThrownBy(() -> CopyRequest.builder().source(SOURCE).source(SOURCE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("source was already set to " + SOURCE + "; cannot set it to " + SOURCE);
    }

    @Test
    void request_keepsWhatWasGiven() {
        CopyRequest r = CopyRequest.builder()
                .source(SOURCE)
                .to("210987654321.dkr.ecr.eu-west-1.amazonaws.com/mirror/app:stable")
                .platforms("linux/amd64", "linux/arm64")
                .parallelism(3)
                .build();
        assertThat(r.targetAccount()).hasValue("210987654321");
        assertThat(r.targetRegion()).hasValue("eu-west-1");
        assertThat(r.targetRepository()).hasValue("mirror/app");
        assertThat(r.tag()).hasValue("stable");
        assertThat(r.platforms()).containsExactly("linux/amd64", "linux/arm64");
        assertThat(r.parallelism()).isEqualTo(3);
        assertThat(r.toString())
                .isEqualTo("CopyRequest{" + SOURCE + " -> region eu-west-1 account 210987654321 repository"
                        + " mirror/app tag stable platforms [linux/amd64, linux/arm64], parallelism 3}");
    }
}
