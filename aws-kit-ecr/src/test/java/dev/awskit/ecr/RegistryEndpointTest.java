package dev.awskit.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RegistryEndpointTest {
    @Test
    void toString_hidesThePassword() {
        RegistryEndpoint e = RegistryEndpoint.of(URI.create("https://mirror.example.com"), "robot", "s3cr3t-value");

        assertThat(e.toString())
                .contains("https://mirror.example.com")
                .contains("robot")
                .contains("****")
                .doesNotContain("s3cr3t-value");
        assertThat(e.password()).contains("s3cr3t-value");
    }

    @Test
    void of_withoutLogin_usesTheEcrToken() {
        RegistryEndpoint e = RegistryEndpoint.of(URI.create("http://127.0.0.1:5000"));

        assertThat(e.user()).isEmpty();
        assertThat(e.password()).isEmpty();
    }

    @Test
    void of_withAUserButNoPassword_isRefused() {
        assertThatThrownBy(() -> RegistryEndpoint.builder()
                        .url(URI.create("https://r.example.com"))
                        .user("robot")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("registry https://r.example.com: give both a user and a password, or neither (then the"
                        + " ECR token is used)");
    }

    @Test
    void of_withAnotherScheme_isRefused() {
        assertThatThrownBy(() -> RegistryEndpoint.of(URI.create("ftp://r.example.com"), "u", "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("registry url 'ftp://r.example.com' must be http:// or https:// with a host, e.g."
                        + " https://host:5000");
    }
}
