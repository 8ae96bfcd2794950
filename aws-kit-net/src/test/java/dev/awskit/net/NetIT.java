package dev.awskit.net;

import static dev.awskit.net.NetDsl.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.net.ApplyReport.Action;
import dev.awskit.net.ApplyReport.Change;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * apply / describe / destroy against an EC2 that nobody on this project wrote: moto locally (one
 * endpoint for every service), or whatever {@code AWSKIT_IT_ENDPOINT} names (LocalStack, AWS).
 *
 * <p>What a plan built is checked with this test's own Describe calls against what the plan's
 * settings are documented to mean (README "Semantics"), never against the plan's model: a public
 * subnet is one whose route table sends {@code 0.0.0.0/0} to an internet gateway attached to the
 * VPC, a private one sends it to a NAT gateway, and {@code NatGateway.PER_ZONE} means one NAT
 * gateway in a public subnet of each zone, used by the private subnets of that zone.
 *
 * <p>moto differs from AWS here in two ways the tests meet: DescribeNatGateways ignores {@code
 * tag:} filters (AWS applies them: "tag:&lt;key&gt; - The key/value combination of a tag assigned
 * to the resource", EC2 API Reference, DescribeNatGateways), and routes stay {@code active} after
 * their internet gateway is detached (AWS shows {@code blackhole}). The code follows AWS and checks
 * the tags of what a filtered Describe returns; the blackhole state is covered by {@link
 * NetFakeEc2IT}.
 */
@UsesServer(Service.EC2)
class NetIT {
    private static final Duration NAT_TIMEOUT = Duration.ofMinutes(5);

    private static VpcPlan seed001(String name, TestResources res, Net net) {
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .name(name)
                .zones(2)
                .publicSubnets(24)
                .privateSubnets(24)
                .natGateway(NatMode.PER_ZONE)
                .nacl(
                        nacl("acl-private")
                                .entry(rule(100).allow(all()).from("10.0.0.0/16"))
                                .entry(rule(110).allow(tcp(1024, 65535)).from("0.0.0.0/0"))
                                .entry(rule(100).allow(all()).to("0.0.0.0/0"))
                                .build(),
                        Tier.PRIVATE)
                .securityGroups("alb: 80 from anywhere; app: all TCP from the alb group")
                .build();
        res.afterwards(() -> net.destroy(plan, NAT_TIMEOUT));
        return plan;
    }

    private static String planName(TestResources res) {
        // a plan name ends up in security-group names (<plan>-<group>, at most 255 characters)
        return res.name();
    }

    /** What the server holds for one VPC, read with plain Describe calls filtered by vpc-id only. */
    private static final class Ground {
        final String vpcId;
        final List<Subnet> subnets;
        final List<RouteTable> tables;
        final List<NatGateway> nats;
        final List<software.amazon.awssdk.services.ec2.model.InternetGateway> igws;
        final List<software.amazon.awssdk.services.ec2.model.NetworkAcl> acls;
        final List<SecurityGroup> groups;

        Ground(Ec2Client ec2, String vpcId) {
            this.vpcId = vpcId;
            Filter inVpc = Filter.builder().name("vpc-id").values(vpcId).build();
            subnets = ec2.describeSubnets(r -> r.filters(inVpc)).subnets();
            tables = ec2.describeRouteTables(r -> r.filters(inVpc)).routeTables();
            nats = ec2.describeNatGateways(r -> r.filter(inVpc)).natGateways().stream()
                    .filter(n -> !n.stateAsString().startsWith("delet") && !"failed".equals(n.stateAsString()))
                    .collect(Collectors.toList());
            igws = ec2.describeInternetGateways().internetGateways().stream()
                    .filter(g -> g.attachments().stream().anyMatch(a -> vpcId.equals(a.vpcId())))
                    .collect(Collectors.toList());
            acls = ec2.describeNetworkAcls(r -> r.filters(inVpc)).networkAcls();
            groups = ec2.describeSecurityGroups(r -> r.filters(inVpc)).securityGroups();
        }

        /** The route table that decides for a subnet: its explicit association, else the main table. */
        RouteTable tableOf(String subnetId) {
            return tables.stream()
                    .filter(t -> t.associations().stream().anyMatch(a -> subnetId.equals(a.subnetId())))
                    .findFirst()
                    .orElseGet(() -> tables.stream()
                            .filter(t -> t.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main())))
                            .findFirst()
                            .orElseThrow());
        }

        /** Where the subnet's default route goes: an igw-, nat- id, or "none". */
        String defaultRouteOf(String subnetId) {
            return tableOf(subnetId).routes().stream()
                    .filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()))
                    .map(r -> r.natGatewayId() != null ? r.natGatewayId() : r.gatewayId())
                    .findFirst()
                    .orElse("none");
        }

        Subnet subnet(String id) {
            return subnets.stream()
                    .filter(s -> s.subnetId().equals(id))
                    .findFirst()
                    .orElseThrow();
        }

        SecurityGroup group(String groupName) {
            return groups.stream()
                    .filter(g -> g.groupName().equals(groupName))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no security group named " + groupName + " in " + vpcId));
        }

        /** Everything apply could create or change, counted: the same map twice means nothing was added. */
        Map<String, Integer> counts() {
            Map<String, Integer> c = new TreeMap<>();
            c.put("subnets", subnets.size());
            c.put("route tables", tables.size());
            c.put("routes", tables.stream().mapToInt(t -> t.routes().size()).sum());
            c.put(
                    "route table associations",
                    tables.stream().mapToInt(t -> t.associations().size()).sum());
            c.put("NAT gateways", nats.size());
            c.put("internet gateways", igws.size());
            c.put("network ACLs", acls.size());
            c.put(
                    "network ACL entries",
                    acls.stream().mapToInt(a -> a.entries().size()).sum());
            c.put("security groups", groups.size());
            c.put(
                    "security group permissions",
                    groups.stream()
                            .mapToInt(g -> rules(g.ipPermissions()) + rules(g.ipPermissionsEgress()))
                            .sum());
            return c;
        }

        private static int rules(List<IpPermission> ps) {
            return ps.stream()
                    .mapToInt(p -> p.ipRanges().size() + p.userIdGroupPairs().size())
                    .sum();
        }
    }

    private static long elasticIpsTagged(Ec2Client ec2, String plan) {
        // every address, filtered here by its tags: independent of the server's tag filters
        return ec2.describeAddresses().addresses().stream()
                .filter(a -> a.tags().stream()
                        .anyMatch(
                                t -> t.key().equals("awskit:plan") && t.value().equals(plan)))
                .count();
    }

    private static software.amazon.awssdk.services.ec2.model.Tag tag(String key, String value) {
        return software.amazon.awssdk.services.ec2.model.Tag.builder()
                .key(key)
                .value(value)
                .build();
    }

    private static String id(ApplyReport r, String element) {
        return r.changes().stream()
                .filter(c -> c.element().equals(element))
                .map(Change::id)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no change for " + element + " in " + r));
    }

    private static List<String> elements(ApplyReport r, Action action) {
        return r.changes(action).stream().map(Change::element).collect(Collectors.toList());
    }

    @Test
    void apply_seed001_buildsTwoPublicAndTwoPrivateSubnetsPerZoneWithAnIgwAndANatGatewayPerZone(
            AwsKit aws, Target target, TestResources res) {
        Net net = Net.of(aws);
        Ec2Client ec2 = aws.client(Ec2Client.class);
        VpcPlan plan = seed001(planName(res), res, net);

        String vpcId = net.apply(plan, NAT_TIMEOUT).vpcId().orElseThrow();

        Ground g = new Ground(ec2, vpcId);
        assertThat(ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs().get(0).cidrBlock())
                .isEqualTo("10.0.0.0/16");
        // one internet gateway, attached
        assertThat(g.igws).hasSize(1);
        String igw = g.igws.get(0).internetGatewayId();
        // 4 subnets of 256 addresses inside the VPC, 2 per zone, in the two first zones of the region
        assertThat(g.subnets).hasSize(4);
        assertThat(g.subnets).allSatisfy(s -> assertThat(s.cidrBlock()).matches("10\\.0\\.\\d+\\.0/24"));
        assertThat(g.subnets.stream().collect(Collectors.groupingBy(Subnet::availabilityZone, Collectors.counting())))
                .containsOnly(Map.entry(target.region() + "a", 2L), Map.entry(target.region() + "b", 2L));
        assertThat(g.subnets.stream().map(Subnet::cidrBlock).distinct()).hasSize(4);
        // public = default route to the attached IGW: one per zone
        List<Subnet> publics = g.subnets.stream()
                .filter(s -> g.defaultRouteOf(s.subnetId()).equals(igw))
                .collect(Collectors.toList());
        assertThat(publics)
                .extracting(Subnet::availabilityZone)
                .containsExactlyInAnyOrder(target.region() + "a", target.region() + "b");
        // NAT per zone: two NAT gateways, each in the public subnet of its own zone
        assertThat(g.nats).as("NAT gateways of %s", vpcId).hasSize(2);
        Set<String> publicIds = publics.stream().map(Subnet::subnetId).collect(Collectors.toSet());
        assertThat(g.nats).allSatisfy(n -> assertThat(publicIds).contains(n.subnetId()));
        assertThat(g.nats.stream().map(n -> g.subnet(n.subnetId()).availabilityZone()))
                .containsExactlyInAnyOrder(target.region() + "a", target.region() + "b");
        assertThat(g.nats).allSatisfy(n -> assertThat(n.natGatewayAddresses())
                .singleElement()
                .satisfies(a -> assertThat(a.allocationId()).startsWith("eipalloc-")));
        // private = default route to the NAT gateway of the same zone
        List<Subnet> privates = g.subnets.stream()
                .filter(s -> !publicIds.contains(s.subnetId()))
                .collect(Collectors.toList());
        assertThat(privates).hasSize(2).allSatisfy(s -> {
            String nat = g.defaultRouteOf(s.subnetId());
            NatGateway n = g.nats.stream()
                    .filter(x -> x.natGatewayId().equals(nat))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(s.subnetId() + " routes 0.0.0.0/0 to " + nat));
            assertThat(g.subnet(n.subnetId()).availabilityZone()).isEqualTo(s.availabilityZone());
        });
        // every route table the plan made keeps the VPC-local route
        assertThat(g.tables).allSatisfy(t -> assertThat(t.routes())
                .anySatisfy(r -> assertThat(r.destinationCidrBlock() + " " + r.gatewayId())
                        .isEqualTo("10.0.0.0/16 local")));
        // the private subnets share the plan's ACL, with the plan's entries (plus AWS's '*' rules)
        assertThat(privates).allSatisfy(s -> {
            var acl = g.acls.stream()
                    .filter(a ->
                            a.associations().stream().anyMatch(x -> s.subnetId().equals(x.subnetId())))
                    .findFirst()
                    .orElseThrow();
            assertThat(acl.isDefault()).isFalse();
            assertThat(acl.entries().stream()
                            .filter(e -> e.ruleNumber() < 32767)
                            .map(e -> (e.egress() ? "out " : "in ") + e.ruleNumber() + " " + e.ruleActionAsString()
                                    + " " + e.protocol() + " " + e.cidrBlock()
                                    + (e.portRange() == null
                                            ? ""
                                            : " " + e.portRange().from() + "-"
                                                    + e.portRange().to())))
                    .containsExactlyInAnyOrder(
                            "in 100 allow -1 10.0.0.0/16",
                            "in 110 allow 6 0.0.0.0/0 1024-65535",
                            "out 100 allow -1 0.0.0.0/0");
        });
        // security groups <plan>-alb: tcp 80 from anywhere; <plan>-app: all TCP from the alb group
        SecurityGroup alb = g.group(plan.name() + "-alb");
        SecurityGroup app = g.group(plan.name() + "-app");
        assertThat(alb.ipPermissions()).singleElement().satisfies(p -> {
            assertThat(p.ipProtocol()).isIn("tcp", "6");
            assertThat(p.fromPort()).isEqualTo(80);
            assertThat(p.toPort()).isEqualTo(80);
            assertThat(p.ipRanges()).extracting(r -> r.cidrIp()).containsExactly("0.0.0.0/0");
        });
        assertThat(app.ipPermissions()).singleElement().satisfies(p -> {
            assertThat(p.ipProtocol()).isIn("tcp", "6");
            assertThat(p.fromPort()).isZero();
            assertThat(p.toPort()).isEqualTo(65535);
            assertThat(p.userIdGroupPairs()).extracting(u -> u.groupId()).containsExactly(alb.groupId());
        });
    }

    @Test
    void apply_perZoneNat_whenTheServerIgnoresTagFilters_stillCreatesOneNatGatewayPerZone(
            AwsKit aws, TestResources res) {
        // Regression: apply took the first answer of DescribeNatGateways filtered by tag:awskit:element=nat-b;
        // moto ignores that filter and answered nat-a, so the plan got ONE NAT gateway for two zones.
        Net net = Net.of(aws);
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .name(planName(res))
                .zones(2)
                .publicSubnets(24)
                .privateSubnets(24)
                .natGateway(NatMode.PER_ZONE)
                .build();
        res.afterwards(() -> net.destroy(plan, NAT_TIMEOUT));

        ApplyReport report = net.apply(plan, NAT_TIMEOUT);

        Ground g = new Ground(aws.client(Ec2Client.class), report.vpcId().orElseThrow());
        assertThat(g.nats).hasSize(2);
        assertThat(g.nats.stream().map(NatGateway::subnetId).distinct()).hasSize(2);
        assertThat(elements(report, Action.CREATED)).contains("NAT gateway nat-a", "NAT gateway nat-b");
        assertThat(id(report, "NAT gateway nat-a")).isNotEqualTo(id(report, "NAT gateway nat-b"));
        assertThat(elasticIpsTagged(aws.client(Ec2Client.class), plan.name())).isEqualTo(2);
    }

    @Test
    void apply_requestValue_findsExactlyWhatThePlainCallCreated(AwsKit aws, TestResources res) {
        Net net = Net.of(aws);
        VpcPlan plan = Net.plan("10.1.0.0/16")
                .name(planName(res))
                .zones(2)
                .publicSubnets(24)
                .privateSubnets(24)
                .build();
        res.afterwards(() -> net.destroy(plan, NAT_TIMEOUT));

        ApplyReport plain = net.apply(plan);
        ApplyReport request = net.apply(a -> a.plan(plan).natTimeout(NAT_TIMEOUT));

        assertThat(request.unchanged()).as(request.toString()).isTrue();
        assertThat(request.vpcId()).isEqualTo(plain.vpcId());
        assertThat(elements(request, Action.FOUND)).containsExactlyElementsOf(elements(plain, Action.CREATED));
    }

    @Test
    void apply_twice_secondRunCreatesNothingOnTheServer(AwsKit aws, TestResources res) {
        Net net = Net.of(aws);
        Ec2Client ec2 = aws.client(Ec2Client.class);
        VpcPlan plan = seed001(planName(res), res, net);
        ApplyReport first = net.apply(plan, NAT_TIMEOUT);
        String vpcId = first.vpcId().orElseThrow();
        Map<String, Integer> before = new Ground(ec2, vpcId).counts();
        long eipsBefore = elasticIpsTagged(ec2, plan.name());

        ApplyReport second = net.apply(plan, NAT_TIMEOUT);

        assertThat(new Ground(ec2, vpcId).counts()).isEqualTo(before);
        assertThat(elasticIpsTagged(ec2, plan.name())).isEqualTo(eipsBefore).isEqualTo(2);
        assertThat(before).containsEntry("NAT gateways", 2).containsEntry("subnets", 4);
        assertThat(second.unchanged()).as(second.toString()).isTrue();
        assertThat(second.vpcId()).contains(vpcId);
        assertThat(elements(second, Action.FOUND)).containsExactlyElementsOf(elements(first, Action.CREATED));
    }

    @Test
    void destroy_removesEverythingApplyCreated_andLeavesAnUnrelatedVpcAlone(AwsKit aws, TestResources res) {
        Net net = Net.of(aws);
        Ec2Client ec2 = aws.client(Ec2Client.class);
        // an unrelated VPC with the same kinds of resources, some with aws-kit tags of another plan
        String other = res.name();
        String otherVpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String otherSubnet = ec2.createSubnet(r -> r.vpcId(otherVpc).cidrBlock("10.0.0.0/24"))
                .subnet()
                .subnetId();
        String otherIgw = ec2.createInternetGateway().internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(otherIgw).vpcId(otherVpc));
        String otherEip = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
        String otherNat = ec2.createNatGateway(r -> r.subnetId(otherSubnet).allocationId(otherEip))
                .natGateway()
                .natGatewayId();
        String otherGroup = ec2.createSecurityGroup(
                        r -> r.vpcId(otherVpc).groupName(other + "-alb").description("not aws-kit's"))
                .groupId();
        ec2.createTags(r -> r.resources(otherVpc, otherIgw, otherEip, otherNat, otherGroup)
                .tags(tag("awskit:plan", other), tag("awskit:element", "alb")));
        res.afterwards(() -> {
            ec2.deleteNatGateway(r -> r.natGatewayId(otherNat));
            ec2.deleteSecurityGroup(r -> r.groupId(otherGroup));
            ec2.detachInternetGateway(r -> r.internetGatewayId(otherIgw).vpcId(otherVpc));
            ec2.deleteInternetGateway(r -> r.internetGatewayId(otherIgw));
            ec2.releaseAddress(r -> r.allocationId(otherEip));
            ec2.deleteSubnet(r -> r.subnetId(otherSubnet));
            ec2.deleteVpc(r -> r.vpcId(otherVpc));
        });
        Map<String, Integer> otherBefore = new Ground(ec2, otherVpc).counts();

        VpcPlan plan = seed001(planName(res), res, net);
        String vpcId = net.apply(plan, NAT_TIMEOUT).vpcId().orElseThrow();
        ApplyReport destroyed = net.destroy(plan, NAT_TIMEOUT);

        assertThat(elements(destroyed, Action.DELETED))
                .containsSubsequence(
                        "NAT gateway nat-a",
                        "elastic IP eip-nat-a",
                        "security group app",
                        "network ACL acl-private",
                        "subnet public-a",
                        "route table rt-public",
                        "internet gateway igw",
                        "vpc " + plan.name())
                .hasSize(2 + 2 + 2 + 4 + 3 + 1 + 1 + 1);
        assertThat(ec2.describeVpcs(r -> r.filters(
                                Filter.builder().name("vpc-id").values(vpcId).build()))
                        .vpcs())
                .isEmpty();
        assertThat(elasticIpsTagged(ec2, plan.name())).isZero();
        assertThat(ec2.describeNatGateways().natGateways().stream()
                        .filter(n -> vpcId.equals(n.vpcId()))
                        .filter(n -> !n.stateAsString().startsWith("delet")))
                .isEmpty();
        // the unrelated VPC is whole
        assertThat(new Ground(ec2, otherVpc).counts()).isEqualTo(otherBefore);
        assertThat(ec2.describeAddresses().addresses())
                .anySatisfy(a -> assertThat(a.allocationId()).isEqualTo(otherEip));
        assertThat(new Ground(ec2, otherVpc).nats)
                .extracting(NatGateway::natGatewayId)
                .containsExactly(otherNat);
        // a second destroy finds nothing
        assertThat(net.destroy(plan, NAT_TIMEOUT).changes()).isEmpty();
        assertThatThrownBy(() -> net.describe(vpcId))
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith(
                        "VPC " + vpcId + " not found in " + aws.region().id() + "; check the id and the region");
    }

    @Test
    void describe_namesSecurityGroupsByTheirAwskitElementTag_asTheReadmeSays(AwsKit aws, TestResources res) {
        // Regression: the described model named groups by their group name (<plan>-alb), so
        // securityGroup("alb") found nothing although the README names elements by awskit:element.
        Net net = Net.of(aws);
        Ec2Client ec2 = aws.client(Ec2Client.class);
        VpcPlan plan = seed001(planName(res), res, net);
        String vpcId = net.apply(plan, NAT_TIMEOUT).vpcId().orElseThrow();
        Ground g = new Ground(ec2, vpcId);

        VpcModel described = net.describe(vpcId);

        String albId = g.group(plan.name() + "-alb").groupId();
        String appId = g.group(plan.name() + "-app").groupId();
        assertThat(described.securityGroup("alb"))
                .hasValueSatisfying(s -> assertThat(s.id()).contains(albId));
        assertThat(described.securityGroup("app"))
                .hasValueSatisfying(s -> assertThat(s.id()).contains(appId));
        assertThat(described.securityGroup(albId))
                .map(dev.awskit.net.SecurityGroup::name)
                .contains("alb");
        // the default group has no tags: its name is its group name
        assertThat(described.securityGroup("default"))
                .hasValueSatisfying(s -> assertThat(s.defaultGroup()).isTrue());
        // the table shows both: the name a plan gave and the id EC2 gave
        assertThat(described.toTable()).contains("alb " + albId, "app " + appId);
        // the other elements follow the same rule
        String publicA = g.subnets.stream()
                .filter(s -> s.cidrBlock().equals("10.0.0.0/24"))
                .findFirst()
                .orElseThrow()
                .subnetId();
        assertThat(described.subnet("public-a"))
                .hasValueSatisfying(s -> assertThat(s.id()).contains(publicA));
        assertThat(described.internetGateway("igw")).isPresent();
        // and answer the same questions as the plan, by name
        Endpoint alb = instance("alb-1", "public-a", "alb").withPublicIp();
        Endpoint task = instance("task-1", "private-b", "app");
        assertThat(described.reach(internet(), alb, tcp(80)).reachable()).isTrue();
        assertThat(described.reach(alb, task, tcp(8080)).reachable()).isTrue();
        // answers name what they cross by id, as the console does
        String natB = g.nats.stream()
                .filter(n -> g.subnet(n.subnetId()).availabilityZone().endsWith("b"))
                .findFirst()
                .orElseThrow()
                .natGatewayId();
        assertThat(described.natGateway("nat-b"))
                .hasValueSatisfying(n -> assertThat(n.id()).contains(natB));
        assertThat(described.reach(task, internet(), tcp(443)).path()).contains("NAT gateway " + natB);
        assertThat(described.reach(internet(), task, tcp(8080)).explanation()).contains(Explanation.NO_PUBLIC_IP);
    }

    @Test
    void apply_whenAStepFailsHalfWay_reportsExactlyWhatExists_andDestroyRemovesIt(AwsKit aws, TestResources res) {
        Net net = Net.of(aws);
        String region = aws.region().id();
        String name = planName(res);
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .name(name)
                .zones("a", "z")
                .publicSubnets(24)
                .build();
        res.afterwards(() -> net.destroy(plan, NAT_TIMEOUT));

        NetApplyException e = catchThrowableOfType(NetApplyException.class, () -> net.apply(plan, NAT_TIMEOUT));

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
    void describe_afterTheIgwIsDetached_reachSaysTheInternetIsUnreachable(AwsKit aws, TestResources res) {
        Net net = Net.of(aws);
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .name(planName(res))
                .zones(1)
                .publicSubnets(24)
                .securityGroup(securityGroup("web").allow(tcp(443)).from(anywhere()))
                .build();
        res.afterwards(() -> net.destroy(plan, NAT_TIMEOUT));
        ApplyReport report = net.apply(plan, NAT_TIMEOUT);
        String vpcId = report.vpcId().orElseThrow();
        String igwId = id(report, "internet gateway igw");
        Endpoint web = instance("web", "public-a", "web").withPublicIp();
        assertThat(net.describe(vpcId).reach(web, internet(), tcp(443)).reachable())
                .isTrue();

        aws.client(Ec2Client.class)
                .detachInternetGateway(r -> r.internetGatewayId(igwId).vpcId(vpcId));

        VpcModel described = net.vpc(vpcId);
        Reachability out = described.reach(web, internet(), tcp(443));
        // AWS marks the route 'blackhole'; moto keeps it 'active' (NetFakeEc2IT covers the state):
        // either way the detached gateway makes it a blackhole
        assertThat(out.explanation()).contains(Explanation.BLACKHOLE_ROUTE);
        assertThat(out.reason())
                .startsWith("blocked by route table " + id(report, "route table rt-public") + " (route 0.0.0.0/0 -> "
                        + igwId + " is a blackhole");
        assertThat(described.reach(internet(), web, tcp(443)).explanation()).contains(Explanation.NO_INTERNET_GATEWAY);
        // and the server agrees the gateway is detached
        assertThat(aws.client(Ec2Client.class)
                        .describeInternetGateways(r -> r.internetGatewayIds(igwId))
                        .internetGateways()
                        .get(0)
                        .attachments())
                .noneMatch(a -> vpcId.equals(a.vpcId()) && "available".equals(a.stateAsString()));
        List<Route> routes = new Ground(aws.client(Ec2Client.class), vpcId)
                .tableOf(id(report, "subnet public-a"))
                .routes();
        assertThat(routes).anySatisfy(r -> assertThat(r.gatewayId()).isEqualTo(igwId));
    }

    @Test
    void describe_whenVpcUnknown_saysNotFoundInTheRegion(AwsKit aws) {
        assertThatThrownBy(() -> Net.of(aws).describe("vpc-0000000000000dead"))
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("VPC vpc-0000000000000dead not found in "
                        + aws.region().id() + "; check the id and the region");
    }
}
