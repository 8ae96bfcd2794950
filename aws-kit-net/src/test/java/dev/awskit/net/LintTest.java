package dev.awskit.net;

import static dev.awskit.net.NetDsl.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.Finding;
import dev.awskit.core.Severity;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LintTest {

    private static List<String> ids(LintReport report) {
        return report.findings().stream().map(Finding::rule).collect(Collectors.toList());
    }

    private static VpcPlan.Builder base() {
        return Net.plan("10.0.0.0/16").zones(1).publicSubnets(24).privateSubnets(24);
    }

    @Test
    void lint_worldOpenSshAndRdp_reportsProwlerAndCheckovIds() {
        LintReport r = base().securityGroup(securityGroup("admin")
                        .allow(tcp(22))
                        .from(anywhere())
                        .allow(tcp(3389))
                        .from(anywhere()))
                .build()
                .lint();
        Finding ssh = r.byRule("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22")
                .get(0);
        assertThat(ssh.seeAlso()).containsExactly("CKV_AWS_24");
        assertThat(ssh.severity()).isEqualTo(Severity.HIGH);
        assertThat(ssh.toString())
                .isEqualTo("HIGH ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22 [CKV_AWS_24] security"
                        + " group admin: allow tcp 22 from 0.0.0.0/0 opens SSH (22) to the internet; allow it from a"
                        + " known block or a security group");
        assertThat(r.byRule("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389"))
                .singleElement()
                .satisfies(f -> assertThat(f.seeAlso()).containsExactly("CKV_AWS_25"));
    }

    @Test
    void lint_worldOpenDatabasePortsInARange_reportsEachPort() {
        LintReport r = base().securityGroup(
                        securityGroup("db").allow(tcp(3000, 7000)).from(anywhere()))
                .build()
                .lint();
        assertThat(ids(r))
                .contains(
                        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_postgres_5432",
                        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_mysql_3306",
                        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_redis_6379",
                        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389")
                .doesNotContain("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22");
    }

    @Test
    void lint_portsOpenOnlyToAGroupOrTheVpc_areFine() {
        LintReport r = base().securityGroup(securityGroup("app"))
                .securityGroup(securityGroup("db")
                        .allow(tcp(5432))
                        .from(group("app"))
                        .allow(tcp(22))
                        .from(cidr("10.0.0.0/16")))
                .nacl(
                        nacl("acl-private")
                                .entry(rule(100).allow(all()).from("10.0.0.0/16"))
                                .entry(rule(100).allow(all()).to("0.0.0.0/0"))
                                .build(),
                        Tier.PRIVATE)
                .build()
                .lint();
        assertThat(ids(r)).filteredOn(id -> id.startsWith("ec2_securitygroup")).isEmpty();
        assertThat(r.findings()).noneMatch(f -> f.resource().equals("NACL acl-private"));
    }

    @Test
    void lint_allPortsFromAnywhere_isCritical() {
        LintReport r = base().securityGroup(securityGroup("wide").allow(all()).from(anywhere()))
                .build()
                .lint();
        assertThat(r.byRule("ec2_securitygroup_allow_ingress_from_internet_to_all_ports"))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(f.seeAlso()).containsExactly("CKV_AWS_277");
                });
    }

    @Test
    void lint_defaultAllowAllNacl_isReportedOnce() {
        LintReport r = base().build().lint();
        assertThat(r.byRule("ec2_networkacl_allow_ingress_any_port"))
                .singleElement()
                .satisfies(f -> assertThat(f.resource()).isEqualTo("NACL acl-default"));
    }

    @Test
    void lint_naclAllowingSshFromAnywhere_reportsTheDecidingEntry() {
        Nacl acl = nacl("acl-1")
                .entry(rule(70).allow(tcp(22)).from("0.0.0.0/0"))
                .entry(rule(80).deny(tcp(3389)).from("0.0.0.0/0"))
                .build();
        LintReport r = base().nacl(acl, Tier.PUBLIC).build().lint();
        assertThat(r.byRule("ec2_networkacl_allow_ingress_tcp_port_22"))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.seeAlso()).containsExactly("CKV_AWS_232");
                    assertThat(f.message())
                            .isEqualTo(
                                    "inbound rule 70 (allow tcp 22 from 0.0.0.0/0) lets SSH (22) in from the internet");
                });
        assertThat(r.byRule("ec2_networkacl_allow_ingress_tcp_port_3389")).isEmpty();
    }

    @Test
    void lint_naclDenyBeforeAllowAll_isNotOpen() {
        Nacl acl = nacl("acl-1")
                .entry(rule(10).deny(tcp(22)).from("0.0.0.0/0"))
                .entry(rule(11).deny(tcp(3389)).from("0.0.0.0/0"))
                .entry(rule(12).deny(tcp(3306)).from("0.0.0.0/0"))
                .entry(rule(13).deny(tcp(5432)).from("0.0.0.0/0"))
                .entry(rule(14).deny(tcp(6379)).from("0.0.0.0/0"))
                .entry(rule(100).allow(all()).from("0.0.0.0/0"))
                .build();
        LintReport r = Net.plan("10.0.0.0/16")
                .zones(1)
                .publicSubnets(24)
                .nacl(acl, Tier.PUBLIC)
                .build()
                .lint();
        assertThat(r.findings()).noneMatch(f -> f.resource().equals("NACL acl-1"));
    }

    @Test
    void lint_defaultSecurityGroupWithRules_isReported() {
        SecurityGroup dflt = securityGroup("default")
                .id("sg-0")
                .defaultGroup(true)
                .allow(all())
                .from(group("sg-0"))
                .build();
        LintReport r = LintReport.of(List.of());
        assertThat(r.clean()).isTrue();
        VpcModel m = copyOf(base().build().model()).addSecurityGroups(dflt).build();
        assertThat(m.lint().byRule("ec2_securitygroup_default_restrict_traffic"))
                .singleElement()
                .satisfies(f -> assertThat(f.seeAlso()).containsExactly("CKV2_AWS_12"));
        VpcModel emptyDefault = copyOf(base().build().model())
                .addSecurityGroups(securityGroup("default")
                        .defaultGroup(true)
                        .noDefaultEgress()
                        .build())
                .build();
        assertThat(emptyDefault.lint().byRule("ec2_securitygroup_default_restrict_traffic"))
                .isEmpty();
    }

    @Test
    void lint_publicIpOnLaunch_isReportedPerSubnet() {
        LintReport r = Net.plan("10.0.0.0/16")
                .zones(2)
                .publicSubnets(24)
                .mapPublicIpOnLaunch(true)
                .build()
                .lint();
        assertThat(r.byRule("vpc_subnet_no_public_ip_by_default"))
                .extracting(Finding::resource)
                .containsExactly("subnet public-a", "subnet public-b");
    }

    @Test
    void lint_privateSubnetRoutedToIgwAndNatInPrivateSubnet_areReported() {
        Cidr vpc = Cidr.of("10.0.0.0/16");
        VpcModel m = VpcModel.builder()
                .name("lab")
                .cidr(vpc)
                .addInternetGateways(InternetGateway.of("igw", true))
                .addNatGateways(NatGateway.of("nat", "db"))
                .addRouteTables(RouteTable.builder()
                        .name("rt-app")
                        .addRoutes(Route.local(vpc), Route.toInternetGateway("0.0.0.0/0", "igw"))
                        .build())
                .addRouteTables(RouteTable.builder()
                        .name("rt-db")
                        .main(true)
                        .addRoutes(Route.local(vpc))
                        .build())
                .addSubnets(Subnet.builder()
                        .name("app")
                        .cidr("10.0.1.0/24")
                        .zone("a")
                        .routeTable("rt-app")
                        .build())
                .addSubnets(Subnet.builder()
                        .name("db")
                        .cidr("10.0.2.0/24")
                        .zone("a")
                        .build())
                .build();
        LintReport r = m.lint();
        assertThat(r.byRule("vpc_private_subnet_routes_to_internet_gateway"))
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .isEqualTo("this private subnet's route table rt-app routes 0.0.0.0/0 -> igw; route it to a"
                                + " NAT gateway instead"));
        assertThat(r.byRule("vpc_nat_gateway_in_private_subnet"))
                .singleElement()
                .satisfies(f -> assertThat(f.resource()).isEqualTo("NAT gateway nat"));
    }

    @Test
    void lint_seed001Plan_onlyFlagsTheDefaultNacl() {
        assertThat(ids(VpcPlanTest.seed001().lint())).containsExactly("ec2_networkacl_allow_ingress_any_port");
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
