package dev.awskit.net;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.awskit.net.NetDsl.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.awskit.core.AwsKit;
import dev.awskit.net.ApplyReport.Action;
import dev.awskit.net.ApplyReport.Change;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What moto does not model, against the stateful {@link FakeEc2}: an EC2 error half-way through
 * NAT gateway creation (fault injection), the {@code blackhole} state AWS gives a route whose
 * gateway is detached (EC2 API Reference, data type {@code Route}: "blackhole — the route's target
 * isn't available (for example, the specified gateway isn't attached to the VPC)"), and which
 * actions a re-apply sends. Everything else runs against moto in {@link NetIT}.
 */
class NetFakeEc2IT {
    private static final Duration NAT_TIMEOUT = Duration.ofMinutes(1);
    private static final String REGION = "us-east-1";

    private WireMockServer wireMock;
    private FakeEc2 fake;
    private AwsKit aws;
    private Net net;

    @BeforeEach
    void start() {
        fake = new FakeEc2(REGION);
        wireMock = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .extensions(fake));
        wireMock.start();
        wireMock.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)));
        aws = AwsKit.builder()
                .region(REGION)
                .credentials("awskit-test-key", "test-secret")
                .endpoint("http://127.0.0.1:" + wireMock.port())
                .build();
        net = Net.of(aws);
    }

    @AfterEach
    void stop() {
        aws.close();
        wireMock.stop();
    }

    private static VpcPlan seed001() {
        return Net.plan("10.0.0.0/16")
                .name("fake")
                .zones(2)
                .publicSubnets(24)
                .privateSubnets(24)
                .natGateway(NatGateway.PER_ZONE)
                .securityGroups("alb: 80 from anywhere; app: all TCP from the alb group")
                .build();
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
    void apply_whenNatGatewayCreationFails_reportsTheElasticIpItLeft_andAReRunReusesIt() {
        VpcPlan plan = seed001();
        fake.failNext("CreateNatGateway");

        NetApplyException e = catchThrowableOfType(NetApplyException.class, () -> net.apply(plan, NAT_TIMEOUT));

        assertThat(e.getMessage())
                .startsWith("apply of plan fake in us-east-1 failed at 'create NAT gateway nat-a in subnet public-a': ")
                .contains("NatGatewayLimitExceeded");
        assertThat(elements(e.report(), Action.CREATED)).endsWith("internet gateway igw", "elastic IP eip-nat-a");

        ApplyReport resumed = net.apply(plan, NAT_TIMEOUT);
        assertThat(elements(resumed, Action.FOUND)).contains("vpc fake", "subnet public-a", "elastic IP eip-nat-a");
        assertThat(elements(resumed, Action.CREATED))
                .startsWith("NAT gateway nat-a")
                .doesNotContain("elastic IP eip-nat-a");
        assertThat(fake.eips).hasSize(2);
        Map<String, Long> natsPerSubnet = fake.nats.values().stream()
                .collect(Collectors.groupingBy(n -> n.f.get("subnetId"), Collectors.counting()));
        assertThat(natsPerSubnet).hasSize(2);
        assertThat(natsPerSubnet.values()).containsOnly(1L);
    }

    @Test
    void apply_twice_secondRunSendsOnlyDescribeCalls() {
        VpcPlan plan = seed001();
        net.apply(plan, NAT_TIMEOUT);
        int mark = fake.actions.size();

        ApplyReport second = net.apply(plan, NAT_TIMEOUT);

        assertThat(second.unchanged()).as(second.toString()).isTrue();
        assertThat(fake.actions.subList(mark, fake.actions.size()))
                .isNotEmpty()
                .allMatch(a -> a.startsWith("Describe"), "only Describe* calls on a re-apply");
    }

    @Test
    void describe_afterTheIgwIsDetached_readsTheRouteAsABlackhole() {
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .name("fake")
                .zones(1)
                .publicSubnets(24)
                .securityGroup(securityGroup("web").allow(tcp(443)).from(anywhere()))
                .build();
        ApplyReport report = net.apply(plan, NAT_TIMEOUT);
        String vpcId = report.vpcId().orElseThrow();
        String igwId = id(report, "internet gateway igw");
        aws.client(software.amazon.awssdk.services.ec2.Ec2Client.class)
                .detachInternetGateway(r -> r.internetGatewayId(igwId).vpcId(vpcId));

        VpcModel described = net.vpc(vpcId);

        assertThat(described.routeTable("rt-public").orElseThrow().routes())
                .anySatisfy(r -> assertThat(r.blackhole()).isTrue());
        assertThat(described
                        .reach(instance("web", "public-a", "web").withPublicIp(), internet(), tcp(443))
                        .reason())
                .isEqualTo("blocked by route table " + id(report, "route table rt-public") + " (route 0.0.0.0/0 -> "
                        + igwId + " is a blackhole: its target is deleted or detached)");
    }
}
