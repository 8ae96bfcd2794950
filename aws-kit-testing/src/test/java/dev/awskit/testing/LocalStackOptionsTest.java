package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalStackOptionsTest {

    @Test
    void image_defaultsToThePinnedCommunityTag() {
        LocalStackOptions o = LocalStackOptions.resolve("", Map.of(), Map.of());
        assertThat(o.image()).isEqualTo("localstack/localstack:4.4.0");
        assertThat(o.running()).isEmpty();
        assertThat(o.reuse()).isFalse();
    }

    @Test
    void image_annotationBeatsPropertyBeatsEnvironment() {
        Map<String, String> props = Map.of("awskit.localstack.image", "localstack/localstack:4.5.0");
        Map<String, String> env = Map.of("AWSKIT_LOCALSTACK_IMAGE", "localstack/localstack:4.6.0");
        assertThat(LocalStackOptions.resolve("localstack/localstack:4.7.0", props, env)
                        .image())
                .isEqualTo("localstack/localstack:4.7.0");
        assertThat(LocalStackOptions.resolve("", props, env).image()).isEqualTo("localstack/localstack:4.5.0");
        assertThat(LocalStackOptions.resolve("", Map.of(), env).image()).isEqualTo("localstack/localstack:4.6.0");
    }

    @Test
    void image_fromAMirrorWithPortOrByDigest_isAccepted() {
        String mirror = "registry.example.com:5000/mirror/localstack:4.4.0";
        assertThat(LocalStackOptions.resolve(mirror, Map.of(), Map.of()).image())
                .isEqualTo(mirror);
        String digest = "localstack/localstack@sha256:" + "ab".repeat(32);
        assertThat(LocalStackOptions.resolve("", Map.of(), Map.of("AWSKIT_LOCALSTACK_IMAGE", " " + digest + " "))
                        .image())
                .isEqualTo(digest);
    }

    @Test
    void image_withoutTag_isRejectedNamingWhereItCameFrom() {
        assertThatThrownBy(() -> LocalStackOptions.resolve(
                        "", Map.of(), Map.of("AWSKIT_LOCALSTACK_IMAGE", "localstack/localstack")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LocalStack image 'localstack/localstack' (from AWSKIT_LOCALSTACK_IMAGE) is not a pinned"
                        + " image reference; expected name:tag or name@sha256:digest, e.g."
                        + " localstack/localstack:4.4.0");
        assertThatThrownBy(() -> LocalStackOptions.resolve("local stack:4", Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("LocalStack image 'local stack:4' (from @UsesServer(localStackImage))");
    }

    @Test
    void reuse_trueMeansLocalStacksDefaultPort_aUrlNamesAnother() {
        assertThat(LocalStackOptions.resolve("", Map.of(), Map.of("AWSKIT_LOCALSTACK_REUSE", "TRUE"))
                        .running())
                .contains(URI.create("http://localhost:4566"));
        LocalStackOptions o = LocalStackOptions.resolve(
                "",
                Map.of("awskit.localstack.reuse", "http://10.0.0.7:4567/"),
                Map.of("AWSKIT_LOCALSTACK_REUSE", "true"));
        assertThat(o.running()).contains(URI.create("http://10.0.0.7:4567"));
        assertThat(o.reuse()).isTrue();
        assertThat(LocalStackOptions.resolve("", Map.of(), Map.of("AWSKIT_LOCALSTACK_REUSE", "false"))
                        .running())
                .isEmpty();
    }

    @Test
    void reuse_otherValues_areRejectedWithTheExpectedForms() {
        assertThatThrownBy(() -> LocalStackOptions.resolve("", Map.of("awskit.localstack.reuse", "yes"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("system property awskit.localstack.reuse='yes' must be true, false or the http(s) URL of"
                        + " a running LocalStack, e.g. http://localhost:4566");
        assertThatThrownBy(() -> LocalStackOptions.resolve("", Map.of(), Map.of("AWSKIT_LOCALSTACK_REUSE", "http://")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("AWSKIT_LOCALSTACK_REUSE='http://' must be");
    }
}
