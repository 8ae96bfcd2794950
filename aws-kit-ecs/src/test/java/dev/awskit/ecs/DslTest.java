package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerCondition;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.UlimitName;

class DslTest {
    static final String EXEC = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole";

    static TaskDefinition web() {
        return TaskDefinition.fargate("web")
                .cpu("1 vCPU")
                .memory("2 GB")
                .executionRole(EXEC)
                .taskRole("arn:aws:iam::123456789012:role/web")
                .logRegion("us-east-1")
                .volume("tmp")
                .ephemeralStorage(30)
                .arm64()
                .container(c -> c.name("web")
                        .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.2")
                        .port("http", 8080)
                        .awslogs("web")
                        .readonlyRootFilesystem(true)
                        .mount("tmp", "/tmp")
                        .env("MODE", "production")
                        .secret(
                                "DB_PASSWORD",
                                "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::")
                        .healthCheckShell("curl -f http://localhost:8080/health || exit 1")
                        .ulimit(UlimitName.NOFILE, 65535, 65535)
                        .dependsOn("migrate", ContainerCondition.SUCCESS))
                .container(c -> c.name("migrate")
                        .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.2")
                        .command("bin/migrate")
                        .essential(false)
                        .awslogs("web")
                        .readonlyRootFilesystem(true))
                .build();
    }

    @Test
    void fargate_withStringSizes_isValidWithNoFindings() {
        TaskDefinition td = web();
        assertThat(td.cpu()).contains("1024");
        assertThat(td.memory()).contains("2048");
        assertThat(td.isFargate()).isTrue();
        assertThat(td.validate().findings()).isEmpty();
    }

    @Test
    void awslogs_usesGroupRegionAndContainerNameAsPrefix() {
        ContainerDefinition c = web().container("web").orElseThrow();
        assertThat(c.logConfiguration().logDriverAsString()).isEqualTo("awslogs");
        assertThat(c.logConfiguration().options())
                .containsEntry("awslogs-group", "web")
                .containsEntry("awslogs-region", "us-east-1")
                .containsEntry("awslogs-stream-prefix", "web");
        assertThat(c.essential()).isTrue();
    }

    @Test
    void toJson_readsBackToTheSameModel() {
        TaskDefinition td = web();
        assertThat(TaskDefinition.fromJson(td.toJson())).isEqualTo(td);
        assertThat(td.toJson()).contains("\"cpu\": \"1024\"").contains("\"logDriver\": \"awslogs\"");
    }

    @Test
    void fargatePreset_defaultsToSmallestSize() {
        TaskDefinition td = TaskDefinition.fargate("tiny")
                .container(c -> c.name("app").image("busybox"))
                .build();
        assertThat(td.cpu()).contains("256");
        assertThat(td.memory()).contains("512");
        assertThat(td.toRequest().networkModeAsString()).isEqualTo("awsvpc");
    }

    @Test
    void withImage_rendersANewImageIntoOneContainer_andDiffShowsIt() {
        TaskDefinition before = web();
        TaskDefinition after = before.withImage("web", "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.3");
        TaskDefinitionDiff diff = TaskDefinitions.diff(before, after);
        assertThat(diff.changes()).hasSize(1);
        assertThat(diff.toString())
                .isEqualTo("~ /containerDefinitions/0/image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.2 ->"
                        + " 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.3");
        assertThat(after.container("migrate").orElseThrow().image()).endsWith("web:1.2");
        assertThat(TaskDefinitions.diff(before, before).isEmpty()).isTrue();
    }

    @Test
    void withImage_whenNoSuchContainer_namesTheContainers() {
        assertThatThrownBy(() -> web().withImage("api", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No container named 'api' in task definition web; containers: [web, migrate]");
    }

    @Test
    void setters_rejectBadValuesAtOnce() {
        assertThatThrownBy(() -> TaskDefinition.fargate("web").cpu("1 core"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cpu '1 core' is not a cpu value; write CPU units (\"1024\") or vCPUs (\"1 vCPU\")");
        assertThatThrownBy(() -> TaskDefinition.fargate("web").memory("2 TB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("memory '2 TB' is not a memory size; write MiB (\"2048\") or GB (\"2 GB\")");
        assertThatThrownBy(() -> TaskDefinition.fargate("my web"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("family 'my web' is invalid: up to 255 letters, numbers, hyphens and underscores");
        assertThatThrownBy(() -> TaskDefinition.fargate("web").ephemeralStorage(20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ephemeralStorage must be 21-200 GiB, was 20");
        assertThatThrownBy(() -> TaskDefinition.fargate("web").container(c -> c.port(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be 1-65535, was 0");
        assertThatThrownBy(() -> TaskDefinition.fargate("web").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("task definition web needs a container: .container(c -> c.name(..).image(..))");
        assertThatThrownBy(() -> TaskDefinition.fargate("web")
                        .container(c -> c.name("x"))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("container x needs an image: c.image(\"nginx:1.27\")");
    }

    @Test
    void healthCheckShell_withTiming() {
        TaskDefinition td = TaskDefinition.fargate("web")
                .container(c -> c.name("web")
                        .image("nginx")
                        .healthCheckShell(
                                "curl -f http://localhost/ || exit 1",
                                Duration.ofSeconds(10),
                                Duration.ofSeconds(3),
                                2,
                                Duration.ofMinutes(2)))
                .build();
        var hc = td.container("web").orElseThrow().healthCheck();
        assertThat(hc.command()).containsExactly("CMD-SHELL", "curl -f http://localhost/ || exit 1");
        assertThat(hc.interval()).isEqualTo(10);
        assertThat(hc.startPeriod()).isEqualTo(120);
    }

    @Test
    void sizes_parseTheFormsAwsAccepts() {
        assertThat(TaskDefinitions.cpuUnits(".25 vCPU")).isEqualTo(256);
        assertThat(TaskDefinitions.cpuUnits("0.5 vcpu")).isEqualTo(512);
        assertThat(TaskDefinitions.cpuUnits("1 vCpu")).isEqualTo(1024);
        assertThat(TaskDefinitions.cpuUnits("4096")).isEqualTo(4096);
        assertThat(TaskDefinitions.memoryMiB("2 gb")).isEqualTo(2048);
        assertThat(TaskDefinitions.memoryMiB("0.5 GB")).isEqualTo(512);
        assertThat(TaskDefinitions.memoryMiB("512 MiB")).isEqualTo(512);
        assertThat(TaskDefinitions.isFargateSize(256, 2048)).isTrue();
        assertThat(TaskDefinitions.isFargateSize(256, 4096)).isFalse();
        assertThat(TaskDefinitions.isFargateSize(16384, 122880)).isTrue();
        assertThat(TaskDefinitions.isFargateSize(16384, 36864)).isFalse();
        assertThatThrownBy(() -> TaskDefinitions.cpuUnits("0.1 vCPU"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cpu '0.1 vCPU' is not a cpu value");
    }

    @Test
    void diff_matchesNamedEntriesByName_andNeverPrintsASecret() {
        TaskDefinition before = TaskDefinition.builder("web")
                .container(c -> c.name("web")
                        .image("nginx")
                        .memory(128)
                        .env("A", "1")
                        .env("DB_PASSWORD", "hunter2")
                        .env("B", "2"))
                .build();
        TaskDefinition after = TaskDefinition.builder("web")
                .container(c ->
                        c.name("web").image("nginx").memory(128).env("A", "1").env("B", "3"))
                .build();
        assertThat(TaskDefinitions.diff(before, after).toString())
                .isEqualTo("- /containerDefinitions/0/environment/1: {\"name\":\"DB_PASSWORD\",\"value\":\"****\"}"
                        + System.lineSeparator()
                        + "~ /containerDefinitions/0/environment/1/value: 2 -> 3");
    }
}
