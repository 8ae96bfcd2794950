package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;

/** What JShell shows for the ECS facade, its handles and a described service; no server. */
class EcsPrintingTest {
    private static final String SECRET = "awskit-test/secret+value";

    private static AwsKit kit() {
        return AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", SECRET)
                .endpoint("http://127.0.0.1:9") // nothing listens: a test that sent a request would fail
                .environment(
                        Map.of("AWS_CONFIG_FILE", "/nonexistent/c", "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/k"))
                .build();
    }

    @Test
    void facadeAndHandles_sayWhereTheirCallsGo_neverTheSecret() {
        try (AwsKit aws = kit()) {
            Ecs ecs = Ecs.of(aws);
            assertThat(ecs).hasToString("Ecs[region us-east-1, endpoint http://127.0.0.1:9]");
            assertThat(ecs.cluster("deepdive"))
                    .hasToString("EcsCluster[deepdive, region us-east-1, endpoint http://127.0.0.1:9]");
            assertThat(ecs.cluster("deepdive").service("web"))
                    .hasToString("EcsService[web in cluster deepdive, region us-east-1, endpoint http://127.0.0.1:9]");
            assertThat(ecs.toString() + ecs.cluster("c").service("s")).doesNotContain(SECRET);
        }
    }

    @Test
    void deployStep_beforeItsWait_saysTheWaitIsLeft() {
        try (AwsKit aws = kit()) {
            DeployStep d = new DeployStep(
                    Ecs.of(aws),
                    "deepdive",
                    "web",
                    "arn:aws:ecs:us-east-1:123456789012:task-definition/web:4",
                    0,
                    Instant.parse("2025-01-01T10:00:00Z"));
            assertThat(d)
                    .hasToString("DeployStep{service web in cluster deepdive ->"
                            + " arn:aws:ecs:us-east-1:123456789012:task-definition/web:4, started 2025-01-01T10:00:00Z,"
                            + " not awaited: call awaitSteady()}");
        }
    }

    @Test
    void describedService_printsAFewLines_notTheSdksOneLineOfEverything() {
        software.amazon.awssdk.services.ecs.model.Service s =
                software.amazon.awssdk.services.ecs.model.Service.builder()
                        .serviceName("web")
                        .serviceArn("arn:aws:ecs:us-east-1:123456789012:service/deepdive/web")
                        .status("ACTIVE")
                        .taskDefinition("arn:aws:ecs:us-east-1:123456789012:task-definition/web:4")
                        .desiredCount(2)
                        .runningCount(1)
                        .pendingCount(1)
                        .deployments(
                                Deployment.builder()
                                        .status("PRIMARY")
                                        .taskDefinition("arn:aws:ecs:us-east-1:123456789012:task-definition/web:4")
                                        .rolloutState(DeploymentRolloutState.IN_PROGRESS)
                                        .desiredCount(2)
                                        .runningCount(1)
                                        .build(),
                                Deployment.builder()
                                        .status("ACTIVE")
                                        .taskDefinition("arn:aws:ecs:us-east-1:123456789012:task-definition/web:3")
                                        .rolloutState(DeploymentRolloutState.COMPLETED)
                                        .desiredCount(0)
                                        .runningCount(0)
                                        .build())
                        .events(
                                ServiceEvent.builder()
                                        .createdAt(Instant.parse("2025-01-01T10:00:02Z"))
                                        .message("(service web) has started 1 tasks: (task 1b2c).")
                                        .build(),
                                ServiceEvent.builder()
                                        .createdAt(Instant.parse("2025-01-01T10:00:01Z"))
                                        .message("b")
                                        .build(),
                                ServiceEvent.builder()
                                        .createdAt(Instant.parse("2025-01-01T10:00:00Z"))
                                        .message("c")
                                        .build(),
                                ServiceEvent.builder()
                                        .createdAt(Instant.parse("2025-01-01T09:00:00Z"))
                                        .message("old")
                                        .build())
                        .build();

        ServiceStatus status = new ServiceStatus(s, "deepdive");

        assertThat(status.toString().split("\n"))
                .containsExactly(
                        "service web in cluster deepdive: ACTIVE",
                        "  task definition  arn:aws:ecs:us-east-1:123456789012:task-definition/web:4",
                        "  tasks            1 running, 1 pending, 2 desired",
                        "  deployment       PRIMARY web:4 IN_PROGRESS, 1 of 2 running",
                        "  deployment       ACTIVE web:3 COMPLETED, 0 of 0 running",
                        "  event            2025-01-01T10:00:02Z (service web) has started 1 tasks: (task 1b2c).",
                        "  event            2025-01-01T10:00:01Z b",
                        "  event            2025-01-01T10:00:00Z c");
        assertThat(status.runningCount()).isEqualTo(1);
        assertThat(status.sdk()).isSameAs(s);
    }

    @Test
    void registerFile_thatDoesNotExist_isAnIllegalArgumentNamingIt_andSendsNothing() {
        try (AwsKit aws = kit()) {
            Path missing = Path.of("no-such-dir", "web.json");
            assertThatThrownBy(() -> Ecs.of(aws).register(missing))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("No such task definition file: " + missing.toAbsolutePath());
        }
    }
}
