package dev.awskit.net;

import static dev.awskit.net.NetDsl.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The seeds' debugging sessions as a table of reachability questions. */
class ReachabilityTest {

    private static final Nacl SSH_ALLOW_70_DENY_80 = nacl("acl-1")
            .entry(rule(70).allow(tcp(22)).from("0.0.0.0/0"))
            .entry(rule(80).deny(tcp(22)).from("0.0.0.0/0"))
            .entry(rule(100).allow(all()).from("0.0.0.0/0"))
            .entry(rule(100).allow(all()).to("0.0.0.0/0"))
            .build();

    private static final Nacl SSH_DENY_80 = nacl("acl-1")
            .entry(rule(80).deny(tcp(22)).from("0.0.0.0/0"))
            .entry(rule(100).allow(all()).from("0.0.0.0/0"))
            .entry(rule(100).allow(all()).to("0.0.0.0/0"))
            .build();

    private static VpcPlan bastionPlan(Nacl acl) {
        return Net.plan("10.0.0.0/16")
                .zones(1)
                .publicSubnets(24)
                .nacl(acl, Tier.PUBLIC)
                .securityGroup(securityGroup("ssh").allow(tcp(22)).from(anywhere()))
                .endpoint(instance("bastion", "public-a", "ssh").withPublicIp())
                .build();
    }

    @Test
    void reach_naclAllowAt70_beatsDenyAt80() {
        Reachability r = bastionPlan(SSH_ALLOW_70_DENY_80).reach("internet", "bastion", tcp(22));
        assertThat(r.reachable()).isTrue();
        assertThat(r.path()).contains("NACL acl-1 inbound rule 70");
    }

    @Test
    void reach_naclDenyAt80_blocksWithTheRule() {
        Reachability r = bastionPlan(SSH_DENY_80).reach("internet", "bastion", tcp(22));
        assertThat(r.reachable()).isFalse();
        assertThat(r.explanation()).contains(Explanation.NACL_DENIES);
        assertThat(r.blockedBy()).contains("NACL acl-1");
        assertThat(r.reason()).isEqualTo("blocked by NACL acl-1 rule 80 (deny tcp 22 from 0.0.0.0/0)");
    }

    @Test
    void reach_naclDenyForPort22_letsOtherPortsThrough() {
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .zones(1)
                .publicSubnets(24)
                .nacl(SSH_DENY_80, Tier.PUBLIC)
                .securityGroup(securityGroup("web").allow(tcp(443)).from(anywhere()))
                .build();
        assertThat(plan.reach(internet(), instance("web", "public-a", "web").withPublicIp(), tcp(443))
                        .reachable())
                .isTrue();
    }

    private static VpcPlan albPlan(SecurityGroup.Builder app) {
        return Net.plan("10.0.0.0/16")
                .zones(2)
                .publicSubnets(24)
                .privateSubnets(24)
                .natGateway(NatGateway.SINGLE)
                .securityGroup(securityGroup("alb").allow(tcp(80)).from(anywhere()))
                .securityGroup(securityGroup("other"))
                .securityGroup(app)
                .endpoint(instance("alb-a", "public-a", "alb").withPublicIp())
                .endpoint(instance("task-b", "private-b", "app"))
                .build();
    }

    @Test
    void reach_albToTargetWhoseGroupAllowsTheAlbGroup_isReachable() {
        Reachability r =
                albPlan(securityGroup("app").allow(allTcp()).from(group("alb"))).reach("alb-a", "task-b", tcp(8080));
        assertThat(r.reachable()).as(r.toString()).isTrue();
        assertThat(r.path()).contains("security group app inbound", "route table rt-public 10.0.0.0/16 -> local");
    }

    @Test
    void reach_albToTargetWhoseGroupDoesNotAllowTheAlb_isBlockedByTheTargetGroup() {
        Reachability r = albPlan(securityGroup("app").allow(tcp(8080)).from(group("other")))
                .reach("alb-a", "task-b", tcp(8080));
        assertThat(r.reachable()).isFalse();
        assertThat(r.explanation()).contains(Explanation.SECURITY_GROUP_INBOUND);
        assertThat(r.reason())
                .isEqualTo(
                        "blocked by security group app (no inbound rule allows tcp 8080 from 10.0.0.4 (groups alb))");
    }

    @Test
    void reach_targetGroupOpenToVpcBlock_allowsAlbByAddress() {
        Reachability r = albPlan(securityGroup("app").allow(tcp(8080)).from(cidr("10.0.0.0/16")))
                .reach("alb-a", "task-b", tcp(8080));
        assertThat(r.reachable()).isTrue();
    }

    @Test
    void reach_privateSubnetWithoutNat_cannotReachTheInternet() {
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .publicSubnets(24)
                .privateSubnets(24)
                .securityGroup(securityGroup("app"))
                .build();
        Reachability r = plan.reach(instance("task", "private-a", "app"), internet(), tcp(443));
        assertThat(r.reachable()).isFalse();
        assertThat(r.explanation()).contains(Explanation.NO_ROUTE);
        assertThat(r.reason())
                .isEqualTo("blocked by route table rt-private (no route to 203.0.113.10; subnet private-a needs a route"
                        + " to an internet gateway or a NAT gateway)");
    }

    @Test
    void reach_privateSubnetWithNat_reachesTheInternetThroughIt() {
        Reachability r = VpcPlanTest.seed001().reach(instance("task", "private-b", "app"), internet(), tcp(443));
        assertThat(r.reachable()).isTrue();
        assertThat(r.path()).contains("NAT gateway nat-b", "internet gateway igw");
    }

    @Test
    void reach_fromInternetToPrivateSubnet_isBlockedEvenWithAPublicIp() {
        Reachability r = VpcPlanTest.seed001()
                .reach(internet(), instance("task", "private-a", "app").withPublicIp(), tcp(80));
        assertThat(r.explanation()).contains(Explanation.NOT_PUBLIC_SUBNET);
        assertThat(r.reason())
                .isEqualTo("blocked by route table rt-private-a (subnet private-a routes 203.0.113.10 to nat-a, not to"
                        + " an internet gateway, so replies cannot return)");
    }

    @Test
    void reach_publicSubnetInstanceWithoutPublicIp_cannotUseTheIgw() {
        Reachability r = VpcPlanTest.seed001().reach(instance("alb", "public-a", "alb"), internet(), tcp(443));
        assertThat(r.explanation()).contains(Explanation.NO_PUBLIC_IP);
        assertThat(r.reason())
                .isEqualTo("blocked by internet gateway igw (alb has no public IP; give it one or route subnet public-a"
                        + " through a NAT gateway)");
    }

    private static VpcModel detachedIgw() {
        Cidr vpc = Cidr.of("10.0.0.0/16");
        return VpcModel.builder()
                .name("lab")
                .id("vpc-1")
                .cidr(vpc)
                .addInternetGateways(InternetGateway.of("igw", "igw-1", false))
                .addRouteTables(RouteTable.builder()
                        .name("public")
                        .id("rtb-1")
                        .main(true)
                        .addRoutes(Route.local(vpc), Route.toInternetGateway("0.0.0.0/0", "igw-1"))
                        .build())
                .addSubnets(Subnet.builder()
                        .name("web")
                        .id("subnet-1")
                        .cidr("10.0.1.0/24")
                        .zone("us-east-1a")
                        .tier(Tier.PUBLIC)
                        .build())
                .addSecurityGroups(securityGroup("web")
                        .id("sg-1")
                        .allow(tcp(80))
                        .from(anywhere())
                        .build())
                .build();
    }

    @Test
    void reach_routeToDetachedIgw_isABlackhole() {
        Reachability r =
                detachedIgw().reach(instance("web-1", "subnet-1", "sg-1").withPublicIp(), internet(), tcp(443));
        assertThat(r.explanation()).contains(Explanation.BLACKHOLE_ROUTE);
        assertThat(r.explanation().orElseThrow().analyzerCode()).isEqualTo("BAD_STATE_ROUTE");
        assertThat(r.reason())
                .isEqualTo("blocked by route table rtb-1 (route 0.0.0.0/0 -> igw-1 is a blackhole: internet gateway"
                        + " igw-1 is detached from the VPC)");
    }

    @Test
    void reach_fromInternetWithDetachedIgw_hasNoWayIn() {
        Reachability r =
                detachedIgw().reach(internet(), instance("web-1", "web", "web").withPublicIp(), tcp(80));
        assertThat(r.explanation()).contains(Explanation.NO_INTERNET_GATEWAY);
        assertThat(r.reason()).isEqualTo("blocked by VPC vpc-1 (no internet gateway is attached)");
    }

    @Test
    void reach_routeToMissingNat_isABlackhole() {
        Cidr vpc = Cidr.of("10.0.0.0/16");
        VpcModel m = VpcModel.builder()
                .name("lab")
                .cidr(vpc)
                .addRouteTables(RouteTable.builder()
                        .name("private")
                        .main(true)
                        .addRoutes(Route.local(vpc), Route.toNatGateway("0.0.0.0/0", "nat-gone"))
                        .build())
                .addSubnets(Subnet.builder()
                        .name("app")
                        .cidr("10.0.2.0/24")
                        .zone("a")
                        .build())
                .addSecurityGroups(securityGroup("app").build())
                .build();
        assertThat(m.reach(instance("t", "app", "app"), internet(), tcp(443)).reason())
                .isEqualTo("blocked by route table private (route 0.0.0.0/0 -> nat-gone is a blackhole: NAT gateway"
                        + " nat-gone does not exist)");
    }

    private static VpcPlan webPlan(Nacl acl) {
        return Net.plan("10.0.0.0/16")
                .zones(1)
                .publicSubnets(24)
                .nacl(acl, "public-a")
                .securityGroup(securityGroup("web").allow(tcp(80)).from(anywhere()))
                .endpoint(instance("web", "public-a", "web").withPublicIp())
                .build();
    }

    @Test
    void reach_statelessNaclWithoutEphemeralPortsOutbound_blocksTheReplies() {
        Nacl acl = nacl("acl-web")
                .entry(rule(100).allow(tcp(80)).from("0.0.0.0/0"))
                .entry(rule(100).allow(tcp(80)).to("0.0.0.0/0"))
                .build();
        Reachability r = webPlan(acl).reach("internet", "web", tcp(80));
        assertThat(r.reachable()).isFalse();
        assertThat(r.explanation()).contains(Explanation.NACL_DENIES_RETURN);
        assertThat(r.reason())
                .isEqualTo("blocked by NACL acl-web rule * (deny all traffic to 0.0.0.0/0): outbound replies tcp port"
                        + " 1024 (of 1024-65535) to 203.0.113.10 (NACLs are stateless: allow the ephemeral ports"
                        + " 1024-65535 outbound)");
        assertThat(r.path()).contains("security group web inbound");
    }

    @Test
    void reach_naclAllowingOnlyPartOfTheEphemeralRange_blocksAtTheFirstUncoveredPort() {
        Nacl acl = nacl("acl-web")
                .entry(rule(100).allow(tcp(80)).from("0.0.0.0/0"))
                .entry(rule(100).allow(tcp(1024, 40000)).to("0.0.0.0/0"))
                .entry(rule(110).allow(tcp(40002, 65535)).to("0.0.0.0/0"))
                .build();
        Reachability r = webPlan(acl).reach("internet", "web", tcp(80));
        assertThat(r.reason())
                .startsWith("blocked by NACL acl-web rule * (deny all traffic to 0.0.0.0/0): outbound"
                        + " replies tcp port 40001 (of 1024-65535)");
    }

    @Test
    void reach_naclWithEphemeralPortsOutbound_isReachable() {
        Nacl acl = nacl("acl-web")
                .entry(rule(100).allow(tcp(80)).from("0.0.0.0/0"))
                .entry(rule(100).allow(tcp(1024, 65535)).to("0.0.0.0/0"))
                .build();
        Reachability r = webPlan(acl).reach("internet", "web", tcp(80));
        assertThat(r.reachable()).isTrue();
        assertThat(r.path())
                .containsSequence(
                        "NACL acl-web inbound rule 100",
                        "security group web inbound",
                        "NACL acl-web replies outbound rule 100");
    }

    @Test
    void reach_naclDenyForOneSourceBlock_onlyBlocksThatSource() {
        Nacl acl = nacl("acl-web")
                .entry(rule(50).deny(all()).from("198.51.100.0/24"))
                .entry(rule(100).allow(all()).from("0.0.0.0/0"))
                .entry(rule(100).allow(all()).to("0.0.0.0/0"))
                .build();
        VpcPlan plan = webPlan(acl);
        assertThat(plan.reach(internet("198.51.100.20"), endpoint("web"), tcp(80))
                        .reason())
                .isEqualTo("blocked by NACL acl-web rule 50 (deny all traffic from 198.51.100.0/24)");
        assertThat(plan.reach(internet("192.0.2.1"), endpoint("web"), tcp(80)).reachable())
                .isTrue();
    }

    @Test
    void reach_withinOneSubnet_skipsTheNacl() {
        Nacl denyAll = nacl("acl-closed").build();
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .zones(1)
                .privateSubnets(24)
                .nacl(denyAll, Tier.PRIVATE)
                .securityGroup(securityGroup("db").allow(tcp(5432)).from(group("app")))
                .securityGroup(securityGroup("app"))
                .build();
        Endpoint app = instance("app", "private-a", "app").at("10.0.0.10");
        Endpoint db = instance("db", "private-a", "db").at("10.0.0.20");
        assertThat(plan.reach(app, db, tcp(5432)).reachable()).isTrue();
        assertThat(plan.reach(from(app), to(db), tcp(5433)).explanation()).contains(Explanation.SECURITY_GROUP_INBOUND);
    }

    @Test
    void reach_sourceGroupWithoutOutboundRule_isBlockedAtTheSource() {
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .zones(1)
                .privateSubnets(24)
                .securityGroup(securityGroup("locked").noDefaultEgress())
                .securityGroup(securityGroup("db").allow(tcp(5432)).from(anywhere()))
                .build();
        Reachability r = plan.reach(
                instance("a", "private-a", "locked"),
                instance("b", "private-a", "db").at("10.0.0.9"),
                tcp(5432));
        assertThat(r.explanation()).contains(Explanation.SECURITY_GROUP_OUTBOUND);
        assertThat(r.reason())
                .isEqualTo("blocked by security group locked (no outbound rule allows tcp 5432 to 10.0.0.9)");
    }

    @Test
    void reach_natGatewayInAPrivateSubnet_cannotReachTheInternet() {
        Cidr vpc = Cidr.of("10.0.0.0/16");
        VpcModel m = VpcModel.builder()
                .name("lab")
                .cidr(vpc)
                .addInternetGateways(InternetGateway.of("igw", true))
                .addNatGateways(NatGateway.of("nat", "private-b"))
                .addRouteTables(RouteTable.builder()
                        .name("private")
                        .main(true)
                        .addRoutes(Route.local(vpc), Route.toNatGateway("0.0.0.0/0", "nat"))
                        .build())
                .addSubnets(Subnet.builder()
                        .name("private-a")
                        .cidr("10.0.1.0/24")
                        .zone("a")
                        .build())
                .addSubnets(Subnet.builder()
                        .name("private-b")
                        .cidr("10.0.2.0/24")
                        .zone("b")
                        .build())
                .addSecurityGroups(securityGroup("app").build())
                .build();
        Reachability r = m.reach(instance("t", "private-a", "app"), internet(), tcp(443));
        assertThat(r.explanation()).contains(Explanation.NAT_GATEWAY_NOT_PUBLIC);
        assertThat(r.reason())
                .isEqualTo("blocked by NAT gateway nat (its subnet private-b does not route 203.0.113.10 to an internet"
                        + " gateway: a NAT gateway belongs in a public subnet)");
    }

    @Test
    void reach_groupReferencedById_matchesDescribedGroups() {
        VpcModel m = detachedIgw();
        VpcModel withApp = copyOf(m)
                .addSecurityGroups(securityGroup("app")
                        .id("sg-2")
                        .allow(tcp(8080))
                        .from(group("sg-1"))
                        .build())
                .build();
        assertThat(withApp.reach(
                                instance("w", "web", "web"),
                                instance("a", "web", "app").at("10.0.1.99"),
                                tcp(8080))
                        .reachable())
                .isTrue();
    }

    @Test
    void reach_icmp_isEvaluatedWithoutPorts() {
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .zones(1)
                .publicSubnets(24)
                .securityGroup(securityGroup("ping").allow(icmp()).from(anywhere()))
                .build();
        assertThat(plan.reach(internet(), instance("h", "public-a", "ping").withPublicIp(), icmp())
                        .reachable())
                .isTrue();
        assertThat(plan.reach(internet(), instance("h", "public-a", "ping").withPublicIp(), tcp(7))
                        .reachable())
                .isFalse();
    }

    @Test
    void reach_whenAskedAboutAllTraffic_rejects() {
        assertThatThrownBy(() -> VpcPlanTest.seed001().reach(internet(), instance("x", "public-a", "alb"), all()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "reach(...) asks about one protocol; got all traffic, expected tcp(port), udp(port) or icmp()");
    }

    @Test
    void reach_whenEndpointUnknown_listsKnownOnes() {
        assertThatThrownBy(() -> webPlan(Nacl.allowAll("open")).reach("internet", "wbe", tcp(80)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("VPC main declares no endpoint named 'wbe'; known: [web] (or pass instance(name, subnet,"
                        + " groups...) or internet())");
    }

    @Test
    void reach_whenSubnetOrGroupUnknown_namesIt() {
        VpcPlan plan = VpcPlanTest.seed001();
        assertThatThrownBy(() -> plan.reach(internet(), instance("x", "public-c", "alb"), tcp(80)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint x is in unknown subnet 'public-c'; known: [public-a, public-b, private-a,"
                        + " private-b]");
        assertThatThrownBy(() -> plan.reach(internet(), instance("x", "public-a", "lab"), tcp(80)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint x names unknown security group 'lab'; known: [alb, app]");
    }

    @Test
    void reach_whenInternetAddressIsInsideTheVpc_rejects() {
        assertThatThrownBy(() ->
                        VpcPlanTest.seed001().reach(internet("10.0.9.9"), instance("x", "public-a", "alb"), tcp(80)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("internet address 10.0.9.9 is inside VPC block 10.0.0.0/16; use instance(name, subnet,"
                        + " groups...) for it");
    }

    @Test
    void reach_whenBothEndsAreTheInternet_rejects() {
        assertThatThrownBy(() -> VpcPlanTest.seed001().reach(internet(), internet("192.0.2.1"), tcp(80)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "reach(internet (203.0.113.10), internet (192.0.2.1)) needs at least one end inside VPC main");
    }

    /** {@code m}'s attributes in a fresh builder, to add to (strict builders have no {@code from}). */
    private static VpcModelBuilder copyOf(VpcModel m) {
        return VpcModel.builder()
                .name(m.name())
                .id(m.id())
                .cidr(m.cidr())
                .addAllSubnets(m.subnets())
                .addAllRouteTables(m.routeTables())
                .addAllInternetGateways(m.internetGateways())
                .addAllNatGateways(m.natGateways())
                .addAllNacls(m.nacls())
                .addAllSecurityGroups(m.securityGroups())
                .addAllEndpoints(m.endpoints());
    }
}
