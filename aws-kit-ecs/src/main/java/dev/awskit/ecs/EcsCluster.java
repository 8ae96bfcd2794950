package dev.awskit.ecs;

import dev.awskit.ecs.internal.EcsCalls;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ecs.model.CreateClusterResponse;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.StartTaskRequest;
import software.amazon.awssdk.services.ecs.model.StartTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;

/** One ECS cluster: create / delete it, run, start and stop tasks, and reach its services. */
public final class EcsCluster {
    private final Ecs ecs;
    private final String name;

    EcsCluster(Ecs ecs, String name) {
        this.ecs = ecs;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Creates the cluster (aws ecs create-cluster); creating an existing one returns it. Returns its ARN. */
    public String create() {
        CreateClusterResponse r = EcsCalls.call(
                ecs.kit(), "CreateCluster " + name, "Check that you may call ecs:CreateCluster", () -> ecs.client()
                        .createCluster(b -> b.clusterName(name)));
        return r.cluster().clusterArn();
    }

    /** Whether the cluster exists and is ACTIVE. */
    public boolean exists() {
        DescribeClustersResponse r = EcsCalls.call(
                ecs.kit(), "DescribeClusters " + name, "", () -> ecs.client().describeClusters(b -> b.clusters(name)));
        return r.clusters().stream().anyMatch(c -> "ACTIVE".equals(c.status()));
    }

    /** Deletes the cluster (aws ecs delete-cluster); it must have no services or instances left. */
    public String delete() {
        return EcsCalls.call(
                        ecs.kit(),
                        "DeleteCluster " + name,
                        "Delete its services and deregister its container instances first",
                        () -> ecs.client().deleteCluster(b -> b.cluster(name)))
                .cluster()
                .clusterArn();
    }

    /** Runs {@code count} tasks of {@code taskDefinition} (family, family:revision or ARN). */
    public RunTaskReport runTask(String taskDefinition, int count) {
        return runTask(taskDefinition, b -> b.count(count));
    }

    /** Runs tasks; {@code more} sets launch type, network configuration, overrides... */
    public RunTaskReport runTask(String taskDefinition, Consumer<RunTaskRequest.Builder> more) {
        RunTaskRequest.Builder b = RunTaskRequest.builder().cluster(name).taskDefinition(taskDefinition);
        more.accept(b);
        return runTask(b.build());
    }

    /** Runs tasks with a complete request (its cluster is set to this one). */
    public RunTaskReport runTask(RunTaskRequest request) {
        RunTaskRequest r = request.toBuilder().cluster(name).build();
        RunTaskResponse resp = EcsCalls.call(
                ecs.kit(),
                "RunTask " + r.taskDefinition() + " in cluster " + name,
                "Check the cluster, the task definition and (for awsvpc) the network configuration",
                () -> ecs.client().runTask(r));
        return report(resp.tasks(), resp.failures());
    }

    /** Starts a task on the given container instances (aws ecs start-task). */
    public RunTaskReport startTask(String taskDefinition, String... containerInstances) {
        return startTask(taskDefinition, b -> b.containerInstances(Arrays.asList(containerInstances)));
    }

    public RunTaskReport startTask(String taskDefinition, Consumer<StartTaskRequest.Builder> more) {
        StartTaskRequest.Builder b = StartTaskRequest.builder().cluster(name).taskDefinition(taskDefinition);
        more.accept(b);
        StartTaskRequest r = b.build();
        StartTaskResponse resp = EcsCalls.call(
                ecs.kit(),
                "StartTask " + taskDefinition + " in cluster " + name,
                "Check the container instance ARNs (aws ecs list-container-instances)",
                () -> ecs.client().startTask(r));
        return report(resp.tasks(), resp.failures());
    }

    /** Stops a task (aws ecs stop-task); returns the task as ECS reports it. */
    public Task stopTask(String taskArn, String reason) {
        Objects.requireNonNull(taskArn, "taskArn");
        return EcsCalls.call(
                        ecs.kit(),
                        "StopTask " + taskArn + " in cluster " + name,
                        "Check the task ARN (aws ecs list-tasks --cluster " + name + ")",
                        () -> ecs.client()
                                .stopTask(b -> b.cluster(name).task(taskArn).reason(reason)))
                .task();
    }

    /** Task ARNs of the cluster (aws ecs list-tasks), lazily over all pages. */
    public Stream<String> tasks() {
        return EcsCalls.stream(
                ecs.kit(),
                "ListTasks in cluster " + name,
                "Check the cluster name (aws ecs list-clusters)",
                () -> ecs.client().listTasksPaginator(b -> b.cluster(name)).taskArns().stream());
    }

    /** A service of this cluster; nothing is called until you act on it. */
    public EcsService service(String serviceName) {
        return new EcsService(ecs, this, Objects.requireNonNull(serviceName, "serviceName"));
    }

    private static RunTaskReport report(List<Task> tasks, List<Failure> failures) {
        List<String> arns = new ArrayList<>();
        tasks.forEach(t -> arns.add(t.taskArn()));
        List<String> f = new ArrayList<>();
        failures.forEach(x -> f.add((x.arn() == null ? "" : x.arn() + ": ")
                + x.reason()
                + (x.detail() == null ? "" : " (" + x.detail() + ")")));
        return RunTaskReport.of(arns, f);
    }

    @Override
    public String toString() {
        return "EcsCluster[" + name + ", " + ecs.kit().summary("ecs") + "]";
    }
}
