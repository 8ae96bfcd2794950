package dev.awskit.ecs;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKitException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;

class EcsRegisterIT {
    EcsEndpoint server;
    Ecs ecs;
    String family;

    @BeforeEach
    void start() {
        server = new EcsEndpoint();
        ecs = Ecs.of(server.kit);
        family = server.stubbed() ? "web" : EcsEndpoint.unique("awskit-it-web");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    TaskDefinition web() {
        return TaskDefinition.fargate(family)
                .cpu("1 vCPU")
                .memory("2 GB")
                .executionRole("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
                .container(c -> c.name("web")
                        .image("nginx:1.27")
                        .port(80)
                        .awslogs("web")
                        .readonlyRootFilesystem(true))
                .build();
    }

    static String registered(String family, int revision) {
        return "{\"taskDefinition\": {"
                + "\"taskDefinitionArn\": \"arn:aws:ecs:us-east-1:123456789012:task-definition/" + family + ":"
                + revision + "\","
                + "\"family\": \"" + family + "\", \"revision\": " + revision + ", \"status\": \"ACTIVE\","
                + "\"networkMode\": \"awsvpc\", \"cpu\": \"1024\", \"memory\": \"2048\","
                + "\"executionRoleArn\": \"arn:aws:iam::123456789012:role/ecsTaskExecutionRole\","
                + "\"requiresCompatibilities\": [\"FARGATE\"], \"compatibilities\": [\"EC2\", \"FARGATE\"],"
                + "\"requiresAttributes\": [{\"name\": \"com.amazonaws.ecs.capability.logging-driver.awslogs\"}],"
                + "\"registeredAt\": 1763800000.5, \"registeredBy\": \"arn:aws:iam::123456789012:user/dev\","
                + "\"containerDefinitions\": [{\"name\": \"web\", \"image\": \"nginx:1.27\", \"essential\": true,"
                + "  \"readonlyRootFilesystem\": true,"
                + "  \"portMappings\": [{\"containerPort\": 80, \"hostPort\": 80, \"protocol\": \"tcp\"}],"
                + "  \"logConfiguration\": {\"logDriver\": \"awslogs\", \"options\": {\"awslogs-group\": \"web\","
                + "    \"awslogs-region\": \"us-east-1\", \"awslogs-stream-prefix\": \"web\"}}}]}}";
    }

    @Test
    void register_validTaskDefinition_sendsAwsJsonWithTheKitsRegion_andReturnsTheRevision() {
        server.stub("RegisterTaskDefinition", registered("web", 7));

        RegisteredTaskDefinition r = ecs.register(web());

        assertThat(r.family()).isEqualTo(family);
        assertThat(r.revision()).isPositive();
        assertThat(r.arn()).contains(":task-definition/" + family + ":");
        assertThat(r.report().isValid()).isTrue();
        assertThat(r.taskDefinition()
                        .container("web")
                        .orElseThrow()
                        .logConfiguration()
                        .options())
                .containsEntry("awslogs-region", server.region);
        if (server.stubbed()) {
            assertThat(r.familyRevision()).isEqualTo("web:7");
            server.wireMock.verify(postRequestedFor(urlEqualTo("/"))
                    .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition"))
                    .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
                    .withRequestBody(matchingJsonPath("$.family", equalTo("web")))
                    .withRequestBody(matchingJsonPath("$.cpu", equalTo("1024")))
                    .withRequestBody(matchingJsonPath(
                            "$.containerDefinitions[0].logConfiguration.options.awslogs-region",
                            equalTo("us-east-1"))));
        } else {
            server.kit.client(EcsClient.class).deregisterTaskDefinition(b -> b.taskDefinition(r.arn()));
        }
    }

    @Test
    void register_whenInvalid_refusesWithoutCallingAws() {
        TaskDefinition broken = web().with(b -> b.memory("1024")); // 1 vCPU needs 2-8 GB

        assertThatThrownBy(() -> ecs.register(broken))
                .isInstanceOf(TaskDefinitionInvalidException.class)
                .hasMessageStartingWith("Task definition " + family + " was not registered in region " + server.region
                        + ": AWS would reject it or its tasks would fail.")
                .hasMessageContaining("ERROR fargate.cpu-memory at /memory: No Fargate configuration exists for"
                        + " given values: 1024 CPU, 1024 memory.")
                .satisfies(e -> assertThat(
                                ((TaskDefinitionInvalidException) e).report().errors())
                        .hasSize(1));
        if (server.stubbed()) {
            server.wireMock.verify(0, postRequestedFor(urlEqualTo("/")));
        }
    }

    @Test
    void register_forced_sendsItAnyway_andAwsErrorsNameTheRegion() {
        server.requireStub("an AWS rejection of a forced registration");
        server.stubError(
                "RegisterTaskDefinition",
                400,
                "ClientException",
                "No Fargate configuration exists for given values: 1024 CPU, 1024 memory.");
        TaskDefinition broken = web().with(b -> b.memory("1024"));

        assertThatThrownBy(() -> ecs.register(broken, RegisterOptions.force()))
                .isInstanceOf(AwsKitException.class)
                .hasMessage("RegisterTaskDefinition of family web failed in region us-east-1: ClientException (400):"
                        + " No Fargate configuration exists for given values: 1024 CPU, 1024 memory.. Check the"
                        + " execution/task roles and that you may call ecs:RegisterTaskDefinition");
        server.wireMock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void describe_givesTheModelWithoutReadOnlyFields_andDiffComparesRevisions() {
        server.stub("RegisterTaskDefinition", registered("web", 7));
        RegisteredTaskDefinition first = ecs.register(web());
        String arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:";
        server.stubWhen("DescribeTaskDefinition", "$.taskDefinition", arn + 7, registered("web", 7));
        server.stubWhen(
                "DescribeTaskDefinition",
                "$.taskDefinition",
                arn + 8,
                registered("web", 8).replace("nginx:1.27", "nginx:1.28"));
        server.stub("RegisterTaskDefinition", registered("web", 8).replace("nginx:1.27", "nginx:1.28"));
        RegisteredTaskDefinition second = ecs.register(web().withImage("web", "nginx:1.28"));

        RegisteredTaskDefinition described = ecs.describe(first.arn());
        assertThat(described.arn()).isEqualTo(first.arn());
        assertThat(described.status()).isEqualTo("ACTIVE");
        assertThat(described.taskDefinition().toJson())
                .doesNotContain("revision")
                .doesNotContain("registeredAt")
                .doesNotContain("compatibilities\"");
        assertThat(described.report().errors()).isEmpty();

        TaskDefinitionDiff diff = ecs.diff(first.arn(), second.arn());
        assertThat(diff.changes())
                .extracting(TaskDefinitionDiff.Change::path)
                .contains("/containerDefinitions/0/image");
        assertThat(diff.changes().stream()
                        .filter(c -> c.path().equals("/containerDefinitions/0/image"))
                        .findFirst()
                        .orElseThrow()
                        .toString())
                .isEqualTo("~ /containerDefinitions/0/image: nginx:1.27 -> nginx:1.28");
        if (server.stubbed()) {
            server.wireMock.verify(postRequestedFor(urlEqualTo("/"))
                    .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition"))
                    .withRequestBody(equalToJson("{\"taskDefinition\": \"" + first.arn() + "\"}")));
        } else {
            EcsClient client = server.kit.client(EcsClient.class);
            client.deregisterTaskDefinition(b -> b.taskDefinition(first.arn()));
            client.deregisterTaskDefinition(b -> b.taskDefinition(second.arn()));
        }
    }
}
