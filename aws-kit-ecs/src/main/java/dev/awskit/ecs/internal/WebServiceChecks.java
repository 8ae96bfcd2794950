package dev.awskit.ecs.internal;

import dev.awskit.core.Finding;
import dev.awskit.core.Severity;
import dev.awskit.ecs.TaskDefinition;
import dev.awskit.net.Endpoint;
import dev.awskit.net.Peer;
import dev.awskit.net.Protocol;
import dev.awskit.net.Reachability;
import dev.awskit.net.RouteTable;
import dev.awskit.net.SecurityGroup;
import dev.awskit.net.SecurityGroupRule;
import dev.awskit.net.Subnet;
import dev.awskit.net.Traffic;
import dev.awskit.net.VpcModel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * The "why" diagnoses of a web service, each a pure function of resources as AWS describes them (SDK
 * model objects, a {@link VpcModel} read from the Describe answers): no call is made here, so every
 * decision has a unit test with a failing and a passing example.
 *
 * <p>Rule ids: {@code webservice.alb-subnets}, {@code webservice.internet-to-alb}, {@code
 * webservice.alb-to-task}, {@code webservice.task-open-to-world}, {@code webservice.image-route},
 * {@code webservice.logs-route}, {@code webservice.container-port}, {@code webservice.health-check},
 * {@code webservice.execution-role}, {@code webservice.target-health}, {@code webservice.stopped-task}.
 */
public final class WebServiceChecks {
    /** {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1}: a private ECR image and its region. */
    private static final Pattern ECR_IMAGE =
            Pattern.compile("^\\d{12}\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/.*");

    private WebServiceChecks() {}

    /**
     * The load balancer needs subnets in at least two Availability Zones (CreateLoadBalancer rejects
     * fewer), public ones for an internet-facing load balancer; the tasks need at least one subnet.
     */
    public static List<Finding> subnets(VpcModel vpc, List<Subnet> albSubnets, List<Subnet> taskSubnets) {
        List<Finding> out = new ArrayList<>();
        Set<String> zones = new LinkedHashSet<>();
        albSubnets.forEach(s -> zones.add(s.zone()));
        if (zones.size() < 2) {
            out.add(error(
                    "webservice.alb-subnets",
                    "VPC " + vpc.ref() + " has public subnets in " + zones.size() + " Availability Zone(s) " + zones
                            + "; an Application Load Balancer needs subnets in at least two.",
                    "Add a public subnet in a second zone (Net.plan(...).zones(2).publicSubnets(24)), or name"
                            + " the subnets with loadBalancerSubnets(...)."));
        }
        if (taskSubnets.isEmpty()) {
            out.add(error(
                    "webservice.alb-subnets",
                    "VPC " + vpc.ref() + " has no private subnet for the tasks.",
                    "Add private subnets (Net.plan(...).privateSubnets(24)), or name them with taskSubnets(...)."));
        }
        return out;
    }

    /** The internet must reach the load balancer on its listener port (internet gateway, NACLs, its group). */
    public static List<Finding> internetToAlb(
            VpcModel vpc, List<Subnet> albSubnets, String albGroup, int listenerPort) {
        List<Finding> out = new ArrayList<>();
        for (Subnet s : albSubnets) {
            Reachability r = vpc.reach(
                    Endpoint.internet(),
                    Endpoint.instance("load balancer node in " + s.ref(), s.ref(), albGroup)
                            .withPublicIp(),
                    Traffic.of(Protocol.TCP, listenerPort, listenerPort));
            if (r.blocked()) {
                out.add(error(
                        "webservice.internet-to-alb",
                        "Clients on the internet cannot reach the load balancer in subnet " + s.ref() + " on port "
                                + listenerPort + ": " + r.reason() + ".",
                        "Open the listener port in the load balancer's group " + albGroup
                                + " and route the subnet's 0.0.0.0/0 to an internet gateway."));
            }
        }
        return out;
    }

    /**
     * The load balancer must reach the tasks on the container port: the task group admits the load
     * balancer's group (seed 001's last fix), NACLs allow it both ways. A task group open to the world
     * on that port works, but is a warning: it should admit only the load balancer.
     */
    public static List<Finding> albToTask(
            VpcModel vpc,
            List<Subnet> albSubnets,
            String albGroup,
            List<Subnet> taskSubnets,
            String taskGroup,
            int containerPort) {
        List<Finding> out = new ArrayList<>();
        Traffic traffic = Traffic.of(Protocol.TCP, containerPort, containerPort);
        if (!albSubnets.isEmpty()) {
            Subnet from = albSubnets.get(0);
            for (Subnet to : taskSubnets) {
                Reachability r = vpc.reach(
                        Endpoint.instance("load balancer", from.ref(), albGroup),
                        Endpoint.instance("task in " + to.ref(), to.ref(), taskGroup),
                        traffic);
                if (r.blocked()) {
                    out.add(error(
                            "webservice.alb-to-task",
                            "The load balancer (group " + albGroup + ") cannot reach tasks in subnet " + to.ref()
                                    + " on container port " + containerPort + ": " + r.reason()
                                    + ". Targets stay unhealthy (Target.Timeout).",
                            "Allow tcp " + containerPort + " from group " + albGroup + " in the task group "
                                    + taskGroup + " (aws ec2 authorize-security-group-ingress --group-id " + taskGroup
                                    + " --protocol tcp --port " + containerPort + " --source-group " + albGroup
                                    + ")."));
                    break;
                }
            }
        }
        vpc.securityGroup(taskGroup).ifPresent(g -> {
            for (SecurityGroupRule rule : g.ingress()) {
                if (rule.peer().isAnywhere() && rule.traffic().covers(Protocol.TCP, containerPort)) {
                    out.add(warning(
                            "webservice.task-open-to-world",
                            "Task group " + g.ref() + " admits " + rule.traffic() + " from 0.0.0.0/0: the tasks are"
                                    + " reachable around the load balancer (if they ever get a public IP).",
                            "Replace the rule with one whose source is the load balancer's group " + albGroup + "."));
                    break;
                }
            }
        });
        return out;
    }

    /**
     * Fargate pulls images and sends logs from the task's own interface: the task subnets need a
     * route to the registry (a NAT gateway, or, for ECR in the VPC's region, the interface endpoints
     * {@code ecr.api} and {@code ecr.dkr} and the gateway endpoint {@code s3}) and, with the awslogs
     * driver, to CloudWatch Logs (NAT, or the {@code logs} endpoint). Seed 001's tasks stayed PENDING
     * and stopped for exactly this.
     */
    public static List<Finding> imageRoute(
            VpcModel vpc,
            List<Subnet> taskSubnets,
            String taskGroup,
            List<VpcEndpoint> endpoints,
            TaskDefinition td,
            String region) {
        List<Finding> out = new ArrayList<>();
        for (Subnet s : taskSubnets) {
            Reachability toInternet = vpc.reach(
                    Endpoint.instance("task in " + s.ref(), s.ref(), taskGroup),
                    Endpoint.internet(),
                    Traffic.of(Protocol.TCP, 443, 443));
            if (toInternet.reachable()) {
                continue;
            }
            String table = vpc.routeTableOf(s).map(RouteTable::ref).orElse("(none)");
            for (ContainerDefinition c : td.containers()) {
                String image = c.image() == null ? "" : c.image();
                Matcher ecr = ECR_IMAGE.matcher(image);
                if (ecr.matches() && ecr.group(1).equals(region)) {
                    List<String> missing = new ArrayList<>();
                    for (String svc : List.of("ecr.api", "ecr.dkr")) {
                        if (!hasInterfaceEndpoint(endpoints, region, svc)) {
                            missing.add(svc + " (interface)");
                        }
                    }
                    if (!hasGatewayEndpoint(endpoints, region, "s3", table)) {
                        missing.add("s3 (gateway, on route table " + table + ")");
                    }
                    if (!missing.isEmpty()) {
                        out.add(error(
                                "webservice.image-route",
                                "Tasks in subnet " + s.ref() + " cannot pull image " + image + " of container "
                                        + c.name() + ": " + toInternet.reason() + ", and the VPC lacks the endpoints "
                                        + String.join(", ", missing)
                                        + ". Tasks stay PENDING, then stop with CannotPullContainerError.",
                                "Route 0.0.0.0/0 of route table " + table + " to a NAT gateway"
                                        + " (Net.plan(...).natGateway(NatMode.PER_ZONE)), or create the VPC endpoints"
                                        + " com.amazonaws." + region + ".ecr.api, .ecr.dkr and .s3."));
                    }
                } else {
                    out.add(error(
                            "webservice.image-route",
                            "Tasks in subnet " + s.ref() + " cannot pull image " + image + " of container " + c.name()
                                    + ": " + toInternet.reason() + "."
                                    + (ecr.matches()
                                            ? " The image is in another region's ECR, which VPC endpoints do not serve."
                                            : " The image is not in this region's ECR, so only the internet serves it.")
                                    + " Tasks stay PENDING, then stop with CannotPullContainerError.",
                            "Route 0.0.0.0/0 of route table " + table + " to a NAT gateway (Net.plan(...).natGateway("
                                    + "NatMode.PER_ZONE)), or copy the image to ECR in " + region
                                    + " (Ecr.of(aws).copy(...)) and add the ECR and S3 VPC endpoints."));
                }
                if (awslogs(c) && !hasInterfaceEndpoint(endpoints, region, "logs")) {
                    out.add(error(
                            "webservice.logs-route",
                            "Container " + c.name() + " logs with awslogs, but tasks in subnet " + s.ref()
                                    + " reach neither the internet (" + toInternet.reason()
                                    + ") nor a logs VPC endpoint. Tasks stop with ResourceInitializationError.",
                            "Add a NAT gateway, or the interface endpoint com.amazonaws." + region + ".logs."));
                }
            }
        }
        return out;
    }

    /**
     * The container the load balancer sends to must map the container port, and the target group's
     * health checks must go to a port the container serves, on a path (an ECS service registers each
     * task's IP with the container port; {@code traffic-port} means that port).
     */
    public static List<Finding> healthCheck(
            TargetGroup tg, TaskDefinition td, String containerName, int containerPort) {
        List<Finding> out = new ArrayList<>();
        Optional<ContainerDefinition> container = td.container(containerName);
        if (container.isEmpty()) {
            out.add(error(
                    "webservice.container-port",
                    "Task definition " + td.family() + " has no container named " + containerName + ".",
                    "Name one of its containers " + containerName + ", or pick the container with container(...)."));
            return out;
        }
        List<Integer> mapped = new ArrayList<>();
        for (PortMapping m : container.get().portMappings()) {
            if (m.containerPort() != null) {
                mapped.add(m.containerPort());
            }
        }
        if (!mapped.contains(containerPort)) {
            out.add(error(
                    "webservice.container-port",
                    "Container " + containerName + " of " + td.family() + " maps ports " + mapped + ", not "
                            + containerPort + ": CreateService rejects a load balancer on an unmapped port.",
                    "Add portMappings containerPort " + containerPort + " to the container, or use port("
                            + (mapped.isEmpty() ? "<its port>" : mapped.get(0)) + ")."));
        }
        if (tg == null) {
            return out;
        }
        if (!"ip".equals(tg.targetTypeAsString())) {
            out.add(error(
                    "webservice.health-check",
                    "Target group " + tg.targetGroupName() + " has target type " + tg.targetTypeAsString()
                            + "; Fargate tasks (awsvpc) register by IP and need target type ip.",
                    "Create a target group with --target-type ip."));
        }
        String hcPort = tg.healthCheckPort();
        if (hcPort != null && !"traffic-port".equals(hcPort)) {
            int p = port(hcPort);
            if (p != containerPort && !mapped.contains(p)) {
                out.add(error(
                        "webservice.health-check",
                        "Target group " + tg.targetGroupName() + " checks health on port " + p + ", but container "
                                + containerName + " maps only " + mapped + ": every check fails"
                                + " (Target.FailedHealthChecks).",
                        "Set the health-check port to traffic-port or " + containerPort
                                + " (aws elbv2 modify-target-group --health-check-port traffic-port)."));
            }
        }
        String path = tg.healthCheckPath();
        String protocol = tg.healthCheckProtocolAsString();
        if (("HTTP".equals(protocol) || "HTTPS".equals(protocol)) && (path == null || !path.startsWith("/"))) {
            out.add(error(
                    "webservice.health-check",
                    "Target group " + tg.targetGroupName() + " has health-check path '" + path
                            + "'; an HTTP health check needs a path that starts with /.",
                    "Use healthCheck(\"/health\") with the path your container answers 200 on."));
        }
        return out;
    }

    /**
     * What the execution role must allow: pulling a private ECR image (ecr:GetAuthorizationToken,
     * ecr:BatchGetImage, ecr:GetDownloadUrlForLayer) and the awslogs driver (logs:CreateLogStream,
     * logs:PutLogEvents), with a trust policy that lets ecs-tasks.amazonaws.com assume it.
     *
     * @param roleExists whether GetRole found the role named by the definition's executionRoleArn
     * @param trustPolicy the role's AssumeRolePolicyDocument (JSON, URL-encoded as IAM returns it or not)
     * @param policies the documents of its attached and inline policies (likewise)
     */
    public static List<Finding> executionRole(
            TaskDefinition td, boolean roleExists, String trustPolicy, List<String> policies) {
        List<Finding> out = new ArrayList<>(missingExecutionRole(td));
        String roleArn = td.toRequest().executionRoleArn();
        if (roleArn == null || roleArn.isBlank()) {
            return out;
        }
        List<String> needed = new ArrayList<>();
        List<String> why = new ArrayList<>();
        needs(td, needed, why);
        if (!roleExists) {
            out.add(error(
                    "webservice.execution-role",
                    "The execution role " + roleArn + " of " + td.family() + " does not exist.",
                    "Create it (aws iam create-role --role-name " + roleName(roleArn)
                            + " with a trust policy for ecs-tasks.amazonaws.com, then attach-role-policy"
                            + " AmazonECSTaskExecutionRolePolicy)."));
            return out;
        }
        if (trustPolicy != null && !PolicyGrants.trustsService(trustPolicy, "ecs-tasks.amazonaws.com")) {
            out.add(error(
                    "webservice.execution-role",
                    "The execution role " + roleArn + " does not trust ecs-tasks.amazonaws.com: ECS cannot assume it.",
                    "Make its trust policy allow sts:AssumeRole for the service principal ecs-tasks.amazonaws.com"
                            + " (aws iam update-assume-role-policy)."));
        }
        List<String> lacking = new ArrayList<>();
        for (String action : needed) {
            if (!PolicyGrants.allows(policies, action)) {
                lacking.add(action);
            }
        }
        if (!lacking.isEmpty()) {
            out.add(error(
                    "webservice.execution-role",
                    "The execution role " + roleArn + " does not allow " + String.join(", ", lacking) + ", but "
                            + String.join(" and ", why) + ".",
                    "Attach the AWS managed policy AmazonECSTaskExecutionRolePolicy (aws iam attach-role-policy"
                            + " --role-name " + roleName(roleArn) + " --policy-arn"
                            + " arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy)."));
        }
        return out;
    }

    /** Without an execution role, a task can neither pull from ECR nor log with awslogs (checked offline). */
    public static List<Finding> missingExecutionRole(TaskDefinition td) {
        String roleArn = td.toRequest().executionRoleArn();
        List<String> needed = new ArrayList<>();
        List<String> why = new ArrayList<>();
        needs(td, needed, why);
        if ((roleArn == null || roleArn.isBlank()) && !needed.isEmpty()) {
            return List.of(error(
                    "webservice.execution-role",
                    "Task definition " + td.family() + " has no execution role, but " + String.join(" and ", why)
                            + ": tasks stop with CannotPullContainerError or ResourceInitializationError.",
                    "Set executionRole(\"arn:aws:iam::<account>:role/ecsTaskExecutionRole\"), a role with the"
                            + " AWS managed policy AmazonECSTaskExecutionRolePolicy."));
        }
        return List.of();
    }

    private static void needs(TaskDefinition td, List<String> needed, List<String> why) {
        for (ContainerDefinition c : td.containers()) {
            if (c.image() != null && ECR_IMAGE.matcher(c.image()).matches()) {
                addOnce(needed, "ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer");
                why.add("container " + c.name() + " pulls " + c.image() + " from ECR");
            }
            if (awslogs(c)) {
                addOnce(needed, "logs:CreateLogStream", "logs:PutLogEvents");
                why.add("container " + c.name() + " logs with awslogs");
            }
        }
    }

    /**
     * The reason codes of DescribeTargetHealth, quoted with what to do (ELBv2 API reference,
     * TargetHealth, and "Health checks for your target groups", reason codes). Healthy targets give
     * nothing; registering and initial checks are warnings (wait); the rest are errors.
     */
    public static List<Finding> targetHealth(String targetGroup, List<TargetHealthDescription> targets) {
        List<Finding> out = new ArrayList<>();
        for (TargetHealthDescription d : targets) {
            if (d.targetHealth() == null || "healthy".equals(d.targetHealth().stateAsString())) {
                continue;
            }
            String code = d.targetHealth().reasonAsString();
            String target = d.target() == null
                    ? "?"
                    : d.target().id() + ":" + d.target().port();
            String quoted = "Target " + target + " of " + targetGroup + " is "
                    + d.targetHealth().stateAsString()
                    + (code == null ? "" : " (" + code + ")")
                    + (d.targetHealth().description() == null
                            ? ""
                            : ": \"" + d.targetHealth().description() + "\"");
            String fix = targetHealthFix(code == null ? "" : code);
            boolean transient_ = "Elb.RegistrationInProgress".equals(code)
                    || "Elb.InitialHealthChecking".equals(code)
                    || "Target.DeregistrationInProgress".equals(code);
            out.add(Finding.of(
                    transient_ ? Severity.WARNING : Severity.ERROR, "webservice.target-health", "", quoted + ".", fix));
        }
        return out;
    }

    private static String targetHealthFix(String code) {
        switch (code) {
            case "Elb.RegistrationInProgress":
            case "Elb.InitialHealthChecking":
                return "Wait: the first health checks are running (interval x healthy threshold).";
            case "Target.ResponseCodeMismatch":
                return "The container answered the health-check path with a code outside the matcher: point"
                        + " healthCheck(...) at a path that answers 200, or widen the matcher (e.g. 200-399).";
            case "Target.Timeout":
                return "No answer in time: let the task group admit the load balancer's group on the container port,"
                        + " make the app listen on 0.0.0.0 (not 127.0.0.1), or raise the health-check timeout.";
            case "Target.FailedHealthChecks":
                return "The connection failed or the answer was malformed: check that the container listens on the"
                        + " target port and did not crash (stopped tasks, the task's logs).";
            case "Target.NotRegistered":
                return "The target is not registered: check the service's loadBalancers entry (container name, port).";
            case "Target.NotInUse":
                return "The task's Availability Zone is not enabled on the load balancer: give the load balancer a"
                        + " subnet in every zone the tasks run in.";
            case "Target.IpUnusable":
                return "The IP address is in use by a load balancer or otherwise unusable: use other subnets.";
            case "Target.InvalidState":
                return "The target is stopped or terminated: see the stopped tasks' reasons.";
            case "Target.HealthCheckDisabled":
                return "Health checks are disabled on the target group: enable them.";
            case "Target.DeregistrationInProgress":
                return "The target is draining (a deployment or scale-in replaces it): wait.";
            case "Elb.InternalError":
                return "An internal load balancer error: retry, and contact AWS support if it persists.";
            default:
                return "See the reason codes in the ELBv2 documentation (describe-target-health).";
        }
    }

    /**
     * Stopped tasks' reasons (Amazon ECS developer guide, "Amazon ECS stopped task error messages"),
     * quoted with what to do. A task stopped by a scaling activity or a deployment is not a failure.
     */
    public static List<Finding> stoppedTasks(List<Task> tasks) {
        List<Finding> out = new ArrayList<>();
        for (Task t : tasks) {
            String reason = t.stoppedReason() == null ? "" : t.stoppedReason();
            String stopCode = t.stopCodeAsString() == null ? "" : t.stopCodeAsString();
            if ("ServiceSchedulerInitiated".equals(stopCode)
                    && (reason.startsWith("Scaling activity initiated by")
                            || reason.startsWith("Service is being deleted"))) {
                continue;
            }
            StringBuilder all = new StringBuilder(reason);
            for (Container c : t.containers()) {
                if (c.reason() != null) {
                    all.append(' ').append(c.reason());
                }
            }
            if (all.toString().isBlank() && stopCode.isEmpty()) {
                continue;
            }
            String text = all.toString();
            String task = t.taskArn() == null ? "a task" : "Task " + shortId(t.taskArn());
            StringBuilder quoted = new StringBuilder(task).append(" stopped");
            if (!stopCode.isEmpty()) {
                quoted.append(" (").append(stopCode).append(')');
            }
            quoted.append(": \"").append(reason).append('"');
            for (Container c : t.containers()) {
                if (c.reason() != null || (c.exitCode() != null && c.exitCode() != 0)) {
                    quoted.append("; container ").append(c.name());
                    if (c.exitCode() != null) {
                        quoted.append(" exit code ").append(c.exitCode());
                    }
                    if (c.reason() != null) {
                        quoted.append(": \"").append(c.reason()).append('"');
                    }
                }
            }
            out.add(error("webservice.stopped-task", quoted + ".", stoppedFix(text, t)));
        }
        return out;
    }

    private static String stoppedFix(String text, Task t) {
        String lower = text.toLowerCase(Locale.ROOT);
        boolean network = lower.contains("i/o timeout")
                || lower.contains("context deadline exceeded")
                || lower.contains("dial tcp")
                || lower.contains("request canceled while waiting for connection");
        if (text.contains("CannotPullContainerError")) {
            if (network) {
                return "The task could not reach the registry: give its subnets a route to a NAT gateway, or add the"
                        + " VPC endpoints ecr.api, ecr.dkr (interface) and s3 (gateway) for ECR images.";
            }
            if (lower.contains("not found") || lower.contains("manifest unknown") || lower.contains("does not exist")) {
                return "The image or tag does not exist: check the image name and tag (aws ecr describe-images).";
            }
            if (lower.contains("accessdenied")
                    || lower.contains("access denied")
                    || lower.contains("403")
                    || lower.contains("not authorized")
                    || lower.contains("unauthorized")) {
                return "Pulling was denied: let the execution role allow ecr:GetAuthorizationToken,"
                        + " ecr:BatchGetImage and ecr:GetDownloadUrlForLayer (AmazonECSTaskExecutionRolePolicy).";
            }
            if (lower.contains("toomanyrequests")) {
                return "Docker Hub's pull rate limit: copy the image to ECR (Ecr.of(aws).copy(...)) or use"
                        + " registry credentials.";
            }
            return "Check the image name, the execution role's ECR permissions and the subnets' route to the registry.";
        }
        if (text.contains("ResourceInitializationError")) {
            if (lower.contains("secret") || lower.contains("registry auth") || lower.contains("ssm")) {
                return "The task could not fetch secrets or registry credentials: give its subnets a route to a NAT"
                        + " gateway or the VPC endpoints (ssm, secretsmanager, ecr), and let the execution role read"
                        + " them.";
            }
            if (lower.contains("log")) {
                return "The awslogs driver failed: create the log group (or set awslogs-create-group with"
                        + " logs:CreateLogGroup), allow logs:CreateLogStream and logs:PutLogEvents, and route the"
                        + " subnets to CloudWatch Logs (NAT or the logs endpoint).";
            }
            return "The task's network or volumes could not be set up: check the subnets' routes, the execution role,"
                    + " and EFS mounts if any.";
        }
        if (text.contains("ELB health checks") || text.contains("failed ELB health")) {
            return "The load balancer found the task unhealthy: see the target health reasons; check the health-check"
                    + " path and port and that the task group admits the load balancer's group.";
        }
        if (text.contains("OutOfMemory")
                || t.containers().stream().anyMatch(c -> Integer.valueOf(137).equals(c.exitCode()))) {
            return "The container ran out of memory (exit code 137): raise the task's memory or the container's limit.";
        }
        if (text.contains("CannotStartContainerError") || text.contains("CannotCreateContainerError")) {
            return "The container could not start: check its command, entry point, and the task's resources.";
        }
        if (text.contains("Essential container in task exited")) {
            return "The application exited: read the container's logs (its exit code is above) and fix the crash.";
        }
        if (text.contains("TaskFailedToStart") || "TaskFailedToStart".equals(t.stopCodeAsString())) {
            return "The task failed to start: check the subnets, the security groups and the execution role.";
        }
        return "See 'Amazon ECS stopped task error messages' in the ECS developer guide for this reason.";
    }

    /** Whether the VPC has an available interface endpoint for the service with private DNS on. */
    static boolean hasInterfaceEndpoint(List<VpcEndpoint> endpoints, String region, String service) {
        String name = "com.amazonaws." + region + "." + service;
        return endpoints.stream()
                .anyMatch(e -> name.equals(e.serviceName())
                        && "Interface".equalsIgnoreCase(e.vpcEndpointTypeAsString())
                        && Boolean.TRUE.equals(e.privateDnsEnabled())
                        && "available".equalsIgnoreCase(e.stateAsString()));
    }

    /** Whether a gateway endpoint for the service is attached to the route table. */
    static boolean hasGatewayEndpoint(List<VpcEndpoint> endpoints, String region, String service, String table) {
        String name = "com.amazonaws." + region + "." + service;
        return endpoints.stream()
                .anyMatch(e -> name.equals(e.serviceName())
                        && "Gateway".equalsIgnoreCase(e.vpcEndpointTypeAsString())
                        && e.routeTableIds().contains(table)
                        && "available".equalsIgnoreCase(e.stateAsString()));
    }

    /** Whether the definition's awslogs containers need the logs service. */
    static boolean awslogs(ContainerDefinition c) {
        return c.logConfiguration() != null
                && "awslogs".equals(c.logConfiguration().logDriverAsString());
    }

    /** The planned groups of a web service: the load balancer's open on the listener, the tasks' admitting it. */
    public static List<SecurityGroup> plannedGroups(
            String albGroup, String taskGroup, int listenerPort, int containerPort) {
        SecurityGroup alb = SecurityGroup.named(albGroup)
                .allow(Traffic.of(Protocol.TCP, listenerPort, listenerPort))
                .from(Peer.cidr("0.0.0.0/0"))
                .build();
        SecurityGroup task = SecurityGroup.named(taskGroup)
                .allow(Traffic.of(Protocol.TCP, containerPort, containerPort))
                .from(Peer.group(albGroup))
                .build();
        return List.of(alb, task);
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return -1; // not a port AWS would return; reported as a mismatch
        }
    }

    static String roleName(String roleArn) {
        return roleArn.substring(roleArn.lastIndexOf('/') + 1);
    }

    private static String shortId(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    private static void addOnce(List<String> list, String... values) {
        for (String v : values) {
            if (!list.contains(v)) {
                list.add(v);
            }
        }
    }

    private static Finding error(String rule, String message, String fix) {
        return Finding.of(Severity.ERROR, rule, "", message, fix);
    }

    private static Finding warning(String rule, String message, String fix) {
        return Finding.of(Severity.WARNING, rule, "", message, fix);
    }
}
