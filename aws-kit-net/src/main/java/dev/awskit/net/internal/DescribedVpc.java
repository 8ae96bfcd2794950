package dev.awskit.net.internal;

import dev.awskit.net.Cidr;
import dev.awskit.net.InternetGateway;
import dev.awskit.net.Nacl;
import dev.awskit.net.NaclEntry;
import dev.awskit.net.NatGateway;
import dev.awskit.net.Route;
import dev.awskit.net.RouteTable;
import dev.awskit.net.RouteTableBuilder;
import dev.awskit.net.SecurityGroup;
import dev.awskit.net.SecurityGroupRule;
import dev.awskit.net.Subnet;
import dev.awskit.net.Tier;
import dev.awskit.net.VpcModel;
import dev.awskit.net.VpcModelBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkAclAssociation;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Vpc;

/** Reads an existing VPC into a {@link VpcModel}: names come from tags, references are ids. */
public final class DescribedVpc {
    private DescribedVpc() {}

    static VpcModel read(Ec2Client ec2, Vpc vpc) {
        String vpcId = vpc.vpcId();
        Filter inVpc = Filter.builder().name("vpc-id").values(vpcId).build();
        List<software.amazon.awssdk.services.ec2.model.Subnet> subnets =
                ec2.describeSubnetsPaginator(r -> r.filters(inVpc)).subnets().stream()
                        .collect(Collectors.toList());
        List<software.amazon.awssdk.services.ec2.model.RouteTable> tables =
                ec2.describeRouteTablesPaginator(r -> r.filters(inVpc)).routeTables().stream()
                        .collect(Collectors.toList());
        List<software.amazon.awssdk.services.ec2.model.InternetGateway> igws = ec2
                .describeInternetGatewaysPaginator(r -> r.filters(
                        Filter.builder().name("attachment.vpc-id").values(vpcId).build()))
                .internetGateways()
                .stream()
                .collect(Collectors.toList());
        List<software.amazon.awssdk.services.ec2.model.NatGateway> nats =
                ec2.describeNatGatewaysPaginator(r -> r.filter(inVpc)).natGateways().stream()
                        .collect(Collectors.toList());
        List<NetworkAcl> acls = ec2.describeNetworkAclsPaginator(r -> r.filters(inVpc)).networkAcls().stream()
                .collect(Collectors.toList());
        List<software.amazon.awssdk.services.ec2.model.SecurityGroup> groups =
                ec2.describeSecurityGroupsPaginator(r -> r.filters(inVpc)).securityGroups().stream()
                        .collect(Collectors.toList());
        return model(vpc, subnets, tables, igws, nats, acls, groups);
    }

    /**
     * The model of a VPC from what EC2's Describe calls returned for it (no call is made): what
     * {@link #read} builds after describing, and what tests and other modules build from SDK model
     * objects as AWS returns them.
     */
    public static VpcModel model(
            Vpc vpc,
            List<software.amazon.awssdk.services.ec2.model.Subnet> subnets,
            List<software.amazon.awssdk.services.ec2.model.RouteTable> tables,
            List<software.amazon.awssdk.services.ec2.model.InternetGateway> igws,
            List<software.amazon.awssdk.services.ec2.model.NatGateway> nats,
            List<NetworkAcl> acls,
            List<software.amazon.awssdk.services.ec2.model.SecurityGroup> groups) {
        String vpcId = vpc.vpcId();
        Map<String, String> tableBySubnet = new HashMap<>();
        for (software.amazon.awssdk.services.ec2.model.RouteTable t : tables) {
            for (RouteTableAssociation a : t.associations()) {
                if (a.subnetId() != null) {
                    tableBySubnet.put(a.subnetId(), t.routeTableId());
                }
            }
        }
        Map<String, String> aclBySubnet = new HashMap<>();
        for (NetworkAcl a : acls) {
            for (NetworkAclAssociation as : a.associations()) {
                aclBySubnet.put(as.subnetId(), a.networkAclId());
            }
        }

        VpcModelBuilder m = VpcModel.builder();
        m.name(DefaultNet.tag(vpc.tags(), DefaultNet.PLAN_TAG)
                        .or(() -> DefaultNet.tag(vpc.tags(), "Name"))
                        .orElse(vpcId))
                .id(vpcId)
                .cidr(Cidr.of(vpc.cidrBlock()));

        List<RouteTable> modelTables = new ArrayList<>();
        Set<String> tableNames = new HashSet<>();
        for (software.amazon.awssdk.services.ec2.model.RouteTable t : tables) {
            RouteTableBuilder b = RouteTable.builder();
            b.name(unique(name(t.tags(), t.routeTableId()), t.routeTableId(), tableNames))
                    .id(t.routeTableId())
                    .main(t.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main())));
            for (software.amazon.awssdk.services.ec2.model.Route r : t.routes()) {
                if (r.destinationCidrBlock() == null) {
                    continue; // IPv6 and prefix-list routes are not modelled
                }
                boolean blackhole = "blackhole".equals(r.stateAsString());
                Cidr dest = Cidr.of(r.destinationCidrBlock());
                if ("local".equals(r.gatewayId())) {
                    b.addRoutes(Route.local(dest));
                } else if (r.gatewayId() != null && r.gatewayId().startsWith("igw-")) {
                    b.addRoutes(Route.of(dest, Route.Target.INTERNET_GATEWAY, r.gatewayId(), blackhole));
                } else if (r.natGatewayId() != null) {
                    b.addRoutes(Route.of(dest, Route.Target.NAT_GATEWAY, r.natGatewayId(), blackhole));
                } else {
                    String target = firstNonNull(
                            r.gatewayId(),
                            r.transitGatewayId(),
                            r.vpcPeeringConnectionId(),
                            r.networkInterfaceId(),
                            r.instanceId(),
                            r.egressOnlyInternetGatewayId(),
                            "unknown");
                    b.addRoutes(Route.of(dest, Route.Target.OTHER, target, blackhole));
                }
            }
            modelTables.add(b.build());
        }
        m.addAllRouteTables(modelTables);

        Set<String> gatewayNames = new HashSet<>();
        for (software.amazon.awssdk.services.ec2.model.InternetGateway g : igws) {
            boolean attached = g.attachments().stream()
                    .anyMatch(a -> vpcId.equals(a.vpcId())
                            && !"detached".equals(a.stateAsString())
                            && !"detaching".equals(a.stateAsString()));
            m.addInternetGateways(InternetGateway.of(
                    unique(name(g.tags(), g.internetGatewayId()), g.internetGatewayId(), gatewayNames),
                    g.internetGatewayId(),
                    attached));
        }
        for (software.amazon.awssdk.services.ec2.model.NatGateway n : nats) {
            if ("deleted".equals(n.stateAsString()) || "deleting".equals(n.stateAsString())) {
                continue;
            }
            m.addNatGateways(NatGateway.builder()
                    .name(unique(name(n.tags(), n.natGatewayId()), n.natGatewayId(), gatewayNames))
                    .id(n.natGatewayId())
                    .subnet(n.subnetId())
                    .publicConnectivity(!"private".equals(n.connectivityTypeAsString()))
                    .available("available".equals(n.stateAsString()))
                    .build());
        }
        Set<String> aclNames = new HashSet<>();
        for (NetworkAcl a : acls) {
            Nacl.Builder b = Nacl.named(unique(name(a.tags(), a.networkAclId()), a.networkAclId(), aclNames))
                    .id(a.networkAclId())
                    .defaultAcl(Boolean.TRUE.equals(a.isDefault()));
            for (NetworkAclEntry e : a.entries()) {
                NaclEntry entry = DefaultNet.entry(e);
                if (entry != null) {
                    b.entry(entry);
                }
            }
            m.addNacls(b.build());
        }
        Set<String> groupNames = new HashSet<>();
        for (software.amazon.awssdk.services.ec2.model.SecurityGroup g : groups) {
            SecurityGroup.Builder b = SecurityGroup.named(
                            unique(name(g.tags(), g.groupName()), g.groupId(), groupNames))
                    .id(g.groupId())
                    .description(g.description() == null ? g.groupName() : g.description())
                    .defaultGroup("default".equals(g.groupName()))
                    .noDefaultEgress();
            for (SecurityGroupRule r : DefaultNet.flatten(g.ipPermissions(), false)) {
                b.rule(r);
            }
            for (SecurityGroupRule r : DefaultNet.flatten(g.ipPermissionsEgress(), true)) {
                b.rule(r);
            }
            m.addSecurityGroups(b.build());
        }
        Set<String> subnetNames = new HashSet<>();
        for (software.amazon.awssdk.services.ec2.model.Subnet s : subnets) {
            String tableId = tableBySubnet.get(s.subnetId());
            Optional<RouteTable> table = tableId != null
                    ? modelTables.stream().filter(t -> t.answersTo(tableId)).findFirst()
                    : modelTables.stream().filter(RouteTable::main).findFirst();
            String name = unique(name(s.tags(), s.subnetId()), s.subnetId(), subnetNames);
            Subnet.Builder b = Subnet.builder();
            b.name(name)
                    .id(s.subnetId())
                    .cidr(Cidr.of(s.cidrBlock()))
                    .zone(s.availabilityZone())
                    .tier(tier(s.tags(), name, table))
                    .mapPublicIpOnLaunch(Boolean.TRUE.equals(s.mapPublicIpOnLaunch()));
            if (tableId != null) {
                b.routeTable(tableId);
            }
            if (aclBySubnet.containsKey(s.subnetId())) {
                b.nacl(aclBySubnet.get(s.subnetId()));
            }
            m.addSubnets(b.build());
        }
        return m.build();
    }

    /** The {@code awskit:tier} tag, else "private" in the name, else whether the internet routes to an IGW. */
    private static Tier tier(List<Tag> tags, String name, Optional<RouteTable> table) {
        Optional<String> tagged = DefaultNet.tag(tags, DefaultNet.TIER_TAG);
        if (tagged.isPresent()) {
            return "public".equals(tagged.get()) ? Tier.PUBLIC : Tier.PRIVATE;
        }
        if (name.toLowerCase(Locale.ROOT).contains("private")) {
            return Tier.PRIVATE;
        }
        boolean toIgw = table.flatMap(t -> t.longestMatch(Cidr.of("203.0.113.10")))
                .map(r -> r.target() == Route.Target.INTERNET_GATEWAY)
                .orElse(false);
        return toIgw ? Tier.PUBLIC : Tier.PRIVATE;
    }

    /**
     * The one naming rule of a described VPC: the {@code awskit:element} tag (what a plan called
     * it), else the {@code Name} tag, else the resource's own name where EC2 gives one (a security
     * group's group name), else its id. A name two resources share goes to the first; the others
     * are named by their id.
     */
    private static String name(List<Tag> tags, String ownNameOrId) {
        return DefaultNet.element(tags).or(() -> DefaultNet.tag(tags, "Name")).orElse(ownNameOrId);
    }

    private static String unique(String name, String id, Set<String> seen) {
        return seen.add(name) ? name : id;
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
