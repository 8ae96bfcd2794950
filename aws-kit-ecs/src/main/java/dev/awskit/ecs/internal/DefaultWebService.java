package dev.awskit.ecs.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.Finding;
import dev.awskit.core.Severity;
import dev.awskit.core.Wait;
import dev.awskit.core.WaitTimeoutException;
import dev.awskit.ecs.LoadBalancerSpec;
import dev.awskit.ecs.TaskDefinition;
import dev.awskit.ecs.TaskDefinitions;
import dev.awskit.ecs.WebServiceReport;
import dev.awskit.ecs.WebServiceReport.Action;
import dev.awskit.ecs.WebServiceReport.Step;
import dev.awskit.net.Net;
import dev.awskit.net.SecurityGroup;
import dev.awskit.net.Subnet;
import dev.awskit.net.Tier;
import dev.awskit.net.VpcModel;
import dev.awskit.net.VpcModelBuilder;
import dev.awskit.net.VpcPlan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * The web service's resources, found by name and created when missing (deploy), or deleted in
 * reverse order (destroy). A resource that exists but differs from what is asked is reported as
 * {@link Action#DIFFERS}, never changed. Not thread-safe: one call at a time.
 */
public final class DefaultWebService {
    /** Tag on everything a web service creates: its ECS service name. */
    public static final String TAG = "awskit:web-service";

    private final AwsKit kit;
    private final String name;
    private final String cluster;
    private final Optional<String> container;
    private final int port;
    private final int desiredCount;
    private final Optional<TaskDefinition> taskDefinition;
    private final Optional<String> registered;
    private final LoadBalancerSpec lb;
    private final Object vpc; // VpcModel, VpcPlan or a VPC id
    private final Duration deleteTimeout;

    public DefaultWebService(
            AwsKit kit,
            String name,
            String cluster,
            Optional<String> container,
            int port,
            int desiredCount,
            Optional<TaskDefinition> taskDefinition,
            Optional<String> registered,
            LoadBalancerSpec lb,
            Object vpc,
            Duration deleteTimeout) {
        this.kit = kit;
        this.name = name;
        this.cluster = cluster;
        this.container = container;
        this.port = port;
        this.desiredCount = desiredCount;
        this.taskDefinition = taskDefinition;
        this.registered = registered;
        this.lb = lb;
        this.vpc = vpc;
        this.deleteTimeout = deleteTimeout;
    }

    // ---------------------------------------------------------------- names

    /** {@code chat-alb}: a load balancer or target group name (at most 32 characters, AWS's limit). */
    public static String resourceName(String service, String suffix) {
        String base = service.replaceAll("[^A-Za-z0-9-]", "-");
        int room = 32 - suffix.length() - 1;
        if (base.length() > room) {
            String hash = hash(service).substring(0, 6);
            base = base.substring(0, room - 7).replaceAll("-+$", "") + "-" + hash;
        }
        return base + "-" + suffix;
    }

    public String albName() {
        return resourceName(name, "alb");
    }

    public String targetGroupName() {
        return resourceName(name, "tg");
    }

    public String albGroupName() {
        return name + "-alb";
    }

    public String taskGroupName() {
        return name + "-tasks";
    }

    private static String hash(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    // ---------------------------------------------------------------- deploy

    public WebServiceReport deploy() {
        long started = System.nanoTime();
        List<Step> steps = new ArrayList<>();
        // what CreateService would reject is said before anything is created
        taskDefinition.ifPresent(t -> checkContainer(t, containerName(t)));
        VpcModel model = resolveVpc(true, steps);
        String vpcId = model.id().orElseThrow();
        List<Subnet> albSubnets = albSubnets(model);
        List<Subnet> taskSubnets = taskSubnets(model);
        List<Finding> placement = WebServiceChecks.subnets(model, albSubnets, taskSubnets);
        if (placement.stream().anyMatch(Finding::isError)) {
            throw new IllegalStateException("Web service " + name + " cannot be placed in VPC " + model.ref() + " ("
                    + kit.region() + "): " + describe(placement));
        }

        // the task definition: described when the service exists (differences reported), else registered
        Service existing = findService();
        TaskDefinition td;
        String tdArn;
        if (registered.isPresent()) {
            tdArn = describeTd(registered.get()).taskDefinitionArn();
            td = TaskDefinition.of(EcsCalls.toRequest(describeTd(tdArn)));
            steps.add(Step.of(Action.FOUND, "task definition " + registered.get(), tdArn, ""));
        } else {
            td = taskDefinition.orElseThrow();
            String containerName = containerName(td);
            checkContainer(td, containerName);
            Optional<software.amazon.awssdk.services.ecs.model.TaskDefinition> latest = latestRevision(td.family());
            if (latest.isPresent()
                    && TaskDefinitions.diff(TaskDefinition.of(EcsCalls.toRequest(latest.get())), td)
                            .isEmpty()) {
                tdArn = latest.get().taskDefinitionArn();
                steps.add(Step.of(Action.FOUND, "task definition " + td.family(), tdArn, ""));
            } else if (existing != null) {
                // the service exists: registering a revision nobody runs would be a silent change
                tdArn = existing.taskDefinition();
                steps.add(Step.of(
                        Action.DIFFERS,
                        "task definition " + td.family(),
                        tdArn,
                        "the service runs " + tdArn + ", which differs from the given definition"
                                + latest.map(l -> " ("
                                                + TaskDefinitions.diff(TaskDefinition.of(EcsCalls.toRequest(l)), td)
                                                + ")")
                                        .orElse("")
                                + "; deploy it with Ecs.of(aws).cluster(\"" + cluster + "\").service(\"" + name
                                + "\").deploy(td)"));
            } else {
                tdArn = ecs().registerTaskDefinition(td.toRequest())
                        .taskDefinition()
                        .taskDefinitionArn();
                steps.add(Step.of(Action.CREATED, "task definition " + td.family(), tdArn, ""));
            }
        }
        String containerName = containerName(td);
        checkContainer(td, containerName);

        // security groups
        software.amazon.awssdk.services.ec2.model.SecurityGroup albGroup = ensureGroup(
                vpcId,
                albGroupName(),
                "load balancer of web service " + name,
                IpPermission.builder()
                        .ipProtocol("tcp")
                        .fromPort(lb.port())
                        .toPort(lb.port())
                        .ipRanges(software.amazon.awssdk.services.ec2.model.IpRange.builder()
                                .cidrIp("0.0.0.0/0")
                                .description("clients")
                                .build())
                        .build(),
                "tcp " + lb.port() + " from 0.0.0.0/0",
                steps);
        software.amazon.awssdk.services.ec2.model.SecurityGroup taskGroup = ensureGroup(
                vpcId,
                taskGroupName(),
                "tasks of web service " + name + ", reachable from its load balancer only",
                IpPermission.builder()
                        .ipProtocol("tcp")
                        .fromPort(port)
                        .toPort(port)
                        .userIdGroupPairs(software.amazon.awssdk.services.ec2.model.UserIdGroupPair.builder()
                                .groupId(albGroup.groupId())
                                .description("load balancer")
                                .build())
                        .build(),
                "tcp " + port + " from group " + albGroup.groupId(),
                steps);

        // load balancer, target group, listener
        LoadBalancer alb = ensureLoadBalancer(vpcId, albSubnets, albGroup.groupId(), steps);
        TargetGroup tg = ensureTargetGroup(vpcId, steps);
        ensureListener(alb, tg, steps);

        // cluster and service
        ensureCluster(steps);
        ensureService(existing, tdArn, containerName, tg, taskSubnets, taskGroup.groupId(), steps);

        List<Finding> findings = new ArrayList<>(placement);
        findings.addAll(
                diagnose(Net.of(kit).describe(vpcId), td, containerName, Optional.of(tg), Optional.of(alb), true));
        return WebServiceReport.builder()
                .service(name)
                .cluster(cluster)
                .region(kit.region().id())
                .addAllSteps(steps)
                .addAllFindings(findings)
                .loadBalancerDns(Optional.ofNullable(alb.dnsName()))
                .duration(Duration.ofNanos(System.nanoTime() - started))
                .build();
    }

    private VpcModel resolveVpc(boolean apply, List<Step> steps) {
        if (vpc instanceof VpcPlan) {
            VpcPlan plan = (VpcPlan) vpc;
            if (!apply) {
                return plan.model();
            }
            dev.awskit.net.ApplyReport applied = Net.of(kit).apply(plan);
            steps.add(Step.of(
                    applied.unchanged() ? Action.FOUND : Action.CREATED,
                    "VPC plan " + plan.name(),
                    applied.vpcId().orElse(""),
                    ""));
            return Net.of(kit).describe(applied.vpcId().orElseThrow());
        }
        if (vpc instanceof VpcModel) {
            VpcModel m = (VpcModel) vpc;
            if (m.id().isEmpty()) {
                if (!apply) {
                    return m;
                }
                throw new IllegalStateException("VPC model " + m.name() + " has no id: it is a plan's model, not a"
                        + " described VPC. Pass the plan (in(plan)) to apply it, or a described one"
                        + " (in(Net.of(aws).describe(\"vpc-...\")).");
            }
            return apply ? Net.of(kit).describe(m.id().get()) : m;
        }
        return Net.of(kit).describe((String) vpc);
    }

    List<Subnet> albSubnets(VpcModel model) {
        Tier tier = lb.internetFacing() ? Tier.PUBLIC : Tier.PRIVATE;
        return model.subnets().stream().filter(s -> s.tier() == tier).collect(Collectors.toList());
    }

    List<Subnet> taskSubnets(VpcModel model) {
        return model.subnets().stream().filter(s -> s.tier() == Tier.PRIVATE).collect(Collectors.toList());
    }

    private String containerName(TaskDefinition td) {
        if (container.isPresent()) {
            return container.get();
        }
        return td.containers().stream()
                .filter(c -> c.portMappings().stream()
                        .anyMatch(m -> Integer.valueOf(port).equals(m.containerPort())))
                .map(c -> c.name())
                .findFirst()
                .orElseGet(() ->
                        td.containers().isEmpty() ? "" : td.containers().get(0).name());
    }

    /** A load balancer on a port the container does not map is rejected by CreateService: say so first. */
    private void checkContainer(TaskDefinition td, String containerName) {
        List<Finding> f = WebServiceChecks.healthCheck(null, td, containerName, port);
        if (!f.isEmpty()) {
            throw new IllegalStateException("Web service " + name + " (" + kit.region() + "): " + describe(f));
        }
    }

    private static String describe(List<Finding> findings) {
        return findings.stream().map(Finding::describe).collect(Collectors.joining(" "));
    }

    // ---------------------------------------------------------------- resources

    private software.amazon.awssdk.services.ec2.model.SecurityGroup ensureGroup(
            String vpcId, String groupName, String description, IpPermission rule, String ruleText, List<Step> steps) {
        Optional<software.amazon.awssdk.services.ec2.model.SecurityGroup> found = findGroup(vpcId, groupName);
        if (found.isPresent()) {
            software.amazon.awssdk.services.ec2.model.SecurityGroup g = found.get();
            boolean has = g.ipPermissions().stream().anyMatch(p -> covers(p, rule));
            steps.add(Step.of(
                    has ? Action.FOUND : Action.DIFFERS,
                    "security group " + groupName,
                    g.groupId(),
                    has
                            ? ""
                            : "lacks inbound " + ruleText + "; add it with aws ec2 authorize-security-group-ingress"
                                    + " --group-id " + g.groupId() + " --protocol tcp --port " + rule.fromPort()
                                    + (rule.hasUserIdGroupPairs()
                                            ? " --source-group "
                                                    + rule.userIdGroupPairs()
                                                            .get(0)
                                                            .groupId()
                                            : " --cidr 0.0.0.0/0")));
            return g;
        }
        String id = call(
                        "CreateSecurityGroup " + groupName + " in " + vpcId,
                        "Check that you may call ec2:CreateSecurityGroup",
                        () -> ec2().createSecurityGroup(b -> b.groupName(groupName)
                                .description(description)
                                .vpcId(vpcId)
                                .tagSpecifications(TagSpecification.builder()
                                        .resourceType(ResourceType.SECURITY_GROUP)
                                        .tags(ec2Tag(TAG, name), ec2Tag("Name", groupName))
                                        .build())))
                .groupId();
        call(
                "AuthorizeSecurityGroupIngress " + ruleText + " on " + id,
                "Check that you may call ec2:AuthorizeSecurityGroupIngress",
                () -> ec2().authorizeSecurityGroupIngress(b -> b.groupId(id).ipPermissions(rule)));
        steps.add(Step.of(Action.CREATED, "security group " + groupName, id, ""));
        return findGroup(vpcId, groupName)
                .orElseThrow(() -> new AwsKitException("Security group " + groupName + " (" + id
                        + ") was created but DescribeSecurityGroups does not list it in " + kit.region()
                        + "; run deploy() again."));
    }

    /** Whether a described rule admits what {@code wanted} asks (tcp, its port, its source). */
    static boolean covers(IpPermission have, IpPermission wanted) {
        boolean proto = "-1".equals(have.ipProtocol()) || wanted.ipProtocol().equals(have.ipProtocol());
        boolean ports = "-1".equals(have.ipProtocol())
                || (have.fromPort() != null
                        && have.toPort() != null
                        && have.fromPort() <= wanted.fromPort()
                        && have.toPort() >= wanted.toPort());
        if (!proto || !ports) {
            return false;
        }
        if (wanted.hasUserIdGroupPairs()) {
            String g = wanted.userIdGroupPairs().get(0).groupId();
            return have.userIdGroupPairs().stream().anyMatch(p -> g.equals(p.groupId()));
        }
        String cidr = wanted.ipRanges().get(0).cidrIp();
        return have.ipRanges().stream().anyMatch(r -> cidr.equals(r.cidrIp()));
    }

    private Optional<software.amazon.awssdk.services.ec2.model.SecurityGroup> findGroup(
            String vpcId, String groupName) {
        return call(
                        "DescribeSecurityGroups " + groupName + " in " + vpcId,
                        "Check that you may call ec2:DescribeSecurityGroups",
                        () -> ec2().describeSecurityGroups(b -> b.filters(
                                Filter.builder().name("vpc-id").values(vpcId).build(),
                                Filter.builder()
                                        .name("group-name")
                                        .values(groupName)
                                        .build())))
                .securityGroups()
                .stream()
                .filter(g -> groupName.equals(g.groupName()) && vpcId.equals(g.vpcId()))
                .findFirst();
    }

    private LoadBalancer ensureLoadBalancer(String vpcId, List<Subnet> subnets, String groupId, List<Step> steps) {
        String scheme = lb.internetFacing() ? "internet-facing" : "internal";
        return ensure(
                "load balancer " + albName(),
                findLoadBalancer(),
                LoadBalancer::loadBalancerArn,
                l -> {
                    List<String> diffs = new ArrayList<>();
                    if (!vpcId.equals(l.vpcId())) {
                        diffs.add("it is in " + l.vpcId() + ", not " + vpcId);
                    }
                    if (!scheme.equals(l.schemeAsString())) {
                        diffs.add("its scheme is " + l.schemeAsString() + ", not " + scheme);
                    }
                    if (!l.securityGroups().contains(groupId)) {
                        diffs.add("its groups " + l.securityGroups() + " lack " + groupId
                                + " (aws elbv2 set-security-groups)");
                    }
                    if (!"application".equals(l.typeAsString())) {
                        diffs.add("it is a " + l.typeAsString() + " load balancer, not an application one");
                    }
                    return diffs;
                },
                () -> call(
                                "CreateLoadBalancer " + albName(),
                                "Check that you may call elasticloadbalancing:CreateLoadBalancer",
                                () -> elb().createLoadBalancer(b -> b.name(albName())
                                        .type(LoadBalancerTypeEnum.APPLICATION)
                                        .scheme(LoadBalancerSchemeEnum.fromValue(scheme))
                                        .subnets(subnets.stream()
                                                .map(Subnet::ref)
                                                .collect(Collectors.toList()))
                                        .securityGroups(groupId)
                                        .tags(elbTag())))
                        .loadBalancers()
                        .get(0),
                steps);
    }

    private Optional<LoadBalancer> findLoadBalancer() {
        return findByName("DescribeLoadBalancers", albName(), () -> elb().describeLoadBalancers(b -> b.names(albName()))
                .loadBalancers());
    }

    private TargetGroup ensureTargetGroup(String vpcId, List<Step> steps) {
        String hcPort = lb.healthCheckPort() == 0 ? "traffic-port" : String.valueOf(lb.healthCheckPort());
        return ensure(
                "target group " + targetGroupName(),
                findTargetGroup(),
                TargetGroup::targetGroupArn,
                t -> {
                    List<String> diffs = new ArrayList<>();
                    if (!vpcId.equals(t.vpcId())) {
                        diffs.add("it is in " + t.vpcId() + ", not " + vpcId);
                    }
                    if (!"ip".equals(t.targetTypeAsString())) {
                        diffs.add("its target type is " + t.targetTypeAsString() + ", not ip");
                    }
                    if (t.port() == null || t.port() != port) {
                        diffs.add("its port is " + t.port() + ", not " + port);
                    }
                    if (!lb.healthCheckPath().equals(t.healthCheckPath())) {
                        diffs.add("its health-check path is " + t.healthCheckPath() + ", not " + lb.healthCheckPath()
                                + " (aws elbv2 modify-target-group --health-check-path " + lb.healthCheckPath()
                                + ")");
                    }
                    if (!hcPort.equals(t.healthCheckPort())) {
                        diffs.add("its health-check port is " + t.healthCheckPort() + ", not " + hcPort
                                + " (aws elbv2 modify-target-group --health-check-port " + hcPort + ")");
                    }
                    String codes = t.matcher() == null ? null : t.matcher().httpCode();
                    if (!lb.healthyHttpCodes().equals(codes)) {
                        diffs.add("its healthy codes are " + codes + ", not " + lb.healthyHttpCodes()
                                + " (aws elbv2 modify-target-group --matcher HttpCode=" + lb.healthyHttpCodes()
                                + ")");
                    }
                    return diffs;
                },
                () -> call(
                                "CreateTargetGroup " + targetGroupName(),
                                "Check that you may call elasticloadbalancing:CreateTargetGroup",
                                () -> elb().createTargetGroup(b -> b.name(targetGroupName())
                                        .protocol(ProtocolEnum.HTTP)
                                        .port(port)
                                        .vpcId(vpcId)
                                        .targetType(TargetTypeEnum.IP)
                                        .healthCheckProtocol(ProtocolEnum.HTTP)
                                        .healthCheckPath(lb.healthCheckPath())
                                        .healthCheckPort(hcPort)
                                        .matcher(m -> m.httpCode(lb.healthyHttpCodes()))
                                        .tags(elbTag())))
                        .targetGroups()
                        .get(0),
                steps);
    }

    private Optional<TargetGroup> findTargetGroup() {
        return findByName("DescribeTargetGroups", targetGroupName(), () -> elb().describeTargetGroups(
                        b -> b.names(targetGroupName()))
                .targetGroups());
    }

    /**
     * One ELBv2 resource by name: the first of what {@code describe} lists, or empty when ELBv2 answers
     * that nothing has that name ({@code LoadBalancerNotFound}, {@code TargetGroupNotFound}: a
     * describe by name fails instead of listing nothing). Any other failure is an AwsKitException
     * naming the call and the permission it needs.
     */
    private <T> Optional<T> findByName(String operation, String name, Supplier<List<T>> describe) {
        return call(operation + " " + name, "Check that you may call elasticloadbalancing:" + operation, () -> {
            try {
                return describe.get().stream().findFirst();
            } catch (SdkException e) {
                if (AwsErrors.isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /**
     * A resource of the web service, found or created: a found one is reported FOUND, or DIFFERS with
     * what {@code differences} lists (the kit never changes an existing resource); a missing one is
     * created and reported CREATED.
     */
    private static <T> T ensure(
            String what,
            Optional<T> found,
            Function<T, String> arn,
            Function<T, List<String>> differences,
            Supplier<T> create,
            List<Step> steps) {
        if (found.isPresent()) {
            T t = found.get();
            List<String> diffs = differences.apply(t);
            steps.add(Step.of(
                    diffs.isEmpty() ? Action.FOUND : Action.DIFFERS, what, arn.apply(t), String.join("; ", diffs)));
            return t;
        }
        T created = create.get();
        steps.add(Step.of(Action.CREATED, what, arn.apply(created), ""));
        return created;
    }

    private void ensureListener(LoadBalancer alb, TargetGroup tg, List<Step> steps) {
        Optional<Listener> found = listeners(alb).stream()
                .filter(l -> l.port() != null && l.port() == lb.port())
                .findFirst();
        if (found.isPresent()) {
            Listener l = found.get();
            boolean forwards = l.defaultActions().stream()
                    .anyMatch(a -> "forward".equals(a.typeAsString())
                                    && tg.targetGroupArn().equals(a.targetGroupArn())
                            || a.forwardConfig() != null
                                    && a.forwardConfig().targetGroups().stream()
                                            .anyMatch(t -> tg.targetGroupArn().equals(t.targetGroupArn())));
            steps.add(Step.of(
                    forwards ? Action.FOUND : Action.DIFFERS,
                    "listener HTTP " + lb.port(),
                    l.listenerArn(),
                    forwards
                            ? ""
                            : "it does not forward to " + targetGroupName() + " (aws elbv2 modify-listener"
                                    + " --listener-arn " + l.listenerArn() + " --default-actions"
                                    + " Type=forward,TargetGroupArn=" + tg.targetGroupArn() + ")"));
            return;
        }
        Listener created = call(
                        "CreateListener HTTP " + lb.port() + " on " + albName(),
                        "Check that you may call elasticloadbalancing:CreateListener",
                        () -> elb().createListener(b -> b.loadBalancerArn(alb.loadBalancerArn())
                                .protocol(ProtocolEnum.HTTP)
                                .port(lb.port())
                                .defaultActions(
                                        software.amazon.awssdk.services.elasticloadbalancingv2.model.Action.builder()
                                                .type(ActionTypeEnum.FORWARD)
                                                .targetGroupArn(tg.targetGroupArn())
                                                .build())
                                .tags(elbTag())))
                .listeners()
                .get(0);
        steps.add(Step.of(Action.CREATED, "listener HTTP " + lb.port(), created.listenerArn(), ""));
    }

    private List<Listener> listeners(LoadBalancer alb) {
        return call(
                        "DescribeListeners of " + albName(),
                        "Check that you may call elasticloadbalancing:DescribeListeners",
                        () -> elb().describeListeners(b -> b.loadBalancerArn(alb.loadBalancerArn())))
                .listeners();
    }

    private void ensureCluster(List<Step> steps) {
        Optional<Cluster> c = findCluster();
        if (c.isPresent()) {
            steps.add(Step.of(Action.FOUND, "cluster " + cluster, c.get().clusterArn(), ""));
            return;
        }
        String arn = call(
                        "CreateCluster " + cluster,
                        "Check that you may call ecs:CreateCluster",
                        () -> ecs().createCluster(b -> b.clusterName(cluster).tags(ecsTag())))
                .cluster()
                .clusterArn();
        steps.add(Step.of(Action.CREATED, "cluster " + cluster, arn, ""));
    }

    private Optional<Cluster> findCluster() {
        return call(
                        "DescribeClusters " + cluster,
                        "Check that you may call ecs:DescribeClusters",
                        () -> ecs().describeClusters(b -> b.clusters(cluster).includeWithStrings("TAGS")))
                .clusters()
                .stream()
                .filter(c -> "ACTIVE".equals(c.status()))
                .findFirst();
    }

    private Service findService() {
        if (findCluster().isEmpty()) {
            return null;
        }
        return call(
                        "DescribeServices " + name + " in cluster " + cluster,
                        "Check that you may call ecs:DescribeServices",
                        () -> ecs().describeServices(b -> b.cluster(cluster).services(name)))
                .services()
                .stream()
                .filter(s -> !"INACTIVE".equals(s.status()))
                .findFirst()
                .orElse(null);
    }

    private void ensureService(
            Service existing,
            String tdArn,
            String containerName,
            TargetGroup tg,
            List<Subnet> taskSubnets,
            String taskGroupId,
            List<Step> steps) {
        List<String> subnetIds = taskSubnets.stream().map(Subnet::ref).collect(Collectors.toList());
        if (existing != null) {
            List<String> diffs = new ArrayList<>();
            if (!DeployStepsSupport.sameRevision(existing.taskDefinition(), tdArn)) {
                diffs.add("it runs " + existing.taskDefinition() + ", not " + tdArn);
            }
            if (existing.desiredCount() == null || existing.desiredCount() != desiredCount) {
                diffs.add("its desired count is " + existing.desiredCount() + ", not " + desiredCount
                        + " (Ecs.of(aws).cluster(\"" + cluster + "\").service(\"" + name + "\").scale(" + desiredCount
                        + "))");
            }
            boolean attached = existing.loadBalancers().stream()
                    .anyMatch(l -> tg.targetGroupArn().equals(l.targetGroupArn())
                            && containerName.equals(l.containerName())
                            && Integer.valueOf(port).equals(l.containerPort()));
            if (!attached) {
                diffs.add("it is not attached to " + targetGroupName() + " on " + containerName + ":" + port
                        + " (its load balancers: " + existing.loadBalancers() + ")");
            }
            if (existing.networkConfiguration() == null
                    || existing.networkConfiguration().awsvpcConfiguration() == null) {
                diffs.add("it has no awsvpc network configuration");
            } else {
                var net = existing.networkConfiguration().awsvpcConfiguration();
                if (!net.securityGroups().contains(taskGroupId)) {
                    diffs.add("its groups " + net.securityGroups() + " lack " + taskGroupId);
                }
                if (!net.subnets().containsAll(subnetIds) || !subnetIds.containsAll(net.subnets())) {
                    diffs.add("its subnets are " + net.subnets() + ", not " + subnetIds);
                }
                if (net.assignPublicIp() == AssignPublicIp.ENABLED) {
                    diffs.add("it assigns public IPs to tasks");
                }
            }
            steps.add(Step.of(
                    diffs.isEmpty() ? Action.FOUND : Action.DIFFERS,
                    "service " + name,
                    existing.serviceArn(),
                    String.join("; ", diffs)));
            return;
        }
        Service created = call(
                        "CreateService " + name + " in cluster " + cluster,
                        "Check the task definition, the subnets and the target group, and that you may call"
                                + " ecs:CreateService",
                        () -> ecs().createService(b -> b.cluster(cluster)
                                .serviceName(name)
                                .taskDefinition(tdArn)
                                .desiredCount(desiredCount)
                                .launchType(LaunchType.FARGATE)
                                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnetIds)
                                        .securityGroups(taskGroupId)
                                        .assignPublicIp(AssignPublicIp.DISABLED)))
                                .loadBalancers(software.amazon.awssdk.services.ecs.model.LoadBalancer.builder()
                                        .targetGroupArn(tg.targetGroupArn())
                                        .containerName(containerName)
                                        .containerPort(port)
                                        .build())
                                .tags(ecsTag())))
                .service();
        steps.add(Step.of(Action.CREATED, "service " + name, created.serviceArn(), ""));
    }

    // ---------------------------------------------------------------- destroy

    public WebServiceReport destroy() {
        long started = System.nanoTime();
        List<Step> steps = new ArrayList<>();
        Service s = findService();
        if (s == null) {
            steps.add(Step.of(Action.ABSENT, "service " + name, "", ""));
        } else {
            call(
                    "UpdateService " + name + " (desired count 0) in cluster " + cluster,
                    "Check that you may call ecs:UpdateService",
                    () -> ecs().updateService(
                                    b -> b.cluster(cluster).service(name).desiredCount(0)));
            call(
                    "DeleteService " + name + " in cluster " + cluster,
                    "Check that you may call ecs:DeleteService",
                    () -> ecs().deleteService(b -> b.cluster(cluster).service(name)));
            steps.add(Step.of(Action.DELETED, "service " + name, s.serviceArn(), ""));
        }
        Optional<LoadBalancer> alb = findLoadBalancer();
        Optional<TargetGroup> tg = findTargetGroup();
        if (alb.isPresent()) {
            for (Listener l : listeners(alb.get())) {
                if (l.port() != null && l.port() == lb.port()) {
                    call(
                            "DeleteListener " + l.listenerArn(),
                            "Check that you may call elasticloadbalancing:DeleteListener",
                            () -> elb().deleteListener(b -> b.listenerArn(l.listenerArn())));
                    steps.add(Step.of(Action.DELETED, "listener HTTP " + lb.port(), l.listenerArn(), ""));
                }
            }
        } else {
            steps.add(Step.of(Action.ABSENT, "listener HTTP " + lb.port(), "", ""));
        }
        if (tg.isPresent()) {
            String arn = tg.get().targetGroupArn();
            // AWS keeps a target group "in use" while the deleted service drains
            untilDeleted(
                    "target group " + targetGroupName(), () -> elb().deleteTargetGroup(b -> b.targetGroupArn(arn)));
            steps.add(Step.of(Action.DELETED, "target group " + targetGroupName(), arn, ""));
        } else {
            steps.add(Step.of(Action.ABSENT, "target group " + targetGroupName(), "", ""));
        }
        String vpcId = null;
        if (alb.isPresent()) {
            String arn = alb.get().loadBalancerArn();
            vpcId = alb.get().vpcId();
            call(
                    "DeleteLoadBalancer " + albName(),
                    "Check that you may call elasticloadbalancing:DeleteLoadBalancer",
                    () -> elb().deleteLoadBalancer(b -> b.loadBalancerArn(arn)));
            steps.add(Step.of(Action.DELETED, "load balancer " + albName(), arn, ""));
        } else {
            steps.add(Step.of(Action.ABSENT, "load balancer " + albName(), "", ""));
        }
        if (vpcId == null) {
            vpcId = vpcIdForDestroy();
        }
        // the task group first: it refers to the load balancer's group
        for (String groupName : List.of(taskGroupName(), albGroupName())) {
            Optional<software.amazon.awssdk.services.ec2.model.SecurityGroup> g =
                    vpcId == null ? Optional.empty() : findGroup(vpcId, groupName);
            if (g.isPresent()) {
                String id = g.get().groupId();
                // the load balancer's and the tasks' network interfaces linger a few minutes on AWS
                untilDeleted("security group " + groupName, () -> ec2().deleteSecurityGroup(b -> b.groupId(id)));
                steps.add(Step.of(Action.DELETED, "security group " + groupName, id, ""));
            } else {
                steps.add(Step.of(Action.ABSENT, "security group " + groupName, "", ""));
            }
        }
        Optional<Cluster> c = findCluster();
        if (c.isPresent()) {
            boolean ours = c.get().tags().stream().anyMatch(t -> TAG.equals(t.key()) && name.equals(t.value()));
            boolean empty = c.get().activeServicesCount() == null || c.get().activeServicesCount() == 0;
            if (ours && empty) {
                call("DeleteCluster " + cluster, "Check that you may call ecs:DeleteCluster", () -> ecs().deleteCluster(
                                b -> b.cluster(cluster)));
                steps.add(Step.of(Action.DELETED, "cluster " + cluster, c.get().clusterArn(), ""));
            } else {
                steps.add(Step.of(
                        Action.KEPT,
                        "cluster " + cluster,
                        c.get().clusterArn(),
                        ours ? "it still runs other services" : "this web service did not create it"));
            }
        }
        return WebServiceReport.builder()
                .service(name)
                .cluster(cluster)
                .region(kit.region().id())
                .addAllSteps(steps)
                .duration(Duration.ofNanos(System.nanoTime() - started))
                .build();
    }

    private String vpcIdForDestroy() {
        if (vpc instanceof VpcModel && ((VpcModel) vpc).id().isPresent()) {
            return ((VpcModel) vpc).id().get();
        }
        if (vpc instanceof String) {
            return (String) vpc;
        }
        if (vpc instanceof VpcPlan) {
            List<software.amazon.awssdk.services.ec2.model.Vpc> vpcs = call(
                            "DescribeVpcs of plan " + ((VpcPlan) vpc).name(), "", () -> ec2().describeVpcs(
                                            b -> b.filters(Filter.builder()
                                                    .name("tag:awskit:plan")
                                                    .values(((VpcPlan) vpc).name())
                                                    .build())))
                    .vpcs();
            return vpcs.isEmpty() ? null : vpcs.get(0).vpcId();
        }
        return null;
    }

    private void untilDeleted(String what, Runnable delete) {
        try {
            Wait.until(what + " to be deleted in " + kit.region())
                    .timeout(deleteTimeout)
                    .firstDelay(Duration.ofSeconds(2))
                    .maxDelay(Duration.ofSeconds(15))
                    .pollWithState(() -> {
                        try {
                            delete.run();
                            return Wait.Outcome.done(Boolean.TRUE);
                        } catch (SdkException e) {
                            String code = AwsErrors.errorCode(e).orElse("");
                            if (code.equals("DependencyViolation") || code.equals("ResourceInUse")) {
                                return Wait.Outcome.notYet(code + ": " + AwsErrors.describe(e));
                            }
                            throw new AwsKitException(
                                    "Deleting " + what + " failed in region " + kit.region() + ": "
                                            + AwsErrors.describe(e) + ". Delete it by hand, then run destroy() again.",
                                    e);
                        }
                    });
        } catch (WaitTimeoutException e) {
            throw new AwsKitException(
                    what + " (" + kit.region() + ") is still in use after " + deleteTimeout
                            + ": something else refers to it. Run destroy() again later, or find the user with aws ec2"
                            + " describe-network-interfaces.",
                    e);
        }
    }

    // ---------------------------------------------------------------- diagnoses

    /** What {@code check()} says without calling AWS (a plan's model, or a model given): network and ports. */
    public dev.awskit.ecs.ValidationReport check() {
        VpcModel model = resolveVpc(false, new ArrayList<>());
        TaskDefinition td = taskDefinition.orElseThrow(() -> new IllegalStateException(
                "check() works offline on a TaskDefinition; with a registered one (taskDefinition(\""
                        + registered.orElse("") + "\")) use explain()"));
        List<Finding> f = new ArrayList<>();
        f.addAll(WebServiceChecks.subnets(model, albSubnets(model), taskSubnets(model)));
        f.addAll(diagnoseOffline(model, td, containerName(td), Optional.empty(), List.of()));
        f.addAll(WebServiceChecks.missingExecutionRole(td));
        return dev.awskit.ecs.ValidationReport.of(source(), f);
    }

    /** What {@code explain()} says: every check, on the resources as AWS describes them now (read-only). */
    public dev.awskit.ecs.ValidationReport explain() {
        VpcModel model = resolveVpc(false, new ArrayList<>());
        if (model.id().isPresent() && vpc instanceof VpcModel) {
            model = Net.of(kit).describe(model.id().get());
        } else if (vpc instanceof VpcPlan) {
            String id = vpcIdForDestroy();
            if (id != null) {
                model = Net.of(kit).describe(id);
            }
        }
        Service s = findService();
        TaskDefinition td;
        if (s != null) {
            td = TaskDefinition.of(EcsCalls.toRequest(describeTd(s.taskDefinition())));
        } else if (registered.isPresent()) {
            td = TaskDefinition.of(EcsCalls.toRequest(describeTd(registered.get())));
        } else {
            td = taskDefinition.orElseThrow();
        }
        List<Finding> f = new ArrayList<>();
        f.addAll(WebServiceChecks.subnets(model, albSubnets(model), taskSubnets(model)));
        f.addAll(diagnose(model, td, containerName(td), findTargetGroup(), findLoadBalancer(), s != null));
        return dev.awskit.ecs.ValidationReport.of(source(), f);
    }

    private String source() {
        return "web service " + name + " in cluster " + cluster + " (" + kit.region() + ")";
    }

    private List<Finding> diagnose(
            VpcModel model,
            TaskDefinition td,
            String containerName,
            Optional<TargetGroup> tg,
            Optional<LoadBalancer> alb,
            boolean serviceExists) {
        List<VpcEndpoint> endpoints = model.id().isEmpty()
                ? List.of()
                : call(
                                "DescribeVpcEndpoints of " + model.ref(),
                                "Check that you may call ec2:DescribeVpcEndpoints",
                                () -> ec2().describeVpcEndpoints(b -> b.filters(Filter.builder()
                                        .name("vpc-id")
                                        .values(model.id().get())
                                        .build())))
                        .vpcEndpoints();
        List<Finding> f = new ArrayList<>(diagnoseOffline(model, td, containerName, tg, endpoints));
        f.addAll(roleFindings(td));
        if (serviceExists) {
            f.addAll(runtimeFindings(tg));
        }
        return f;
    }

    private List<Finding> diagnoseOffline(
            VpcModel model, TaskDefinition td, String containerName, Optional<TargetGroup> tg, List<VpcEndpoint> eps) {
        List<SecurityGroup> missing = new ArrayList<>();
        for (SecurityGroup g : WebServiceChecks.plannedGroups(albGroupName(), taskGroupName(), lb.port(), port)) {
            if (model.securityGroup(g.name()).isEmpty()) {
                missing.add(g);
            }
        }
        VpcModel m = missing.isEmpty() ? model : withGroups(model, missing);
        String albGroup = m.securityGroup(albGroupName()).orElseThrow().ref();
        String taskGroup = m.securityGroup(taskGroupName()).orElseThrow().ref();
        List<Subnet> albSubnets = albSubnets(m);
        List<Subnet> taskSubnets = taskSubnets(m);
        List<Finding> f = new ArrayList<>();
        if (lb.internetFacing()) {
            f.addAll(WebServiceChecks.internetToAlb(m, albSubnets, albGroup, lb.port()));
        }
        f.addAll(WebServiceChecks.albToTask(m, albSubnets, albGroup, taskSubnets, taskGroup, port));
        f.addAll(WebServiceChecks.imageRoute(
                m, taskSubnets, taskGroup, eps, td, kit.region().id()));
        f.addAll(WebServiceChecks.healthCheck(tg.orElseGet(this::plannedTargetGroup), td, containerName, port));
        return f;
    }

    /** The target group deploy() would create, as DescribeTargetGroups would return it. */
    TargetGroup plannedTargetGroup() {
        return TargetGroup.builder()
                .targetGroupName(targetGroupName())
                .protocol(ProtocolEnum.HTTP)
                .port(port)
                .targetType(TargetTypeEnum.IP)
                .healthCheckProtocol(ProtocolEnum.HTTP)
                .healthCheckPath(lb.healthCheckPath())
                .healthCheckPort(lb.healthCheckPort() == 0 ? "traffic-port" : String.valueOf(lb.healthCheckPort()))
                .matcher(m -> m.httpCode(lb.healthyHttpCodes()))
                .build();
    }

    static VpcModel withGroups(VpcModel model, List<SecurityGroup> groups) {
        VpcModelBuilder b = VpcModel.builder()
                .name(model.name())
                .cidr(model.cidr())
                .addAllSubnets(model.subnets())
                .addAllRouteTables(model.routeTables())
                .addAllInternetGateways(model.internetGateways())
                .addAllNatGateways(model.natGateways())
                .addAllNacls(model.nacls())
                .addAllSecurityGroups(model.securityGroups())
                .addAllSecurityGroups(groups)
                .addAllEndpoints(model.endpoints());
        model.id().ifPresent(b::id);
        return b.build();
    }

    /** The execution role as IAM describes it (read-only: GetRole and the policies' documents). */
    private List<Finding> roleFindings(TaskDefinition td) {
        String arn = td.toRequest().executionRoleArn();
        if (arn == null || arn.isBlank()) {
            return WebServiceChecks.missingExecutionRole(td);
        }
        String roleName = WebServiceChecks.roleName(arn);
        try {
            IamClient iam = kit.client(IamClient.class);
            Role role;
            try {
                role = iam.getRole(b -> b.roleName(roleName)).role();
            } catch (NoSuchEntityException e) {
                return WebServiceChecks.executionRole(td, false, null, List.of());
            }
            List<String> docs = new ArrayList<>();
            for (AttachedPolicy p : iam.listAttachedRolePoliciesPaginator(b -> b.roleName(roleName))
                    .attachedPolicies()) {
                String version =
                        iam.getPolicy(b -> b.policyArn(p.policyArn())).policy().defaultVersionId();
                docs.add(iam.getPolicyVersion(b -> b.policyArn(p.policyArn()).versionId(version))
                        .policyVersion()
                        .document());
            }
            for (String inline :
                    iam.listRolePoliciesPaginator(b -> b.roleName(roleName)).policyNames()) {
                docs.add(iam.getRolePolicy(b -> b.roleName(roleName).policyName(inline))
                        .policyDocument());
            }
            return WebServiceChecks.executionRole(td, true, role.assumeRolePolicyDocument(), docs);
        } catch (SdkException e) {
            return List.of(Finding.of(
                    Severity.WARNING,
                    "webservice.execution-role",
                    "",
                    "Could not read the execution role " + arn + ": " + AwsErrors.describe(e) + ".",
                    "Allow iam:GetRole, iam:ListAttachedRolePolicies, iam:GetPolicy, iam:GetPolicyVersion,"
                            + " iam:ListRolePolicies and iam:GetRolePolicy to check it, or check it by hand."));
        }
    }

    /** Target health and stopped tasks: ECS's and ELB's own signals of a deployment that is not steady. */
    public List<Finding> runtimeFindings(Optional<TargetGroup> tg) {
        List<Finding> f = new ArrayList<>();
        if (tg.isPresent()) {
            List<TargetHealthDescription> health = call(
                            "DescribeTargetHealth of " + targetGroupName(),
                            "Check that you may call elasticloadbalancing:DescribeTargetHealth",
                            () -> elb().describeTargetHealth(
                                            b -> b.targetGroupArn(tg.get().targetGroupArn())))
                    .targetHealthDescriptions();
            f.addAll(WebServiceChecks.targetHealth(targetGroupName(), health));
        }
        f.addAll(WebServiceChecks.stoppedTasks(stoppedTasks()));
        return f;
    }

    /**
     * What a web service adds to the diagnosis of a deployment that did not become steady: its targets'
     * health (the deploy step itself diagnoses the stopped tasks).
     */
    public List<Finding> notSteady() {
        Optional<TargetGroup> tg = findTargetGroup();
        if (tg.isEmpty()) {
            return List.of();
        }
        List<TargetHealthDescription> health = call(
                        "DescribeTargetHealth of " + targetGroupName(),
                        "Check that you may call elasticloadbalancing:DescribeTargetHealth",
                        () -> elb().describeTargetHealth(
                                        b -> b.targetGroupArn(tg.get().targetGroupArn())))
                .targetHealthDescriptions();
        return WebServiceChecks.targetHealth(targetGroupName(), health);
    }

    private List<Task> stoppedTasks() {
        List<String> arns = call(
                        "ListTasks (STOPPED) of service " + name + " in cluster " + cluster,
                        "Check that you may call ecs:ListTasks",
                        () -> ecs().listTasks(b ->
                                b.cluster(cluster).serviceName(name).desiredStatus("STOPPED")))
                .taskArns();
        if (arns.isEmpty()) {
            return List.of();
        }
        List<String> batch = arns.subList(0, Math.min(arns.size(), 100));
        return call(
                        "DescribeTasks in cluster " + cluster,
                        "Check that you may call ecs:DescribeTasks",
                        () -> ecs().describeTasks(b -> b.cluster(cluster).tasks(batch)))
                .tasks();
    }

    // ---------------------------------------------------------------- plumbing

    private software.amazon.awssdk.services.ecs.model.TaskDefinition describeTd(String ref) {
        return call(
                        "DescribeTaskDefinition " + ref,
                        "Check the family, revision or ARN (aws ecs list-task-definitions)",
                        () -> ecs().describeTaskDefinition(b -> b.taskDefinition(ref)))
                .taskDefinition();
    }

    private Optional<software.amazon.awssdk.services.ecs.model.TaskDefinition> latestRevision(String family) {
        try {
            return Optional.of(
                    ecs().describeTaskDefinition(b -> b.taskDefinition(family)).taskDefinition());
        } catch (SdkException e) {
            if (e instanceof software.amazon.awssdk.services.ecs.model.ClientException || AwsErrors.isNotFound(e)) {
                return Optional.empty(); // ECS answers ClientException for a family with no revision
            }
            throw new AwsKitException(
                    "DescribeTaskDefinition " + family + " failed in region " + kit.region() + ": "
                            + AwsErrors.describe(e),
                    e);
        }
    }

    private static software.amazon.awssdk.services.ec2.model.Tag ec2Tag(String key, String value) {
        return software.amazon.awssdk.services.ec2.model.Tag.builder()
                .key(key)
                .value(value)
                .build();
    }

    private software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag elbTag() {
        return software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag.builder()
                .key(TAG)
                .value(name)
                .build();
    }

    private software.amazon.awssdk.services.ecs.model.Tag ecsTag() {
        return software.amazon.awssdk.services.ecs.model.Tag.builder()
                .key(TAG)
                .value(name)
                .build();
    }

    private <T> T call(String what, String next, Supplier<T> call) {
        return EcsCalls.call(kit, what, next, call);
    }

    private EcsClient ecs() {
        return kit.client(EcsClient.class);
    }

    private Ec2Client ec2() {
        return kit.client(Ec2Client.class);
    }

    private ElasticLoadBalancingV2Client elb() {
        return kit.client(ElasticLoadBalancingV2Client.class);
    }

    @Override
    public String toString() {
        return "web service " + name + " in cluster " + cluster + " (" + Objects.toString(kit.region()) + ")";
    }

    /** Same-revision test shared with the deploy step. */
    static final class DeployStepsSupport {
        private DeployStepsSupport() {}

        static boolean sameRevision(String a, String b) {
            if (a == null || b == null) {
                return false;
            }
            return a.equals(b) || a.endsWith("/" + b) || b.endsWith("/" + a);
        }
    }
}
