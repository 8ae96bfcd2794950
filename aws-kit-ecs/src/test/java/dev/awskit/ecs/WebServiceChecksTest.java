package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.Finding;
import dev.awskit.ecs.internal.EcsCalls;
import dev.awskit.ecs.internal.WebServiceChecks;
import dev.awskit.net.Subnet;
import dev.awskit.net.Tier;
import dev.awskit.net.VpcModel;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * Each "why" diagnosis of a web service, with a failing and a passing example built from resources as
 * AWS's Describe calls return them (EC2 DescribeVpcs/Subnets/RouteTables/InternetGateways/NatGateways/
 * SecurityGroups/VpcEndpoints, ECS DescribeTaskDefinition/DescribeTasks, ELBv2 DescribeTargetGroups/
 * DescribeTargetHealth, IAM GetRole/GetPolicyVersion). Expected texts come from those API references and
 * the ECS/ELB troubleshooting pages, not from the code under test.
 */
class WebServiceChecksTest {
    static final String REGION = "us-east-1";
    static final String ECR_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/chat:1";
    static final String ROLE = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole";
    /** AmazonECSTaskExecutionRolePolicy as the IAM documentation (AWS managed policies reference) shows it. */
    static final String EXECUTION_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":[\"ecr:GetAuthorizationToken\",\"ecr:BatchCheckLayerAvailability\","
            + "\"ecr:GetDownloadUrlForLayer\",\"ecr:BatchGetImage\",\"logs:CreateLogStream\",\"logs:PutLogEvents\"],"
            + "\"Resource\":\"*\"}]}";

    static final String ECS_TASKS_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    // ------------------------------------------------------------- described resources

    /** Seed 001's VPC: two public, two private subnets, an IGW; a NAT gateway only when asked. */
    static final class Described {
        boolean nat;
        boolean albOpen = true;
        List<IpPermission> taskIngress = new ArrayList<>(List.of(fromGroup(8080, "sg-alb")));
        boolean secondZone = true;

        VpcModel model() {
            List<software.amazon.awssdk.services.ec2.model.Subnet> subnets = new ArrayList<>();
            subnets.add(subnet("subnet-pa", "10.0.1.0/24", "us-east-1a", "public-a"));
            if (secondZone) {
                subnets.add(subnet("subnet-pb", "10.0.2.0/24", "us-east-1b", "public-b"));
            }
            subnets.add(subnet("subnet-qa", "10.0.3.0/24", "us-east-1a", "private-a"));
            subnets.add(subnet("subnet-qb", "10.0.4.0/24", "us-east-1b", "private-b"));
            Route local = Route.builder()
                    .destinationCidrBlock("10.0.0.0/16")
                    .gatewayId("local")
                    .state("active")
                    .build();
            RouteTable publicRt = RouteTable.builder()
                    .routeTableId("rtb-public")
                    .tags(name("rt-public"))
                    .routes(
                            local,
                            Route.builder()
                                    .destinationCidrBlock("0.0.0.0/0")
                                    .gatewayId("igw-1")
                                    .state("active")
                                    .build())
                    .associations(assoc("subnet-pa"), assoc("subnet-pb"))
                    .build();
            List<Route> privateRoutes = new ArrayList<>(List.of(local));
            if (nat) {
                privateRoutes.add(Route.builder()
                        .destinationCidrBlock("0.0.0.0/0")
                        .natGatewayId("nat-1")
                        .state("active")
                        .build());
            }
            RouteTable privateRt = RouteTable.builder()
                    .routeTableId("rtb-private")
                    .tags(name("rt-private"))
                    .routes(privateRoutes)
                    .associations(assoc("subnet-qa"), assoc("subnet-qb"))
                    .build();
            RouteTable main = RouteTable.builder()
                    .routeTableId("rtb-main")
                    .routes(local)
                    .associations(RouteTableAssociation.builder().main(true).build())
                    .build();
            InternetGateway igw = InternetGateway.builder()
                    .internetGatewayId("igw-1")
                    .attachments(software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment.builder()
                            .vpcId("vpc-1")
                            .state("available")
                            .build())
                    .build();
            List<NatGateway> nats = nat
                    ? List.of(NatGateway.builder()
                            .natGatewayId("nat-1")
                            .subnetId("subnet-pa")
                            .vpcId("vpc-1")
                            .state("available")
                            .connectivityType("public")
                            .build())
                    : List.of();
            IpPermission allOut = IpPermission.builder()
                    .ipProtocol("-1")
                    .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build())
                    .build();
            SecurityGroup alb = SecurityGroup.builder()
                    .groupId("sg-alb")
                    .groupName("chat-alb")
                    .vpcId("vpc-1")
                    .description("load balancer")
                    .ipPermissions(albOpen ? List.of(fromCidr(80, "0.0.0.0/0")) : List.of())
                    .ipPermissionsEgress(allOut)
                    .build();
            SecurityGroup tasks = SecurityGroup.builder()
                    .groupId("sg-tasks")
                    .groupName("chat-tasks")
                    .vpcId("vpc-1")
                    .description("tasks")
                    .ipPermissions(taskIngress)
                    .ipPermissionsEgress(allOut)
                    .build();
            return VpcModel.fromDescribed(
                    Vpc.builder()
                            .vpcId("vpc-1")
                            .cidrBlock("10.0.0.0/16")
                            .tags(name("seed-001"))
                            .build(),
                    subnets,
                    List.of(publicRt, privateRt, main),
                    List.of(igw),
                    nats,
                    List.of(),
                    List.of(alb, tasks));
        }
    }

    static software.amazon.awssdk.services.ec2.model.Subnet subnet(String id, String cidr, String zone, String name) {
        return software.amazon.awssdk.services.ec2.model.Subnet.builder()
                .subnetId(id)
                .cidrBlock(cidr)
                .availabilityZone(zone)
                .vpcId("vpc-1")
                .mapPublicIpOnLaunch(false)
                .tags(name(name))
                .build();
    }

    static Tag name(String name) {
        return Tag.builder().key("Name").value(name).build();
    }

    static RouteTableAssociation assoc(String subnet) {
        return RouteTableAssociation.builder().subnetId(subnet).main(false).build();
    }

    static IpPermission fromGroup(int port, String group) {
        return IpPermission.builder()
                .ipProtocol("tcp")
                .fromPort(port)
                .toPort(port)
                .userIdGroupPairs(UserIdGroupPair.builder()
                        .groupId(group)
                        .userId("123456789012")
                        .build())
                .build();
    }

    static IpPermission fromCidr(int port, String cidr) {
        return IpPermission.builder()
                .ipProtocol("tcp")
                .fromPort(port)
                .toPort(port)
                .ipRanges(IpRange.builder().cidrIp(cidr).build())
                .build();
    }

    static List<Subnet> tier(VpcModel m, Tier t) {
        return m.subnets().stream().filter(s -> s.tier() == t).collect(Collectors.toList());
    }

    /** A task definition as DescribeTaskDefinition returns it, read the way the kit reads one. */
    static TaskDefinition described(String image, String executionRole, boolean awslogs) {
        ContainerDefinition.Builder c = ContainerDefinition.builder()
                .name("chat")
                .image(image)
                .essential(true)
                .portMappings(PortMapping.builder()
                        .containerPort(8080)
                        .hostPort(8080)
                        .protocol("tcp")
                        .build());
        if (awslogs) {
            c.logConfiguration(LogConfiguration.builder()
                    .logDriver("awslogs")
                    .options(java.util.Map.of(
                            "awslogs-group", "chat", "awslogs-region", REGION, "awslogs-stream-prefix", "chat"))
                    .build());
        }
        software.amazon.awssdk.services.ecs.model.TaskDefinition.Builder td =
                software.amazon.awssdk.services.ecs.model.TaskDefinition.builder()
                        .taskDefinitionArn("arn:aws:ecs:us-east-1:123456789012:task-definition/chat:1")
                        .family("chat")
                        .revision(1)
                        .status("ACTIVE")
                        .networkMode("awsvpc")
                        .requiresCompatibilities(software.amazon.awssdk.services.ecs.model.Compatibility.FARGATE)
                        .cpu("512")
                        .memory("1024")
                        .containerDefinitions(c.build());
        if (executionRole != null) {
            td.executionRoleArn(executionRole);
        }
        return TaskDefinition.of(EcsCalls.toRequest(td.build()));
    }

    static List<String> rules(List<Finding> findings) {
        return findings.stream().map(f -> f.severity() + " " + f.rule()).collect(Collectors.toList());
    }

    // ------------------------------------------------------------- image route

    @Test
    void imageRoute_privateSubnetsWithoutNatOrEndpoints_cannotPullFromEcr() {
        VpcModel m = new Described().model();

        List<Finding> f = WebServiceChecks.imageRoute(
                m, tier(m, Tier.PRIVATE), "sg-tasks", List.of(), described(ECR_IMAGE, ROLE, false), REGION);

        assertThat(rules(f)).containsExactly("ERROR webservice.image-route", "ERROR webservice.image-route");
        assertThat(f.get(0).message())
                .startsWith("Tasks in subnet subnet-qa cannot pull image " + ECR_IMAGE + " of container chat: ")
                .contains("ecr.api (interface), ecr.dkr (interface), s3 (gateway, on route table rtb-private)")
                .endsWith("Tasks stay PENDING, then stop with CannotPullContainerError.");
        assertThat(f.get(0).fix()).contains("NAT gateway").contains("com.amazonaws.us-east-1.ecr.api");
    }

    @Test
    void imageRoute_withNatGateway_findsNothing() {
        Described d = new Described();
        d.nat = true;
        VpcModel m = d.model();

        assertThat(WebServiceChecks.imageRoute(
                        m, tier(m, Tier.PRIVATE), "sg-tasks", List.of(), described(ECR_IMAGE, ROLE, true), REGION))
                .isEmpty();
    }

    @Test
    void imageRoute_withoutNatButWithEcrS3AndLogsEndpoints_findsNothingForAnEcrImage() {
        VpcModel m = new Described().model();
        List<VpcEndpoint> endpoints = List.of(
                iface("ecr.api"),
                iface("ecr.dkr"),
                iface("logs"),
                VpcEndpoint.builder()
                        .serviceName("com.amazonaws.us-east-1.s3")
                        .vpcEndpointType("Gateway")
                        .routeTableIds("rtb-private")
                        .state("available")
                        .build());

        assertThat(WebServiceChecks.imageRoute(
                        m, tier(m, Tier.PRIVATE), "sg-tasks", endpoints, described(ECR_IMAGE, ROLE, true), REGION))
                .isEmpty();
        // Docker Hub is not behind any VPC endpoint: only a NAT gateway helps (seed 001's npm install needed it too)
        List<Finding> hub = WebServiceChecks.imageRoute(
                m, tier(m, Tier.PRIVATE), "sg-tasks", endpoints, described("nginx:1.27", ROLE, false), REGION);
        assertThat(rules(hub)).containsOnly("ERROR webservice.image-route");
        assertThat(hub.get(0).message()).contains("The image is not in this region's ECR");
    }

    @Test
    void logsRoute_awslogsWithoutNatOrLogsEndpoint_isAnError() {
        VpcModel m = new Described().model();
        List<VpcEndpoint> ecrOnly = List.of(
                iface("ecr.api"),
                iface("ecr.dkr"),
                VpcEndpoint.builder()
                        .serviceName("com.amazonaws.us-east-1.s3")
                        .vpcEndpointType("Gateway")
                        .routeTableIds("rtb-private")
                        .state("available")
                        .build());

        List<Finding> f = WebServiceChecks.imageRoute(
                m, tier(m, Tier.PRIVATE), "sg-tasks", ecrOnly, described(ECR_IMAGE, ROLE, true), REGION);

        assertThat(rules(f)).containsOnly("ERROR webservice.logs-route").hasSize(2);
        assertThat(f.get(0).fix())
                .isEqualTo("Add a NAT gateway, or the interface endpoint com.amazonaws.us-east-1.logs.");
    }

    static VpcEndpoint iface(String service) {
        return VpcEndpoint.builder()
                .serviceName("com.amazonaws.us-east-1." + service)
                .vpcEndpointType("Interface")
                .privateDnsEnabled(true)
                .state("available")
                .build();
    }

    // ------------------------------------------------------------- load balancer -> tasks

    @Test
    void albToTask_taskGroupWithoutTheAlbRule_isAnErrorNamingTheFix() {
        Described d = new Described();
        d.taskIngress = new ArrayList<>();
        VpcModel m = d.model();

        List<Finding> f =
                WebServiceChecks.albToTask(m, tier(m, Tier.PUBLIC), "sg-alb", tier(m, Tier.PRIVATE), "sg-tasks", 8080);

        assertThat(rules(f)).containsExactly("ERROR webservice.alb-to-task");
        assertThat(f.get(0).message())
                .startsWith("The load balancer (group sg-alb) cannot reach tasks in subnet subnet-qa on container port"
                        + " 8080: ")
                .endsWith("Targets stay unhealthy (Target.Timeout).");
        assertThat(f.get(0).fix())
                .contains("aws ec2 authorize-security-group-ingress --group-id sg-tasks --protocol tcp --port 8080"
                        + " --source-group sg-alb");
    }

    @Test
    void albToTask_taskGroupAdmittingTheAlbGroup_findsNothing() {
        VpcModel m = new Described().model();

        assertThat(WebServiceChecks.albToTask(
                        m, tier(m, Tier.PUBLIC), "sg-alb", tier(m, Tier.PRIVATE), "sg-tasks", 8080))
                .isEmpty();
    }

    @Test
    void albToTask_taskGroupOpenToTheWorld_isOnlyAWarning() {
        Described d = new Described();
        d.taskIngress = new ArrayList<>(List.of(fromCidr(8080, "0.0.0.0/0")));
        VpcModel m = d.model();

        List<Finding> f =
                WebServiceChecks.albToTask(m, tier(m, Tier.PUBLIC), "sg-alb", tier(m, Tier.PRIVATE), "sg-tasks", 8080);

        assertThat(rules(f)).containsExactly("WARNING webservice.task-open-to-world");
        assertThat(f.get(0).fix()).contains("the load balancer's group sg-alb");
    }

    @Test
    void internetToAlb_albGroupWithoutTheListenerPort_isAnError_withIt_nothing() {
        Described closed = new Described();
        closed.albOpen = false;
        VpcModel m = closed.model();

        List<Finding> f = WebServiceChecks.internetToAlb(m, tier(m, Tier.PUBLIC), "sg-alb", 80);

        assertThat(rules(f)).containsOnly("ERROR webservice.internet-to-alb").hasSize(2);
        assertThat(f.get(0).message())
                .startsWith("Clients on the internet cannot reach the load balancer in subnet subnet-pa on port 80: ");
        VpcModel open = new Described().model();
        assertThat(WebServiceChecks.internetToAlb(open, tier(open, Tier.PUBLIC), "sg-alb", 80))
                .isEmpty();
    }

    @Test
    void subnets_oneZoneOfPublicSubnets_isAnError_twoZonesAreFine() {
        Described one = new Described();
        one.secondZone = false;
        VpcModel m = one.model();

        List<Finding> f = WebServiceChecks.subnets(m, tier(m, Tier.PUBLIC), tier(m, Tier.PRIVATE));

        assertThat(rules(f)).containsExactly("ERROR webservice.alb-subnets");
        assertThat(f.get(0).message())
                .isEqualTo("VPC vpc-1 has public subnets in 1 Availability Zone(s) [us-east-1a];"
                        + " an Application Load Balancer needs subnets in at least two.");
        VpcModel two = new Described().model();
        assertThat(WebServiceChecks.subnets(two, tier(two, Tier.PUBLIC), tier(two, Tier.PRIVATE)))
                .isEmpty();
    }

    // ------------------------------------------------------------- health check

    static TargetGroup targetGroup(String type, String hcPort, String path) {
        return TargetGroup.builder()
                .targetGroupName("chat-tg")
                .protocol("HTTP")
                .port(8080)
                .targetType(type)
                .healthCheckProtocol("HTTP")
                .healthCheckPort(hcPort)
                .healthCheckPath(path)
                .matcher(m -> m.httpCode("200"))
                .build();
    }

    @Test
    void healthCheck_onAPortTheContainerDoesNotMap_isAnError() {
        List<Finding> f = WebServiceChecks.healthCheck(
                targetGroup("ip", "9090", "/health"), described(ECR_IMAGE, ROLE, false), "chat", 8080);

        assertThat(rules(f)).containsExactly("ERROR webservice.health-check");
        assertThat(f.get(0).message())
                .isEqualTo("Target group chat-tg checks health on port 9090, but container chat maps only [8080]:"
                        + " every check fails (Target.FailedHealthChecks).");
    }

    @Test
    void healthCheck_onTrafficPortOfAnIpTargetGroup_findsNothing() {
        assertThat(WebServiceChecks.healthCheck(
                        targetGroup("ip", "traffic-port", "/health"), described(ECR_IMAGE, ROLE, false), "chat", 8080))
                .isEmpty();
    }

    @Test
    void healthCheck_instanceTargetGroupAndUnmappedContainerPort_areErrors() {
        List<Finding> f = WebServiceChecks.healthCheck(
                targetGroup("instance", "traffic-port", "/health"), described(ECR_IMAGE, ROLE, false), "chat", 80);

        assertThat(rules(f)).containsExactly("ERROR webservice.container-port", "ERROR webservice.health-check");
        assertThat(f.get(0).message())
                .isEqualTo("Container chat of chat maps ports [8080], not 80: CreateService rejects a load balancer on"
                        + " an unmapped port.");
        assertThat(f.get(1).message()).contains("has target type instance; Fargate tasks (awsvpc) register by IP");
    }

    // ------------------------------------------------------------- execution role

    @Test
    void executionRole_noneWhileThePictureComesFromEcr_isAnError() {
        List<Finding> f = WebServiceChecks.executionRole(described(ECR_IMAGE, null, true), false, null, List.of());

        assertThat(rules(f)).containsExactly("ERROR webservice.execution-role");
        assertThat(f.get(0).message())
                .isEqualTo("Task definition chat has no execution role, but container chat pulls " + ECR_IMAGE
                        + " from ECR and container chat logs with awslogs: tasks stop with CannotPullContainerError or"
                        + " ResourceInitializationError.");
    }

    @Test
    void executionRole_namedButMissing_isAnError() {
        List<Finding> f = WebServiceChecks.executionRole(described(ECR_IMAGE, ROLE, true), false, null, List.of());

        assertThat(rules(f)).containsExactly("ERROR webservice.execution-role");
        assertThat(f.get(0).message()).isEqualTo("The execution role " + ROLE + " of chat does not exist.");
    }

    @Test
    void executionRole_lackingEcrActions_namesThem() {
        String logsOnly = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"*\"}}";

        List<Finding> f = WebServiceChecks.executionRole(
                described(ECR_IMAGE, ROLE, true), true, encoded(ECS_TASKS_TRUST), List.of(encoded(logsOnly)));

        assertThat(rules(f)).containsExactly("ERROR webservice.execution-role");
        assertThat(f.get(0).message())
                .startsWith("The execution role " + ROLE + " does not allow ecr:GetAuthorizationToken,"
                        + " ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, but container chat pulls");
        assertThat(f.get(0).fix()).contains("AmazonECSTaskExecutionRolePolicy");
    }

    @Test
    void executionRole_aDenyOverridesAWildcardAllow() {
        String allowAllDenyLogs = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"logs:Create*\",\"Resource\":\"*\"}]}";

        List<Finding> f = WebServiceChecks.executionRole(
                described(ECR_IMAGE, ROLE, true), true, ECS_TASKS_TRUST, List.of(allowAllDenyLogs));

        assertThat(rules(f)).containsExactly("ERROR webservice.execution-role");
        assertThat(f.get(0).message()).contains("does not allow logs:CreateLogStream, but");
    }

    @Test
    void executionRole_notTrustedByEcsTasks_isAnError() {
        String ec2Trust = ECS_TASKS_TRUST.replace("ecs-tasks.amazonaws.com", "ec2.amazonaws.com");

        List<Finding> f = WebServiceChecks.executionRole(
                described(ECR_IMAGE, ROLE, true), true, ec2Trust, List.of(EXECUTION_POLICY));

        assertThat(rules(f)).containsExactly("ERROR webservice.execution-role");
        assertThat(f.get(0).message())
                .isEqualTo("The execution role " + ROLE + " does not trust ecs-tasks.amazonaws.com:"
                        + " ECS cannot assume it.");
    }

    @Test
    void executionRole_withTheManagedPolicyUrlEncodedAsIamReturnsIt_findsNothing() {
        assertThat(WebServiceChecks.executionRole(
                        described(ECR_IMAGE, ROLE, true),
                        true,
                        encoded(ECS_TASKS_TRUST),
                        List.of(encoded(EXECUTION_POLICY))))
                .isEmpty();
    }

    /** IAM returns policy documents URL-encoded (RFC 3986): spaces as %20, never '+'. */
    static String encoded(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ------------------------------------------------------------- target health

    static TargetHealthDescription target(String ip, String state, String reason, String description) {
        TargetHealth.Builder h = TargetHealth.builder().state(state);
        if (reason != null) {
            h.reason(reason).description(description);
        }
        return TargetHealthDescription.builder()
                .target(t -> t.id(ip).port(8080))
                .healthCheckPort("8080")
                .targetHealth(h.build())
                .build();
    }

    @Test
    void targetHealth_timeout_quotesTheReasonAndSaysToAdmitTheAlb() {
        List<Finding> f = WebServiceChecks.targetHealth(
                "chat-tg", List.of(target("10.0.3.17", "unhealthy", "Target.Timeout", "Request timed out")));

        assertThat(rules(f)).containsExactly("ERROR webservice.target-health");
        assertThat(f.get(0).message())
                .isEqualTo("Target 10.0.3.17:8080 of chat-tg is unhealthy (Target.Timeout): \"Request timed out\".");
        assertThat(f.get(0).fix()).contains("admit the load balancer's group on the container port");
    }

    @Test
    void targetHealth_responseCodeMismatchAndFailedChecks_eachSayWhatToDo() {
        List<Finding> f = WebServiceChecks.targetHealth(
                "chat-tg",
                List.of(
                        target(
                                "10.0.3.17",
                                "unhealthy",
                                "Target.ResponseCodeMismatch",
                                "Health checks failed with these codes: [404]"),
                        target("10.0.4.9", "unhealthy", "Target.FailedHealthChecks", "Health checks failed")));

        assertThat(rules(f)).containsExactly("ERROR webservice.target-health", "ERROR webservice.target-health");
        assertThat(f.get(0).message()).contains("[404]");
        assertThat(f.get(0).fix()).contains("path that answers 200");
        assertThat(f.get(1).fix()).contains("listens on the target port");
    }

    @Test
    void targetHealth_healthyIsNothing_initialIsAWarning() {
        assertThat(WebServiceChecks.targetHealth("chat-tg", List.of(target("10.0.3.17", "healthy", null, null))))
                .isEmpty();
        assertThat(rules(WebServiceChecks.targetHealth(
                        "chat-tg",
                        List.of(target(
                                "10.0.3.17",
                                "initial",
                                "Elb.InitialHealthChecking",
                                "Initial health checks in progress")))))
                .containsExactly("WARNING webservice.target-health");
    }

    // ------------------------------------------------------------- the README's table

    @Test
    void readme_listsExactlyTheRulesThisClassShowsFailingAndPassing() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\| `(webservice\\.[a-z-]+)`")
                .matcher(readme);
        java.util.Set<String> documented = new java.util.TreeSet<>();
        while (m.find()) {
            documented.add(m.group(1));
        }
        // each has a failing and a passing example above
        assertThat(documented)
                .containsExactlyInAnyOrder(
                        "webservice.image-route",
                        "webservice.logs-route",
                        "webservice.alb-to-task",
                        "webservice.task-open-to-world",
                        "webservice.internet-to-alb",
                        "webservice.alb-subnets",
                        "webservice.container-port",
                        "webservice.health-check",
                        "webservice.execution-role",
                        "webservice.target-health",
                        "webservice.stopped-task");
    }

    // ------------------------------------------------------------- stopped tasks

    static Task stopped(String stopCode, String reason, Container... containers) {
        return Task.builder()
                .taskArn("arn:aws:ecs:us-east-1:123456789012:task/default/0123456789abcdef")
                .lastStatus("STOPPED")
                .stopCode(stopCode)
                .stoppedReason(reason)
                .containers(containers)
                .build();
    }

    @Test
    void stoppedTasks_cannotPullForATimeout_saysNatOrEndpoints() {
        // the message format of "CannotPullContainer task errors" in the ECS developer guide
        List<Finding> f = WebServiceChecks.stoppedTasks(List.of(stopped(
                "TaskFailedToStart",
                "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref "
                        + ECR_IMAGE
                        + ": failed to do request: Head \"https://123456789012.dkr.ecr.us-east-1.amazonaws.com/"
                        + "v2/chat/manifests/1\": dial tcp 52.1.2.3:443: i/o timeout")));

        assertThat(rules(f)).containsExactly("ERROR webservice.stopped-task");
        assertThat(f.get(0).message())
                .startsWith("Task 0123456789abcdef stopped (TaskFailedToStart): \"CannotPullContainerError: ");
        assertThat(f.get(0).fix())
                .startsWith("The task could not reach the registry: give its subnets a route to a NAT gateway");
    }

    @Test
    void stoppedTasks_resourceInitializationForSecretsAndAnExitedApp_eachSayWhatToDo() {
        List<Finding> f = WebServiceChecks.stoppedTasks(List.of(
                stopped(
                        "TaskFailedToStart",
                        "ResourceInitializationError: unable to pull secrets or registry auth: execution resource"
                                + " retrieval failed: unable to retrieve ecr registry auth"),
                stopped(
                        "EssentialContainerExited",
                        "Essential container in task exited",
                        Container.builder().name("chat").exitCode(1).build())));

        assertThat(rules(f)).containsExactly("ERROR webservice.stopped-task", "ERROR webservice.stopped-task");
        assertThat(f.get(0).fix()).contains("secrets or registry credentials");
        assertThat(f.get(1).message()).contains("container chat exit code 1");
        assertThat(f.get(1).fix()).startsWith("The application exited: read the container's logs");
    }

    @Test
    void stoppedTasks_scaledInByTheScheduler_isNotAFailure() {
        assertThat(WebServiceChecks.stoppedTasks(List.of(stopped(
                        "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment ecs-svc/123)"))))
                .isEmpty();
    }
}
