package dev.awskit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each setting of core's builders is written once; build() checks settings against each other. */
class BuilderSettingsTest {
    @Test
    void awsKit_secondWriteNamesBothValues() {
        assertThatThrownBy(() -> AwsKit.builder().profile("dev").profile("prod"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("profile was already set to dev; cannot set it to prod");
        assertThatThrownBy(() -> AwsKit.builder().endpoint("http://127.0.0.1:1").endpoint("http://127.0.0.1:2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("endpoint was already set to http://127.0.0.1:1; cannot set it to http://127.0.0.1:2");
        assertThatThrownBy(() -> AwsKit.builder().appId("a").appId("b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("appId was already set to a; cannot set it to b");
        assertThatThrownBy(
                        () -> AwsKit.builder().retryPolicy(RetryPolicy.none()).retryPolicy(RetryPolicy.none()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("retryPolicy was already set to RetryPolicy{maxAttempts=1");
    }

    @Test
    void awsKit_secondCredentials_namesTheSettingButNoKey() {
        assertThatThrownBy(() -> AwsKit.builder()
                        .credentials("awskit-test-key", "awskit-test/secret+value")
                        .credentials("awskit-other-key", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("credentials was already set; cannot set it again (its values are secret and not shown)");
    }

    @Test
    void awsKit_secondEnvironment_neverPrintsItsSecrets() {
        // the environment map may carry keys: before, the message printed the whole map
        Map<String, String> env = Map.of("AWS_SECRET_ACCESS_KEY", "awskit-test/secret+value");
        assertThatThrownBy(() -> AwsKit.builder().environment(env).environment(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("environment was already set; cannot set it again (its values are secret and not shown)");
    }

    @Test
    void httpSettings_secondWriteNamesBothValues() {
        assertThatThrownBy(() -> HttpSettings.builder().maxConnections(8).maxConnections(16))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxConnections was already set to 8; cannot set it to 16");
        assertThatThrownBy(() -> HttpSettings.builder()
                        .socketTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(9)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("socketTimeout was already set to PT5S; cannot set it to PT9S");
        assertThatThrownBy(() -> HttpSettings.builder()
                        .connectTimeout(Duration.ofSeconds(1))
                        .connectTimeout(Duration.ofSeconds(3)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("connectTimeout was already set to PT1S; cannot set it to PT3S");
        assertThatThrownBy(() -> HttpSettings.builder()
                        .apiCallAttemptTimeout(Duration.ofSeconds(10))
                        .apiCallAttemptTimeout(Duration.ofSeconds(20)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("apiCallAttemptTimeout was already set to PT10S; cannot set it to PT20S");
    }

    @Test
    void httpSettings_attemptTimeoutShorterThanConnect_isRefusedInBuild() {
        assertThatThrownBy(() -> HttpSettings.builder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .apiCallAttemptTimeout(Duration.ofSeconds(1))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("apiCallAttemptTimeout (PT1S) is shorter than connectTimeout (PT5S): an attempt would"
                        + " end before a new connection could be made; raise apiCallAttemptTimeout or lower"
                        + " connectTimeout");
        assertThat(HttpSettings.builder()
                        .connectTimeout(Duration.ofSeconds(1))
                        .apiCallAttemptTimeout(Duration.ofSeconds(1))
                        .build()
                        .apiCallAttemptTimeout())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retryPolicy_secondWriteNamesBothValues() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(3).maxAttempts(4))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxAttempts was already set to 3; cannot set it to 4");
        assertThatThrownBy(() -> RetryPolicy.builder()
                        .maxTotalTime(Duration.ofSeconds(1))
                        .maxTotalTime(Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxTotalTime was already set to PT1S; cannot set it to PT2S");
        assertThatThrownBy(() -> RetryPolicy.builder()
                        .retryOn(RetryPolicy.Condition.THROTTLING)
                        .retryOn(RetryPolicy.Condition.SERVER_ERROR))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("retryOn was already set to [THROTTLING]; cannot set it to [SERVER_ERROR]");
    }

    @Test
    void retryPolicy_toBuilder_replacesEachCopiedValueOnce() {
        RetryPolicy base = RetryPolicy.builder().maxAttempts(3).build();
        RetryPolicy more = base.toBuilder().maxAttempts(7).build();
        assertThat(more.maxAttempts()).isEqualTo(7);
        assertThat(base.maxAttempts()).isEqualTo(3);
        assertThatThrownBy(() -> base.toBuilder().maxAttempts(7).maxAttempts(8))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxAttempts was already set to 7; cannot set it to 8");
    }

    @Test
    void wait_secondWriteNamesBothValues_andMaxDelayBelowFirstDelayIsRefused() {
        // before, the last timeout(...) silently won
        assertThatThrownBy(() -> Wait.until("x").timeout(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("timeout was already set to PT1S; cannot set it to PT2S");
        assertThatThrownBy(
                        () -> Wait.until("x").firstDelay(Duration.ofSeconds(10)).poll(() -> java.util.Optional.of(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxDelay (PT5S) is shorter than firstDelay (PT10S): pauses start at firstDelay and double"
                        + " up to maxDelay; raise maxDelay or lower firstDelay");
    }
}
