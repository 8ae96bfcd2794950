package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The LocalStack image the user chooses is the one that runs: the container's own health
 * endpoint reports its version. Needs a Docker engine (disabled without one, as on the machines
 * without Docker where the emulators run instead).
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackImageIT {

    @Test
    void chosenImage_isTheOneTheContainerRuns(@TempDir Path dir) throws IOException, InterruptedException {
        // an endpoints file without s3: the local servers are passed over for the container
        Path file = Files.writeString(dir.resolve("endpoints.properties"), "");
        Map<String, String> env = Map.of("AWSKIT_EMULATORS_FILE", file.toString());
        LocalStackOptions options = LocalStackOptions.resolve("localstack/localstack:4.3.0", Map.of(), env);

        Target t = Targets.find(Service.S3, env, options).target().orElseThrow();

        assertThat(t.kind()).isEqualTo(Target.Kind.LOCALSTACK_CONTAINER);
        HttpResponse<String> health = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(t.endpoint() + "/_localstack/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).contains("\"version\": \"4.3.0");
    }
}
