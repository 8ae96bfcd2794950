package dev.awskit.net.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.net.ApplyReport;
import dev.awskit.net.ApplyReport.Action;
import dev.awskit.net.ApplyReport.Change;
import dev.awskit.net.Cidr;
import dev.awskit.net.Nacl;
import dev.awskit.net.NaclEntry;
import dev.awskit.net.NetApplyException;
import dev.awskit.net.Peer;
import dev.awskit.net.Protocol;
import dev.awskit.net.RuleAction;
import dev.awskit.net.SecurityGroupRule;
import dev.awskit.net.Tier;
import dev.awskit.net.Traffic;
import dev.awskit.net.VpcModel;
import dev.awskit.net.VpcPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkAclAssociation;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * Applies, destroys and describes VPCs over EC2. Every resource a plan creates carries the tags
 * {@code awskit:plan} (the plan's name), {@code awskit:element} (its name in the plan) and {@code
 * Name}; a re-apply finds resources by those tags and creates only what is missing.
 */
public final class DefaultNet {
    public static final String PLAN_TAG = "awskit:plan";
    public static final String ELEMENT_TAG = "awskit:element";
    public static final String TIER_TAG = "awskit:tier";

    /** NAT gateways in these states are live: reused by apply, deleted by destroy. */
    private static final Set<String> LIVE_NAT_STATES = Set.of("pending", "available");

    private static final Logger LOG = LoggerFactory.getLogger(DefaultNet.class);

    private final Ec2Client ec2;
    private final String region;

    public DefaultNet(AwsKit kit) {
        this.ec2 = kit.client(Ec2Client.class);
        this.region = kit.region().id();
    }

    // ------------------------------------------------------------------ apply

    /** A run in progress: what it did so far and the step it is on. */
    private final class Run {
        final VpcPlan plan;
        final long started = System.nanoTime();
        final List<Change> changes = new ArrayList<>();
        String step = "start";
        String vpcId;

        Run(VpcPlan plan) {
            this.plan = plan;
        }

        void record(Action action, String element, String id) {
            changes.add(Change.of(action, element, id));
            LOG.info("{} {} {} ({} {})", action.name().toLowerCase(Locale.ROOT), element, id, plan.name(), region);
        }

        ApplyReport report() {
            return ApplyReport.builder()
                    .plan(plan.name())
                    .region(region)
                    .vpcId(Optional.ofNullable(vpcId))
                    .addAllChanges(changes)
                    .duration(Duration.ofNanos(System.nanoTime() - started))
                    .build();
        }

        NetApplyException failed(String verb, RuntimeException e, String next) {
            ApplyReport partial = report();
            String exists = partial.changes().stream()
                    .map(c -> c.element() + " " + c.id() + " ("
                            + c.action().name().toLowerCase(Locale.ROOT) + ")")
                    .collect(Collectors.joining(", "));
            return new NetApplyException(
                    verb + " of plan " + plan.name() + " in " + region + " failed at '" + step + "': "
                            + AwsErrors.describe(e) + ". Done so far: " + (exists.isEmpty() ? "nothing" : exists)
                            + ". " + next,
                    partial,
                    e);
        }
    }

    public ApplyReport apply(VpcPlan plan, Duration natTimeout) {
        Run run = new Run(plan);
        try {
            applyAll(run, natTimeout);
            return run.report();
        } catch (SdkException | AwsKitException | IllegalStateException e) {
            throw run.failed(
                    "apply", e, "Re-run apply(plan) to finish it (it is idempotent) or destroy(plan) to remove it.");
        }
    }

    private void applyAll(Run run, Duration natTimeout) {
        VpcPlan plan = run.plan;
        VpcModel m = plan.model();
        run.step = "find VPC";
        Optional<Vpc> existing = chooseVpc(run);
        if (existing.isPresent()) {
            Vpc vpc = existing.get();
            if (!Cidr.of(vpc.cidrBlock()).equals(m.cidr())) {
                throw new IllegalStateException("VPC " + vpc.vpcId() + " tagged " + PLAN_TAG + "=" + plan.name()
                        + " has block " + vpc.cidrBlock() + " but the plan says " + m.cidr()
                        + "; rename the plan or destroy the old VPC");
            }
            run.vpcId = vpc.vpcId();
            run.record(Action.FOUND, "vpc " + plan.name(), run.vpcId);
        } else {
            run.step = "create VPC " + m.cidr();
            run.vpcId = ec2.createVpc(r -> r.cidrBlock(m.cidr().toString())
                            .tagSpecifications(tags(ResourceType.VPC, plan, "vpc", null)))
                    .vpc()
                    .vpcId();
            run.record(Action.CREATED, "vpc " + plan.name(), run.vpcId);
        }
        String vpcId = run.vpcId;

        run.step = "find subnets";
        Map<String, software.amazon.awssdk.services.ec2.model.Subnet> subnets = new HashMap<>();
        ec2.describeSubnetsPaginator(r -> r.filters(vpcFilter(vpcId), planFilter(plan))).subnets().stream()
                .filter(s -> ofPlan(s.tags(), plan))
                .forEach(s -> element(s.tags()).ifPresent(e -> subnets.putIfAbsent(e, s)));
        Map<String, String> subnetIds = new LinkedHashMap<>();
        for (dev.awskit.net.Subnet s : m.subnets()) {
            software.amazon.awssdk.services.ec2.model.Subnet found = subnets.get(s.name());
            String id;
            boolean mapped;
            if (found != null) {
                id = found.subnetId();
                mapped = Boolean.TRUE.equals(found.mapPublicIpOnLaunch());
                run.record(Action.FOUND, "subnet " + s.name(), id);
            } else {
                run.step = "create subnet " + s.name() + " " + s.cidr();
                id = ec2.createSubnet(r -> r.vpcId(vpcId)
                                .cidrBlock(s.cidr().toString())
                                .availabilityZone(zone(s.zone()))
                                .tagSpecifications(tags(ResourceType.SUBNET, plan, s.name(), s.tier())))
                        .subnet()
                        .subnetId();
                mapped = false;
                run.record(Action.CREATED, "subnet " + s.name(), id);
            }
            subnetIds.put(s.name(), id);
            if (s.mapPublicIpOnLaunch() && !mapped) {
                run.step = "map public IPs on launch in subnet " + s.name();
                ec2.modifySubnetAttribute(r -> r.subnetId(id).mapPublicIpOnLaunch(v -> v.value(true)));
                run.record(Action.UPDATED, "subnet " + s.name() + " map-public-ip-on-launch", id);
            }
        }

        Map<String, String> gatewayIds = new HashMap<>();
        for (dev.awskit.net.InternetGateway g : m.internetGateways()) {
            run.step = "find internet gateway " + g.name();
            Optional<software.amazon.awssdk.services.ec2.model.InternetGateway> found = ec2
                    .describeInternetGatewaysPaginator(r -> r.filters(planFilter(plan), elementFilter(g.name())))
                    .internetGateways()
                    .stream()
                    .filter(x -> ours(x.tags(), plan, g.name()))
                    .collect(Collectors.collectingAndThen(
                            Collectors.toList(),
                            all -> keepOne(
                                    run,
                                    "internet gateway " + g.name(),
                                    all,
                                    x -> !x.attachments().isEmpty(),
                                    x -> x.attachments().stream().anyMatch(a -> vpcId.equals(a.vpcId())),
                                    software.amazon.awssdk.services.ec2.model.InternetGateway::internetGatewayId,
                                    id -> ec2.deleteInternetGateway(r -> r.internetGatewayId(id)))));
            String id;
            boolean attached;
            if (found.isPresent()) {
                id = found.get().internetGatewayId();
                attached = found.get().attachments().stream().anyMatch(a -> vpcId.equals(a.vpcId()));
                run.record(Action.FOUND, "internet gateway " + g.name(), id);
            } else {
                run.step = "create internet gateway " + g.name();
                id = ec2.createInternetGateway(
                                r -> r.tagSpecifications(tags(ResourceType.INTERNET_GATEWAY, plan, g.name(), null)))
                        .internetGateway()
                        .internetGatewayId();
                attached = false;
                run.record(Action.CREATED, "internet gateway " + g.name(), id);
            }
            if (!attached) {
                run.step = "attach internet gateway " + g.name() + " to " + vpcId;
                ec2.attachInternetGateway(r -> r.internetGatewayId(id).vpcId(vpcId));
                run.record(Action.UPDATED, "internet gateway " + g.name() + " attachment", vpcId);
            }
            gatewayIds.put(g.name(), id);
        }

        List<String> natIds = new ArrayList<>();
        for (dev.awskit.net.NatGateway n : m.natGateways()) {
            run.step = "find NAT gateway " + n.name();
            Optional<software.amazon.awssdk.services.ec2.model.NatGateway> found = ec2
                    .describeNatGatewaysPaginator(r -> r.filter(
                            vpcFilter(vpcId),
                            planFilter(plan),
                            elementFilter(n.name()),
                            Filter.builder()
                                    .name("state")
                                    .values("pending", "available")
                                    .build()))
                    .natGateways()
                    .stream()
                    .filter(x -> vpcId.equals(x.vpcId())
                            && ours(x.tags(), plan, n.name())
                            && LIVE_NAT_STATES.contains(x.stateAsString()))
                    .findFirst();
            String id;
            if (found.isPresent()) {
                id = found.get().natGatewayId();
                found.get().natGatewayAddresses().stream()
                        .filter(a -> a.allocationId() != null)
                        .forEach(a -> run.record(Action.FOUND, "elastic IP eip-" + n.name(), a.allocationId()));
                run.record(Action.FOUND, "NAT gateway " + n.name(), id);
            } else {
                String subnetId = subnetIds.get(n.subnet());
                String eipElement = "eip-" + n.name();
                run.step = "allocate Elastic IP for NAT gateway " + n.name();
                Optional<Address> eip = ec2
                        .describeAddresses(r -> r.filters(planFilter(plan), elementFilter(eipElement)))
                        .addresses()
                        .stream()
                        .filter(a -> ours(a.tags(), plan, eipElement) && !present(a.associationId()))
                        .findFirst();
                String allocationId;
                if (eip.isPresent()) {
                    allocationId = eip.get().allocationId();
                    run.record(Action.FOUND, "elastic IP " + eipElement, allocationId);
                } else {
                    allocationId = ec2.allocateAddress(r -> r.domain(DomainType.VPC)
                                    .tagSpecifications(tags(ResourceType.ELASTIC_IP, plan, eipElement, null)))
                            .allocationId();
                    run.record(Action.CREATED, "elastic IP " + eipElement, allocationId);
                }
                run.step = "create NAT gateway " + n.name() + " in subnet " + n.subnet();
                id = ec2.createNatGateway(r -> r.subnetId(subnetId)
                                .allocationId(allocationId)
                                .tagSpecifications(tags(ResourceType.NATGATEWAY, plan, n.name(), null)))
                        .natGateway()
                        .natGatewayId();
                run.record(Action.CREATED, "NAT gateway " + n.name(), id);
            }
            natIds.add(id);
            gatewayIds.put(n.name(), id);
            releaseElasticIpTwins(run, n.name(), id);
        }
        if (!natIds.isEmpty()) {
            run.step = "wait for NAT gateways " + natIds + " to become available";
            ec2.waiter()
                    .waitUntilNatGatewayAvailable(r -> r.natGatewayIds(natIds), o -> o.waitTimeout(natTimeout))
                    .matched()
                    .exception()
                    .ifPresent(t -> {
                        throw new AwsKitException(
                                "NAT gateways " + natIds + " in " + region + " did not become available: "
                                        + AwsErrors.describe(t),
                                t);
                    });
        }

        run.step = "find route tables";
        List<software.amazon.awssdk.services.ec2.model.RouteTable> tables =
                ec2.describeRouteTablesPaginator(r -> r.filters(vpcFilter(vpcId))).routeTables().stream()
                        .collect(Collectors.toList());
        Map<String, RouteTableAssociation> associationBySubnet = new HashMap<>();
        for (software.amazon.awssdk.services.ec2.model.RouteTable t : tables) {
            for (RouteTableAssociation a : t.associations()) {
                if (a.subnetId() != null) {
                    associationBySubnet.put(a.subnetId(), a);
                }
            }
        }
        for (dev.awskit.net.RouteTable rt : m.routeTables()) {
            Optional<software.amazon.awssdk.services.ec2.model.RouteTable> found = keepOne(
                    run,
                    "route table " + rt.name(),
                    tables.stream().filter(t -> ours(t.tags(), plan, rt.name())).collect(Collectors.toList()),
                    t -> !t.associations().isEmpty(),
                    t -> !t.associations().isEmpty(),
                    software.amazon.awssdk.services.ec2.model.RouteTable::routeTableId,
                    id -> ec2.deleteRouteTable(r -> r.routeTableId(id)));
            String id;
            Set<String> destinations = new HashSet<>();
            if (found.isPresent()) {
                id = found.get().routeTableId();
                found.get().routes().forEach(r -> destinations.add(r.destinationCidrBlock()));
                run.record(Action.FOUND, "route table " + rt.name(), id);
            } else {
                run.step = "create route table " + rt.name();
                id = ec2.createRouteTable(r ->
                                r.vpcId(vpcId).tagSpecifications(tags(ResourceType.ROUTE_TABLE, plan, rt.name(), null)))
                        .routeTable()
                        .routeTableId();
                run.record(Action.CREATED, "route table " + rt.name(), id);
            }
            for (dev.awskit.net.Route route : rt.routes()) {
                if (route.target() == dev.awskit.net.Route.Target.LOCAL
                        || destinations.contains(route.destination().toString())) {
                    continue;
                }
                String target = gatewayIds.get(route.targetRef());
                run.step = "create route " + route + " in route table " + rt.name();
                if (route.target() == dev.awskit.net.Route.Target.NAT_GATEWAY) {
                    ec2.createRoute(r -> r.routeTableId(id)
                            .destinationCidrBlock(route.destination().toString())
                            .natGatewayId(target));
                } else {
                    ec2.createRoute(r -> r.routeTableId(id)
                            .destinationCidrBlock(route.destination().toString())
                            .gatewayId(target));
                }
                run.record(Action.UPDATED, "route " + rt.name() + " " + route, id);
            }
            for (dev.awskit.net.Subnet s : m.subnets()) {
                if (!s.routeTable().filter(rt.name()::equals).isPresent()) {
                    continue;
                }
                String subnetId = subnetIds.get(s.name());
                RouteTableAssociation current = associationBySubnet.get(subnetId);
                if (current != null && id.equals(current.routeTableId())) {
                    continue;
                }
                run.step = "associate subnet " + s.name() + " with route table " + rt.name();
                if (current != null) {
                    ec2.replaceRouteTableAssociation(r ->
                            r.associationId(current.routeTableAssociationId()).routeTableId(id));
                } else {
                    ec2.associateRouteTable(r -> r.routeTableId(id).subnetId(subnetId));
                }
                run.record(Action.UPDATED, "subnet " + s.name() + " route table " + rt.name(), id);
            }
        }

        if (m.nacls().stream().anyMatch(a -> !a.defaultAcl())) {
            applyNacls(run, subnetIds);
        }
        applySecurityGroups(run);
    }

    private void applyNacls(Run run, Map<String, String> subnetIds) {
        VpcPlan plan = run.plan;
        run.step = "find network ACLs";
        List<NetworkAcl> acls =
                ec2.describeNetworkAclsPaginator(r -> r.filters(vpcFilter(run.vpcId))).networkAcls().stream()
                        .collect(Collectors.toList());
        Map<String, NetworkAclAssociation> associationBySubnet = new HashMap<>();
        for (NetworkAcl a : acls) {
            for (NetworkAclAssociation as : a.associations()) {
                associationBySubnet.put(as.subnetId(), as);
            }
        }
        for (Nacl acl : plan.model().nacls()) {
            if (acl.defaultAcl()) {
                continue;
            }
            Optional<NetworkAcl> found = keepOne(
                    run,
                    "network ACL " + acl.name(),
                    acls.stream().filter(a -> ours(a.tags(), plan, acl.name())).collect(Collectors.toList()),
                    a -> !a.associations().isEmpty(),
                    a -> !a.associations().isEmpty(),
                    NetworkAcl::networkAclId,
                    id -> ec2.deleteNetworkAcl(r -> r.networkAclId(id)));
            String id;
            Set<String> present = new HashSet<>();
            if (found.isPresent()) {
                id = found.get().networkAclId();
                found.get().entries().forEach(e -> present.add(e.egress() + "/" + e.ruleNumber()));
                run.record(Action.FOUND, "network ACL " + acl.name(), id);
            } else {
                run.step = "create network ACL " + acl.name();
                id = ec2.createNetworkAcl(r -> r.vpcId(run.vpcId)
                                .tagSpecifications(tags(ResourceType.NETWORK_ACL, plan, acl.name(), null)))
                        .networkAcl()
                        .networkAclId();
                run.record(Action.CREATED, "network ACL " + acl.name(), id);
            }
            for (NaclEntry e : acl.entries()) {
                if (present.contains(e.egress() + "/" + e.ruleNumber())) {
                    continue;
                }
                run.step = "create network ACL entry " + acl.name() + " " + e;
                ec2.createNetworkAclEntry(r -> {
                    r.networkAclId(id)
                            .ruleNumber(e.ruleNumber())
                            .egress(e.egress())
                            .ruleAction(e.action().label())
                            .protocol(e.traffic().protocol().number())
                            .cidrBlock(e.cidr().toString());
                    if (e.traffic().hasPorts()) {
                        r.portRange(p ->
                                p.from(e.traffic().fromPort()).to(e.traffic().toPort()));
                    } else if (e.traffic().protocol() == Protocol.ICMP) {
                        r.icmpTypeCode(i -> i.type(-1).code(-1));
                    }
                });
                run.record(
                        Action.UPDATED,
                        "network ACL " + acl.name() + " " + (e.egress() ? "outbound " : "inbound ") + e,
                        id);
            }
            for (dev.awskit.net.Subnet s : plan.model().subnets()) {
                if (!s.nacl().filter(acl.name()::equals).isPresent()) {
                    continue;
                }
                String subnetId = subnetIds.get(s.name());
                NetworkAclAssociation current = associationBySubnet.get(subnetId);
                if (current == null || id.equals(current.networkAclId())) {
                    continue;
                }
                run.step = "associate subnet " + s.name() + " with network ACL " + acl.name();
                ec2.replaceNetworkAclAssociation(
                        r -> r.associationId(current.networkAclAssociationId()).networkAclId(id));
                run.record(Action.UPDATED, "subnet " + s.name() + " network ACL " + acl.name(), id);
            }
        }
    }

    private void applySecurityGroups(Run run) {
        VpcPlan plan = run.plan;
        List<dev.awskit.net.SecurityGroup> groups = plan.model().securityGroups();
        if (groups.isEmpty()) {
            return;
        }
        run.step = "find security groups";
        Map<String, software.amazon.awssdk.services.ec2.model.SecurityGroup> existing = new HashMap<>();
        ec2
                .describeSecurityGroupsPaginator(r -> r.filters(vpcFilter(run.vpcId), planFilter(plan)))
                .securityGroups()
                .stream()
                .filter(g -> run.vpcId.equals(g.vpcId()) && ofPlan(g.tags(), plan))
                .forEach(g -> element(g.tags()).ifPresent(e -> existing.putIfAbsent(e, g)));
        Map<String, String> ids = new HashMap<>();
        Set<String> created = new HashSet<>();
        for (dev.awskit.net.SecurityGroup g : groups) {
            software.amazon.awssdk.services.ec2.model.SecurityGroup found = existing.get(g.name());
            if (found != null) {
                ids.put(g.name(), found.groupId());
                run.record(Action.FOUND, "security group " + g.name(), found.groupId());
            } else {
                run.step = "create security group " + g.name();
                String id = ec2.createSecurityGroup(r -> r.vpcId(run.vpcId)
                                .groupName(plan.name() + "-" + g.name())
                                .description(g.description())
                                .tagSpecifications(tags(ResourceType.SECURITY_GROUP, plan, g.name(), null)))
                        .groupId();
                ids.put(g.name(), id);
                created.add(g.name());
                run.record(Action.CREATED, "security group " + g.name(), id);
            }
        }
        SecurityGroupRule defaultEgress =
                SecurityGroupRule.outbound(Traffic.of(Protocol.ALL, -1, -1), Peer.cidr("0.0.0.0/0"));
        for (dev.awskit.net.SecurityGroup g : groups) {
            String id = ids.get(g.name());
            software.amazon.awssdk.services.ec2.model.SecurityGroup found = existing.get(g.name());
            Set<String> haveIn = new HashSet<>();
            Set<String> haveOut = new HashSet<>();
            if (found != null) {
                flatten(found.ipPermissions(), false).forEach(r -> haveIn.add(key(r, ids)));
                flatten(found.ipPermissionsEgress(), true).forEach(r -> haveOut.add(key(r, ids)));
            } else {
                haveOut.add(key(defaultEgress, ids)); // AWS adds it to every new group
            }
            for (SecurityGroupRule r : g.ingress()) {
                if (haveIn.add(key(r, ids))) {
                    run.step = "authorize " + r + " on security group " + g.name();
                    ec2.authorizeSecurityGroupIngress(q -> q.groupId(id).ipPermissions(permission(r, ids)));
                    run.record(Action.UPDATED, "security group " + g.name() + " " + r, id);
                }
            }
            for (SecurityGroupRule r : g.egress()) {
                if (haveOut.add(key(r, ids))) {
                    run.step = "authorize " + r + " on security group " + g.name();
                    ec2.authorizeSecurityGroupEgress(q -> q.groupId(id).ipPermissions(permission(r, ids)));
                    run.record(Action.UPDATED, "security group " + g.name() + " " + r, id);
                }
            }
            if (created.contains(g.name()) && !g.egress().contains(defaultEgress)) {
                run.step = "revoke the default outbound rule of security group " + g.name();
                ec2.revokeSecurityGroupEgress(q -> q.groupId(id).ipPermissions(permission(defaultEgress, ids)));
                run.record(Action.UPDATED, "security group " + g.name() + " revoke " + defaultEgress, id);
            }
        }
    }

    private static String key(SecurityGroupRule r, Map<String, String> ids) {
        Peer p = r.peer();
        String peer = p.kind() == Peer.Kind.GROUP ? ids.getOrDefault(p.value(), p.value()) : p.value();
        return r.outbound() + "/" + r.traffic() + "/" + peer;
    }

    private static IpPermission permission(SecurityGroupRule r, Map<String, String> ids) {
        IpPermission.Builder b =
                IpPermission.builder().ipProtocol(r.traffic().protocol().number());
        if (r.traffic().hasPorts()) {
            b.fromPort(r.traffic().fromPort()).toPort(r.traffic().toPort());
        } else if (r.traffic().protocol() == Protocol.ICMP) {
            b.fromPort(-1).toPort(-1);
        }
        if (r.peer().kind() == Peer.Kind.CIDR) {
            b.ipRanges(IpRange.builder().cidrIp(r.peer().value()).build());
        } else {
            String groupId = ids.getOrDefault(r.peer().value(), r.peer().value());
            b.userIdGroupPairs(UserIdGroupPair.builder().groupId(groupId).build());
        }
        return b.build();
    }

    /**
     * Of the resources whose tags name one element, the one to use; the others are twins that a
     * Create call made when its answer was lost and it was sent again (EC2's Create calls for VPC
     * parts take no client token). Twins not in use are deleted and reported; twins in use are
     * left alone with a warning.
     *
     * @param inUse whether a resource holds something (an attachment, associations)
     * @param preferred whether it is the one this VPC uses (chosen first)
     */
    private <T> Optional<T> keepOne(
            Run run,
            String element,
            List<T> found,
            java.util.function.Predicate<T> inUse,
            java.util.function.Predicate<T> preferred,
            java.util.function.Function<T, String> id,
            java.util.function.Consumer<String> delete) {
        if (found.size() <= 1) {
            return found.stream().findFirst();
        }
        T chosen = found.stream()
                .filter(preferred)
                .findFirst()
                .orElseGet(() -> found.stream().filter(inUse).findFirst().orElse(found.get(0)));
        for (T twin : found) {
            if (twin == chosen) {
                continue;
            }
            String twinId = id.apply(twin);
            if (inUse.test(twin)) {
                LOG.warn(
                        "{} has a twin {} in use beside {} (plan {}, {}); left alone",
                        element,
                        twinId,
                        id.apply(chosen),
                        run.plan.name(),
                        region);
                continue;
            }
            run.step = "delete " + twinId + ", an unused twin of " + element + " " + id.apply(chosen);
            delete.accept(twinId);
            run.record(Action.DELETED, element + " (unused twin)", twinId);
        }
        return Optional.of(chosen);
    }

    /** A field is set when it is neither absent nor empty (moto answers {@code <networkInterfaceId/>}). */
    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }

    /** Elastic IPs tagged for a NAT gateway beside the one it uses: twins of a lost AllocateAddress answer. */
    private void releaseElasticIpTwins(Run run, String nat, String natId) {
        String element = "eip-" + nat;
        run.step = "find Elastic IPs of NAT gateway " + nat;
        Set<String> used = ec2.describeNatGateways(r -> r.natGatewayIds(natId)).natGateways().stream()
                .flatMap(n -> n.natGatewayAddresses().stream())
                .map(a -> a.allocationId())
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        for (Address a : ec2.describeAddresses(r -> r.filters(planFilter(run.plan), elementFilter(element)))
                .addresses()) {
            if (!ours(a.tags(), run.plan, element)
                    || used.contains(a.allocationId())
                    || present(a.associationId())
                    || present(a.networkInterfaceId())) {
                continue;
            }
            run.step = "release Elastic IP " + a.allocationId() + ", an unused twin of " + element;
            ec2.releaseAddress(r -> r.allocationId(a.allocationId()));
            run.record(Action.DELETED, "elastic IP " + element + " (unused twin)", a.allocationId());
        }
    }

    // ---------------------------------------------------------------- destroy

    public ApplyReport destroy(VpcPlan plan, Duration natTimeout) {
        Run run = new Run(plan);
        try {
            destroyAll(run, natTimeout);
            return run.report();
        } catch (SdkException | AwsKitException e) {
            throw run.failed("destroy", e, "Re-run destroy(plan) to remove the rest.");
        }
    }

    private void destroyAll(Run run, Duration natTimeout) {
        VpcPlan plan = run.plan;
        run.step = "find VPC";
        List<Vpc> vpcs = planVpcs(plan.name());
        if (vpcs.isEmpty()) {
            return;
        }
        run.vpcId = vpcs.get(0).vpcId();
        // normally one; more when a CreateVpc whose answer was lost was sent again
        for (Vpc vpc : vpcs) {
            destroyVpc(run, vpc.vpcId(), natTimeout);
        }
    }

    private void destroyVpc(Run run, String vpcId, Duration natTimeout) {
        VpcPlan plan = run.plan;

        run.step = "find NAT gateways";
        List<String> nats = new ArrayList<>();
        ec2
                .describeNatGatewaysPaginator(r -> r.filter(
                        vpcFilter(vpcId),
                        planFilter(plan),
                        Filter.builder()
                                .name("state")
                                .values("pending", "available")
                                .build()))
                .natGateways()
                .stream()
                .filter(n -> vpcId.equals(n.vpcId())
                        && ofPlan(n.tags(), plan)
                        && LIVE_NAT_STATES.contains(n.stateAsString()))
                .forEach(n -> {
                    run.step = "delete NAT gateway " + n.natGatewayId();
                    ec2.deleteNatGateway(r -> r.natGatewayId(n.natGatewayId()));
                    nats.add(n.natGatewayId());
                    run.record(
                            Action.DELETED, "NAT gateway " + element(n.tags()).orElse("?"), n.natGatewayId());
                });
        if (!nats.isEmpty()) {
            run.step = "wait for NAT gateways " + nats + " to be deleted";
            ec2.waiter().waitUntilNatGatewayDeleted(r -> r.natGatewayIds(nats), o -> o.waitTimeout(natTimeout));
        }
        run.step = "find Elastic IPs";
        for (Address a : ec2.describeAddresses(r -> r.filters(planFilter(plan))).addresses()) {
            if (!ofPlan(a.tags(), plan)) {
                continue;
            }
            run.step = "release Elastic IP " + a.allocationId();
            ec2.releaseAddress(r -> r.allocationId(a.allocationId()));
            run.record(Action.DELETED, "elastic IP " + element(a.tags()).orElse("?"), a.allocationId());
        }

        run.step = "find security groups";
        List<software.amazon.awssdk.services.ec2.model.SecurityGroup> groups = ec2
                .describeSecurityGroupsPaginator(r -> r.filters(vpcFilter(vpcId), planFilter(plan)))
                .securityGroups()
                .stream()
                .filter(g -> vpcId.equals(g.vpcId()) && ofPlan(g.tags(), plan))
                .collect(Collectors.toList());
        for (software.amazon.awssdk.services.ec2.model.SecurityGroup g : groups) {
            List<IpPermission> refs = g.ipPermissions().stream()
                    .filter(p -> !p.userIdGroupPairs().isEmpty())
                    .collect(Collectors.toList());
            if (!refs.isEmpty()) {
                run.step = "revoke group references of security group " + g.groupId();
                ec2.revokeSecurityGroupIngress(r -> r.groupId(g.groupId()).ipPermissions(refs));
            }
        }
        for (software.amazon.awssdk.services.ec2.model.SecurityGroup g : groups) {
            run.step = "delete security group " + g.groupId();
            ec2.deleteSecurityGroup(r -> r.groupId(g.groupId()));
            run.record(Action.DELETED, "security group " + element(g.tags()).orElse(g.groupName()), g.groupId());
        }

        run.step = "find network ACLs";
        List<NetworkAcl> acls =
                ec2.describeNetworkAclsPaginator(r -> r.filters(vpcFilter(vpcId))).networkAcls().stream()
                        .collect(Collectors.toList());
        Optional<String> defaultAcl = acls.stream()
                .filter(a -> Boolean.TRUE.equals(a.isDefault()))
                .map(NetworkAcl::networkAclId)
                .findFirst();
        for (NetworkAcl a : acls) {
            if (Boolean.TRUE.equals(a.isDefault()) || !vpcId.equals(a.vpcId()) || !ofPlan(a.tags(), plan)) {
                continue;
            }
            // the reverse of apply's ReplaceNetworkAclAssociation: subnets go back to the default ACL
            for (NetworkAclAssociation as : a.associations()) {
                if (defaultAcl.isPresent()) {
                    run.step = "give subnet " + as.subnetId() + " back to the default network ACL";
                    ec2.replaceNetworkAclAssociation(
                            r -> r.associationId(as.networkAclAssociationId()).networkAclId(defaultAcl.get()));
                }
            }
            run.step = "delete network ACL " + a.networkAclId();
            ec2.deleteNetworkAcl(r -> r.networkAclId(a.networkAclId()));
            run.record(Action.DELETED, "network ACL " + element(a.tags()).orElse("?"), a.networkAclId());
        }

        run.step = "find subnets";
        for (software.amazon.awssdk.services.ec2.model.Subnet s : ec2.describeSubnetsPaginator(
                        r -> r.filters(vpcFilter(vpcId), planFilter(plan)))
                .subnets()) {
            if (!vpcId.equals(s.vpcId()) || !ofPlan(s.tags(), plan)) {
                continue;
            }
            run.step = "delete subnet " + s.subnetId();
            ec2.deleteSubnet(r -> r.subnetId(s.subnetId()));
            run.record(Action.DELETED, "subnet " + element(s.tags()).orElse("?"), s.subnetId());
        }

        run.step = "find route tables";
        for (software.amazon.awssdk.services.ec2.model.RouteTable t : ec2.describeRouteTablesPaginator(
                        r -> r.filters(vpcFilter(vpcId), planFilter(plan)))
                .routeTables()) {
            if (!vpcId.equals(t.vpcId()) || !ofPlan(t.tags(), plan)) {
                continue;
            }
            for (RouteTableAssociation a : t.associations()) {
                if (!Boolean.TRUE.equals(a.main())) {
                    run.step = "disassociate route table " + t.routeTableId();
                    ec2.disassociateRouteTable(r -> r.associationId(a.routeTableAssociationId()));
                }
            }
            run.step = "delete route table " + t.routeTableId();
            ec2.deleteRouteTable(r -> r.routeTableId(t.routeTableId()));
            run.record(Action.DELETED, "route table " + element(t.tags()).orElse("?"), t.routeTableId());
        }

        run.step = "find internet gateways";
        for (software.amazon.awssdk.services.ec2.model.InternetGateway g : ec2.describeInternetGatewaysPaginator(
                        r -> r.filters(planFilter(plan)))
                .internetGateways()) {
            if (!ofPlan(g.tags(), plan)) {
                continue;
            }
            for (var a : g.attachments()) {
                run.step = "detach internet gateway " + g.internetGatewayId();
                ec2.detachInternetGateway(
                        r -> r.internetGatewayId(g.internetGatewayId()).vpcId(a.vpcId()));
            }
            run.step = "delete internet gateway " + g.internetGatewayId();
            ec2.deleteInternetGateway(r -> r.internetGatewayId(g.internetGatewayId()));
            run.record(Action.DELETED, "internet gateway " + element(g.tags()).orElse("?"), g.internetGatewayId());
        }

        run.step = "delete VPC " + vpcId;
        ec2.deleteVpc(r -> r.vpcId(vpcId));
        run.record(Action.DELETED, "vpc " + plan.name(), vpcId);
    }

    // --------------------------------------------------------------- describe

    public VpcModel describe(String vpcId) {
        Objects.requireNonNull(vpcId, "vpcId");
        Vpc vpc;
        try {
            vpc = ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs().stream()
                    .findFirst()
                    .orElseThrow(() -> new AwsKitException(
                            "VPC " + vpcId + " not found in " + region + "; check the id and the region"));
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)
                    || AwsErrors.errorCode(e)
                            .filter(c -> c.contains("NotFound"))
                            .isPresent()) {
                throw new AwsKitException(
                        "VPC " + vpcId + " not found in " + region + "; check the id and the region", e);
            }
            throw new AwsKitException(
                    "describing VPC " + vpcId + " in " + region + " failed: " + AwsErrors.describe(e), e);
        }
        try {
            return DescribedVpc.read(ec2, vpc);
        } catch (SdkException e) {
            throw new AwsKitException(
                    "describing VPC " + vpcId + " in " + region + " failed: " + AwsErrors.describe(e), e);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Every VPC whose own tags name the plan. */
    private List<Vpc> planVpcs(String planName) {
        return ec2
                .describeVpcsPaginator(r -> r.filters(Filter.builder()
                        .name("tag:" + PLAN_TAG)
                        .values(planName)
                        .build()))
                .vpcs()
                .stream()
                .filter(v -> ours(v.tags(), planName, "vpc"))
                .collect(Collectors.toList());
    }

    /**
     * The plan's VPC. CreateVpc takes no client token: when its answer is lost (a reset after EC2
     * acted) and the call is sent again, EC2 makes a second VPC with the same tags. The twin that
     * holds nothing (no subnet, no internet gateway) is deleted here; if both hold parts of the
     * plan, apply stops and says so.
     */
    private Optional<Vpc> chooseVpc(Run run) {
        String planName = run.plan.name();
        List<Vpc> vpcs = planVpcs(planName);
        if (vpcs.size() <= 1) {
            return vpcs.stream().findFirst();
        }
        Map<String, Boolean> holds = new LinkedHashMap<>();
        for (Vpc v : vpcs) {
            boolean subnets = !ec2.describeSubnets(r -> r.filters(vpcFilter(v.vpcId())))
                    .subnets()
                    .isEmpty();
            boolean gateways = !ec2.describeInternetGateways(r -> r.filters(Filter.builder()
                            .name("attachment.vpc-id")
                            .values(v.vpcId())
                            .build()))
                    .internetGateways()
                    .isEmpty();
            holds.put(v.vpcId(), subnets || gateways);
        }
        List<Vpc> used = vpcs.stream().filter(v -> holds.get(v.vpcId())).collect(Collectors.toList());
        if (used.size() > 1) {
            throw new IllegalStateException("VPCs "
                    + used.stream().map(Vpc::vpcId).collect(Collectors.joining(", "))
                    + " are all tagged " + PLAN_TAG + "=" + planName + " and each holds part of the plan;"
                    + " run destroy(plan), which removes every one, then apply again");
        }
        Vpc chosen = used.isEmpty() ? vpcs.get(0) : used.get(0);
        for (Vpc v : vpcs) {
            if (v != chosen) {
                run.step = "delete VPC " + v.vpcId() + ", an empty twin of " + chosen.vpcId();
                ec2.deleteVpc(r -> r.vpcId(v.vpcId()));
                run.record(Action.DELETED, "vpc " + planName + " (unused twin)", v.vpcId());
            }
        }
        return Optional.of(chosen);
    }

    private String zone(String zone) {
        return zone.length() == 1 ? region + zone : zone;
    }

    private static Filter vpcFilter(String vpcId) {
        return Filter.builder().name("vpc-id").values(vpcId).build();
    }

    private static Filter planFilter(VpcPlan plan) {
        return Filter.builder().name("tag:" + PLAN_TAG).values(plan.name()).build();
    }

    private static Filter elementFilter(String element) {
        return Filter.builder().name("tag:" + ELEMENT_TAG).values(element).build();
    }

    private static TagSpecification tags(ResourceType type, VpcPlan plan, String element, Tier tier) {
        List<Tag> tags = new ArrayList<>();
        tags.add(Tag.builder().key("Name").value(plan.name() + "-" + element).build());
        tags.add(Tag.builder().key(PLAN_TAG).value(plan.name()).build());
        tags.add(Tag.builder().key(ELEMENT_TAG).value(element).build());
        if (tier != null) {
            tags.add(Tag.builder().key(TIER_TAG).value(tier.label()).build());
        }
        return TagSpecification.builder().resourceType(type).tags(tags).build();
    }

    static Optional<String> tag(List<Tag> tags, String key) {
        return tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst();
    }

    /**
     * Whether a resource's own tags say it is {@code element} of the plan, exactly. What a
     * {@code tag:}-filtered Describe call returns is never trusted alone: moto ignores those filters
     * on some calls (DescribeNatGateways), so the first answer may belong to another element.
     */
    static boolean ours(List<Tag> tags, VpcPlan plan, String element) {
        return ours(tags, plan.name(), element);
    }

    static boolean ours(List<Tag> tags, String plan, String element) {
        return tag(tags, PLAN_TAG).filter(plan::equals).isPresent()
                && element(tags).filter(element::equals).isPresent();
    }

    /** Whether a resource's own tags say it belongs to the plan (any element). */
    static boolean ofPlan(List<Tag> tags, VpcPlan plan) {
        return tag(tags, PLAN_TAG).filter(plan.name()::equals).isPresent();
    }

    static Optional<String> element(List<Tag> tags) {
        return tag(tags, ELEMENT_TAG);
    }

    /** Security-group permissions as one rule per peer; prefix lists and IPv6 ranges are skipped. */
    static List<SecurityGroupRule> flatten(List<IpPermission> permissions, boolean outbound) {
        List<SecurityGroupRule> out = new ArrayList<>();
        for (IpPermission p : permissions) {
            Traffic t = traffic(p.ipProtocol(), p.fromPort(), p.toPort());
            if (t == null) {
                continue;
            }
            for (IpRange r : p.ipRanges()) {
                Peer peer = Peer.cidr(r.cidrIp());
                out.add(outbound ? SecurityGroupRule.outbound(t, peer) : SecurityGroupRule.inbound(t, peer));
            }
            for (UserIdGroupPair g : p.userIdGroupPairs()) {
                Peer peer = Peer.group(g.groupId());
                out.add(outbound ? SecurityGroupRule.outbound(t, peer) : SecurityGroupRule.inbound(t, peer));
            }
        }
        return out;
    }

    /** The traffic of a described rule, or null for protocols the model does not cover. */
    static Traffic traffic(String protocol, Integer from, Integer to) {
        Protocol p;
        try {
            p = Protocol.parse(protocol);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (p == Protocol.TCP || p == Protocol.UDP) {
            int f = from == null || from < 0 ? Traffic.MIN_PORT : from;
            int t = to == null || to < 0 ? Traffic.MAX_PORT : to;
            return Traffic.of(p, f, t);
        }
        return Traffic.of(p, -1, -1);
    }

    static NaclEntry entry(NetworkAclEntry e) {
        if (e.cidrBlock() == null || e.ruleNumber() == null || e.ruleNumber() == NaclEntry.DEFAULT_RULE) {
            return null;
        }
        Traffic t = traffic(
                e.protocol(),
                e.portRange() == null ? null : e.portRange().from(),
                e.portRange() == null ? null : e.portRange().to());
        if (t == null) {
            return null;
        }
        return NaclEntry.of(
                e.ruleNumber(),
                Boolean.TRUE.equals(e.egress()),
                "deny".equalsIgnoreCase(e.ruleActionAsString()) ? RuleAction.DENY : RuleAction.ALLOW,
                t,
                Cidr.of(e.cidrBlock()));
    }
}
