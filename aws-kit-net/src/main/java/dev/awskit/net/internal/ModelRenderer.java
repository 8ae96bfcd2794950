package dev.awskit.net.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awskit.net.Endpoint;
import dev.awskit.net.InternetGateway;
import dev.awskit.net.Nacl;
import dev.awskit.net.NaclEntry;
import dev.awskit.net.NatGateway;
import dev.awskit.net.Route;
import dev.awskit.net.RouteTable;
import dev.awskit.net.SecurityGroup;
import dev.awskit.net.SecurityGroupRule;
import dev.awskit.net.Subnet;
import dev.awskit.net.Traffic;
import dev.awskit.net.VpcModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Prints a {@link VpcModel} as aligned text tables or as JSON. */
public final class ModelRenderer {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelRenderer() {}

    /**
     * An element's own row: its name, and its id beside it once it exists ({@code public-a
     * subnet-0abc}); references in other columns are ids, as AWS's answers are.
     */
    private static String label(String name, java.util.Optional<String> id) {
        return id.filter(i -> !i.equals(name)).map(i -> name + " " + i).orElse(name);
    }

    public static String table(VpcModel m) {
        StringBuilder sb = new StringBuilder();
        sb.append("VPC ")
                .append(label(m.name(), m.id()))
                .append(' ')
                .append(m.cidr())
                .append(" (")
                .append(m.cidr().size())
                .append(" addresses)\n\n");
        Table subnets = new Table("SUBNET", "CIDR", "ZONE", "TIER", "FREE IPS", "ROUTE TABLE", "NACL", "PUBLIC IP");
        for (Subnet s : m.subnets()) {
            subnets.row(
                    label(s.name(), s.id()),
                    s.cidr().toString(),
                    s.zone(),
                    s.tier().label(),
                    String.valueOf(s.availableAddresses()),
                    m.routeTableOf(s).map(RouteTable::ref).orElse("-"),
                    m.naclOf(s).ref(),
                    s.mapPublicIpOnLaunch() ? "on launch" : "no");
        }
        subnets.appendTo(sb);
        Table routes = new Table("ROUTE TABLE", "DESTINATION", "TARGET", "SUBNETS");
        for (RouteTable rt : m.routeTables()) {
            List<String> assoc = new ArrayList<>();
            for (Subnet s : m.subnets()) {
                if (m.routeTableOf(s).filter(rt::equals).isPresent()) {
                    assoc.add(s.ref());
                }
            }
            boolean first = true;
            for (Route r : rt.routes()) {
                routes.row(
                        first ? label(rt.name(), rt.id()) + (rt.main() ? " (main)" : "") : "",
                        r.destination().toString(),
                        r.targetRef() + (r.blackhole() ? " (blackhole)" : ""),
                        first ? String.join(", ", assoc) : "");
                first = false;
            }
        }
        routes.appendTo(sb);
        if (!m.internetGateways().isEmpty() || !m.natGateways().isEmpty()) {
            Table gw = new Table("GATEWAY", "TYPE", "WHERE");
            for (InternetGateway g : m.internetGateways()) {
                gw.row(label(g.name(), g.id()), "internet", g.attached() ? "attached to " + m.ref() : "detached");
            }
            for (NatGateway n : m.natGateways()) {
                gw.row(label(n.name(), n.id()), n.publicConnectivity() ? "NAT (public)" : "NAT (private)", n.subnet());
            }
            gw.appendTo(sb);
        }
        if (!m.nacls().isEmpty()) {
            Table acl = new Table("NACL", "DIRECTION", "RULE", "ACTION", "TRAFFIC", "CIDR");
            for (Nacl a : m.nacls()) {
                String name = label(a.name(), a.id()) + (a.defaultAcl() ? " (default)" : "");
                for (NaclEntry e : concat(a.inbound(), List.of(NaclEntry.defaultDeny(false)))) {
                    acl.row(
                            name,
                            "inbound",
                            rule(e),
                            e.action().label(),
                            e.traffic().toString(),
                            e.cidr().toString());
                    name = "";
                }
                for (NaclEntry e : concat(a.outbound(), List.of(NaclEntry.defaultDeny(true)))) {
                    acl.row(
                            name,
                            "outbound",
                            rule(e),
                            e.action().label(),
                            e.traffic().toString(),
                            e.cidr().toString());
                }
            }
            acl.appendTo(sb);
        }
        if (!m.securityGroups().isEmpty()) {
            Table sg = new Table("SECURITY GROUP", "DIRECTION", "TRAFFIC", "PEER");
            for (SecurityGroup g : m.securityGroups()) {
                String name = label(g.name(), g.id());
                for (SecurityGroupRule r : concat(g.ingress(), g.egress())) {
                    sg.row(
                            name,
                            r.outbound() ? "outbound" : "inbound",
                            r.traffic().toString(),
                            r.peer().toString());
                    name = "";
                }
                if (g.ingress().isEmpty() && g.egress().isEmpty()) {
                    sg.row(name, "-", "no rules", "");
                }
            }
            sg.appendTo(sb);
        }
        if (!m.endpoints().isEmpty()) {
            Table ep = new Table("ENDPOINT", "SUBNET", "GROUPS", "ADDRESS", "PUBLIC IP");
            for (Endpoint e : m.endpoints()) {
                ep.row(
                        e.name(),
                        e.subnet().orElse("-"),
                        String.join(", ", e.groups()),
                        e.address().orElse("(first free)"),
                        e.publicIp() ? "yes" : "no");
            }
            ep.appendTo(sb);
        }
        return sb.toString().stripTrailing();
    }

    private static String rule(NaclEntry e) {
        return e.ruleNumber() == NaclEntry.DEFAULT_RULE ? "*" : String.valueOf(e.ruleNumber());
    }

    private static <T> List<T> concat(List<? extends T> a, List<? extends T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    public static String json(VpcModel m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", m.name());
        putOpt(root, "id", m.id());
        root.put("cidr", m.cidr().toString());
        ArrayNode subnets = root.putArray("subnets");
        for (Subnet s : m.subnets()) {
            ObjectNode n = subnets.addObject();
            n.put("name", s.name());
            putOpt(n, "id", s.id());
            n.put("cidr", s.cidr().toString());
            n.put("zone", s.zone());
            n.put("tier", s.tier().label());
            n.put("availableAddresses", s.availableAddresses());
            n.put("mapPublicIpOnLaunch", s.mapPublicIpOnLaunch());
            putOpt(n, "routeTable", s.routeTable());
            putOpt(n, "nacl", s.nacl());
        }
        ArrayNode tables = root.putArray("routeTables");
        for (RouteTable rt : m.routeTables()) {
            ObjectNode n = tables.addObject();
            n.put("name", rt.name());
            putOpt(n, "id", rt.id());
            n.put("main", rt.main());
            ArrayNode routes = n.putArray("routes");
            for (Route r : rt.routes()) {
                ObjectNode rn = routes.addObject();
                rn.put("destination", r.destination().toString());
                rn.put("target", r.target().name().toLowerCase(java.util.Locale.ROOT));
                rn.put("targetRef", r.targetRef());
                if (r.blackhole()) {
                    rn.put("blackhole", true);
                }
            }
        }
        ArrayNode igws = root.putArray("internetGateways");
        for (InternetGateway g : m.internetGateways()) {
            ObjectNode n = igws.addObject();
            n.put("name", g.name());
            putOpt(n, "id", g.id());
            n.put("attached", g.attached());
        }
        ArrayNode nats = root.putArray("natGateways");
        for (NatGateway g : m.natGateways()) {
            ObjectNode n = nats.addObject();
            n.put("name", g.name());
            putOpt(n, "id", g.id());
            n.put("subnet", g.subnet());
            n.put("publicConnectivity", g.publicConnectivity());
        }
        ArrayNode acls = root.putArray("nacls");
        for (Nacl a : m.nacls()) {
            ObjectNode n = acls.addObject();
            n.put("name", a.name());
            putOpt(n, "id", a.id());
            n.put("default", a.defaultAcl());
            ArrayNode entries = n.putArray("entries");
            for (NaclEntry e : concat(a.inbound(), a.outbound())) {
                ObjectNode en = entries.addObject();
                en.put("ruleNumber", e.ruleNumber());
                en.put("direction", e.egress() ? "outbound" : "inbound");
                en.put("action", e.action().label());
                traffic(en, e.traffic());
                en.put("cidr", e.cidr().toString());
            }
        }
        ArrayNode groups = root.putArray("securityGroups");
        for (SecurityGroup g : m.securityGroups()) {
            ObjectNode n = groups.addObject();
            n.put("name", g.name());
            putOpt(n, "id", g.id());
            n.put("description", g.description());
            rules(n.putArray("ingress"), g.ingress());
            rules(n.putArray("egress"), g.egress());
        }
        ArrayNode eps = root.putArray("endpoints");
        for (Endpoint e : m.endpoints()) {
            ObjectNode n = eps.addObject();
            n.put("name", e.name());
            putOpt(n, "subnet", e.subnet());
            ArrayNode gs = n.putArray("groups");
            e.groups().forEach(gs::add);
            putOpt(n, "address", e.address());
            n.put("publicIp", e.publicIp());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write VPC " + m.ref() + " as JSON", e);
        }
    }

    private static void rules(ArrayNode array, List<SecurityGroupRule> rules) {
        for (SecurityGroupRule r : rules) {
            ObjectNode n = array.addObject();
            traffic(n, r.traffic());
            n.put(
                    r.peer().kind() == dev.awskit.net.Peer.Kind.CIDR ? "cidr" : "group",
                    r.peer().value());
        }
    }

    private static void traffic(ObjectNode n, Traffic t) {
        n.put("protocol", t.protocol().label());
        if (t.hasPorts()) {
            n.put("fromPort", t.fromPort());
            n.put("toPort", t.toPort());
        }
    }

    private static void putOpt(ObjectNode n, String field, Optional<String> value) {
        value.ifPresent(v -> n.put(field, v));
    }

    /** A text table with columns as wide as their widest cell. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        void row(String... cells) {
            rows.add(cells);
        }

        void appendTo(StringBuilder sb) {
            int cols = rows.get(0).length;
            int[] width = new int[cols];
            for (String[] r : rows) {
                for (int i = 0; i < cols; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < cols; i++) {
                    line.append(r[i]);
                    if (i < cols - 1) {
                        line.append(" ".repeat(width[i] - r[i].length() + 2));
                    }
                }
                sb.append(line.toString().stripTrailing()).append('\n');
            }
            sb.append('\n');
        }
    }
}
