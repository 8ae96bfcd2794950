package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.CPUArchitecture;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.OSFamily;

/** Task definition, container, register and deploy settings: written once, checked together. No network. */
class EcsSettingsTest {
    private static TaskDefinition web() {
        return TaskDefinition.fargate("web")
                .container(c -> c.name("web").image("nginx:1.27"))
                .build();
    }

    @Test
    void taskDefinition_secondWriteNamesBothValues() {
        // before, each of these silently kept the last value
        assertThatThrownBy(() -> TaskDefinition.fargate("web").cpu("1 vCPU").cpu(512))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cpu was already set to 1024 CPU units; cannot set it to 512 CPU units");
        assertThatThrownBy(() -> TaskDefinition.fargate("web").memory("2 GB").memory("1 GB"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("memory was already set to 2048 MiB; cannot set it to 1024 MiB");
        assertThatThrownBy(() -> TaskDefinition.builder("web")
                        .networkMode(NetworkMode.BRIDGE)
                        .networkMode(NetworkMode.HOST))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("networkMode was already set to bridge; cannot set it to host");
        assertThatThrownBy(() -> TaskDefinition.fargate("web")
                        .executionRole("arn:aws:iam::123456789012:role/a")
                        .executionRole("arn:aws:iam::123456789012:role/b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("executionRole was already set to arn:aws:iam::123456789012:role/a; cannot set it to"
                        + " arn:aws:iam::123456789012:role/b");
        assertThatThrownBy(() -> TaskDefinition.fargate("web")
                        .taskRole("arn:aws:iam::123456789012:role/a")
                        .taskRole("arn:aws:iam::123456789012:role/a"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("taskRole was already set to arn:aws:iam::123456789012:role/a; cannot set it to"
                        + " arn:aws:iam::123456789012:role/a");
        assertThatThrownBy(() ->
                        TaskDefinition.fargate("web").logRegion("us-east-1").logRegion("eu-west-1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("logRegion was already set to us-east-1; cannot set it to eu-west-1");
        assertThatThrownBy(() ->
                        TaskDefinition.fargate("web").arm64().runtimePlatform(OSFamily.LINUX, CPUArchitecture.X86_64))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("runtimePlatform was already set to LINUX/ARM64; cannot set it to LINUX/X86_64");
        assertThatThrownBy(
                        () -> TaskDefinition.fargate("web").ephemeralStorage(30).ephemeralStorage(40))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ephemeralStorage was already set to 30 GiB; cannot set it to 40 GiB");
    }

    @Test
    void fargate_networkModeDefault_mayBeSetOnce() {
        TaskDefinition td = TaskDefinition.fargate("web")
                .networkMode(NetworkMode.AWSVPC)
                .container(c -> c.name("web").image("nginx:1.27"))
                .build();
        assertThat(td.toRequest().networkMode()).isEqualTo(NetworkMode.AWSVPC);
    }

    @Test
    void container_secondWriteNamesBothValues() {
        assertThatThrownBy(() -> TaskDefinition.fargate("web")
                        .container(c -> c.name("web").image("nginx:1.27").image("nginx:1.28")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("image was already set to nginx:1.27; cannot set it to nginx:1.28");
        assertThatThrownBy(() -> TaskDefinition.fargate("web")
                        .container(c -> c.name("web").name("api")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("name was already set to web; cannot set it to api");
        assertThatThrownBy(() -> TaskDefinition.fargate("web")
                        .container(c -> c.memory("512 MB").memory(256)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("memory was already set to 512 MiB; cannot set it to 256 MiB");
        assertThatThrownBy(() -> TaskDefinition.fargate("web")
                        .container(c -> c.command("a").command("b", "c")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("command was already set to [a]; cannot set it to [b, c]");
        assertThatThrownBy(() -> TaskDefinition.fargate("web")
                        .container(c -> c.essential(true).essential(false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("essential was already set to true; cannot set it to false");
        assertThatThrownBy(() -> TaskDefinition.fargate("web")
                        .container(c -> c.user("1000").user("root")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("user was already set to 1000; cannot set it to root");
    }

    @Test
    void container_awslogsAndLogConfiguration_areOneSetting() {
        // before, logConfiguration(...) silently dropped an earlier awslogs(...) and vice versa
        assertThatThrownBy(() -> TaskDefinition.fargate("web")
                        .container(c -> c.awslogs("web").logConfiguration(l -> l.logDriver("splunk"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("logging was already set to awslogs(web); cannot set it to logConfiguration(splunk)");
        assertThatThrownBy(() -> TaskDefinition.fargate("web")
                        .container(c -> c.awslogs("web").awslogs("api", "us-east-1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("logging was already set to awslogs(web); cannot set it to awslogs(api, us-east-1)");
    }

    @Test
    void container_sameEnvironmentVariableTwice_namesItButNotTheValues() {
        assertThatThrownBy(() -> TaskDefinition.fargate("web")
                        .container(c -> c.env("DB_PASSWORD", "hunter2").env("DB_PASSWORD", "hunter3")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("environment variable DB_PASSWORD was already set; cannot set it again (its values are"
                        + " not shown)");
    }

    @Test
    void registerRequest_needsATaskDefinition_andForceOnce() {
        assertThatThrownBy(() -> RegisterRequest.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a registration needs a task definition: .taskDefinition(td), e.g."
                        + " TaskDefinition.fargate(\"web\").container(...).build()");
        assertThatThrownBy(() -> RegisterRequest.builder().force().force())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("force() was already called; call it once");
        assertThatThrownBy(() -> RegisterRequest.builder().taskDefinition(web()).taskDefinition(web()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("taskDefinition was already set to family web; cannot set it to family web");
        RegisterRequest r =
                RegisterRequest.builder().taskDefinition(web()).force().build();
        assertThat(r.force()).isTrue();
        assertThat(r.toString()).isEqualTo("RegisterRequest{web, force}");
    }

    @Test
    void deployRequest_crossChecks() {
        assertThatThrownBy(() -> DeployRequest.builder()
                        .service("web")
                        .taskDefinition("web:3")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a deployment needs a cluster and a service: .cluster(\"deepdive\").service(\"web\")");
        assertThatThrownBy(() ->
                        DeployRequest.builder().cluster("c").service("web").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a deployment of service web needs a task definition: .taskDefinition(td) to register"
                        + " one, or .taskDefinition(\"family:revision\")");
        assertThatThrownBy(() -> DeployRequest.builder()
                        .cluster("c")
                        .service("web")
                        .taskDefinition("web:3")
                        .force()
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("force() registers a task definition despite validation errors, but web:3 is already"
                        + " registered: drop force(), or give the TaskDefinition");
        assertThatThrownBy(() -> DeployRequest.builder().taskDefinition("web:3").taskDefinition(web()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("taskDefinition was already set to web:3; cannot set it to family web");
        assertThatThrownBy(() -> DeployRequest.builder().taskDefinition(web()).taskDefinition("web:3"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("taskDefinition was already set to family web; cannot set it to web:3");
        assertThatThrownBy(() -> DeployRequest.builder().cluster("a").cluster("b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cluster was already set to a; cannot set it to b");
        assertThatThrownBy(() -> DeployRequest.builder()
                        .pollEvery(Duration.ofSeconds(1), Duration.ofSeconds(5))
                        .pollEvery(Duration.ofSeconds(2), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("pollEvery was already set to (PT1S, PT5S); cannot set it to (PT2S, PT5S)");
        DeployRequest d = DeployRequest.builder()
                .cluster("deepdive")
                .service("web")
                .taskDefinition(web())
                .build();
        assertThat(d.toString()).isEqualTo("DeployRequest{service web in cluster deepdive to a new revision of web}");
    }
}
