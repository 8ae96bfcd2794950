package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.Finding;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Register, describe, diff, clusters, services and tasks against an independent server: moto (started by
 * scripts/emulators, ECS and EC2 on one endpoint) or {@code AWSKIT_IT_ENDPOINT}.
 *
 * <p>What moto does not model, and where it is covered instead: moto runs no containers (a task is
 * "RUNNING" at once and nothing starts), crashes with HTTP 500 on a Fargate RunTask (moto 5.2.1, with or
 * without a network configuration: so tasks here are run on an EC2 container instance), keeps a service's
 * first deployment when UpdateService changes the task definition (AWS starts a new PRIMARY deployment),
 * takes a service's running count from {@code MOTO_ECS_SERVICE_RUNNING} ({@link EcsMotoSteadyIT} starts a
 * moto of its own with it), and checks little of a task definition (name, image, memory: see
 * {@link #register_whatMotoValidates_theValidatorReportsFirst}). Deployments that progress, fail or roll
 * back are {@link EcsDeployIT}'s, against a fake that follows the ECS API reference.
 */
@UsesServer(Service.ECS)
class EcsMotoIT {

    static TaskDefinition web(String family, String image) {
        return TaskDefinition.fargate(family)
                .cpu("1 vCPU")
                .memory("2 GB")
                .executionRole("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
                .tag("team", "web")
                .container(c -> c.name("web")
                        .image(image)
                        .port(80)
                        .env("LOG_LEVEL", "info")
                        .env("DB_PASSWORD", "not-a-real-secret-1")
                        .awslogs("web", "us-east-1")
                        .readonlyRootFilesystem(true))
                .build();
    }

    /** A bridge-mode definition for the EC2 launch type (moto runs tasks only on container instances). */
    static TaskDefinition worker(String family) {
        return TaskDefinition.builder(family)
                .container(c -> c.name("worker")
                        .image("busybox:1.36")
                        .memory(128)
                        .command("sleep", "360")
                        .awslogs("worker", "us-east-1")
                        .readonlyRootFilesystem(true))
                .build();
    }

    static void deregisterLater(AwsKit aws, TestResources res, String arn) {
        res.afterwards(() -> aws.client(EcsClient.class).deregisterTaskDefinition(b -> b.taskDefinition(arn)));
    }

    @Test
    void register_requestValueAndPlainCall_registerTheSameDefinition(AwsKit aws, TestResources res) {
        Ecs ecs = Ecs.of(aws);
        String family = res.name();
        TaskDefinition td = web(family, "nginx:1.27");

        RegisteredTaskDefinition plain = ecs.register(td);
        deregisterLater(aws, res, plain.arn());
        RegisteredTaskDefinition request = ecs.register(r -> r.taskDefinition(td));
        deregisterLater(aws, res, request.arn());

        assertThat(request.revision()).isEqualTo(plain.revision() + 1);
        assertThat(ecs.diff(plain.arn(), request.arn()).isEmpty())
                .as(ecs.diff(plain.arn(), request.arn()).toString())
                .isTrue();
    }

    @Test
    void register_thenDescribe_givesTheSameDefinition_andDiffShowsOnlyTheNewImage(AwsKit aws, TestResources res) {
        Ecs ecs = Ecs.of(aws);
        String family = res.name();
        TaskDefinition td = web(family, "nginx:1.27");

        RegisteredTaskDefinition first = ecs.register(td);
        deregisterLater(aws, res, first.arn());
        RegisteredTaskDefinition second = ecs.register(td.withImage("web", "nginx:1.28"));
        deregisterLater(aws, res, second.arn());

        assertThat(first.family()).isEqualTo(family);
        assertThat(first.arn()).endsWith(":task-definition/" + family + ":" + first.revision());
        assertThat(second.revision()).isEqualTo(first.revision() + 1);
        assertThat(first.report().isValid()).isTrue();

        // the server answers with empty lists and defaults (moto: "cpu": 0, "environment"/"mountPoints"/
        // "volumesFrom"/"volumes"/"placementConstraints": []): described back, nothing changed
        RegisteredTaskDefinition described = ecs.describe(first.arn());
        assertThat(described.status()).isEqualTo("ACTIVE");
        assertThat(TaskDefinitions.diff(td, described.taskDefinition()).toString())
                .isEqualTo("no changes");
        assertThat(described.taskDefinition().toJson())
                .doesNotContain("\"revision\"")
                .doesNotContain("\"compatibilities\"");
        assertThat(described.report().errors()).isEmpty();

        assertThat(ecs.diff(first.arn(), second.arn()).toString())
                .isEqualTo("~ /containerDefinitions/0/image: nginx:1.27 -> nginx:1.28");
        assertThat(ecs.families().collect(Collectors.toList())).contains(family);
    }

    @Test
    void diff_ofAChangedSecretValue_isReportedMasked(AwsKit aws, TestResources res) {
        Ecs ecs = Ecs.of(aws);
        String family = res.name();
        TaskDefinition td = web(family, "nginx:1.27");
        RegisteredTaskDefinition first = ecs.register(td);
        deregisterLater(aws, res, first.arn());
        // from the model, not from first.taskDefinition(): moto's RegisterTaskDefinition answer leaves the
        // tags out (AWS returns them), which would show as a removed tag
        TaskDefinition rotated = td.with(b -> b.containerDefinitions(td.container("web").orElseThrow().toBuilder()
                .environment(
                        KeyValuePair.builder().name("LOG_LEVEL").value("info").build(),
                        KeyValuePair.builder()
                                .name("DB_PASSWORD")
                                .value("not-a-real-secret-2")
                                .build())
                .build()));
        RegisteredTaskDefinition second = ecs.register(rotated);
        deregisterLater(aws, res, second.arn());

        TaskDefinitionDiff diff = ecs.diff(first.arn(), second.arn());

        assertThat(diff.toString())
                .isEqualTo("~ /containerDefinitions/0/environment/1/value: **** -> ****")
                .doesNotContain("not-a-real-secret");
    }

    @Test
    void register_whenInvalid_refusesWithoutCalling_andNamesTheRegion(AwsKit aws, Target target, TestResources res) {
        Ecs ecs = Ecs.of(aws);
        TaskDefinition broken = web(res.name(), "nginx:1.27").with(b -> b.memory("1024")); // 1 vCPU: 2-8 GB

        assertThatThrownBy(() -> ecs.register(broken))
                .isInstanceOf(TaskDefinitionInvalidException.class)
                .hasMessageStartingWith("Task definition " + broken.family() + " was not registered in region "
                        + target.region() + ": AWS would reject it or its tasks would fail.")
                .hasMessageContaining("ERROR fargate.cpu-memory at /memory: No Fargate configuration exists for"
                        + " given values: 1024 CPU, 1024 memory.");
        assertThat(ecs.families().collect(Collectors.toList())).doesNotContain(broken.family());
    }

    /**
     * Where moto validates RegisterTaskDefinition (a container's name and image, memory for EC2), it
     * rejects what the validator reports as an error, and a forced registration carries its message out
     * as an AwsKitException naming the family and region. moto does not check the other rules (Fargate
     * sizes, {@code "tags": []}, image characters, credentialsParameter): those follow the API reference
     * and AWS's answers, in RuleTest and ValidatorDefectsTest.
     */
    @Test
    void register_whatMotoValidates_theValidatorReportsFirst(AwsKit aws, Target target, TestResources res) {
        Ecs ecs = Ecs.of(aws);
        String family = res.name();
        TaskDefinition noImage = TaskDefinition.fromJson("{\"family\": \"" + family + "\", \"containerDefinitions\":"
                + " [{\"name\": \"web\", \"memory\": 128}]}");
        assertThat(noImage.validate().byRule("container.image")).hasSize(1);

        assertThatThrownBy(() -> ecs.register(noImage, RegisterOptions.force()))
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith(
                        "RegisterTaskDefinition of family " + family + " failed in region " + target.region() + ": ")
                .hasMessageContaining("image")
                .hasMessageEndingWith(
                        "Check the execution/task roles and that you may call ecs:RegisterTaskDefinition");
    }

    /**
     * {@code "tags": []}: AWS answers "ClientException: Tags can not be empty." and the validator says so
     * first; moto registers it (a moto gap: it does not validate tags). Against AWSKIT_IT_ENDPOINT the
     * forced registration must fail as AWS does.
     */
    @Test
    void register_emptyTags_isAnError_thatAwsRejects_andMotoDoesNot(AwsKit aws, Target target, TestResources res) {
        Ecs ecs = Ecs.of(aws);
        TaskDefinition emptyTags = web(res.name(), "nginx:1.27").with(b -> b.tags(List.of()));
        assertThat(emptyTags.validate().byRule("tags.value"))
                .extracting(Finding::message)
                .containsExactly("Tags can not be empty.");
        assertThatThrownBy(() -> ecs.register(emptyTags)).isInstanceOf(TaskDefinitionInvalidException.class);

        if (target.kind() == Target.Kind.LOCAL_EMULATOR) {
            RegisteredTaskDefinition r = ecs.register(emptyTags, RegisterOptions.force());
            deregisterLater(aws, res, r.arn());
            assertThat(r.revision()).isPositive(); // moto accepts what AWS rejects
        } else {
            assertThatThrownBy(() -> ecs.register(emptyTags, RegisterOptions.force()))
                    .isInstanceOf(AwsKitException.class)
                    .hasMessageContaining("Tags can not be empty");
        }
    }

    @Test
    void clusters_createListDelete(AwsKit aws, TestResources res) {
        Ecs ecs = Ecs.of(aws);
        String name = res.name();

        String arn = ecs.cluster(name).create();
        res.afterwards(() -> ecs.cluster(name).delete());

        assertThat(arn).endsWith(":cluster/" + name);
        assertThat(ecs.cluster(name).exists()).isTrue();
        assertThat(ecs.clusters().collect(Collectors.toList())).contains(arn);
        assertThat(ecs.cluster(name).delete()).isEqualTo(arn);
        assertThat(ecs.cluster(name).exists()).isFalse();
    }

    @Test
    void service_createScaleDeployDelete(AwsKit aws, TestResources res) {
        Ecs ecs = Ecs.of(aws);
        String family = res.name();
        EcsCluster cluster = ecs.cluster(res.name());
        cluster.create();
        res.afterwards(cluster::delete);
        RegisteredTaskDefinition first = ecs.register(web(family, "nginx:1.27"));
        deregisterLater(aws, res, first.arn());
        EcsService service = cluster.service("web");

        String arn = service.create(first, 2, b -> {});
        res.afterwards(service::delete);

        assertThat(arn).endsWith("/" + cluster.name() + "/web").contains(":service/");
        software.amazon.awssdk.services.ecs.model.Service described =
                service.describe().sdk();
        assertThat(described.taskDefinition()).isEqualTo(first.arn());
        assertThat(described.desiredCount()).isEqualTo(2);
        assertThat(described.launchType()).isEqualTo(LaunchType.FARGATE);
        // moto does not answer with the deploymentConfiguration (circuit breaker) the request set

        assertThat(service.scale(3).desiredCount()).isEqualTo(3);

        RegisteredTaskDefinition second = ecs.register(web(family, "nginx:1.28"));
        deregisterLater(aws, res, second.arn());
        DeployStep step = service.deploy(second.arn());
        assertThat(step.taskDefinitionArn()).isEqualTo(second.arn());
        assertThat(service.describe().taskDefinition()).isEqualTo(second.arn());
        // awaitSteady is not asserted here: moto never starts a new deployment for the new revision
        // (and no task runs); EcsDeployIT covers rollouts that complete, stall and fail

        assertThat(service.delete().serviceName()).isEqualTo("web");
    }

    @Test
    void runTask_onAContainerInstance_reportsTheTask_andStopTaskStopsIt(AwsKit aws, Target target, TestResources res) {
        // a container instance needs a real EC2 instance with the ECS agent; on moto an instance id is enough
        Assumptions.assumeTrue(
                target.kind() == Target.Kind.LOCAL_EMULATOR,
                "registering a container instance from an instance identity document works on moto only;"
                        + " on AWS run tasks on Fargate in a VPC (EcsRunTask needs a network configuration)");
        Ecs ecs = Ecs.of(aws);
        EcsCluster cluster = ecs.cluster(res.name());
        cluster.create();
        res.afterwards(cluster::delete);
        String containerInstance = containerInstance(aws, res, cluster.name());
        RegisteredTaskDefinition worker = ecs.register(worker(res.name()));
        deregisterLater(aws, res, worker.arn());

        RunTaskReport run =
                cluster.runTask(worker.familyRevision(), b -> b.count(1).launchType(LaunchType.EC2));

        assertThat(run.allStarted()).isTrue();
        assertThat(run.failures()).isEmpty();
        assertThat(run.taskArns()).singleElement().asString().contains(":task/" + cluster.name() + "/");
        String task = run.taskArns().get(0);
        assertThat(cluster.tasks().collect(Collectors.toList())).contains(task);

        RunTaskReport started = cluster.startTask(worker.familyRevision(), containerInstance);
        assertThat(started.allStarted()).isTrue();
        assertThat(started.taskArns()).hasSize(1);

        Task stopped = cluster.stopTask(task, "done by EcsMotoIT");
        assertThat(stopped.desiredStatus()).isEqualTo("STOPPED");
        assertThat(stopped.stoppedReason()).isEqualTo("done by EcsMotoIT");
        cluster.stopTask(started.taskArns().get(0), "done by EcsMotoIT");
    }

    @Test
    void runTask_ofAnUnknownDefinition_failsNamingTheClusterAndRegion(AwsKit aws, Target target, TestResources res) {
        Ecs ecs = Ecs.of(aws);
        EcsCluster cluster = ecs.cluster(res.name());
        cluster.create();
        res.afterwards(cluster::delete);
        String missing = res.name() + ":1";

        assertThatThrownBy(() -> cluster.runTask(missing, 1))
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith(
                        "RunTask " + missing + " in cluster " + cluster.name() + " failed in region " + target.region())
                .hasMessageEndingWith(
                        "Check the cluster, the task definition and (for awsvpc) the network configuration");
    }

    /** A lazy listing fails while it is consumed: as an AwsKitException, never a raw SDK exception. */
    @Test
    void tasks_ofAClusterThatDoesNotExist_failAsAwsKitExceptionNamingTheCluster(
            AwsKit aws, Target target, TestResources res) {
        EcsCluster missing = Ecs.of(aws).cluster(res.name());

        assertThatThrownBy(() -> missing.tasks().count())
                .isExactlyInstanceOf(AwsKitException.class)
                .hasMessageStartingWith(
                        "ListTasks in cluster " + missing.name() + " failed in region " + target.region() + ": ")
                .hasMessageContaining("ClusterNotFoundException")
                .hasMessageEndingWith("Check the cluster name (aws ecs list-clusters)")
                .hasCauseInstanceOf(software.amazon.awssdk.services.ecs.model.ClusterNotFoundException.class);
    }

    /** Registers a moto EC2 instance as a container instance of {@code cluster}; returns its ARN. */
    static String containerInstance(AwsKit aws, TestResources res, String cluster) {
        Ec2Client ec2 = aws.client(Ec2Client.class);
        // an ECS-optimized AMI from moto's catalogue, filtered by name: the whole catalogue is slow to list
        String image = ec2.describeImages(b -> b.owners("amazon")
                        .filters(Filter.builder()
                                .name("name")
                                .values("amzn2-ami-ecs-hvm-2.0.2025*-x86_64-ebs")
                                .build()))
                .images()
                .get(0)
                .imageId();
        String instance = ec2.runInstances(
                        b -> b.imageId(image).minCount(1).maxCount(1).instanceType("t3.micro"))
                .instances()
                .get(0)
                .instanceId();
        res.afterwards(() -> ec2.terminateInstances(b -> b.instanceIds(instance)));
        String document = "{\"instanceId\": \"" + instance + "\", \"region\": \""
                + aws.region().id() + "\", \"accountId\": \"123456789012\"}";
        EcsClient client = aws.client(EcsClient.class);
        String arn = client.registerContainerInstance(b -> b.cluster(cluster).instanceIdentityDocument(document))
                .containerInstance()
                .containerInstanceArn();
        res.afterwards(() -> client.deregisterContainerInstance(
                b -> b.cluster(cluster).containerInstance(arn).force(true)));
        return arn;
    }
}
