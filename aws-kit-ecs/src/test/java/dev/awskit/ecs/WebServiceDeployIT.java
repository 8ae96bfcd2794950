package dev.awskit.ecs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.awskit.core.Severity;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A web service whose deployment does not reach a steady state, and the "why" it then gives: what no
 * server models (moto runs no task and registers no target: see {@link WebServiceMotoIT}), against a
 * WireMock fake speaking ECS's JSON 1.1 protocol and ELBv2's query protocol on one endpoint.
 *
 * <p>The fake follows the API references: ECS {@code Deployment} with {@code rolloutState}
 * IN_PROGRESS/COMPLETED/FAILED (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html),
 * DescribeServices, ListTasks/DescribeTasks with {@code stopCode} and {@code stoppedReason}
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Task.html, reasons as in "Amazon ECS stopped
 * task error messages"); ELBv2 DescribeTargetGroups and DescribeTargetHealth with {@code TargetHealth}
 * State/Reason/Description
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetHealth.html, reason codes
 * as listed there: Elb.InitialHealthChecking, Target.Timeout...).
 */
class WebServiceDeployIT {
    static final String TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/chat:3";
    static final String TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/chat-tg/50dc6c495c0c9188";
    static final String ELB_NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    EcsEndpoint server;
    WebService chat;

    @BeforeEach
    void start() {
        server = new EcsEndpoint();
        server.requireStub("a deployment that progresses and targets with health reasons");
        chat = Ecs.of(server.kit).webService("chat").port(8080).in("vpc-0a1b2c3d");
        stubElb(
                "DescribeTargetGroups",
                "<DescribeTargetGroupsResponse xmlns=\"" + ELB_NS + "\">"
                        + "<DescribeTargetGroupsResult><TargetGroups><member>"
                        + "<TargetGroupArn>" + TG + "</TargetGroupArn><TargetGroupName>chat-tg</TargetGroupName>"
                        + "<Protocol>HTTP</Protocol><Port>8080</Port><VpcId>vpc-0a1b2c3d</VpcId><TargetType>ip</TargetType>"
                        + "<HealthCheckProtocol>HTTP</HealthCheckProtocol><HealthCheckPort>traffic-port</HealthCheckPort>"
                        + "<HealthCheckPath>/health</HealthCheckPath><Matcher><HttpCode>200</HttpCode></Matcher>"
                        + "</member></TargetGroups></DescribeTargetGroupsResult>"
                        + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></DescribeTargetGroupsResponse>");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    void stubElb(String action, String xml) {
        server.wireMock.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=" + action))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(xml)));
    }

    static String targetHealth(String state, String reason, String description) {
        return "<DescribeTargetHealthResponse xmlns=\"" + ELB_NS + "\"><DescribeTargetHealthResult>"
                + "<TargetHealthDescriptions><member><HealthCheckPort>8080</HealthCheckPort>"
                + "<TargetHealth><State>" + state + "</State>"
                + (reason == null
                        ? ""
                        : "<Reason>" + reason + "</Reason><Description>" + description + "</Description>")
                + "</TargetHealth><Target><Port>8080</Port><Id>10.0.3.17</Id></Target></member>"
                + "</TargetHealthDescriptions></DescribeTargetHealthResult>"
                + "<ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata></DescribeTargetHealthResponse>";
    }

    static String services(String rollout, int running) {
        return "{\"services\": [{\"serviceName\": \"chat\", \"serviceArn\":"
                + " \"arn:aws:ecs:us-east-1:123456789012:service/default/chat\", \"status\": \"ACTIVE\","
                + " \"taskDefinition\": \"" + TD + "\", \"desiredCount\": 2, \"runningCount\": " + running + ","
                + " \"deployments\": ["
                + EcsDeployIT.deployment("PRIMARY", TD, rollout, running, 2, "FAILED".equals(rollout) ? 4 : 0)
                + "], \"events\": [" + EcsDeployIT.event("(service chat) has started 2 tasks: (task 1) (task 2).")
                + "]}], \"failures\": []}";
    }

    void stubStoppedTask(String stopCode, String reason) {
        server.stub(
                "ListTasks", "{\"taskArns\": [\"arn:aws:ecs:us-east-1:123456789012:task/default/0123456789abcdef\"]}");
        server.stub(
                "DescribeTasks",
                "{\"tasks\": [{\"taskArn\": \"arn:aws:ecs:us-east-1:123456789012:task/default/"
                        + "0123456789abcdef\", \"taskDefinitionArn\": \"" + TD + "\", \"lastStatus\": \"STOPPED\","
                        + " \"desiredStatus\": \"STOPPED\", \"stopCode\": \"" + stopCode + "\", \"stoppedReason\": \""
                        + reason
                        + "\", \"containers\": []}], \"failures\": []}");
    }

    @Test
    void awaitSteady_whenTheCircuitBreakerFails_quotesTargetHealthAndStoppedTaskReasonsWithWhatToDo() {
        server.stubInSequence("rollout", "DescribeServices", null, "pending", services("IN_PROGRESS", 0));
        server.stubInSequence("rollout", "DescribeServices", "pending", "failed", services("IN_PROGRESS", 0));
        server.stubInSequence("rollout", "DescribeServices", "failed", "failed", services("FAILED", 0));
        stubElb("DescribeTargetHealth", targetHealth("unhealthy", "Target.Timeout", "Request timed out"));
        stubStoppedTask(
                "TaskFailedToStart",
                "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref"
                        + " 123456789012.dkr.ecr.us-east-1.amazonaws.com/chat:3: dial tcp 52.1.2.3:443: i/o timeout");

        DeploymentFailedException e = catchThrowableOfType(
                DeploymentFailedException.class,
                () -> chat.awaitSteady(Duration.ofSeconds(20), Duration.ofMillis(20), Duration.ofMillis(50)));

        assertThat(e.findings().stream().map(f -> f.severity() + " " + f.rule()).collect(Collectors.toList()))
                .containsExactly("ERROR webservice.target-health", "ERROR webservice.stopped-task");
        assertThat(e.getMessage())
                .startsWith("Service chat in cluster default (us-east-1) did not become steady on " + TD
                        + ": rollout FAILED: ECS deployment circuit breaker: tasks failed to start.")
                .contains("\n  Why:\n    ERROR webservice.target-health: Target 10.0.3.17:8080 of chat-tg is unhealthy"
                        + " (Target.Timeout): \"Request timed out\".")
                .contains("ERROR webservice.stopped-task: Task 0123456789abcdef stopped (TaskFailedToStart):"
                        + " \"CannotPullContainerError: ")
                .contains("Fix: The task could not reach the registry: give its subnets a route to a NAT gateway");
        assertThat(e.retryable())
                .as("a failed rollout is not worth waiting longer for")
                .isFalse();
    }

    @Test
    void awaitSteady_whenTimeRunsOutDuringInitialHealthChecks_saysToWait() {
        server.stub("DescribeServices", services("IN_PROGRESS", 0));
        stubElb(
                "DescribeTargetHealth",
                targetHealth("initial", "Elb.InitialHealthChecking", "Initial health checks in progress"));
        server.stub("ListTasks", "{\"taskArns\": []}");

        DeploymentFailedException e = catchThrowableOfType(
                DeploymentFailedException.class,
                () -> chat.awaitSteady(Duration.ofMillis(300), Duration.ofMillis(20), Duration.ofMillis(50)));

        assertThat(e.retryable()).as("a timeout: waiting longer may help").isTrue();
        assertThat(e.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message())
                    .isEqualTo("Target 10.0.3.17:8080 of chat-tg is initial (Elb.InitialHealthChecking): \"Initial"
                            + " health checks in progress\".");
            assertThat(f.fix()).startsWith("Wait: the first health checks are running");
        });
    }

    @Test
    void awaitSteady_whenTargetsTurnHealthyAndTheRolloutCompletes_returnsTheReport() {
        server.wireMock.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeTargetHealth"))
                .inScenario("health")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(targetHealth(
                                "initial", "Elb.InitialHealthChecking", "Initial health checks in progress"))));
        server.stubInSequence("rollout", "DescribeServices", null, "half", services("IN_PROGRESS", 1));
        server.stubInSequence("rollout", "DescribeServices", "half", "done", services("IN_PROGRESS", 1));
        server.stubInSequence("rollout", "DescribeServices", "done", "done", services("COMPLETED", 2));

        DeployReport r = chat.awaitSteady(Duration.ofSeconds(20), Duration.ofMillis(20), Duration.ofMillis(50));

        assertThat(r.runningCount()).isEqualTo(2);
        assertThat(r.taskDefinitionArn()).isEqualTo(TD);
        // a steady deployment needs no diagnosis: neither target health nor stopped tasks were asked for
        assertThat(server.wireMock.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action="))))
                .isEmpty();
    }
}
