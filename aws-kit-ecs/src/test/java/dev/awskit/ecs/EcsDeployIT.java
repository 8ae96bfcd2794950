package dev.awskit.ecs;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deploy -> awaitSteady, and what a failed deployment tells you: deployments that progress, which no
 * server models (moto keeps a service's first deployment and runs no task: see EcsMotoIT), against a
 * WireMock fake speaking ECS's JSON 1.1 protocol.
 *
 * <p>The fake's answers follow the ECS API reference: {@code Deployment} (status PRIMARY/ACTIVE,
 * {@code rolloutState} IN_PROGRESS/COMPLETED/FAILED with {@code rolloutStateReason}, running/desired/failed
 * counts; https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html), UpdateService and
 * DescribeServices (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html, the
 * service {@code events}), ListTasks/DescribeTasks with {@code desiredStatus STOPPED} and
 * {@code stopCode}/{@code stoppedReason}
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Task.html), and the deployment circuit
 * breaker's rollout failure
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html). Scaling a
 * service runs against moto in EcsMotoIT.
 */
class EcsDeployIT {
    static final String TD7 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";
    static final String TD8 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:8";

    EcsEndpoint server;
    Ecs ecs;

    @BeforeEach
    void start() {
        server = new EcsEndpoint();
        ecs = Ecs.of(server.kit);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String deployment(String status, String td, String rollout, int running, int desired, int failed) {
        return "{\"id\": \"ecs-svc/" + Math.abs(td.hashCode()) + status + "\", \"status\": \"" + status
                + "\", \"taskDefinition\": \"" + td + "\", \"desiredCount\": " + desired + ", \"runningCount\": "
                + running + ", \"pendingCount\": 0, \"failedTasks\": " + failed
                + (rollout == null ? "" : ", \"rolloutState\": \"" + rollout + "\"")
                + (rollout != null && rollout.equals("FAILED")
                        ? ", \"rolloutStateReason\": \"ECS deployment circuit breaker: tasks failed to start.\""
                        : "")
                + "}";
    }

    static String service(String td, String deployments, String events) {
        return "{\"services\": [{\"serviceName\": \"web\", \"serviceArn\":"
                + " \"arn:aws:ecs:us-east-1:123456789012:service/deepdive/web\", \"status\": \"ACTIVE\","
                + " \"taskDefinition\": \"" + td + "\", \"desiredCount\": 2, \"runningCount\": 1,"
                + " \"deployments\": [" + deployments + "], \"events\": [" + events + "]}], \"failures\": []}";
    }

    static String updated(String td, String deployments) {
        String services = service(td, deployments, "");
        String one = services.substring(services.indexOf('[') + 1, services.lastIndexOf("], \"failures\""));
        return "{\"service\": " + one + "}";
    }

    /** RegisterTaskDefinition's answer (the API reference's TaskDefinition, read-only fields included). */
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

    static String event(String message) {
        return "{\"id\": \"e" + Math.abs(message.hashCode()) + "\", \"createdAt\": 4102444800.0, \"message\": \""
                + message + "\"}";
    }

    void stubUpdate() {
        server.stub("UpdateService", updated(TD8, deployment("PRIMARY", TD8, "IN_PROGRESS", 0, 2, 0)));
    }

    @Test
    void deploy_whenRolloutCompletes_returnsTheReport() {
        server.requireStub("a service deployment (needs a cluster with capacity)");
        stubUpdate();
        server.stubInSequence(
                "rollout",
                "DescribeServices",
                null,
                "half",
                service(
                        TD8,
                        deployment("PRIMARY", TD8, "IN_PROGRESS", 1, 2, 0) + ","
                                + deployment("ACTIVE", TD7, "COMPLETED", 2, 2, 0),
                        event("(service web) has started 1 tasks: (task 1).")));
        server.stubInSequence(
                "rollout",
                "DescribeServices",
                "half",
                "done",
                service(
                        TD8,
                        deployment("PRIMARY", TD8, "COMPLETED", 2, 2, 0),
                        event("(service web) has reached a steady state.") + ","
                                + event("(service web) has started 1 tasks: (task 1).")));

        DeployReport r = ecs.cluster("deepdive")
                .service("web")
                .deploy(TD8)
                .pollEvery(Duration.ofMillis(20), Duration.ofMillis(50))
                .awaitSteady(Duration.ofSeconds(20));

        assertThat(r.taskDefinitionArn()).isEqualTo(TD8);
        assertThat(r.runningCount()).isEqualTo(2);
        assertThat(r.desiredCount()).isEqualTo(2);
        assertThat(r.events().get(0)).endsWith("(service web) has reached a steady state.");
        server.wireMock.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerServiceV20141113.UpdateService"))
                .withRequestBody(equalToJson(
                        "{\"cluster\": \"deepdive\", \"service\": \"web\", \"taskDefinition\": \"" + TD8 + "\"}")));
    }

    @Test
    void deploy_ofATaskDefinition_registersItFirst() {
        server.requireStub("a service deployment (needs a cluster with capacity)");
        server.stub("RegisterTaskDefinition", registered("web", 8));
        stubUpdate();
        server.stub("DescribeServices", service(TD8, deployment("PRIMARY", TD8, "COMPLETED", 2, 2, 0), ""));
        TaskDefinition td = TaskDefinition.fargate("web")
                .cpu("1 vCPU")
                .memory("2 GB")
                .executionRole("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
                .container(c -> c.name("web")
                        .image("nginx:1.27")
                        .port(80)
                        .awslogs("web")
                        .readonlyRootFilesystem(true))
                .build();

        DeployStep step = ecs.cluster("deepdive").service("web").deploy(td);
        assertThat(step.taskDefinitionArn()).isEqualTo(TD8);
        assertThat(step.pollEvery(Duration.ofMillis(20), Duration.ofMillis(50))
                        .awaitSteady(Duration.ofSeconds(20))
                        .runningCount())
                .isEqualTo(2);
    }

    @Test
    void deploy_whenItNeverStabilises_failsWithTheServiceEvents() {
        server.requireStub("a deployment that never stabilises");
        stubUpdate();
        server.stub(
                "DescribeServices",
                service(
                        TD8,
                        deployment("PRIMARY", TD8, "IN_PROGRESS", 1, 2, 0) + ","
                                + deployment("ACTIVE", TD7, "COMPLETED", 1, 2, 0),
                        event("(service web) was unable to place a task because no container instance met all of its"
                                        + " requirements. Reason: No Container Instances were found in your cluster.")
                                + "," + event("(service web) has started 1 tasks: (task 1).")));
        server.stub("ListTasks", "{\"taskArns\": []}");

        DeploymentFailedException e =
                catchThrowableOfType(DeploymentFailedException.class, () -> ecs.cluster("deepdive")
                        .service("web")
                        .deploy(TD8)
                        .pollEvery(Duration.ofMillis(20), Duration.ofMillis(100))
                        .awaitSteady(Duration.ofSeconds(1)));

        assertThat(e.getMessage())
                .startsWith("Service web in cluster deepdive (us-east-1) did not become steady on " + TD8
                        + ": did not reach a steady state within PT1S (PRIMARY web:8 IN_PROGRESS 1/2 running;"
                        + " ACTIVE web:7 COMPLETED 1/2 running).")
                .contains("\n  Recent service events (newest first):\n    2100-01-01T00:00:00Z (service web) was"
                        + " unable to place a task because no container instance met all of its requirements.")
                .contains("\n  Stopped tasks of this revision:\n    (none)");
        assertThat(e.events()).hasSize(2);
        assertThat(e.retryable()).isTrue();
        assertThat(e.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void deploy_whenTasksStop_failsWithStopReasonsAndEvents() {
        server.requireStub("a deployment whose tasks stop");
        stubUpdate();
        server.stub(
                "DescribeServices",
                service(
                        TD8,
                        deployment("PRIMARY", TD8, "FAILED", 0, 2, 3) + ","
                                + deployment("ACTIVE", TD7, "COMPLETED", 2, 2, 0),
                        event("(service web) (deployment ecs-svc/1) deployment failed: tasks failed to start.") + ","
                                + event("(service web) has started 1 tasks: (task 2).")));
        server.stub(
                "ListTasks",
                "{\"taskArns\": [\"arn:aws:ecs:us-east-1:123456789012:task/deepdive/t1\","
                        + " \"arn:aws:ecs:us-east-1:123456789012:task/deepdive/t2\"]}");
        server.stub(
                "DescribeTasks",
                "{\"tasks\": ["
                        + "{\"taskArn\": \"arn:aws:ecs:us-east-1:123456789012:task/deepdive/t1\", \"taskDefinitionArn\": \""
                        + TD8 + "\", \"lastStatus\": \"STOPPED\", \"stopCode\": \"EssentialContainerExited\","
                        + " \"stoppedReason\": \"Essential container in task exited\","
                        + " \"containers\": [{\"name\": \"web\", \"exitCode\": 1}]},"
                        + "{\"taskArn\": \"arn:aws:ecs:us-east-1:123456789012:task/deepdive/t2\", \"taskDefinitionArn\": \""
                        + TD8 + "\", \"lastStatus\": \"STOPPED\", \"stopCode\": \"TaskFailedToStart\","
                        + " \"stoppedReason\": \"CannotPullContainerError: pull image manifest has been retried 5"
                        + " time(s): failed to resolve ref docker.io/library/nginx:1.99: not found\","
                        + " \"containers\": [{\"name\": \"web\", \"reason\": \"CannotPullContainerError\"}]}"
                        + "], \"failures\": []}");

        DeploymentFailedException e =
                catchThrowableOfType(DeploymentFailedException.class, () -> ecs.cluster("deepdive")
                        .service("web")
                        .deploy(TD8)
                        .pollEvery(Duration.ofMillis(20), Duration.ofMillis(50))
                        .awaitSteady(Duration.ofSeconds(20)));

        assertThat(e.getMessage())
                .startsWith("Service web in cluster deepdive (us-east-1) did not become steady on " + TD8
                        + ": rollout FAILED: ECS deployment circuit breaker: tasks failed to start.")
                .contains("2100-01-01T00:00:00Z (service web) (deployment ecs-svc/1) deployment failed: tasks failed"
                        + " to start.");
        assertThat(e.stoppedTasks())
                .containsExactly(
                        "arn:aws:ecs:us-east-1:123456789012:task/deepdive/t1: EssentialContainerExited: Essential"
                                + " container in task exited; container web exit code 1",
                        "arn:aws:ecs:us-east-1:123456789012:task/deepdive/t2: TaskFailedToStart:"
                                + " CannotPullContainerError: pull image manifest has been retried 5 time(s): failed"
                                + " to resolve ref docker.io/library/nginx:1.99: not found; container web:"
                                + " CannotPullContainerError");
        assertThat(e.getMessage()).contains(e.stoppedTasks().get(1));
        assertThat(e.retryable()).isFalse();
        server.wireMock.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerServiceV20141113.ListTasks"))
                .withRequestBody(equalToJson(
                        "{\"cluster\": \"deepdive\", \"serviceName\": \"web\", \"desiredStatus\": \"STOPPED\"}")));
    }
}
