package dev.awskit.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.awskit.core.AwsKit;
import dev.awskit.testing.FaultProxy;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * apply and destroy behind {@link FaultProxy} in front of moto's EC2: answers lost after the
 * server acted, resets, 500s and throttling. Whatever happened, a re-run of apply leaves exactly
 * one of everything the plan names, and destroy leaves nothing tagged with the plan.
 */
@UsesServer(Service.EC2)
class NetFaultsIT {
    private static final Duration NAT_TIMEOUT = Duration.ofMinutes(5);

    /** FaultProxy speaks plain HTTP/1.1: an https AWSKIT_IT_ENDPOINT (AWS itself) cannot sit behind it. */
    @BeforeEach
    void plainHttpOnly(Target target) {
        assumeTrue(
                "http".equals(target.endpoint().getScheme()),
                "FaultProxy needs a plain-HTTP server; " + target + " is not");
    }

    private static VpcPlan plan(String name) {
        return Net.plan("10.0.0.0/16")
                .name(name)
                .zones(2)
                .publicSubnets(24)
                .privateSubnets(24)
                .natGateway(NatMode.PER_ZONE)
                .securityGroups("alb: 80 from anywhere; app: all TCP from the alb group")
                .build();
    }

    private static boolean tagged(List<Tag> tags, String plan) {
        return tags.stream()
                .anyMatch(t -> t.key().equals("awskit:plan") && t.value().equals(plan));
    }

    /** VPCs whose tags name the plan, read without tag filters. */
    private static List<String> vpcsOf(Ec2Client ec2, String plan) {
        return ec2.describeVpcsPaginator().vpcs().stream()
                .filter(v -> tagged(v.tags(), plan))
                .map(v -> v.vpcId())
                .toList();
    }

    private static long subnetsOf(Ec2Client ec2, String vpcId) {
        return ec2.describeSubnets(r ->
                        r.filters(Filter.builder().name("vpc-id").values(vpcId).build()))
                .subnets()
                .size();
    }

    private static long natsOf(Ec2Client ec2, String vpcId) {
        return ec2
                .describeNatGateways(r ->
                        r.filter(Filter.builder().name("vpc-id").values(vpcId).build()))
                .natGateways()
                .stream()
                .filter(n -> !n.stateAsString().startsWith("delet"))
                .count();
    }

    private static long eipsOf(Ec2Client ec2, String plan) {
        return ec2.describeAddresses().addresses().stream()
                .filter(a -> tagged(a.tags(), plan))
                .count();
    }

    @Test
    void apply_whenTheAnswerToCreateVpcIsLost_stillLeavesOneVpc(AwsKit aws, Target target, TestResources res) {
        String name = res.name();
        VpcPlan plan = plan(name);
        Net clean = Net.of(aws);
        res.afterwards(() -> {
            // destroy until nothing is left, so that a duplicate does not outlive the test
            for (int i = 0; i < 3 && !vpcsOf(aws.client(Ec2Client.class), name).isEmpty(); i++) {
                clean.destroy(plan, NAT_TIMEOUT);
            }
        });
        try (FaultProxy proxy = FaultProxy.builder(target.endpoint())
                        .seed(7)
                        .fault(FaultProxy.Fault.RESET_AFTER, 1.0)
                        .only(r -> r.operation().equals("CreateVpc"))
                        .maxFaults(1)
                        .start();
                AwsKit faulty = target.withEndpoint(proxy.endpoint()).kit()) {
            try {
                Net.of(faulty).apply(plan, NAT_TIMEOUT);
            } catch (NetApplyException e) {
                System.err.println("[NetFaultsIT] apply failed under the fault, as it may: " + e.getMessage());
            }
            assertThat(proxy.injected(FaultProxy.Fault.RESET_AFTER)).isEqualTo(1);
        }
        Ec2Client ec2 = aws.client(Ec2Client.class);

        ApplyReport again = clean.apply(plan, NAT_TIMEOUT);

        assertThat(vpcsOf(ec2, name)).containsExactly(again.vpcId().orElseThrow());
        // the lost answer had made a second, empty VPC with the plan's tags; the re-run removed it
        assertThat(again.changes(ApplyReport.Action.DELETED))
                .extracting(ApplyReport.Change::element)
                .containsExactly("vpc " + name + " (unused twin)");
        assertThat(subnetsOf(ec2, again.vpcId().get())).isEqualTo(4);
        clean.destroy(plan, NAT_TIMEOUT);
        assertThat(vpcsOf(ec2, name)).isEmpty();
    }

    /** Counts of what the plan names, read without tag filters: the same whatever faults happened. */
    private static String inventory(Ec2Client ec2, String plan, String vpcId) {
        Filter inVpc = Filter.builder().name("vpc-id").values(vpcId).build();
        return "vpcs=" + vpcsOf(ec2, plan).size()
                + " subnets=" + subnetsOf(ec2, vpcId)
                + " igws="
                + ec2.describeInternetGateways().internetGateways().stream()
                        .filter(g -> tagged(g.tags(), plan))
                        .count()
                + " eips=" + eipsOf(ec2, plan)
                + " nats=" + natsOf(ec2, vpcId)
                + " routeTables="
                + ec2.describeRouteTables(r -> r.filters(inVpc)).routeTables().size()
                + " acls="
                + ec2.describeNetworkAcls(r -> r.filters(inVpc)).networkAcls().size()
                + " groups="
                + ec2.describeSecurityGroups(r -> r.filters(inVpc))
                        .securityGroups()
                        .size();
    }

    private static VpcPlan planWithAcl(String name) {
        return Net.plan("10.0.0.0/16")
                .name(name)
                .zones(2)
                .publicSubnets(24)
                .privateSubnets(24)
                .natGateway(NatMode.PER_ZONE)
                .nacl(
                        NetDsl.nacl("acl-private")
                                .entry(NetDsl.rule(100).allow(NetDsl.all()).from("10.0.0.0/16"))
                                .entry(NetDsl.rule(100).allow(NetDsl.all()).to("0.0.0.0/0"))
                                .build(),
                        Tier.PRIVATE)
                .securityGroups("alb: 80 from anywhere; app: all TCP from the alb group")
                .build();
    }

    // the Create calls whose lost answer leaves a second resource (twin) or a conflict to recover from;
    // AttachInternetGateway, CreateRoute, AssociateRouteTable, ReplaceNetworkAclAssociation,
    // CreateNetworkAclEntry and AuthorizeSecurityGroupIngress were tried too: a re-run recovers from each
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "CreateSubnet",
                "CreateInternetGateway",
                "AllocateAddress",
                "CreateNatGateway",
                "CreateRouteTable",
                "CreateNetworkAcl",
                "CreateSecurityGroup"
            })
    void apply_whenOneAnswerIsLostAfterEc2Acted_aReRunEndsWithExactlyThePlan(
            String operation, AwsKit aws, Target target, TestResources res) {
        String name = res.name();
        VpcPlan plan = planWithAcl(name);
        Net clean = Net.of(aws);
        Ec2Client ec2 = aws.client(Ec2Client.class);
        res.afterwards(() -> {
            for (int i = 0; i < 3 && !vpcsOf(ec2, name).isEmpty(); i++) {
                clean.destroy(plan, NAT_TIMEOUT);
            }
        });
        try (FaultProxy proxy = FaultProxy.builder(target.endpoint())
                        .seed(1)
                        .fault(FaultProxy.Fault.RESET_AFTER, 1.0)
                        .only(r -> r.operation().equals(operation))
                        .maxFaults(1)
                        .start();
                AwsKit faulty = target.withEndpoint(proxy.endpoint()).kit()) {
            try {
                Net.of(faulty).apply(plan, NAT_TIMEOUT);
            } catch (NetApplyException e) {
                System.err.println("[NetFaultsIT] " + operation + ": apply failed under the fault: " + e.getMessage());
            }
            assertThat(proxy.injected()).isEqualTo(1);
        }

        ApplyReport again = clean.apply(plan, NAT_TIMEOUT);
        ApplyReport third = clean.apply(plan, NAT_TIMEOUT);

        String vpcId = again.vpcId().orElseThrow();
        assertThat(third.unchanged()).as(third.toString()).isTrue();
        // 4 route tables: main + rt-public + 2 private; 2 NACLs: default + acl-private; 3 groups: default, alb, app
        assertThat(inventory(ec2, name, vpcId))
                .isEqualTo("vpcs=1 subnets=4 igws=1 eips=2 nats=2 routeTables=4 acls=2 groups=3");
        clean.destroy(plan, NAT_TIMEOUT);
        assertThat(vpcsOf(ec2, name)).isEmpty();
        assertThat(eipsOf(ec2, name)).isZero();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11})
    void applyAndDestroy_underTenPercentFaults_endWithExactlyThePlanThenNothing(
            long seed, AwsKit aws, Target target, TestResources res) {
        String name = res.name();
        VpcPlan plan = plan(name);
        Net clean = Net.of(aws);
        Ec2Client ec2 = aws.client(Ec2Client.class);
        res.afterwards(() -> {
            for (int i = 0; i < 3 && !vpcsOf(ec2, name).isEmpty(); i++) {
                clean.destroy(plan, NAT_TIMEOUT);
            }
        });
        try (FaultProxy proxy = FaultProxy.builder(target.endpoint())
                        .seed(seed)
                        .fault(FaultProxy.Fault.THROTTLE, 0.03)
                        .fault(FaultProxy.Fault.ERROR_500, 0.02)
                        .fault(FaultProxy.Fault.RESET_BEFORE, 0.02)
                        .fault(FaultProxy.Fault.RESET_AFTER, 0.02)
                        .fault(FaultProxy.Fault.CUT_BODY, 0.01)
                        .start();
                AwsKit faulty = target.withEndpoint(proxy.endpoint()).kit()) {
            Net net = Net.of(faulty);
            for (int run = 0; run < 5; run++) {
                try {
                    net.apply(plan, NAT_TIMEOUT);
                    break;
                } catch (NetApplyException e) {
                    System.err.println("[NetFaultsIT] apply run " + run + " failed: " + e.getMessage());
                }
            }
            System.err.println("[NetFaultsIT] " + proxy.requests() + " requests, " + proxy.injected() + " faults");
        }
        ApplyReport finished = clean.apply(plan, NAT_TIMEOUT);
        String vpcId = finished.vpcId().orElseThrow();
        assertThat(finished.changes(ApplyReport.Action.CREATED))
                .as(finished.toString())
                .isEmpty();
        assertThat(vpcsOf(ec2, name)).containsExactly(vpcId);
        assertThat(subnetsOf(ec2, vpcId)).isEqualTo(4);
        assertThat(natsOf(ec2, vpcId)).isEqualTo(2);
        assertThat(eipsOf(ec2, name)).isEqualTo(2);

        try (FaultProxy proxy = FaultProxy.builder(target.endpoint())
                        .seed(seed + 1)
                        .fault(FaultProxy.Fault.THROTTLE, 0.03)
                        .fault(FaultProxy.Fault.ERROR_500, 0.02)
                        .fault(FaultProxy.Fault.RESET_BEFORE, 0.02)
                        .fault(FaultProxy.Fault.RESET_AFTER, 0.02)
                        .fault(FaultProxy.Fault.CUT_BODY, 0.01)
                        .start();
                AwsKit faulty = target.withEndpoint(proxy.endpoint()).kit()) {
            Net net = Net.of(faulty);
            for (int run = 0; run < 5 && !vpcsOf(ec2, name).isEmpty(); run++) {
                try {
                    net.destroy(plan, NAT_TIMEOUT);
                } catch (NetApplyException e) {
                    System.err.println("[NetFaultsIT] destroy run " + run + " failed: " + e.getMessage());
                }
            }
        }
        assertThat(vpcsOf(ec2, name)).isEmpty();
        assertThat(eipsOf(ec2, name)).isZero();
    }
}
