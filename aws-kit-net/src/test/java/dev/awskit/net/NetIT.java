package dev.awskit.net;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.awskit.net.NetDsl.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.net.ApplyReport.Action;
import dev.awskit.net.ApplyReport.Change;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * apply / describe / destroy over EC2's Query protocol: against a stateful fake EC2 in WireMock,
 * or, when {@code AWSKIT_IT_ENDPOINT} is set, against that endpoint (LocalStack, moto, AWS).
 */
class NetIT {
    private static final String EXTERNAL = System.getenv("AWSKIT_IT_ENDPOINT");
    private static final Duration NAT_TIMEOUT = Duration.ofMinutes(10);

    private WireMockServer wireMock;
    private FakeEc2 fake;
    private AwsKit aws;
    private Net net;
    private String region;
    private String name;
    private final List<VpcPlan> applied = new java.util.ArrayList<>();

    @BeforeEach
    void start() {
        if (EXTERNAL == null || EXTERNAL.isBlank()) {
            region = "us-east-1";
            fake = new FakeEc2(region);
            wireMock = new WireMockServer(WireMockConfiguration.options()
                    .dynamicPort()
                    .bindAddress("127.0.0.1")
                    .extensions(fake));
            wireMock.start();
            wireMock.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)));
            aws = AwsKit.builder()
                    .region(region)
                    .credentials("AKIAIOSFODNN7EXAMPLE", "test-secret")
                    .endpoint("http://127.0.0.1:" + wireMock.port())
                    .build();
        } else {
            region = envOr("AWS_REGION", "us-east-1");
            System.err.println("[NetIT] running against AWSKIT_IT_ENDPOINT " + EXTERNAL + " in " + region);
            aws = AwsKit.builder()
                    .region(region)
                    .credentials(envOr("AWS_ACCESS_KEY_ID", "test"), envOr("AWS_SECRET_ACCESS_KEY", "test"))
                    .endpoint(EXTERNAL)
                    .build();
        }
        net = Net.of(aws);
        name = "it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stop() {
        try {
            for (VpcPlan p : applied) {
                try {
                    net.destroy(p, NAT_TIMEOUT);
                } catch (RuntimeException e) {
                    System.err.println("[NetIT] cleanup of " + p.name() + " failed: " + e.getMessage());
                }
            }
        } finally {
            aws.close();
            if (wireMock != null) {
                wireMock.stop();
            }
        }
    }

    private static String envOr(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    private VpcPlan seed001() {
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .name(name)
                .zones(2)
                .publicSubnets(24)
                .privateSubnets(24)
                .natGateway(NatGateway.PER_ZONE)
                .nacl(
                        nacl("acl-private")
                                .entry(rule(100).allow(all()).from("10.0.0.0/16"))
                                .entry(rule(110).allow(tcp(1024, 65535)).from("0.0.0.0/0"))
                                .entry(rule(100).allow(all()).to("0.0.0.0/0"))
                                .build(),
                        Tier.PRIVATE)
                .securityGroup(securityGroup("alb").allow(tcp(80)).from(anywhere()))
                .securityGroup(securityGroup("app").allow(allTcp()).from(group("alb")))
                .build();
        applied.add(plan);
        return plan;
    }

    private static List<String> elements(ApplyReport r, Action action) {
        return r.changes(action).stream().map(Change::element).collect(Collectors.toList());
    }

    private static String id(ApplyReport r, String element) {
        return r.changes().stream()
                .filter(c -> c.element().equals(element))
                .map(Change::id)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no change for " + element + " in " + r));
    }

    @Test
    void apply_seed001_createsItInDependencyOrder_andDescribeReadsItBack() {
        VpcPlan plan = seed001();
        ApplyReport report = net.apply(plan, NAT_TIMEOUT);

        assertThat(report.vpcId()).isPresent();
        List<String> created = elements(report, Action.CREATED);
        assertThat(created)
                .containsSubsequence(
                        "vpc " + name,
                        "subnet public-a",
                        "subnet private-b",
                        "internet gateway igw",
                        "NAT gateway nat-a",
                        "NAT gateway nat-b",
                        "route table rt-public",
                        "route table rt-private-b",
                        "network ACL acl-private",
                        "security group alb",
                        "security group app");
        assertThat(elements(report, Action.UPDATED))
                .contains(
                        "internet gateway igw attachment",
                        "route rt-public 0.0.0.0/0 -> igw",
                        "route rt-private-a 0.0.0.0/0 -> nat-a",
                        "subnet private-b network ACL acl-private",
                        "security group app allow all tcp from group alb");
        if (fake != null) {
            assertThat(fake.actions)
                    .containsSubsequence(
                            "CreateVpc",
                            "CreateSubnet",
                            "CreateInternetGateway",
                            "AttachInternetGateway",
                            "AllocateAddress",
                            "CreateNatGateway",
                            "DescribeNatGateways",
                            "CreateRouteTable",
                            "CreateRoute",
                            "AssociateRouteTable",
                            "CreateNetworkAcl",
                            "CreateNetworkAclEntry",
                            "ReplaceNetworkAclAssociation",
                            "CreateSecurityGroup",
                            "AuthorizeSecurityGroupIngress");
        }

        String vpcId = report.vpcId().get();
        VpcModel described = net.describe(vpcId);
        assertThat(described.id()).contains(vpcId);
        assertThat(described.cidr()).hasToString("10.0.0.0/16");
        assertThat(described.subnets().stream().map(s -> s.name() + "=" + s.cidr() + "@" + s.zone()))
                .containsExactlyInAnyOrder(
                        "public-a=10.0.0.0/24@" + region + "a",
                        "public-b=10.0.1.0/24@" + region + "b",
                        "private-a=10.0.2.0/24@" + region + "a",
                        "private-b=10.0.3.0/24@" + region + "b");
        Subnet privateA = described.subnet("private-a").orElseThrow();
        assertThat(privateA.tier()).isEqualTo(Tier.PRIVATE);
        assertThat(described.routeTableOf(privateA).orElseThrow().longestMatch(Cidr.of("203.0.113.10")))
                .hasValueSatisfying(r -> assertThat(r.targetRef()).isEqualTo(id(report, "NAT gateway nat-a")));
        assertThat(described.naclOf(privateA).id()).contains(id(report, "network ACL acl-private"));
        String albId = id(report, "security group alb");
        String appId = id(report, "security group app");
        assertThat(described.securityGroup(appId).orElseThrow().ingress())
                .extracting(SecurityGroupRule::toString)
                .containsExactly("allow all tcp from group " + albId);

        // the described VPC answers the same questions as the plan
        Endpoint alb = instance("alb-1", "public-a", albId).withPublicIp();
        Endpoint task = instance("task-1", "private-b", appId);
        assertThat(described.reach(internet(), alb, tcp(80)).reachable()).isTrue();
        assertThat(described.reach(alb, task, tcp(8080)).reachable()).isTrue();
        assertThat(described.reach(task, internet(), tcp(443)).path())
                .contains("NAT gateway " + id(report, "NAT gateway nat-b"));
        assertThat(described.reach(internet(), task, tcp(8080)).explanation()).contains(Explanation.NO_PUBLIC_IP);
    }

    @Test
    void apply_twice_secondRunFindsEverythingAndCreatesNothing() {
        VpcPlan plan = seed001();
        ApplyReport first = net.apply(plan, NAT_TIMEOUT);
        int mark = fake == null ? 0 : fake.actions.size();

        ApplyReport second = net.apply(plan, NAT_TIMEOUT);

        assertThat(second.unchanged()).as(second.toString()).isTrue();
        assertThat(second.vpcId()).isEqualTo(first.vpcId());
        assertThat(elements(second, Action.FOUND)).containsExactlyElementsOf(elements(first, Action.CREATED));
        if (fake != null) {
            assertThat(fake.actions.subList(mark, fake.actions.size()))
                    .allMatch(a -> a.startsWith("Describe"), "only Describe* calls on a re-apply");
        }
    }

    @Test
    void apply_whenAStepFailsHalfWay_reportsExactlyWhatExists_andDestroyRemovesIt() {
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .name(name)
                .zones("a", "z")
                .publicSubnets(24)
                .build();
        applied.add(plan);

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> net.apply(plan, NAT_TIMEOUT));

        assertThat(thrown).isInstanceOf(NetApplyException.class);
        NetApplyException e = (NetApplyException) thrown;
        ApplyReport partial = e.report();
        assertThat(partial.changes()).extracting(Change::element).containsExactly("vpc " + name, "subnet public-a");
        String vpcId = partial.vpcId().orElseThrow();
        assertThat(e.getMessage())
                .startsWith(
                        "apply of plan " + name + " in " + region + " failed at 'create subnet public-z 10.0.1.0/24': ")
                .contains("Done so far: vpc " + name + " " + vpcId + " (created), subnet public-a "
                        + id(partial, "subnet public-a") + " (created).")
                .endsWith("Re-run apply(plan) to finish it (it is idempotent) or destroy(plan) to remove it.");
        assertThat(e.getCause()).isNotNull();

        ApplyReport destroyed = net.destroy(plan, NAT_TIMEOUT);
        assertThat(elements(destroyed, Action.DELETED)).containsExactly("subnet public-a", "vpc " + name);
    }

    @Test
    void destroy_removesEverythingInReverseOrder_andASecondDestroyDeletesNothing() {
        VpcPlan plan = seed001();
        String vpcId = net.apply(plan, NAT_TIMEOUT).vpcId().orElseThrow();

        ApplyReport destroyed = net.destroy(plan, NAT_TIMEOUT);

        assertThat(elements(destroyed, Action.DELETED))
                .containsSubsequence(
                        "NAT gateway nat-a",
                        "elastic IP eip-nat-a",
                        "security group app",
                        "subnet public-a",
                        "route table rt-public",
                        "network ACL acl-private",
                        "internet gateway igw",
                        "vpc " + name)
                .hasSize(2 + 2 + 2 + 4 + 3 + 1 + 1 + 1);
        if (fake != null) {
            assertThat(fake.vpcs).isEmpty();
            assertThat(fake.eips).isEmpty();
            assertThat(fake.igws).isEmpty();
        }
        assertThat(net.destroy(plan, NAT_TIMEOUT).changes()).isEmpty();
        assertThatThrownBy(() -> net.describe(vpcId))
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("VPC " + vpcId + " not found in " + region + "; check the id and the region");
    }

    @Test
    void describe_afterTheIgwIsDetached_reachSeesTheBlackhole() {
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .name(name)
                .zones(1)
                .publicSubnets(24)
                .securityGroup(securityGroup("web").allow(tcp(443)).from(anywhere()))
                .build();
        applied.add(plan);
        ApplyReport report = net.apply(plan, NAT_TIMEOUT);
        String vpcId = report.vpcId().orElseThrow();
        String igwId = id(report, "internet gateway igw");
        Endpoint web =
                instance("web", "public-a", id(report, "security group web")).withPublicIp();
        assertThat(net.describe(vpcId).reach(web, internet(), tcp(443)).reachable())
                .isTrue();

        aws.client(software.amazon.awssdk.services.ec2.Ec2Client.class)
                .detachInternetGateway(r -> r.internetGatewayId(igwId).vpcId(vpcId));

        VpcModel described = net.vpc(vpcId);
        String table = id(report, "route table rt-public");
        Reachability out = described.reach(web, internet(), tcp(443));
        assertThat(out.explanation()).contains(Explanation.BLACKHOLE_ROUTE);
        assertThat(out.reason())
                .startsWith("blocked by route table " + table + " (route 0.0.0.0/0 -> " + igwId + " is a blackhole");
        if (fake != null) { // AWS reports the state; emulators may not, and then the missing attachment tells
            assertThat(described.routeTable(table).orElseThrow().routes())
                    .anySatisfy(r -> assertThat(r.blackhole()).isTrue());
            assertThat(out.reason()).endsWith("is a blackhole: its target is deleted or detached)");
        }
        assertThat(described.reach(internet(), web, tcp(443)).explanation()).contains(Explanation.NO_INTERNET_GATEWAY);
    }

    @Test
    void describe_whenVpcUnknown_saysNotFoundInTheRegion() {
        assertThatThrownBy(() -> net.describe("vpc-0000000000000dead"))
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith(
                        "VPC vpc-0000000000000dead not found in " + region + "; check the id and the region");
    }

    @Test
    void apply_whenNatGatewayCreationFails_reportsTheElasticIpItLeft() {
        if (fake == null) {
            System.err.println("[NetIT] apply_whenNatGatewayCreationFails... needs failure injection: WireMock only");
            return;
        }
        VpcPlan plan = seed001();
        fake.failNext("CreateNatGateway");
        NetApplyException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                NetApplyException.class, () -> net.apply(plan, NAT_TIMEOUT));
        assertThat(e.getMessage()).contains("failed at 'create NAT gateway nat-a in subnet public-a'");
        assertThat(elements(e.report(), Action.CREATED)).endsWith("internet gateway igw", "elastic IP eip-nat-a");

        ApplyReport resumed = net.apply(plan, NAT_TIMEOUT);
        assertThat(elements(resumed, Action.FOUND)).contains("vpc " + name, "subnet public-a", "elastic IP eip-nat-a");
        assertThat(elements(resumed, Action.CREATED))
                .startsWith("NAT gateway nat-a")
                .doesNotContain("elastic IP eip-nat-a");
        assertThat(fake.eips).hasSize(2);
        Map<String, Long> natsPerSubnet = fake.nats.values().stream()
                .collect(Collectors.groupingBy(n -> n.f.get("subnetId"), Collectors.counting()));
        assertThat(natsPerSubnet.values()).containsOnly(1L);
    }
}
