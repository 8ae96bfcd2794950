package dev.awskit.net;

import static dev.awskit.net.NetDsl.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VpcPlanTest {

    static VpcPlan seed001() {
        return Net.plan("10.0.0.0/16")
                .zones(2)
                .publicSubnets(24)
                .privateSubnets(24)
                .natGateway(NatGateway.PER_ZONE)
                .securityGroup(securityGroup("alb").allow(tcp(80)).from(anywhere()))
                .securityGroup(securityGroup("app").allow(allTcp()).from(group("alb")))
                .build();
    }

    private static List<String> cidrs(VpcPlan plan) {
        return plan.subnets().stream()
                .map(s -> s.name() + "=" + s.cidr() + "@" + s.zone())
                .collect(Collectors.toList());
    }

    @Test
    void plan_seed001_hasTwoPublicAndTwoPrivateSubnetsAcrossTwoZones() {
        assertThat(cidrs(seed001()))
                .containsExactly(
                        "public-a=10.0.0.0/24@a",
                        "public-b=10.0.1.0/24@b",
                        "private-a=10.0.2.0/24@a",
                        "private-b=10.0.3.0/24@b");
    }

    @Test
    void plan_startAt_reproducesTheSeedsHandMadeBlocks() {
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .startAt("10.0.1.0")
                .publicSubnets(24)
                .privateSubnets(24)
                .build();
        assertThat(cidrs(plan))
                .containsExactly(
                        "public-a=10.0.1.0/24@a",
                        "public-b=10.0.2.0/24@b",
                        "private-a=10.0.3.0/24@a",
                        "private-b=10.0.4.0/24@b");
    }

    @Test
    void plan_seed001_routesPublicToIgwAndEachPrivateZoneToItsNat() {
        VpcModel m = seed001().model();
        assertThat(m.internetGateways()).extracting(InternetGateway::name).containsExactly("igw");
        assertThat(m.natGateways())
                .extracting(NatGateway::toString)
                .containsExactly("NAT gateway nat-a in public-a (public)", "NAT gateway nat-b in public-b (public)");
        assertThat(m.routeTableOf(m.subnet("public-b").orElseThrow())
                        .orElseThrow()
                        .routes())
                .extracting(Route::toString)
                .containsExactly("10.0.0.0/16 -> local", "0.0.0.0/0 -> igw");
        assertThat(m.routeTableOf(m.subnet("private-a").orElseThrow())
                        .orElseThrow()
                        .routes())
                .extracting(Route::toString)
                .containsExactly("10.0.0.0/16 -> local", "0.0.0.0/0 -> nat-a");
        assertThat(m.routeTableOf(m.subnet("private-b").orElseThrow())
                        .orElseThrow()
                        .routes())
                .extracting(Route::toString)
                .containsExactly("10.0.0.0/16 -> local", "0.0.0.0/0 -> nat-b");
    }

    @Test
    void plan_singleNat_sharesOneNatInTheFirstPublicSubnet() {
        VpcModel m = Net.plan("10.0.0.0/16")
                .zones(3)
                .publicSubnets(24)
                .privateSubnets(20)
                .natGateway(NatGateway.SINGLE)
                .build()
                .model();
        assertThat(m.natGateways()).extracting(NatGateway::subnet).containsExactly("public-a");
        assertThat(m.routeTables()).extracting(RouteTable::name).containsExactly("rt-public", "rt-private");
        assertThat(m.subnets().stream().filter(s -> s.tier() == Tier.PRIVATE).map(s -> s.cidr()
                        .toString()))
                .containsExactly("10.0.16.0/20", "10.0.32.0/20", "10.0.48.0/20");
    }

    @Test
    void plan_withoutNat_privateRouteTableHasOnlyTheLocalRoute() {
        VpcModel m = Net.plan("10.0.0.0/16")
                .publicSubnets(24)
                .privateSubnets(24)
                .build()
                .model();
        assertThat(m.natGateways()).isEmpty();
        assertThat(m.routeTable("rt-private").orElseThrow().routes())
                .extracting(Route::toString)
                .containsExactly("10.0.0.0/16 -> local");
    }

    @Test
    void plan_smallestVpc_fitsTwoSlash28() {
        VpcPlan plan = Net.plan("10.9.0.0/27").zones(2).privateSubnets(28).build();
        assertThat(cidrs(plan)).containsExactly("private-a=10.9.0.0/28@a", "private-b=10.9.0.16/28@b");
        assertThat(plan.subnets())
                .allSatisfy(s -> assertThat(s.availableAddresses()).isEqualTo(11));
    }

    @Test
    void plan_whenSubnetsDoNotFit_saysWhatWasPlaced() {
        assertThatThrownBy(() -> Net.plan("10.0.0.0/24")
                        .zones(3)
                        .publicSubnets(26)
                        .privateSubnets(26)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("VPC block 10.0.0.0/24 has no room left for another private /26 subnet (4 subnet(s)"
                        + " placed: [10.0.0.0/26, 10.0.0.64/26, 10.0.0.128/26, 10.0.0.192/26]); use a larger VPC"
                        + " block or smaller subnets");
    }

    @Test
    void plan_whenVpcBlockTooLarge_rejectsWithAwsLimits() {
        assertThatThrownBy(() -> Net.plan("10.0.0.0/8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("VPC block 10.0.0.0/8 is /8; AWS VPC blocks are /16 to /28");
        assertThatThrownBy(() -> Net.plan("10.0.0.0/16").publicSubnets(29))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("publicSubnets(29): AWS subnets are /16 to /28");
    }

    @Test
    void plan_generatedSubnetsSkipExplicitOnes() {
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .subnet("db-a", "10.0.0.0/23", "a", Tier.PRIVATE)
                .zones(2)
                .publicSubnets(24)
                .build();
        assertThat(cidrs(plan))
                .containsExactly("db-a=10.0.0.0/23@a", "public-a=10.0.2.0/24@a", "public-b=10.0.3.0/24@b");
    }

    @Test
    void plan_whenExplicitSubnetsOverlap_namesBoth() {
        assertThatThrownBy(() -> Net.plan("10.0.0.0/16")
                        .subnet("one", "10.0.0.0/23", "a", Tier.PRIVATE)
                        .subnet("two", "10.0.1.0/24", "b", Tier.PRIVATE)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("subnets one 10.0.0.0/23 and two 10.0.1.0/24 overlap");
    }

    @Test
    void plan_whenSubnetOutsideVpc_rejects() {
        assertThatThrownBy(() -> Net.plan("10.0.0.0/16")
                        .subnet("far", "10.1.0.0/24", "a", Tier.PRIVATE)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("subnet far 10.1.0.0/24 is outside the VPC block 10.0.0.0/16");
    }

    @Test
    void plan_whenNatWithoutPublicSubnets_rejects() {
        assertThatThrownBy(() -> Net.plan("10.0.0.0/16")
                        .privateSubnets(24)
                        .natGateway(NatGateway.SINGLE)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("natGateway(SINGLE) needs public subnets and an internet gateway to put the NAT gateway"
                        + " in; add publicSubnets(...)");
    }

    @Test
    void plan_whenGroupReferenceUnknown_saysWhichGroupToAdd() {
        assertThatThrownBy(() -> Net.plan("10.0.0.0/16")
                        .securityGroup(securityGroup("app").allow(tcp(8080)).from(group("lb")))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("security group app rule 'allow tcp 8080 from group lb' names a group the plan does not"
                        + " define; add securityGroup(\"lb\")");
    }

    @Test
    void toTable_listsSubnetsRoutesGatewaysAndGroups() {
        String table = seed001().toString();
        assertThat(table)
                .startsWith("VPC plan main, NAT per zone, zones [a, b]\nVPC main 10.0.0.0/16 (65536 addresses)")
                .containsPattern("private-b +10\\.0\\.3\\.0/24 +b +private +251 +rt-private-b +acl-default +no")
                .containsPattern("rt-private-a +10\\.0\\.0\\.0/16 +local +private-a\n +0\\.0\\.0\\.0/0 +nat-a")
                .containsPattern("nat-b +NAT \\(public\\) +public-b")
                .containsPattern("app +inbound +all tcp +group alb");
    }

    @Test
    void toJson_isParseableAndCarriesTheLayout() throws Exception {
        JsonNode json = new ObjectMapper().readTree(seed001().toJson());
        assertThat(json.get("cidr").asText()).isEqualTo("10.0.0.0/16");
        assertThat(json.get("subnets")).hasSize(4);
        assertThat(json.get("subnets").get(2).get("cidr").asText()).isEqualTo("10.0.2.0/24");
        assertThat(json.get("subnets").get(2).get("routeTable").asText()).isEqualTo("rt-private-a");
        assertThat(json.get("natGateways").get(1).get("subnet").asText()).isEqualTo("public-b");
        JsonNode appRule = json.get("securityGroups").get(1).get("ingress").get(0);
        assertThat(appRule.get("protocol").asText()).isEqualTo("tcp");
        assertThat(appRule.get("fromPort").asInt()).isZero();
        assertThat(appRule.get("toPort").asInt()).isEqualTo(65535);
        assertThat(appRule.get("group").asText()).isEqualTo("alb");
    }
}
