package dev.awskit.net.internal;

import dev.awskit.net.Cidr;
import dev.awskit.net.Endpoint;
import dev.awskit.net.Explanation;
import dev.awskit.net.InternetGateway;
import dev.awskit.net.Nacl;
import dev.awskit.net.NaclEntry;
import dev.awskit.net.NatGateway;
import dev.awskit.net.Peer;
import dev.awskit.net.Protocol;
import dev.awskit.net.Reachability;
import dev.awskit.net.ReachabilityBuilder;
import dev.awskit.net.Route;
import dev.awskit.net.RouteTable;
import dev.awskit.net.RuleAction;
import dev.awskit.net.SecurityGroup;
import dev.awskit.net.SecurityGroupRule;
import dev.awskit.net.Subnet;
import dev.awskit.net.Traffic;
import dev.awskit.net.VpcModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Offline reachability over a {@link VpcModel}: follows the packet from the source's security
 * groups through route tables, network ACLs and gateways to the destination's security groups,
 * then the replies back through the (stateless) network ACLs. Thread-safe once built.
 */
public final class DefaultReacher {
    private final VpcModel model;
    private final Map<String, SecurityGroup> groupsByRef = new HashMap<>();

    public DefaultReacher(VpcModel model) {
        this.model = model;
        for (SecurityGroup g : model.securityGroups()) {
            groupsByRef.put(g.name(), g);
            g.id().ifPresent(id -> groupsByRef.put(id, g));
        }
    }

    public Reachability reach(Endpoint source, Endpoint destination, Traffic traffic) {
        if (traffic.protocol() == Protocol.ALL) {
            throw new IllegalArgumentException(
                    "reach(...) asks about one protocol; got " + traffic + ", expected tcp(port), udp(port) or icmp()");
        }
        Place src = place(resolve(source));
        Place dst = place(resolve(destination));
        if (src.internet() && dst.internet()) {
            throw new IllegalArgumentException(
                    "reach(" + source + ", " + destination + ") needs at least one end inside VPC " + model.ref());
        }
        return new Run(src, dst, traffic).evaluate();
    }

    private Endpoint resolve(Endpoint e) {
        if (e.kind() != Endpoint.Kind.REFERENCE) {
            return e;
        }
        return model.endpoint(e.name())
                .orElseThrow(() -> new IllegalArgumentException("VPC " + model.ref() + " declares no endpoint named '"
                        + e.name() + "'; known: "
                        + model.endpoints().stream().map(Endpoint::name).collect(Collectors.toList())
                        + " (or pass instance(name, subnet, groups...) or internet())"));
    }

    private Place place(Endpoint e) {
        if (e.kind() == Endpoint.Kind.INTERNET) {
            Cidr address = Cidr.of(e.address().orElse(Endpoint.DEFAULT_INTERNET_ADDRESS));
            if (model.cidr().contains(address)) {
                throw new IllegalArgumentException("internet address " + address.networkAddress()
                        + " is inside VPC block " + model.cidr() + "; use instance(name, subnet, groups...) for it");
            }
            return new Place(e, null, address, List.of());
        }
        String subnetRef = e.subnet().orElseThrow();
        Subnet subnet = model.subnet(subnetRef)
                .orElseThrow(() -> new IllegalArgumentException("endpoint " + e.name() + " is in unknown subnet '"
                        + subnetRef + "'; known: "
                        + model.subnets().stream().map(Subnet::ref).collect(Collectors.toList())));
        Cidr address = Cidr.of(e.address().orElse(subnet.cidr().firstUsableAddress()));
        if (!subnet.cidr().contains(address)) {
            throw new IllegalArgumentException("endpoint " + e.name() + " address " + address.networkAddress()
                    + " is outside its subnet " + subnet.ref() + " " + subnet.cidr());
        }
        List<SecurityGroup> groups = new ArrayList<>();
        for (String g : e.groups()) {
            SecurityGroup sg = groupsByRef.get(g);
            if (sg == null) {
                throw new IllegalArgumentException("endpoint " + e.name() + " names unknown security group '" + g
                        + "'; known: " + new TreeSet<>(groupsByRef.keySet()));
            }
            groups.add(sg);
        }
        return new Place(e, subnet, address, groups);
    }

    /** An endpoint resolved against the model. */
    private static final class Place {
        final Endpoint endpoint;
        final Subnet subnet;
        final Cidr address;
        final List<SecurityGroup> groups;

        Place(Endpoint endpoint, Subnet subnet, Cidr address, List<SecurityGroup> groups) {
            this.endpoint = endpoint;
            this.subnet = subnet;
            this.address = address;
            this.groups = groups;
        }

        boolean internet() {
            return subnet == null;
        }

        String label() {
            return internet() ? "internet (" + address.networkAddress() + ")" : endpoint.name();
        }

        String groupNames() {
            return groups.isEmpty()
                    ? "(none)"
                    : groups.stream().map(SecurityGroup::ref).collect(Collectors.joining(", "));
        }
    }

    /** Why a run stopped. */
    private static final class Block {
        final Explanation explanation;
        final String component;
        final String reason;

        Block(Explanation explanation, String component, String reason) {
            this.explanation = explanation;
            this.component = component;
            this.reason = reason;
        }
    }

    /** One question; each step returns false once {@link #block} recorded why it stopped. */
    private final class Run {
        final Place src;
        final Place dst;
        final Traffic traffic;
        final List<String> path = new ArrayList<>();
        Block block;

        Run(Place src, Place dst, Traffic traffic) {
            this.src = src;
            this.dst = dst;
            this.traffic = traffic;
        }

        Reachability evaluate() {
            ReachabilityBuilder b = Reachability.builder()
                    .source(src.label())
                    .destination(dst.label())
                    .traffic(traffic);
            boolean ok = src.internet() ? fromInternet() : dst.internet() ? toInternet() : insideVpc();
            b.addAllPath(path);
            if (ok) {
                return b.reachable(true).reason("reachable").build();
            }
            return b.reachable(false)
                    .explanation(block.explanation)
                    .blockedBy(block.component)
                    .reason("blocked by " + block.component + " " + block.reason)
                    .build();
        }

        boolean block(Explanation explanation, String component, String reason) {
            block = new Block(explanation, component, reason);
            return false;
        }

        boolean insideVpc() {
            if (!securityGroupOut()) {
                return false;
            }
            boolean crossSubnet = !src.subnet.equals(dst.subnet);
            if (crossSubnet) {
                RouteTable rt = routeTable(src.subnet);
                if (rt == null) {
                    return false;
                }
                Route r = rt.longestMatch(dst.address).orElse(null);
                if (r == null) {
                    return block(
                            Explanation.NO_ROUTE,
                            "route table " + rt.ref(),
                            "(no route to " + dst.address.networkAddress() + ")");
                }
                if (r.target() != Route.Target.LOCAL) {
                    return block(
                            Explanation.UNSUPPORTED_TARGET,
                            "route table " + rt.ref(),
                            "(route " + r + " sends " + dst.address.networkAddress()
                                    + " away from the VPC's local route)");
                }
                path.add("route table " + rt.ref() + " " + r);
                if (!nacl(src.subnet, true, traffic, dst.address, false)
                        || !nacl(dst.subnet, false, traffic, src.address, false)) {
                    return false;
                }
            }
            if (!securityGroupIn()) {
                return false;
            }
            return !crossSubnet
                    || (nacl(dst.subnet, true, traffic.returnTraffic(), src.address, true)
                            && nacl(src.subnet, false, traffic.returnTraffic(), dst.address, true));
        }

        boolean toInternet() {
            if (!securityGroupOut()) {
                return false;
            }
            RouteTable rt = routeTable(src.subnet);
            if (rt == null) {
                return false;
            }
            Route r = rt.longestMatch(dst.address).orElse(null);
            if (r == null) {
                return block(
                        Explanation.NO_ROUTE,
                        "route table " + rt.ref(),
                        "(no route to " + dst.address.networkAddress() + "; subnet " + src.subnet.ref()
                                + " needs a route to an internet gateway or a NAT gateway)");
            }
            if (!usable(rt, r)) {
                return false;
            }
            path.add("route table " + rt.ref() + " " + r);
            if (!nacl(src.subnet, true, traffic, dst.address, false)) {
                return false;
            }
            Traffic back = traffic.returnTraffic();
            if (r.target() == Route.Target.INTERNET_GATEWAY) {
                if (!src.endpoint.publicIp()) {
                    return block(
                            Explanation.NO_PUBLIC_IP,
                            "internet gateway " + r.targetRef(),
                            "(" + src.label() + " has no public IP; give it one or route subnet " + src.subnet.ref()
                                    + " through a NAT gateway)");
                }
                path.add("internet gateway " + r.targetRef());
            } else if (r.target() == Route.Target.NAT_GATEWAY) {
                if (!throughNat(model.natGateway(r.targetRef()).orElseThrow(), back)) {
                    return false;
                }
            } else {
                return block(
                        Explanation.UNSUPPORTED_TARGET,
                        "route table " + rt.ref(),
                        "(route " + r + " is not evaluated offline)");
            }
            return nacl(src.subnet, false, back, dst.address, true);
        }

        boolean throughNat(NatGateway nat, Traffic back) {
            if (!nat.publicConnectivity()) {
                return block(
                        Explanation.NAT_GATEWAY_NOT_PUBLIC,
                        "NAT gateway " + nat.ref(),
                        "(private NAT gateways cannot reach the internet)");
            }
            Subnet natSubnet = model.subnet(nat.subnet()).orElse(null);
            if (natSubnet == null) {
                return block(
                        Explanation.BLACKHOLE_ROUTE,
                        "NAT gateway " + nat.ref(),
                        "(its subnet " + nat.subnet() + " is not part of VPC " + model.ref() + ")");
            }
            boolean hop = !natSubnet.equals(src.subnet);
            if (hop && !nacl(natSubnet, false, traffic, src.address, false)) {
                return false;
            }
            path.add("NAT gateway " + nat.ref());
            RouteTable natRt = routeTable(natSubnet);
            if (natRt == null) {
                return false;
            }
            Route natRoute = natRt.longestMatch(dst.address).orElse(null);
            if (natRoute == null || natRoute.target() != Route.Target.INTERNET_GATEWAY) {
                return block(
                        Explanation.NAT_GATEWAY_NOT_PUBLIC,
                        "NAT gateway " + nat.ref(),
                        "(its subnet " + natSubnet.ref() + " does not route " + dst.address.networkAddress()
                                + " to an internet gateway: a NAT gateway belongs in a public subnet)");
            }
            if (!usable(natRt, natRoute)) {
                return false;
            }
            path.add("route table " + natRt.ref() + " " + natRoute);
            if (!nacl(natSubnet, true, traffic, dst.address, false)) {
                return false;
            }
            path.add("internet gateway " + natRoute.targetRef());
            return nacl(natSubnet, false, back, dst.address, true)
                    && (!hop || nacl(natSubnet, true, back, src.address, true));
        }

        boolean fromInternet() {
            Optional<InternetGateway> igw = model.internetGateways().stream()
                    .filter(InternetGateway::attached)
                    .findFirst();
            if (igw.isEmpty()) {
                return block(
                        Explanation.NO_INTERNET_GATEWAY, "VPC " + model.ref(), "(no internet gateway is attached)");
            }
            path.add("internet gateway " + igw.get().ref());
            if (!dst.endpoint.publicIp()) {
                return block(
                        Explanation.NO_PUBLIC_IP,
                        "internet gateway " + igw.get().ref(),
                        "(" + dst.label() + " has no public IP, so nothing on the internet can address it)");
            }
            RouteTable rt = routeTable(dst.subnet);
            if (rt == null) {
                return false;
            }
            Route r = rt.longestMatch(src.address).orElse(null);
            if (r == null || r.target() != Route.Target.INTERNET_GATEWAY) {
                return block(
                        Explanation.NOT_PUBLIC_SUBNET,
                        "route table " + rt.ref(),
                        "(subnet " + dst.subnet.ref() + " routes " + src.address.networkAddress() + " "
                                + (r == null ? "nowhere" : "to " + r.targetRef())
                                + ", not to an internet gateway, so replies cannot return)");
            }
            if (!usable(rt, r)) {
                return false;
            }
            path.add("route table " + rt.ref() + " " + r + " (replies)");
            return nacl(dst.subnet, false, traffic, src.address, false)
                    && securityGroupIn()
                    && nacl(dst.subnet, true, traffic.returnTraffic(), src.address, true);
        }

        /** Blackhole checks: described state, missing or detached gateway. */
        boolean usable(RouteTable rt, Route r) {
            String component = "route table " + rt.ref();
            if (r.blackhole()) {
                return block(
                        Explanation.BLACKHOLE_ROUTE,
                        component,
                        "(route " + r.destination() + " -> " + r.targetRef()
                                + " is a blackhole: its target is deleted or detached)");
            }
            if (r.target() == Route.Target.INTERNET_GATEWAY) {
                Optional<InternetGateway> igw = model.internetGateway(r.targetRef());
                if (igw.isEmpty() || !igw.get().attached()) {
                    return block(
                            Explanation.BLACKHOLE_ROUTE,
                            component,
                            "(route " + r + " is a blackhole: internet gateway " + r.targetRef()
                                    + (igw.isEmpty() ? " does not exist" : " is detached from the VPC") + ")");
                }
            } else if (r.target() == Route.Target.NAT_GATEWAY) {
                Optional<NatGateway> nat = model.natGateway(r.targetRef());
                if (nat.isEmpty() || !nat.get().available()) {
                    return block(
                            Explanation.BLACKHOLE_ROUTE,
                            component,
                            "(route " + r + " is a blackhole: NAT gateway " + r.targetRef()
                                    + (nat.isEmpty() ? " does not exist" : " is not available") + ")");
                }
            }
            return true;
        }

        /** The subnet's route table, or null after recording the block. */
        RouteTable routeTable(Subnet subnet) {
            Optional<RouteTable> rt = model.routeTableOf(subnet);
            if (rt.isEmpty()) {
                block(
                        Explanation.NO_ROUTE,
                        "subnet " + subnet.ref(),
                        "(no route table: no association and VPC " + model.ref() + " has no main route table)");
                return null;
            }
            return rt.get();
        }

        boolean nacl(Subnet subnet, boolean egress, Traffic t, Cidr peer, boolean reply) {
            Nacl acl = model.naclOf(subnet);
            NaclEntry decided;
            int port;
            if (!t.hasPorts() || t.fromPort() == t.toPort()) {
                port = t.fromPort();
                decided = acl.decide(egress, t.protocol(), port, peer);
            } else {
                RangeDecision d = decideRange(egress ? acl.outbound() : acl.inbound(), egress, t, peer);
                decided = d.entry;
                port = d.port;
            }
            if (decided.action() == RuleAction.DENY) {
                String what = (reply ? "replies " : "")
                        + describe(t, port)
                        + (egress ? " to " : " from ")
                        + peer.networkAddress();
                return block(
                        reply ? Explanation.NACL_DENIES_RETURN : Explanation.NACL_DENIES,
                        "NACL " + acl.ref(),
                        decided
                                + (reply
                                        ? ": " + (egress ? "outbound " : "inbound ") + what
                                                + " (NACLs are stateless: allow the ephemeral ports 1024-65535 "
                                                + (egress ? "outbound" : "inbound") + ")"
                                        : ""));
            }
            path.add("NACL " + acl.ref() + (reply ? " replies " : " ") + (egress ? "outbound" : "inbound") + " rule "
                    + decided.ruleNumber());
            return true;
        }

        boolean securityGroupOut() {
            if (!allows(src.groups, true, traffic, dst.address, dst.groups)) {
                return block(
                        Explanation.SECURITY_GROUP_OUTBOUND,
                        "security group " + src.groupNames(),
                        "(no outbound rule allows " + traffic + " to " + dst.address.networkAddress() + ")");
            }
            path.add("security group " + src.groupNames() + " outbound");
            return true;
        }

        boolean securityGroupIn() {
            if (!allows(dst.groups, false, traffic, src.address, src.groups)) {
                String from = src.address.networkAddress()
                        + (src.groups.isEmpty() ? "" : " (groups " + src.groupNames() + ")");
                return block(
                        Explanation.SECURITY_GROUP_INBOUND,
                        "security group " + dst.groupNames(),
                        "(no inbound rule allows " + traffic + " from " + from + ")");
            }
            path.add("security group " + dst.groupNames() + " inbound");
            return true;
        }
    }

    /** Whether the union of the groups' rules allows every port of {@code t} to/from the peer. */
    boolean allows(List<SecurityGroup> groups, boolean outbound, Traffic t, Cidr peer, List<SecurityGroup> peerGroups) {
        if (!t.hasPorts() || t.fromPort() == t.toPort()) {
            for (SecurityGroup g : groups) {
                for (SecurityGroupRule r : outbound ? g.egress() : g.ingress()) {
                    if (r.traffic().covers(t.protocol(), t.fromPort()) && matches(r.peer(), peer, peerGroups)) {
                        return true;
                    }
                }
            }
            return false;
        }
        List<SecurityGroupRule> rules = new ArrayList<>();
        for (SecurityGroup g : groups) {
            rules.addAll(outbound ? g.egress() : g.ingress());
        }
        List<Traffic> traffics = rules.stream().map(SecurityGroupRule::traffic).collect(Collectors.toList());
        for (int port : pointsOf(t, traffics)) {
            boolean ok = false;
            for (SecurityGroupRule r : rules) {
                if (r.traffic().covers(t.protocol(), port) && matches(r.peer(), peer, peerGroups)) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(Peer peer, Cidr address, List<SecurityGroup> peerGroups) {
        if (peer.kind() == Peer.Kind.CIDR) {
            return peer.cidr().contains(address);
        }
        SecurityGroup referenced = groupsByRef.get(peer.value());
        return referenced != null && peerGroups.contains(referenced);
    }

    /** The entry deciding a port range: the deny (or {@code *}) of its lowest denied port, else the first allow. */
    private static final class RangeDecision {
        final NaclEntry entry;
        final int port;

        RangeDecision(NaclEntry entry, int port) {
            this.entry = entry;
            this.port = port;
        }
    }

    /**
     * Evaluates every port of {@code t} at once: entries in rule order take the ports they match
     * out of the still-undecided intervals; a deny that takes any port blocks.
     */
    static RangeDecision decideRange(List<NaclEntry> entries, boolean egress, Traffic t, Cidr peer) {
        List<int[]> open = new ArrayList<>();
        open.add(new int[] {t.fromPort(), t.toPort()});
        NaclEntry blocker = null;
        int blockPort = Integer.MAX_VALUE;
        NaclEntry firstAllow = null;
        for (NaclEntry e : entries) {
            Traffic et = e.traffic();
            if ((et.protocol() != Protocol.ALL && et.protocol() != t.protocol())
                    || !e.cidr().contains(peer)) {
                continue;
            }
            int a = et.protocol() == Protocol.ALL ? Traffic.MIN_PORT : et.fromPort();
            int b = et.protocol() == Protocol.ALL ? Traffic.MAX_PORT : et.toPort();
            List<int[]> next = new ArrayList<>(open.size() + 1);
            for (int[] iv : open) {
                int lo = Math.max(iv[0], a);
                int hi = Math.min(iv[1], b);
                if (lo > hi) {
                    next.add(iv);
                    continue;
                }
                if (e.action() == RuleAction.DENY) {
                    if (lo < blockPort) {
                        blocker = e;
                        blockPort = lo;
                    }
                } else if (firstAllow == null) {
                    firstAllow = e;
                }
                if (iv[0] < lo) {
                    next.add(new int[] {iv[0], lo - 1});
                }
                if (hi < iv[1]) {
                    next.add(new int[] {hi + 1, iv[1]});
                }
            }
            open = next;
            if (open.isEmpty()) {
                break;
            }
        }
        for (int[] iv : open) {
            if (iv[0] < blockPort) {
                blocker = NaclEntry.defaultDeny(egress);
                blockPort = iv[0];
            }
        }
        return blocker != null ? new RangeDecision(blocker, blockPort) : new RangeDecision(firstAllow, t.fromPort());
    }

    /**
     * The ports at which the decision can change inside {@code t}'s range: its first port and
     * every rule boundary inside it. Evaluating these is the same as evaluating every port.
     */
    static List<Integer> pointsOf(Traffic t, List<Traffic> rules) {
        if (!t.hasPorts() || t.fromPort() == t.toPort()) {
            return List.of(t.fromPort());
        }
        TreeSet<Integer> points = new TreeSet<>();
        points.add(t.fromPort());
        for (Traffic r : rules) {
            if (r.protocol() == t.protocol()) {
                if (r.fromPort() > t.fromPort() && r.fromPort() <= t.toPort()) {
                    points.add(r.fromPort());
                }
                if (r.toPort() + 1 > t.fromPort() && r.toPort() + 1 <= t.toPort()) {
                    points.add(r.toPort() + 1);
                }
            }
        }
        return new ArrayList<>(points);
    }

    private static String describe(Traffic t, int port) {
        if (!t.hasPorts() || t.fromPort() == t.toPort()) {
            return t.toString();
        }
        return t.protocol().label() + " port " + port + " (of " + t.fromPort() + "-" + t.toPort() + ")";
    }
}
