package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.testing.Service;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * {@link Ecs#register(Path)}: what {@code aws ecs register-task-definition --cli-input-json
 * file://web.json} does, on moto (or {@code AWSKIT_IT_ENDPOINT}). The file holds the
 * RegisterTaskDefinition request as documented in the ECS API reference ("RegisterTaskDefinition",
 * Request Syntax), which is also what the CLI's {@code --generate-cli-skeleton} writes.
 */
@UsesServer(Service.ECS)
class RegisterFileIT {

    private static String request(String family) {
        return """
            {
              "family": "%s",
              "requiresCompatibilities": ["FARGATE"],
              "networkMode": "awsvpc",
              "cpu": "256",
              "memory": "512",
              "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
              "containerDefinitions": [
                {
                  "name": "web",
                  "image": "nginx:1.27",
                  "essential": true,
                  "readonlyRootFilesystem": true,
                  "portMappings": [{ "containerPort": 80, "protocol": "tcp" }],
                  "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": { "awslogs-group": "web", "awslogs-stream-prefix": "web" }
                  }
                }
              ],
              "tags": [{ "key": "team", "value": "web" }]
            }
            """
                .formatted(family);
    }

    @Test
    void registerFile_registersTheRequestInTheFile_likeCliInputJson(AwsKit aws, TestResources res, @TempDir Path dir)
            throws IOException {
        String family = res.name();
        Path file = Files.writeString(dir.resolve("web.json"), request(family));

        RegisteredTaskDefinition r = Ecs.of(aws).register(file);
        res.afterwards(() -> aws.client(EcsClient.class).deregisterTaskDefinition(b -> b.taskDefinition(r.arn())));

        assertThat(r.family()).isEqualTo(family);
        RegisteredTaskDefinition back = Ecs.of(aws).describe(r.arn());
        TaskDefinition td = back.taskDefinition();
        assertThat(td.containers()).singleElement().satisfies(c -> {
            assertThat(c.image()).isEqualTo("nginx:1.27");
            assertThat(c.portMappings().get(0).containerPort()).isEqualTo(80);
            // the file had no awslogs-region: like register(TaskDefinition), the kit's region is filled in
            assertThat(c.logConfiguration().options())
                    .containsEntry("awslogs-region", aws.region().id());
        });
        assertThat(td.toRequest().cpu()).isEqualTo("256");
        assertThat(td.toRequest().tags()).singleElement().satisfies(t -> assertThat(t.key())
                .isEqualTo("team"));
    }

    @Test
    void registerFile_withBadJson_namesTheFileLineAndColumn_andRegistersNothing(
            AwsKit aws, TestResources res, @TempDir Path dir) throws IOException {
        String family = res.name();
        // a trailing comma on line 3, as in seed 002's example: the CLI fails on it too
        Path file = Files.writeString(
                dir.resolve("bad.json"),
                "{\n  \"family\": \"" + family + "\",\n  \"containerDefinitions\": [{\"name\": \"web\","
                        + " \"image\": \"nginx\", \"memory\": 128},]\n}\n");

        assertThatThrownBy(() -> Ecs.of(aws).register(file))
                .isInstanceOf(TaskDefinitionInvalidException.class)
                .hasMessageStartingWith("Task definition file " + file.toAbsolutePath() + " was not registered")
                .hasMessageContaining("line 3, column");
        assertThat(Ecs.of(aws).families()).doesNotContain(family);
    }

    @Test
    void registerFile_withAMisspelledKey_refusesWithADidYouMean_andRegistersNothing(
            AwsKit aws, TestResources res, @TempDir Path dir) throws IOException {
        String family = res.name();
        Path file =
                Files.writeString(dir.resolve("typo.json"), request(family).replace("\"logDriver\"", "\"logDiver\""));

        assertThatThrownBy(() -> Ecs.of(aws).register(file))
                .isInstanceOf(TaskDefinitionInvalidException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("logDiver")
                .hasMessageContaining("logDriver")
                .hasMessageMatching("(?s).*line \\d+, column \\d+.*");
        assertThat(Ecs.of(aws).families()).doesNotContain(family);
    }
}
