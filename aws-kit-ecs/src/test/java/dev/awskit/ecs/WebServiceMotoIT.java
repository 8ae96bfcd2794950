package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.core.Finding;
import dev.awskit.ecs.WebServiceReport.Action;
import dev.awskit.net.NatMode;
import dev.awskit.net.Net;
import dev.awskit.net.Subnet;
import dev.awskit.net.Tier;
import dev.awskit.net.VpcModel;
import dev.awskit.net.VpcPlan;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * A web service on an independent server: moto (ELBv2, EC2, ECS and IAM on one endpoint) or {@code
 * AWSKIT_IT_ENDPOINT}. What it checks is read back with the SDK's own Describe calls, not with the code
 * under test.
 *
 * <p>What moto does not model: its ECS tasks never start (a service's running count stays 0 unless
 * {@code MOTO_ECS_SERVICE_RUNNING} is set), its target groups never get targets, and its load balancers
 * stay "provisioning". Deployment progress and target-health sequences are therefore {@link
 * WebServiceDeployIT}'s, against a fake that follows the ECS and ELBv2 API references.
 */
@UsesServer(Service.ECS)
class WebServiceMotoIT {

    private static String shortName() {
        // load balancer and target group names have at most 32 characters: keep the service name short
        return "ws-" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
    }

    private static TaskDefinition chat(String family, String executionRole) {
        return TaskDefinition.fargate(family)
                .cpu("0.5 vCPU")
                .memory("1 GB")
                .executionRole(executionRole)
                .container(c -> c.name("chat")
                        .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/chat:1")
                        .port(8080)
                        .awslogs("chat", "us-east-1")
                        .readonlyRootFilesystem(true))
                .build();
    }

    private static VpcPlan seed001(String name, NatMode nat) {
        return Net.plan("10.0.0.0/16")
                .name(name)
                .zones(2)
                .publicSubnets(24)
                .privateSubnets(24)
                .natGateway(nat)
                .build();
    }

    private static AwsKit counted(Target target, RequestCounter counter) {
        return target.kitBuilder().customize(counter).build();
    }

    @Test
    void deploy_createsWhatSeed001ClicksThrough_reRunChangesNothing_destroyRemovesIt(Target target, TestResources res) {
        RequestCounter counter = new RequestCounter();
        AwsKit aws = counted(target, counter);
        res.afterwards(aws::close); // cleanups run last-registered first: the kit closes after them
        {
            String name = shortName();
            String cluster = res.name();
            String family = res.name();
            VpcPlan plan = seed001(name, NatMode.NONE);
            res.afterwards(() -> Net.of(aws).destroy(plan, Duration.ofMinutes(5)));
            WebService ws = Ecs.of(aws)
                    .webService(name)
                    .cluster(cluster)
                    .taskDefinition(chat(family, "arn:aws:iam::123456789012:role/" + res.name()))
                    .port(8080)
                    .desiredCount(2)
                    .behindLoadBalancer(lb -> lb.listen(80).healthCheck("/health"))
                    .in(plan)
                    .deleteTimeout(Duration.ofMinutes(5));
            res.afterwards(ws::destroy);
            res.afterwards(() -> aws.client(EcsClient.class)
                    .listTaskDefinitions(b -> b.familyPrefix(family))
                    .taskDefinitionArns()
                    .forEach(arn -> aws.client(EcsClient.class).deregisterTaskDefinition(b -> b.taskDefinition(arn))));

            WebServiceReport created = ws.deploy();

            assertThat(created.steps(Action.CREATED).stream().map(WebServiceReport.Step::resource))
                    .containsExactly(
                            "VPC plan " + name,
                            "task definition " + family,
                            "security group " + name + "-alb",
                            "security group " + name + "-tasks",
                            "load balancer " + name + "-alb",
                            "target group " + name + "-tg",
                            "listener HTTP 80",
                            "cluster " + cluster,
                            "service " + name);
            assertThat(created.loadBalancerDns()).isPresent();

            // read back with the SDK, independently of the code under test
            VpcModel vpc = Net.of(aws).describe(created.steps().get(0).id());
            List<String> publicSubnets = ids(vpc, Tier.PUBLIC);
            List<String> privateSubnets = ids(vpc, Tier.PRIVATE);
            ElasticLoadBalancingV2Client elb = aws.client(ElasticLoadBalancingV2Client.class);
            LoadBalancer alb = elb.describeLoadBalancers(b -> b.names(name + "-alb"))
                    .loadBalancers()
                    .get(0);
            assertThat(alb.schemeAsString()).isEqualTo("internet-facing");
            assertThat(alb.availabilityZones().stream().map(z -> z.subnetId()))
                    .containsExactlyInAnyOrderElementsOf(publicSubnets);
            TargetGroup tg = elb.describeTargetGroups(b -> b.names(name + "-tg"))
                    .targetGroups()
                    .get(0);
            assertThat(tg.targetTypeAsString()).isEqualTo("ip");
            assertThat(tg.port()).isEqualTo(8080);
            assertThat(tg.healthCheckPath()).isEqualTo("/health");
            assertThat(tg.healthCheckPort()).isEqualTo("traffic-port");
            Listener listener = elb.describeListeners(b -> b.loadBalancerArn(alb.loadBalancerArn()))
                    .listeners()
                    .get(0);
            assertThat(listener.port()).isEqualTo(80);
            assertThat(listener.defaultActions().get(0).targetGroupArn()).isEqualTo(tg.targetGroupArn());

            Ec2Client ec2 = aws.client(Ec2Client.class);
            String albGroup = alb.securityGroups().get(0);
            List<IpPermission> albIn = ec2.describeSecurityGroups(b -> b.groupIds(albGroup))
                    .securityGroups()
                    .get(0)
                    .ipPermissions();
            assertThat(albIn).hasSize(1);
            assertThat(albIn.get(0).fromPort()).isEqualTo(80);
            assertThat(albIn.get(0).ipRanges().get(0).cidrIp()).isEqualTo("0.0.0.0/0");

            software.amazon.awssdk.services.ecs.model.Service svc = aws.client(EcsClient.class)
                    .describeServices(b -> b.cluster(cluster).services(name))
                    .services()
                    .get(0);
            assertThat(svc.launchTypeAsString()).isEqualTo("FARGATE");
            assertThat(svc.desiredCount()).isEqualTo(2);
            assertThat(svc.loadBalancers().get(0).targetGroupArn()).isEqualTo(tg.targetGroupArn());
            assertThat(svc.loadBalancers().get(0).containerName()).isEqualTo("chat");
            assertThat(svc.loadBalancers().get(0).containerPort()).isEqualTo(8080);
            AwsVpcConfiguration net = svc.networkConfiguration().awsvpcConfiguration();
            assertThat(net.subnets()).containsExactlyInAnyOrderElementsOf(privateSubnets);
            assertThat(net.assignPublicIpAsString()).isEqualTo("DISABLED");
            String taskGroup = net.securityGroups().get(0);
            List<IpPermission> taskIn = ec2.describeSecurityGroups(b -> b.groupIds(taskGroup))
                    .securityGroups()
                    .get(0)
                    .ipPermissions();
            assertThat(taskIn).hasSize(1);
            assertThat(taskIn.get(0).fromPort()).isEqualTo(8080);
            assertThat(taskIn.get(0).ipRanges()).isEmpty();
            assertThat(taskIn.get(0).userIdGroupPairs().get(0).groupId()).isEqualTo(albGroup);

            // the plan has no NAT gateway and no VPC endpoints (seed 001's first attempt): said before any task fails;
            // the execution role does not exist
            assertThat(created.findings().stream().map(Finding::rule))
                    .contains("webservice.image-route", "webservice.logs-route", "webservice.execution-role")
                    .doesNotContain("webservice.alb-to-task", "webservice.health-check");
            assertThat(created.findings().stream()
                            .filter(f -> f.rule().equals("webservice.execution-role"))
                            .map(Finding::message))
                    .singleElement()
                    .asString()
                    .contains("does not exist");

            // a re-run describes and changes nothing
            counter.reset();
            WebServiceReport again = ws.deploy();
            assertThat(again.unchanged()).as(again.toString()).isTrue();
            assertThat(again.steps().stream().map(s -> s.id()).collect(Collectors.toList()))
                    .isEqualTo(created.steps().stream().map(s -> s.id()).collect(Collectors.toList()));
            Map<String, Integer> calls = counter.snapshot();
            assertThat(calls.keySet())
                    .as("a re-run sends no Create/Authorize/Register/Update/Delete request: %s", calls)
                    .noneMatch(op -> op.matches(".*\\.(Create|Authorize|Register|Update|Delete|Modify|Put|Attach).*"));
            assertThat(calls.values().stream().mapToInt(Integer::intValue).sum())
                    .as("requests of a re-run: %s", calls)
                    .isLessThanOrEqualTo(60);

            // destroy in reverse order, then nothing is left to find
            WebServiceReport destroyed = ws.destroy();
            assertThat(destroyed.steps(Action.DELETED).stream().map(WebServiceReport.Step::resource))
                    .containsExactly(
                            "service " + name,
                            "listener HTTP 80",
                            "target group " + name + "-tg",
                            "load balancer " + name + "-alb",
                            "security group " + name + "-tasks",
                            "security group " + name + "-alb",
                            "cluster " + cluster);
            assertThat(ec2
                            .describeSecurityGroups(b -> b.filters(Filter.builder()
                                    .name("vpc-id")
                                    .values(vpc.id().get())
                                    .build()))
                            .securityGroups()
                            .stream()
                            .map(g -> g.groupName()))
                    .containsOnly("default");
            WebServiceReport twice = ws.destroy();
            assertThat(twice.steps(Action.DELETED)).isEmpty();
        }
    }

    @Test
    void explain_withTheExecutionRoleInPlace_findsNothingAboutIt(AwsKit aws, Target target, TestResources res) {
        IamClient iam = aws.client(IamClient.class);
        String role = res.name();
        iam.createRole(b -> b.roleName(role)
                .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
        res.afterwards(() -> iam.deleteRole(b -> b.roleName(role)));
        iam.attachRolePolicy(b ->
                b.roleName(role).policyArn("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"));
        res.afterwards(() -> iam.detachRolePolicy(b ->
                b.roleName(role).policyArn("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")));
        String name = shortName();
        VpcPlan plan = seed001(name, NatMode.NONE);

        ValidationReport r = Ecs.of(aws)
                .webService(name)
                .cluster(res.name())
                .taskDefinition(chat(res.name(), "arn:aws:iam::123456789012:role/" + role))
                .port(8080)
                .in(plan)
                .explain();

        assertThat(r.byRule("webservice.execution-role")).as(r.toString()).isEmpty();
        // the plan is not applied: explain() read the plan's own model, offline
        assertThat(r.byRule("webservice.image-route")).isNotEmpty();
    }

    private static List<String> ids(VpcModel vpc, Tier tier) {
        return vpc.subnets().stream()
                .filter(s -> s.tier() == tier)
                .map(Subnet::ref)
                .collect(Collectors.toList());
    }
}
