package dev.awskit.ecs;

import dev.awskit.core.AwsKit;
import dev.awskit.ecs.internal.EcsCalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * ECS on a kit: register / describe / diff task definitions, clusters, tasks and services.
 *
 * <pre>{@code
 * Ecs ecs = Ecs.of(aws);
 * RegisteredTaskDefinition r = ecs.register(td);                 // validates first
 * ecs.cluster("deepdive").service("web").deploy(td).awaitSteady(Duration.ofMinutes(10));
 * }</pre>
 */
public final class Ecs {
    private final AwsKit kit;

    private Ecs(AwsKit kit) {
        this.kit = kit;
    }

    public static Ecs of(AwsKit kit) {
        return new Ecs(Objects.requireNonNull(kit, "kit"));
    }

    AwsKit kit() {
        return kit;
    }

    EcsClient client() {
        return kit.client(EcsClient.class);
    }

    /**
     * Validates and registers {@code td} (aws ecs register-task-definition). A missing
     * {@code awslogs-region} is filled with the kit's region first.
     *
     * @throws TaskDefinitionInvalidException when validation finds errors (nothing is sent)
     */
    public RegisteredTaskDefinition register(TaskDefinition td) {
        return register(RegisterRequest.builder().taskDefinition(td).build());
    }

    /** Registers {@code td}; {@link RegisterOptions#force()} registers despite validation errors. */
    public RegisteredTaskDefinition register(TaskDefinition td, RegisterOptions options) {
        RegisterRequest.Builder b = RegisterRequest.builder().taskDefinition(td);
        if (options.isForce()) {
            b.force();
        }
        return register(b.build());
    }

    /** Builds a {@link RegisterRequest} and registers it: {@code register(r -> r.taskDefinition(td).force())}. */
    public RegisteredTaskDefinition register(Consumer<RegisterRequest.Builder> request) {
        RegisterRequest.Builder b = RegisterRequest.builder();
        Objects.requireNonNull(request, "request").accept(b);
        return register(b.build());
    }

    /**
     * Validates and registers the request's task definition (aws ecs register-task-definition); a
     * missing {@code awslogs-region} is filled with the kit's region first. Every {@code register}
     * overload comes here.
     *
     * @throws TaskDefinitionInvalidException when validation finds errors and the request does not
     *     {@code force()} (nothing is sent)
     */
    public RegisteredTaskDefinition register(RegisterRequest request) {
        TaskDefinition td = Objects.requireNonNull(request, "request").taskDefinition();
        TaskDefinition filled = withLogRegion(td, kit.region().id());
        ValidationReport report = filled.validate();
        if (!report.isValid() && !request.force()) {
            throw new TaskDefinitionInvalidException(
                    "Task definition " + td.family() + " was not registered in region " + kit.region()
                            + ": AWS would reject it or its tasks would fail. Fix the errors, or register with"
                            + " RegisterOptions.force().\n" + report,
                    report);
        }
        RegisterTaskDefinitionResponse r = EcsCalls.call(
                kit,
                "RegisterTaskDefinition of family " + td.family(),
                "Check the execution/task roles and that you may call ecs:RegisterTaskDefinition",
                () -> client().registerTaskDefinition(filled.toRequest()));
        RegisteredTaskDefinition reg = registered(r.taskDefinition(), report);
        if (r.hasTags() && !r.tags().isEmpty()) {
            TaskDefinition tagged = reg.taskDefinition().with(b -> b.tags(r.tags()));
            reg = new RegisteredTaskDefinition(reg.arn(), reg.family(), reg.revision(), reg.status(), tagged, report);
        }
        return reg;
    }

    /**
     * Reads, validates and registers a task-definition JSON file, as {@code aws ecs
     * register-task-definition --cli-input-json file://web.json} does: the file holds the
     * RegisterTaskDefinition request ({@code family}, {@code containerDefinitions}, ...), UTF-8.
     * It is read strictly and validated before anything is sent, so a syntax error names the file,
     * its line and column, and a key AWS does not know is an error with a did-you-mean.
     *
     * @throws IllegalArgumentException when the file does not exist
     * @throws java.io.UncheckedIOException when it cannot be read
     * @throws TaskDefinitionInvalidException when the JSON is malformed or validation finds errors
     *     (nothing is sent); the message names the file and each finding's line and column
     */
    public RegisteredTaskDefinition register(Path file) {
        return register(file, RegisterOptions.defaults());
    }

    /**
     * {@link #register(Path)}; {@link RegisterOptions#force()} registers despite validation errors,
     * never a file that is not a JSON object.
     */
    public RegisteredTaskDefinition register(Path file, RegisterOptions options) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        TaskDefinitionDocument doc = TaskDefinitions.read(file);
        // validated as register(TaskDefinition) would send it (a missing awslogs-region filled in), with
        // each finding's line and column in the file
        ValidationReport report = TaskDefinitions.validate(
                doc,
                doc.taskDefinition()
                        .map(td -> withLogRegion(td, kit.region().id()))
                        .orElse(null));
        if (doc.taskDefinition().isEmpty() || (!report.isValid() && !options.isForce())) {
            throw new TaskDefinitionInvalidException(
                    "Task definition file " + file.toAbsolutePath() + " was not registered in region "
                            + kit.configuredRegion().map(Object::toString).orElse("(none)")
                            + (doc.taskDefinition().isEmpty()
                                    ? ": it is not a JSON object. Fix the JSON at the line and column below."
                                    : ": AWS would reject it or its tasks would fail. Fix the errors, or register"
                                            + " with RegisterOptions.force().")
                            + "\n" + report,
                    report);
        }
        return register(doc.taskDefinition().get(), options);
    }

    /** Describes a task definition by family (latest ACTIVE revision), family:revision or ARN. */
    public RegisteredTaskDefinition describe(String taskDefinition) {
        DescribeTaskDefinitionResponse r = EcsCalls.call(
                kit,
                "DescribeTaskDefinition " + taskDefinition,
                "Check the family, revision or ARN (aws ecs list-task-definitions)",
                () -> client().describeTaskDefinition(
                                b -> b.taskDefinition(taskDefinition).include(TaskDefinitionField.TAGS)));
        software.amazon.awssdk.services.ecs.model.TaskDefinition described = r.taskDefinition();
        RegisteredTaskDefinition reg = registered(described, null);
        if (r.hasTags() && !r.tags().isEmpty()) {
            // the tags come beside the definition (include TAGS); an untagged one answers "tags": []
            TaskDefinition tagged = reg.taskDefinition().with(b -> b.tags(r.tags()));
            reg = new RegisteredTaskDefinition(reg.arn(), reg.family(), reg.revision(), reg.status(), tagged, null);
        }
        return new RegisteredTaskDefinition(
                reg.arn(),
                reg.family(),
                reg.revision(),
                reg.status(),
                reg.taskDefinition(),
                reg.taskDefinition().validate());
    }

    /** What changed between two registered revisions, e.g. {@code diff("web:3", "web:4")}. */
    public TaskDefinitionDiff diff(String before, String after) {
        return TaskDefinitions.diff(
                describe(before).taskDefinition(), describe(after).taskDefinition());
    }

    /** Task definition families (aws ecs list-task-definition-families), lazily over all pages. */
    public Stream<String> families() {
        return EcsCalls.stream(
                kit,
                "ListTaskDefinitionFamilies",
                "Check that you may call ecs:ListTaskDefinitionFamilies",
                () -> client().listTaskDefinitionFamiliesPaginator(b -> b.status("ACTIVE")).families().stream());
    }

    /** Cluster ARNs (aws ecs list-clusters), lazily over all pages. */
    public Stream<String> clusters() {
        return EcsCalls.stream(
                kit,
                "ListClusters",
                "Check that you may call ecs:ListClusters",
                () -> client().listClustersPaginator(b -> {}).clusterArns().stream());
    }

    /**
     * Starts a deployment: registers the request's task definition (validating it first) or takes
     * the registered one, and points the service at it. Follow with {@link DeployStep#awaitSteady}.
     * {@code cluster(c).service(s).deploy(...)} comes here too.
     */
    public DeployStep deploy(DeployRequest request) {
        Objects.requireNonNull(request, "request");
        String arn = request.taskDefinition()
                .map(td -> {
                    RegisterRequest.Builder r = RegisterRequest.builder().taskDefinition(td);
                    if (request.force()) {
                        r.force();
                    }
                    return register(r.build()).arn();
                })
                .orElseGet(() -> request.registeredTaskDefinition().orElseThrow());
        DeployStep step = cluster(request.cluster()).service(request.service()).update(arn);
        if (request.firstPoll().isPresent()) {
            step.pollEvery(request.firstPoll().get(), request.maxPoll().orElseThrow());
        }
        return step;
    }

    /** Builds a {@link DeployRequest} and starts it: {@code deploy(d -> d.cluster("c").service("web").taskDefinition(td))}. */
    public DeployStep deploy(Consumer<DeployRequest.Builder> request) {
        DeployRequest.Builder b = DeployRequest.builder();
        Objects.requireNonNull(request, "request").accept(b);
        return deploy(b.build());
    }

    /**
     * The execution role of {@code td}: {@link ExecutionRoleCheck#check()} says, reading only,
     * whether it exists, trusts ECS and allows what the containers need;
     * {@link ExecutionRoleCheck#ensureExecutionRole()} creates the standard one (through aws-kit-iam).
     */
    public ExecutionRoleCheck executionRole(TaskDefinition td) {
        return new dev.awskit.ecs.internal.DefaultExecutionRoleCheck(
                kit, Objects.requireNonNull(td, "td").toRequest());
    }

    /**
     * A Fargate service behind an Application Load Balancer, created by {@code deploy()} with what it
     * needs (security groups, load balancer, target group, listener, cluster): {@code
     * webService("chat").taskDefinition(td).port(8080).behindLoadBalancer(lb -> lb.listen(80)
     * .healthCheck("/health")).in(plan).deploy()}. Nothing is called until you act on it.
     */
    public WebService webService(String name) {
        return new WebService(this, name);
    }

    /** A cluster by name or ARN; nothing is called until you act on it. */
    public EcsCluster cluster(String name) {
        return new EcsCluster(this, Objects.requireNonNull(name, "name"));
    }

    private RegisteredTaskDefinition registered(
            software.amazon.awssdk.services.ecs.model.TaskDefinition t, ValidationReport report) {
        return new RegisteredTaskDefinition(
                t.taskDefinitionArn(),
                t.family(),
                t.revision() == null ? 0 : t.revision(),
                t.statusAsString(),
                TaskDefinition.of(EcsCalls.toRequest(t)),
                report);
    }

    static TaskDefinition withLogRegion(TaskDefinition td, String region) {
        boolean missing = td.containers().stream()
                .anyMatch(c -> c.logConfiguration() != null
                        && "awslogs".equals(c.logConfiguration().logDriverAsString())
                        && !c.logConfiguration().options().containsKey("awslogs-region"));
        if (!missing) {
            return td;
        }
        List<ContainerDefinition> cs = new ArrayList<>();
        for (ContainerDefinition c : td.containers()) {
            LogConfiguration lc = c.logConfiguration();
            if (lc != null
                    && "awslogs".equals(lc.logDriverAsString())
                    && !lc.options().containsKey("awslogs-region")) {
                Map<String, String> opts = new LinkedHashMap<>(lc.options());
                opts.put("awslogs-region", region);
                c = c.toBuilder()
                        .logConfiguration(lc.toBuilder().options(opts).build())
                        .build();
            }
            cs.add(c);
        }
        return td.with(b -> b.containerDefinitions(cs));
    }

    /** {@code Ecs[region us-east-1, endpoint http://127.0.0.1:5000]}: where the ECS calls go. */
    @Override
    public String toString() {
        return "Ecs[" + kit.summary("ecs") + "]";
    }

    static String names(List<String> l) {
        return l.stream().collect(Collectors.joining(", "));
    }
}
