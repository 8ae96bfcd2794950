package dev.awskit.net.internal;

import dev.awskit.core.Finding;
import dev.awskit.core.Severity;
import dev.awskit.net.Cidr;
import dev.awskit.net.Nacl;
import dev.awskit.net.NaclEntry;
import dev.awskit.net.NatGateway;
import dev.awskit.net.Protocol;
import dev.awskit.net.Route;
import dev.awskit.net.RouteTable;
import dev.awskit.net.RuleAction;
import dev.awskit.net.SecurityGroup;
import dev.awskit.net.SecurityGroupRule;
import dev.awskit.net.Subnet;
import dev.awskit.net.Tier;
import dev.awskit.net.VpcModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Security lint over a {@link VpcModel}; ids follow prowler's names, with checkov's ids where they exist. */
public final class DefaultLinter {
    /** A port that must not be open to the world, with the names the scanners use. */
    private static final class Port {
        final int number;
        final String sgId;
        final String naclId;
        final String sgCheckov;
        final String naclCheckov;
        final String service;

        Port(int number, String service, String sgSuffix, String sgCheckov, String naclCheckov) {
            this.number = number;
            this.service = service;
            this.sgId = "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_" + sgSuffix;
            this.naclId = "ec2_networkacl_allow_ingress_tcp_port_" + number;
            this.sgCheckov = sgCheckov;
            this.naclCheckov = naclCheckov;
        }
    }

    private static final List<Port> PORTS = List.of(
            new Port(22, "SSH", "22", "CKV_AWS_24", "CKV_AWS_232"),
            new Port(3389, "RDP", "3389", "CKV_AWS_25", "CKV_AWS_231"),
            new Port(5432, "PostgreSQL", "postgres_5432", null, null),
            new Port(3306, "MySQL", "mysql_3306", null, null),
            new Port(6379, "Redis", "redis_6379", null, null));

    public static final String SG_ALL_PORTS = "ec2_securitygroup_allow_ingress_from_internet_to_all_ports";
    public static final String NACL_ALL_PORTS = "ec2_networkacl_allow_ingress_any_port";
    public static final String DEFAULT_SG = "ec2_securitygroup_default_restrict_traffic";
    public static final String PUBLIC_IP_ON_LAUNCH = "vpc_subnet_no_public_ip_by_default";
    public static final String PRIVATE_TO_IGW = "vpc_private_subnet_routes_to_internet_gateway";
    public static final String NAT_IN_PRIVATE = "vpc_nat_gateway_in_private_subnet";

    private static final Cidr SOMEWHERE = Cidr.of("203.0.113.10");

    private DefaultLinter() {}

    public static List<Finding> lint(VpcModel model) {
        List<Finding> out = new ArrayList<>();
        for (SecurityGroup g : model.securityGroups()) {
            securityGroup(g, out);
        }
        for (Nacl acl : model.nacls()) {
            nacl(acl, out);
        }
        for (Subnet s : model.subnets()) {
            subnet(model, s, out);
        }
        for (NatGateway nat : model.natGateways()) {
            Optional<Subnet> s = model.subnet(nat.subnet());
            if (s.isPresent() && (s.get().tier() == Tier.PRIVATE || !routesToIgw(model, s.get()))) {
                out.add(finding(
                        NAT_IN_PRIVATE,
                        null,
                        Severity.HIGH,
                        "NAT gateway " + nat.ref(),
                        "it is in subnet " + s.get().ref() + ", which has no route to an internet gateway; "
                                + "move it to a public subnet or it cannot reach the internet"));
            }
        }
        return out;
    }

    private static void securityGroup(SecurityGroup g, List<Finding> out) {
        String resource = "security group " + g.ref();
        if (g.defaultGroup() && !(g.ingress().isEmpty() && g.egress().isEmpty())) {
            out.add(finding(
                    DEFAULT_SG,
                    "CKV2_AWS_12",
                    Severity.MEDIUM,
                    resource,
                    "the default security group has "
                            + (g.ingress().size() + g.egress().size())
                            + " rule(s); remove them and use dedicated groups"));
        }
        for (SecurityGroupRule r : g.ingress()) {
            if (!r.peer().isAnywhere() || r.traffic().protocol() == Protocol.ICMP) {
                continue;
            }
            if (r.traffic().isAllPorts()) {
                out.add(finding(
                        SG_ALL_PORTS,
                        "CKV_AWS_277",
                        Severity.CRITICAL,
                        resource,
                        r + " opens every port to the internet; narrow the ports or the source"));
                continue;
            }
            for (Port p : PORTS) {
                if (r.traffic().protocol() != Protocol.UDP && r.traffic().includesPort(p.number)) {
                    out.add(finding(
                            p.sgId,
                            p.sgCheckov,
                            Severity.HIGH,
                            resource,
                            r + " opens " + p.service + " (" + p.number
                                    + ") to the internet; allow it from a known block or a security group"));
                }
            }
        }
    }

    private static void nacl(Nacl acl, List<Finding> out) {
        String resource = "NACL " + acl.ref();
        NaclEntry openAll = null;
        for (Port p : PORTS) {
            NaclEntry e = acl.decide(false, Protocol.TCP, p.number, SOMEWHERE);
            if (e.action() == RuleAction.ALLOW
                    && e.cidr().prefixLength() == 0
                    && e.traffic().isAllPorts()) {
                openAll = e;
                break;
            }
        }
        if (openAll != null) {
            out.add(finding(
                    NACL_ALL_PORTS,
                    null,
                    Severity.MEDIUM,
                    resource,
                    "inbound " + openAll + " lets every port in from the internet; deny SSH/RDP/database ports "
                            + "with lower-numbered entries or allow only what the subnet serves"));
            return;
        }
        for (Port p : PORTS) {
            NaclEntry e = acl.decide(false, Protocol.TCP, p.number, SOMEWHERE);
            if (e.action() == RuleAction.ALLOW && e.cidr().prefixLength() == 0) {
                out.add(finding(
                        p.naclId,
                        p.naclCheckov,
                        Severity.HIGH,
                        resource,
                        "inbound " + e + " lets " + p.service + " (" + p.number + ") in from the internet"));
            }
        }
    }

    private static void subnet(VpcModel model, Subnet s, List<Finding> out) {
        String resource = "subnet " + s.ref();
        if (s.mapPublicIpOnLaunch()) {
            out.add(finding(
                    PUBLIC_IP_ON_LAUNCH,
                    "CKV_AWS_130",
                    Severity.MEDIUM,
                    resource,
                    "instances launched here get a public IP by default; turn MapPublicIpOnLaunch off and "
                            + "assign public addresses explicitly"));
        }
        if (s.tier() == Tier.PRIVATE) {
            Optional<RouteTable> rt = model.routeTableOf(s);
            if (rt.isPresent()) {
                for (Route r : rt.get().routes()) {
                    if (r.target() == Route.Target.INTERNET_GATEWAY) {
                        out.add(finding(
                                PRIVATE_TO_IGW,
                                null,
                                Severity.HIGH,
                                resource,
                                "this private subnet's route table " + rt.get().ref() + " routes " + r
                                        + "; route it to a NAT gateway instead"));
                    }
                }
            }
        }
    }

    private static boolean routesToIgw(VpcModel model, Subnet s) {
        return model.routeTableOf(s)
                .flatMap(rt -> rt.longestMatch(SOMEWHERE))
                .map(r -> r.target() == Route.Target.INTERNET_GATEWAY)
                .orElse(false);
    }

    private static Finding finding(String id, String checkov, Severity severity, String resource, String message) {
        return Finding.builder()
                .rule(id)
                .addAllSeeAlso(checkov == null ? List.of() : List.of(checkov))
                .severity(severity)
                .resource(resource)
                .message(message)
                .build();
    }
}
