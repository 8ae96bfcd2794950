package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The harness end to end on the OCI registries: {@code /v2/} with and without credentials. */
@UsesServer(Service.REGISTRY)
class RegistryHarnessIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void v2_withoutCredentials_isUnauthorizedWithABasicChallenge(Target target) throws Exception {
        HttpResponse<String> r = get(target.endpoint().resolve("/v2/"), null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    }

    @Test
    void v2_withCredentials_answersOk_onBothRegistries(Target target) throws Exception {
        String auth = basic(target.accessKey(), target.secretKey());
        assertThat(get(target.endpoint().resolve("/v2/"), auth).statusCode()).isEqualTo(200);
        URI second = Targets.registry(2).orElseThrow(() -> new AssertionError("registry 2 is not running"));
        assertThat(second).isNotEqualTo(target.endpoint());
        assertThat(get(second.resolve("/v2/"), auth).statusCode()).isEqualTo(200);
    }

    @Test
    void v2_withAWrongPassword_isUnauthorized(Target target) throws Exception {
        assertThat(get(target.endpoint().resolve("/v2/"), basic(target.accessKey(), "wrong"))
                        .statusCode())
                .isEqualTo(401);
    }

    private HttpResponse<String> get(URI uri, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
