package dev.awskit.ecs;

import dev.awskit.core.internal.Setting;
import dev.awskit.ecs.internal.DefaultWebService;
import dev.awskit.net.VpcModel;
import dev.awskit.net.VpcPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A Fargate service behind an Application Load Balancer, in one call: what seed 001 clicks through
 * the console for (security groups, load balancer, target group of type {@code ip}, listener, cluster,
 * service in the private subnets), and the "why" when its tasks stay PENDING or stop.
 *
 * <pre>{@code
 * WebServiceReport r = Ecs.of(aws).webService("chat")
 *     .taskDefinition(td).port(8080).desiredCount(2)
 *     .behindLoadBalancer(lb -> lb.listen(80).healthCheck("/health"))
 *     .in(plan)                  // a VpcPlan (applied first), a described VpcModel, or "vpc-..."
 *     .deploy();
 * ws.explain();                  // why it would not (or does not) work, read-only
 * ws.awaitSteady(Duration.ofMinutes(10));
 * ws.destroy();                  // service, listener, target group, load balancer, groups
 * }</pre>
 *
 * <p>Every setting may be written once (a second write is an {@link IllegalStateException} naming
 * both values). Resources are found by name ({@code <name>-alb}, {@code <name>-tg}, groups {@code
 * <name>-alb} and {@code <name>-tasks}) and tagged {@code awskit:web-service=<name>}. Not
 * thread-safe.
 */
public final class WebService {
    private final Ecs ecs;
    private final String name;
    private final Setting<TaskDefinition> taskDefinition = Setting.of("taskDefinition", null, TaskDefinition::family);
    private final Setting<String> registered = Setting.of("taskDefinition");
    private final Setting<Integer> port = Setting.of("port");
    private final Setting<Integer> desiredCount = Setting.of("desiredCount", 1);
    private final Setting<String> cluster = Setting.of("cluster", "default");
    private final Setting<String> container = Setting.of("container");
    private final Setting<LoadBalancerSpec> loadBalancer =
            Setting.of("behindLoadBalancer", LoadBalancerSpec.builder().build());
    private final Setting<Object> vpc = Setting.of("in", null, WebService::showVpc);
    private final Setting<Duration> deleteTimeout = Setting.of("deleteTimeout", Duration.ofMinutes(10));

    WebService(Ecs ecs, String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,254}")) {
            throw new IllegalArgumentException("a web service name has 1 to 255 letters, digits, - and _ (an ECS"
                    + " service name), got '" + name + "'");
        }
        this.ecs = ecs;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The task definition to run: registered when the service is created (validated first). */
    public WebService taskDefinition(TaskDefinition td) {
        Objects.requireNonNull(td, "taskDefinition");
        if (registered.isSet()) {
            throw Setting.alreadySet("taskDefinition", registered.get(), td.family());
        }
        taskDefinition.set(td);
        return this;
    }

    /** A registered task definition: family (latest ACTIVE revision), family:revision or ARN. */
    public WebService taskDefinition(String registeredTaskDefinition) {
        Objects.requireNonNull(registeredTaskDefinition, "taskDefinition");
        if (taskDefinition.isSet()) {
            throw Setting.alreadySet("taskDefinition", taskDefinition.get().family(), registeredTaskDefinition);
        }
        registered.set(registeredTaskDefinition);
        return this;
    }

    /** The container port the load balancer sends to (it must be in the container's port mappings). */
    public WebService port(int containerPort) {
        if (containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("port takes a container port from 1 to 65535, got " + containerPort);
        }
        port.set(containerPort);
        return this;
    }

    /** How many tasks to run; default 1. */
    public WebService desiredCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("desiredCount must be 0 or more, got " + count);
        }
        desiredCount.set(count);
        return this;
    }

    /** The ECS cluster (created if missing); default {@code default}, as for the CLI. */
    public WebService cluster(String cluster) {
        if (cluster == null || cluster.isBlank()) {
            throw new IllegalArgumentException("cluster needs a name, got '" + cluster + "'");
        }
        this.cluster.set(cluster);
        return this;
    }

    /** The container that receives traffic; default: the one that maps {@link #port(int)}. */
    public WebService container(String containerName) {
        container.set(Objects.requireNonNull(containerName, "container"));
        return this;
    }

    /** The load balancer: {@code lb -> lb.listen(80).healthCheck("/health")}. */
    public WebService behindLoadBalancer(Consumer<LoadBalancerSpec.Builder> spec) {
        LoadBalancerSpec.Builder b = LoadBalancerSpec.builder();
        Objects.requireNonNull(spec, "spec").accept(b);
        return behindLoadBalancer(b.build());
    }

    public WebService behindLoadBalancer(LoadBalancerSpec spec) {
        loadBalancer.set(Objects.requireNonNull(spec, "spec"));
        return this;
    }

    /** A VPC plan: {@link #deploy()} applies it first (creating what is missing), then uses its subnets. */
    public WebService in(VpcPlan plan) {
        vpc.set(Objects.requireNonNull(plan, "plan"));
        return this;
    }

    /** A described VPC ({@code Net.of(aws).describe("vpc-...")}): public subnets for the load balancer, private ones for the tasks. */
    public WebService in(VpcModel model) {
        vpc.set(Objects.requireNonNull(model, "model"));
        return this;
    }

    /** An existing VPC by id, described when needed. */
    public WebService in(String vpcId) {
        if (vpcId == null || !vpcId.startsWith("vpc-")) {
            throw new IllegalArgumentException("in(String) takes a VPC id (vpc-...), got '" + vpcId + "'");
        }
        vpc.set(vpcId);
        return this;
    }

    /** How long {@link #destroy()} waits for a group or target group still in use; default 10 minutes. */
    public WebService deleteTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("deleteTimeout must be positive, got " + timeout);
        }
        deleteTimeout.set(timeout);
        return this;
    }

    /**
     * Creates what is missing, in order: the load balancer's security group (open on the listener
     * port), the tasks' group (admitting only the load balancer's group on the container port), the
     * load balancer in the public subnets, the target group (type {@code ip}, the health check), the
     * listener forwarding to it, the cluster, and the Fargate service in the private subnets
     * ({@code assignPublicIp} off) attached to the target group. What exists is described, not
     * changed: a difference is a {@link WebServiceReport.Action#DIFFERS} step saying how to change it.
     * The report ends with {@link #explain()}'s findings on the result.
     *
     * @throws IllegalStateException when a setting is missing, the container does not map the port,
     *     or the VPC lacks the subnets (nothing is created then)
     * @throws dev.awskit.core.AwsKitException when a call fails; what was created stays (a re-run
     *     finds it)
     */
    public WebServiceReport deploy() {
        return real(true).deploy();
    }

    /**
     * Deletes in reverse order: scales the service to 0 and deletes it, then the listener, the target
     * group, the load balancer and both security groups (waiting while AWS still holds them), and the
     * cluster if this web service created it and it is empty. What is already gone is {@code ABSENT}.
     */
    public WebServiceReport destroy() {
        return real(false).destroy();
    }

    /**
     * Offline diagnosis before anything exists: on a plan's (or a given) model, whether the internet
     * reaches the load balancer, the load balancer reaches the tasks on the container port, the tasks
     * reach a registry for their images (NAT gateway, or VPC endpoints), the health check matches the
     * container, and the definition has an execution role where it needs one. No AWS call, except
     * describing the VPC when it was given by id.
     */
    public ValidationReport check() {
        return real(true).check();
    }

    /**
     * Every diagnosis on the resources as AWS describes them now (read-only calls): {@link #check()}'s
     * on the described VPC and VPC endpoints, the execution role (GetRole and its policies: missing,
     * not trusted by ecs-tasks, lacking ecr:GetAuthorizationToken or logs:CreateLogStream), and, once
     * the service exists, the targets' health reasons and the stopped tasks' reasons, quoted with what
     * to do.
     */
    public ValidationReport explain() {
        return real(false).explain();
    }

    /**
     * Waits until the service's deployment is steady (as {@link DeployStep#awaitSteady(Duration)}).
     *
     * @throws DeploymentFailedException when it fails or the time runs out; its {@link
     *     DeploymentFailedException#findings()} quote the unhealthy targets' and stopped tasks' reasons
     *     with what to do
     */
    public DeployReport awaitSteady(Duration timeout) {
        DefaultWebService real = real(false);
        String cluster = this.cluster.get();
        String arn = DeployStep.describe(ecs, cluster, name).taskDefinition();
        return new DeployStep(ecs, cluster, name, arn, System.nanoTime(), Instant.now())
                .diagnoseWith(real::notSteady)
                .awaitSteady(timeout);
    }

    /** {@link #awaitSteady(Duration)} with the first poll after {@code first}, doubling up to {@code max}. */
    public DeployReport awaitSteady(Duration timeout, Duration first, Duration max) {
        DefaultWebService real = real(false);
        String cluster = this.cluster.get();
        String arn = DeployStep.describe(ecs, cluster, name).taskDefinition();
        return new DeployStep(ecs, cluster, name, arn, System.nanoTime(), Instant.now())
                .diagnoseWith(real::notSteady)
                .pollEvery(first, max)
                .awaitSteady(timeout);
    }

    private DefaultWebService real(boolean needsDefinition) {
        if (!vpc.isSet()) {
            throw new IllegalStateException(
                    "web service " + name + " needs a VPC: call in(plan), in(model) or" + " in(\"vpc-...\")");
        }
        if (needsDefinition && !taskDefinition.isSet() && !registered.isSet()) {
            throw new IllegalStateException("web service " + name + " needs a task definition: call"
                    + " taskDefinition(td) or taskDefinition(\"family:revision\")");
        }
        if (!port.isSet()) {
            throw new IllegalStateException("web service " + name + " needs the container port: call port(8080)");
        }
        Optional<TaskDefinition> td = taskDefinition
                .explicit()
                .map(t -> Ecs.withLogRegion(t, ecs.kit().region().id()));
        if (td.isPresent() && needsDefinition) {
            ValidationReport report = td.get().validate();
            if (!report.isValid()) {
                throw new TaskDefinitionInvalidException(
                        "Task definition " + td.get().family() + " of web service " + name + " would be rejected or"
                                + " its tasks would fail (" + ecs.kit().region() + "). Fix the errors.\n" + report,
                        report);
            }
        }
        return new DefaultWebService(
                ecs.kit(),
                name,
                cluster.get(),
                container.explicit(),
                port.get(),
                desiredCount.get(),
                td,
                registered.explicit(),
                loadBalancer.get(),
                vpc.get(),
                deleteTimeout.get());
    }

    private static String showVpc(Object v) {
        if (v instanceof VpcPlan) {
            return "plan " + ((VpcPlan) v).name();
        }
        if (v instanceof VpcModel) {
            return "VPC " + ((VpcModel) v).ref();
        }
        return String.valueOf(v);
    }

    /** The settings, e.g. {@code WebService[chat: port=8080, ...; call deploy()]}. */
    @Override
    public String toString() {
        return "WebService[" + name + ": " + cluster + ", " + taskDefinition + ", " + registered + ", " + port + ", "
                + desiredCount + ", " + container + ", " + loadBalancer + ", " + vpc
                + "; call deploy(), explain() or destroy()]";
    }
}
