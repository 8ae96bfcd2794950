package dev.awskit.ecs;

import dev.awskit.ecs.internal.EcsCalls;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.Service;

/** One ECS service: create it, scale it, deploy a new revision and wait until it is steady. */
public final class EcsService {
    private final Ecs ecs;
    private final EcsCluster cluster;
    private final String name;

    EcsService(Ecs ecs, EcsCluster cluster, String name) {
        this.ecs = ecs;
        this.cluster = cluster;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public EcsCluster cluster() {
        return cluster;
    }

    /**
     * Creates the service (aws ecs create-service) with the deployment circuit breaker on (with
     * rollback), so a revision whose tasks keep stopping fails the rollout instead of retrying
     * forever. Returns the service ARN.
     */
    public String create(String taskDefinition, int desiredCount) {
        return create(taskDefinition, desiredCount, b -> {});
    }

    /** Creates the service; {@code more} sets launch type, network configuration, load balancers... */
    public String create(String taskDefinition, int desiredCount, Consumer<CreateServiceRequest.Builder> more) {
        CreateServiceRequest.Builder b = CreateServiceRequest.builder()
                .cluster(cluster.name())
                .serviceName(name)
                .taskDefinition(taskDefinition)
                .desiredCount(desiredCount)
                .deploymentConfiguration(
                        d -> d.deploymentCircuitBreaker(c -> c.enable(true).rollback(true)));
        more.accept(b);
        CreateServiceRequest r = b.build();
        return EcsCalls.call(
                        ecs.kit(),
                        "CreateService " + name + " in cluster " + cluster.name(),
                        "Check the cluster, the task definition and (for awsvpc) the network configuration",
                        () -> ecs.client().createService(r))
                .service()
                .serviceArn();
    }

    /** Creates the service from a registered task definition; Fargate definitions get launch type FARGATE. */
    public String create(
            RegisteredTaskDefinition taskDefinition, int desiredCount, Consumer<CreateServiceRequest.Builder> more) {
        return create(taskDefinition.arn(), desiredCount, b -> {
            if (taskDefinition.taskDefinition().isFargate()) {
                b.launchType(LaunchType.FARGATE);
            }
            more.accept(b);
        });
    }

    /** Sets the desired count (aws ecs update-service --desired-count). */
    public Service scale(int desiredCount) {
        if (desiredCount < 0) {
            throw new IllegalArgumentException("desiredCount must be >= 0, was " + desiredCount);
        }
        return EcsCalls.call(
                        ecs.kit(),
                        "UpdateService " + name + " (desired count " + desiredCount + ") in cluster " + cluster.name(),
                        "Check the service name (aws ecs list-services --cluster " + cluster.name() + ")",
                        () -> ecs.client()
                                .updateService(b ->
                                        b.cluster(cluster.name()).service(name).desiredCount(desiredCount)))
                .service();
    }

    /**
     * The service as ECS describes it now (aws ecs describe-services): counts, deployments and the
     * newest events, printed as a few lines; {@link ServiceStatus#sdk()} has the SDK's answer.
     */
    public ServiceStatus describe() {
        return new ServiceStatus(DeployStep.describe(ecs, cluster.name(), name), cluster.name());
    }

    /**
     * Registers {@code td} (validating it first) and points the service at the new revision.
     * Follow with {@link DeployStep#awaitSteady}.
     */
    public DeployStep deploy(TaskDefinition td) {
        Objects.requireNonNull(td, "td");
        RegisteredTaskDefinition registered = ecs.register(td);
        return deploy(registered.arn());
    }

    /** Points the service at an already registered task definition (ARN or family:revision). */
    public DeployStep deploy(String taskDefinition) {
        long started = System.nanoTime();
        java.time.Instant startedAt = java.time.Instant.now();
        Service s = EcsCalls.call(
                        ecs.kit(),
                        "UpdateService " + name + " (task definition " + taskDefinition + ") in cluster "
                                + cluster.name(),
                        "Check the service name and the task definition",
                        () -> ecs.client()
                                .updateService(b ->
                                        b.cluster(cluster.name()).service(name).taskDefinition(taskDefinition)))
                .service();
        String arn = s.taskDefinition() != null ? s.taskDefinition() : taskDefinition;
        return new DeployStep(ecs, cluster.name(), name, arn, started, startedAt);
    }

    /** Deletes the service (aws ecs delete-service --force): scales to 0 and removes it. */
    public Service delete() {
        return EcsCalls.call(
                        ecs.kit(), "DeleteService " + name + " in cluster " + cluster.name(), "", () -> ecs.client()
                                .deleteService(b ->
                                        b.cluster(cluster.name()).service(name).force(true)))
                .service();
    }

    @Override
    public String toString() {
        return "EcsService[" + name + " in cluster " + cluster.name() + ", "
                + ecs.kit().summary("ecs") + "]";
    }
}
