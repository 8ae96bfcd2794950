package dev.awskit.net;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A small stateful EC2 behind WireMock, speaking the EC2 Query protocol (form-encoded {@code
 * Action=...&Version=2016-11-15} POSTs, XML answers in the {@code 2016-11-15} namespace) for the
 * VPC actions aws-kit-net uses. Creating a VPC also creates its main route table, default network
 * ACL and default security group, as AWS does. It follows the Amazon EC2 API Reference (Query
 * requests, the {@code Response/Errors/Error} error document, DescribeX filters including {@code
 * tag:<key>}, and the {@code blackhole} state of a route whose gateway is detached, data type
 * {@code Route}). It stays only for what moto does not model: see {@link NetFakeEc2IT}; the rest
 * runs against moto in {@link NetIT}.
 */
final class FakeEc2 implements ResponseDefinitionTransformerV2 {
    static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final Pattern ZONE = Pattern.compile("[a-z]{2}-[a-z]+-\\d[a-f]");

    /** One resource: flat fields, tags, and nested lists (routes, entries, rules...). */
    static final class Res {
        final String id;
        final Map<String, String> f = new LinkedHashMap<>();
        final Map<String, String> tags = new LinkedHashMap<>();
        final List<Map<String, String>> items = new ArrayList<>();
        final List<Map<String, String>> items2 = new ArrayList<>();
        final List<Map<String, String>> assoc = new ArrayList<>();

        Res(String id) {
            this.id = id;
        }
    }

    final Map<String, Res> vpcs = new LinkedHashMap<>();
    final Map<String, Res> subnets = new LinkedHashMap<>();
    final Map<String, Res> igws = new LinkedHashMap<>();
    final Map<String, Res> nats = new LinkedHashMap<>();
    final Map<String, Res> eips = new LinkedHashMap<>();
    final Map<String, Res> tables = new LinkedHashMap<>();
    final Map<String, Res> acls = new LinkedHashMap<>();
    final Map<String, Res> groups = new LinkedHashMap<>();
    final List<String> actions = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger seq = new AtomicInteger(1);
    private final String region;
    private volatile String failAction;

    FakeEc2(String region) {
        this.region = region;
    }

    /** The next call of {@code action} fails with an EC2 error. */
    void failNext(String action) {
        this.failAction = action;
    }

    @Override
    public String getName() {
        return "fake-ec2";
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        Map<String, String> q = parse(event.getRequest().getBodyAsString());
        String action = q.getOrDefault("Action", "?");
        actions.add(action);
        try {
            if (action.equals(failAction)) {
                failAction = null;
                return error(400, "NatGatewayLimitExceeded", "injected failure of " + action);
            }
            String body = handle(action, q);
            if (body == null) {
                return error(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
            }
            return ok(action, body);
        } catch (Ec2Error e) {
            return error(400, e.code, e.getMessage());
        }
    }

    private static final class Ec2Error extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String code;

        Ec2Error(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private String id(String prefix) {
        return prefix + "-" + String.format("%017x", seq.getAndIncrement());
    }

    private String handle(String a, Map<String, String> q) {
        switch (a) {
            case "CreateVpc": {
                Res v = new Res(id("vpc"));
                v.f.put("cidrBlock", q.get("CidrBlock"));
                tag(v, q);
                vpcs.put(v.id, v);
                Res main = new Res(id("rtb"));
                main.f.put("vpcId", v.id);
                main.items.add(route(v.f.get("cidrBlock"), "gatewayId", "local"));
                main.assoc.add(map("routeTableAssociationId", id("rtbassoc"), "routeTableId", main.id, "main", "true"));
                tables.put(main.id, main);
                Res acl = new Res(id("acl"));
                acl.f.put("vpcId", v.id);
                acl.f.put("default", "true");
                acl.items.add(entry("100", "-1", "allow", "false", "0.0.0.0/0", null, null));
                acl.items.add(entry("100", "-1", "allow", "true", "0.0.0.0/0", null, null));
                defaultEntries(acl);
                acls.put(acl.id, acl);
                Res sg = new Res(id("sg"));
                sg.f.put("vpcId", v.id);
                sg.f.put("groupName", "default");
                sg.f.put("groupDescription", "default VPC security group");
                sg.items.add(perm("-1", null, null, null, sg.id));
                sg.items2.add(perm("-1", null, null, "0.0.0.0/0", null));
                groups.put(sg.id, sg);
                return "<vpc>" + vpcXml(v) + "</vpc>";
            }
            case "DescribeVpcs":
                return "<vpcSet>" + list(vpcs, q, "VpcId", this::vpcXml) + "</vpcSet>";
            case "DeleteVpc": {
                String id = q.get("VpcId");
                need(vpcs, id, "InvalidVpcID.NotFound");
                if (subnets.values().stream().anyMatch(s -> id.equals(s.f.get("vpcId")))
                        || igws.values().stream().anyMatch(g -> id.equals(g.f.get("attachedVpc")))) {
                    throw new Ec2Error(
                            "DependencyViolation", "The vpc '" + id + "' has dependencies and cannot be deleted.");
                }
                vpcs.remove(id);
                tables.values().removeIf(t -> id.equals(t.f.get("vpcId")));
                acls.values().removeIf(t -> id.equals(t.f.get("vpcId")));
                groups.values().removeIf(t -> id.equals(t.f.get("vpcId")));
                return ret();
            }
            case "CreateSubnet": {
                String vpc = q.get("VpcId");
                need(vpcs, vpc, "InvalidVpcID.NotFound");
                String az = q.get("AvailabilityZone");
                if (az == null || !ZONE.matcher(az).matches() || !az.startsWith(region)) {
                    throw new Ec2Error(
                            "InvalidParameterValue",
                            "Value (" + az + ") for parameter availabilityZone is invalid. Subnets can currently only"
                                    + " be created in the following availability zones: " + region + "a, " + region
                                    + "b.");
                }
                Res s = new Res(id("subnet"));
                s.f.put("vpcId", vpc);
                s.f.put("cidrBlock", q.get("CidrBlock"));
                s.f.put("availabilityZone", az);
                s.f.put("mapPublicIpOnLaunch", "false");
                tag(s, q);
                subnets.put(s.id, s);
                acls.values().stream()
                        .filter(x -> vpc.equals(x.f.get("vpcId")) && "true".equals(x.f.get("default")))
                        .forEach(x -> x.assoc.add(map(
                                "networkAclAssociationId", id("aclassoc"), "networkAclId", x.id, "subnetId", s.id)));
                return "<subnet>" + subnetXml(s) + "</subnet>";
            }
            case "DescribeSubnets":
                return "<subnetSet>" + list(subnets, q, "SubnetId", this::subnetXml) + "</subnetSet>";
            case "ModifySubnetAttribute":
                need(subnets, q.get("SubnetId"), "InvalidSubnetID.NotFound")
                        .f
                        .put("mapPublicIpOnLaunch", q.getOrDefault("MapPublicIpOnLaunch.Value", "false"));
                return ret();
            case "DeleteSubnet": {
                String id = q.get("SubnetId");
                need(subnets, id, "InvalidSubnetID.NotFound");
                if (nats.values().stream()
                        .anyMatch(n -> id.equals(n.f.get("subnetId")) && !"deleted".equals(n.f.get("state")))) {
                    throw new Ec2Error(
                            "DependencyViolation", "The subnet '" + id + "' has dependencies and cannot be deleted.");
                }
                subnets.remove(id);
                tables.values().forEach(t -> t.assoc.removeIf(x -> id.equals(x.get("subnetId"))));
                acls.values().forEach(t -> t.assoc.removeIf(x -> id.equals(x.get("subnetId"))));
                return ret();
            }
            case "CreateInternetGateway": {
                Res g = new Res(id("igw"));
                tag(g, q);
                igws.put(g.id, g);
                return "<internetGateway>" + igwXml(g) + "</internetGateway>";
            }
            case "AttachInternetGateway":
                need(igws, q.get("InternetGatewayId"), "InvalidInternetGatewayID.NotFound")
                        .f
                        .put("attachedVpc", need(vpcs, q.get("VpcId"), "InvalidVpcID.NotFound").id);
                return ret();
            case "DetachInternetGateway":
                need(igws, q.get("InternetGatewayId"), "InvalidInternetGatewayID.NotFound")
                        .f
                        .remove("attachedVpc");
                return ret();
            case "DeleteInternetGateway":
                need(igws, q.get("InternetGatewayId"), "InvalidInternetGatewayID.NotFound");
                igws.remove(q.get("InternetGatewayId"));
                return ret();
            case "DescribeInternetGateways":
                return "<internetGatewaySet>" + list(igws, q, "InternetGatewayId", this::igwXml)
                        + "</internetGatewaySet>";
            case "AllocateAddress": {
                Res e = new Res(id("eipalloc"));
                e.f.put("publicIp", "198.51.100." + (eips.size() + 10));
                tag(e, q);
                eips.put(e.id, e);
                return "<publicIp>" + e.f.get("publicIp") + "</publicIp><domain>vpc</domain><allocationId>" + e.id
                        + "</allocationId>";
            }
            case "DescribeAddresses":
                return "<addressesSet>" + list(eips, q, "AllocationId", this::eipXml) + "</addressesSet>";
            case "ReleaseAddress":
                need(eips, q.get("AllocationId"), "InvalidAllocationID.NotFound");
                eips.remove(q.get("AllocationId"));
                return ret();
            case "CreateNatGateway": {
                Res s = need(subnets, q.get("SubnetId"), "InvalidSubnetID.NotFound");
                Res e = need(eips, q.get("AllocationId"), "InvalidAllocationID.NotFound");
                Res n = new Res(id("nat"));
                n.f.put("subnetId", s.id);
                n.f.put("vpcId", s.f.get("vpcId"));
                n.f.put("state", "available");
                n.f.put("allocationId", e.id);
                n.f.put("publicIp", e.f.get("publicIp"));
                e.f.put("associationId", id("eipassoc"));
                tag(n, q);
                nats.put(n.id, n);
                return "<natGateway>" + natXml(n) + "</natGateway>";
            }
            case "DescribeNatGateways":
                return "<natGatewaySet>" + list(nats, q, "NatGatewayId", this::natXml) + "</natGatewaySet>";
            case "DeleteNatGateway": {
                Res n = need(nats, q.get("NatGatewayId"), "NatGatewayNotFound");
                n.f.put("state", "deleted");
                Res e = eips.get(n.f.get("allocationId"));
                if (e != null) {
                    e.f.remove("associationId");
                }
                return "<natGatewayId>" + n.id + "</natGatewayId>";
            }
            case "CreateRouteTable": {
                Res v = need(vpcs, q.get("VpcId"), "InvalidVpcID.NotFound");
                Res t = new Res(id("rtb"));
                t.f.put("vpcId", v.id);
                t.items.add(route(v.f.get("cidrBlock"), "gatewayId", "local"));
                tag(t, q);
                tables.put(t.id, t);
                return "<routeTable>" + tableXml(t) + "</routeTable>";
            }
            case "DescribeRouteTables":
                return "<routeTableSet>" + list(tables, q, "RouteTableId", this::tableXml) + "</routeTableSet>";
            case "CreateRoute": {
                Res t = need(tables, q.get("RouteTableId"), "InvalidRouteTableID.NotFound");
                String dest = q.get("DestinationCidrBlock");
                if (t.items.stream().anyMatch(r -> dest.equals(r.get("destinationCidrBlock")))) {
                    throw new Ec2Error("RouteAlreadyExists", "The route identified by " + dest + " already exists.");
                }
                if (q.containsKey("NatGatewayId")) {
                    need(nats, q.get("NatGatewayId"), "InvalidNatGatewayID.NotFound");
                    t.items.add(route(dest, "natGatewayId", q.get("NatGatewayId")));
                } else {
                    need(igws, q.get("GatewayId"), "InvalidGatewayID.NotFound");
                    t.items.add(route(dest, "gatewayId", q.get("GatewayId")));
                }
                return ret();
            }
            case "AssociateRouteTable": {
                Res t = need(tables, q.get("RouteTableId"), "InvalidRouteTableID.NotFound");
                String subnet = need(subnets, q.get("SubnetId"), "InvalidSubnetID.NotFound").id;
                if (tables.values().stream()
                        .anyMatch(x -> x.assoc.stream().anyMatch(m -> subnet.equals(m.get("subnetId"))))) {
                    throw new Ec2Error(
                            "Resource.AlreadyAssociated",
                            "the specified association for route table " + t.id
                                    + " conflicts with an existing association");
                }
                String assoc = id("rtbassoc");
                t.assoc.add(map(
                        "routeTableAssociationId", assoc, "routeTableId", t.id, "subnetId", subnet, "main", "false"));
                return "<associationId>" + assoc + "</associationId>";
            }
            case "DisassociateRouteTable": {
                String assoc = q.get("AssociationId");
                tables.values().forEach(t -> t.assoc.removeIf(m -> assoc.equals(m.get("routeTableAssociationId"))));
                return ret();
            }
            case "DeleteRouteTable": {
                Res t = need(tables, q.get("RouteTableId"), "InvalidRouteTableID.NotFound");
                if (!t.assoc.isEmpty()) {
                    throw new Ec2Error(
                            "DependencyViolation",
                            "The routeTable '" + t.id + "' has dependencies and cannot be deleted.");
                }
                tables.remove(t.id);
                return ret();
            }
            case "CreateNetworkAcl": {
                Res v = need(vpcs, q.get("VpcId"), "InvalidVpcID.NotFound");
                Res acl = new Res(id("acl"));
                acl.f.put("vpcId", v.id);
                acl.f.put("default", "false");
                defaultEntries(acl);
                tag(acl, q);
                acls.put(acl.id, acl);
                return "<networkAcl>" + aclXml(acl) + "</networkAcl>";
            }
            case "DescribeNetworkAcls":
                return "<networkAclSet>" + list(acls, q, "NetworkAclId", this::aclXml) + "</networkAclSet>";
            case "CreateNetworkAclEntry": {
                Res acl = need(acls, q.get("NetworkAclId"), "InvalidNetworkAclID.NotFound");
                String egress = q.getOrDefault("Egress", "false");
                String number = q.get("RuleNumber");
                if (acl.items.stream()
                        .anyMatch(e -> number.equals(e.get("ruleNumber")) && egress.equals(e.get("egress")))) {
                    throw new Ec2Error(
                            "NetworkAclEntryAlreadyExists",
                            "The network acl entry identified by " + number + " already exists.");
                }
                acl.items.add(entry(
                        number,
                        q.get("Protocol"),
                        q.get("RuleAction"),
                        egress,
                        q.get("CidrBlock"),
                        q.get("PortRange.From"),
                        q.get("PortRange.To")));
                return ret();
            }
            case "ReplaceNetworkAclAssociation": {
                String assoc = q.get("AssociationId");
                Res target = need(acls, q.get("NetworkAclId"), "InvalidNetworkAclID.NotFound");
                String subnet = null;
                for (Res acl : acls.values()) {
                    for (Map<String, String> m : new ArrayList<>(acl.assoc)) {
                        if (assoc.equals(m.get("networkAclAssociationId"))) {
                            subnet = m.get("subnetId");
                            acl.assoc.remove(m);
                        }
                    }
                }
                if (subnet == null) {
                    throw new Ec2Error(
                            "InvalidAssociationID.NotFound", "The association ID '" + assoc + "' does not exist");
                }
                String fresh = id("aclassoc");
                target.assoc.add(map("networkAclAssociationId", fresh, "networkAclId", target.id, "subnetId", subnet));
                return "<newAssociationId>" + fresh + "</newAssociationId>";
            }
            case "DeleteNetworkAcl": {
                Res acl = need(acls, q.get("NetworkAclId"), "InvalidNetworkAclID.NotFound");
                if (!acl.assoc.isEmpty()) {
                    throw new Ec2Error(
                            "DependencyViolation",
                            "The networkAcl '" + acl.id + "' has dependencies and cannot be deleted.");
                }
                acls.remove(acl.id);
                return ret();
            }
            case "CreateSecurityGroup": {
                Res v = need(vpcs, q.get("VpcId"), "InvalidVpcID.NotFound");
                String name = q.get("GroupName");
                if (groups.values().stream()
                        .anyMatch(g -> v.id.equals(g.f.get("vpcId")) && name.equals(g.f.get("groupName")))) {
                    throw new Ec2Error(
                            "InvalidGroup.Duplicate",
                            "The security group '" + name + "' already exists for VPC '" + v.id + "'");
                }
                Res g = new Res(id("sg"));
                g.f.put("vpcId", v.id);
                g.f.put("groupName", name);
                g.f.put("groupDescription", q.get("GroupDescription"));
                g.items2.add(perm("-1", null, null, "0.0.0.0/0", null));
                tag(g, q);
                groups.put(g.id, g);
                return "<return>true</return><groupId>" + g.id + "</groupId>";
            }
            case "DescribeSecurityGroups":
                return "<securityGroupInfo>" + list(groups, q, "GroupId", this::groupXml) + "</securityGroupInfo>";
            case "AuthorizeSecurityGroupIngress":
            case "AuthorizeSecurityGroupEgress":
            case "RevokeSecurityGroupIngress":
            case "RevokeSecurityGroupEgress": {
                Res g = need(groups, q.get("GroupId"), "InvalidGroup.NotFound");
                List<Map<String, String>> rules = a.endsWith("Ingress") ? g.items : g.items2;
                for (Map<String, String> p : permissions(q)) {
                    if (p.get("group") != null) {
                        need(groups, p.get("group"), "InvalidGroup.NotFound");
                    }
                    if (a.startsWith("Authorize")) {
                        if (rules.contains(p)) {
                            throw new Ec2Error("InvalidPermission.Duplicate", "the specified rule already exists");
                        }
                        rules.add(p);
                    } else {
                        rules.remove(p);
                    }
                }
                return ret();
            }
            case "DeleteSecurityGroup": {
                Res g = need(groups, q.get("GroupId"), "InvalidGroup.NotFound");
                boolean referenced = groups.values().stream()
                        .anyMatch(o -> o != g && o.items.stream().anyMatch(p -> g.id.equals(p.get("group"))));
                if (referenced) {
                    throw new Ec2Error("DependencyViolation", "resource " + g.id + " has a dependent object");
                }
                groups.remove(g.id);
                return ret();
            }
            default:
                return null;
        }
    }

    // --------------------------------------------------------------- parsing

    static Map<String, String> parse(String body) {
        Map<String, String> q = new TreeMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private void tag(Res r, Map<String, String> q) {
        for (int i = 1; q.containsKey("TagSpecification.1.Tag." + i + ".Key"); i++) {
            r.tags.put(q.get("TagSpecification.1.Tag." + i + ".Key"), q.get("TagSpecification.1.Tag." + i + ".Value"));
        }
    }

    private static List<String> indexed(Map<String, String> q, String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 1; q.containsKey(prefix + "." + i); i++) {
            out.add(q.get(prefix + "." + i));
        }
        return out;
    }

    private static List<Map<String, String>> permissions(Map<String, String> q) {
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 1; q.containsKey("IpPermissions." + i + ".IpProtocol"); i++) {
            String p = "IpPermissions." + i + ".";
            String proto = q.get(p + "IpProtocol");
            for (int j = 1; q.containsKey(p + "IpRanges." + j + ".CidrIp"); j++) {
                out.add(perm(
                        proto,
                        q.get(p + "FromPort"),
                        q.get(p + "ToPort"),
                        q.get(p + "IpRanges." + j + ".CidrIp"),
                        null));
            }
            for (int j = 1; q.containsKey(p + "Groups." + j + ".GroupId"); j++) {
                out.add(perm(
                        proto,
                        q.get(p + "FromPort"),
                        q.get(p + "ToPort"),
                        null,
                        q.get(p + "Groups." + j + ".GroupId")));
            }
        }
        return out;
    }

    /** Resources matching the request's id list and filters, rendered as {@code <item>}s. */
    private String list(
            Map<String, Res> all, Map<String, String> q, String idParam, java.util.function.Function<Res, String> xml) {
        List<String> ids = indexed(q, idParam);
        for (String id : ids) {
            need(all, id, notFoundCode(idParam));
        }
        List<Predicate<Res>> filters = new ArrayList<>();
        for (int i = 1; q.containsKey("Filter." + i + ".Name"); i++) {
            String name = q.get("Filter." + i + ".Name");
            Set<String> values = Set.copyOf(indexed(q, "Filter." + i + ".Value"));
            filters.add(r -> {
                String v = attribute(r, name);
                return v != null && values.contains(v);
            });
        }
        StringBuilder sb = new StringBuilder();
        for (Res r : all.values()) {
            if ((ids.isEmpty() || ids.contains(r.id)) && filters.stream().allMatch(f -> f.test(r))) {
                sb.append("<item>").append(xml.apply(r)).append("</item>");
            }
        }
        return sb.toString();
    }

    private static String notFoundCode(String idParam) {
        switch (idParam) {
            case "VpcId":
                return "InvalidVpcID.NotFound";
            case "NatGatewayId":
                return "NatGatewayNotFound";
            default:
                return "Invalid" + idParam.replace("Id", "ID") + ".NotFound";
        }
    }

    private static String attribute(Res r, String filter) {
        if (filter.startsWith("tag:")) {
            return r.tags.get(filter.substring(4));
        }
        switch (filter) {
            case "vpc-id":
                return r.f.get("vpcId");
            case "state":
                return r.f.get("state");
            case "attachment.vpc-id":
                return r.f.get("attachedVpc");
            default:
                throw new Ec2Error("InvalidParameterValue", "The filter '" + filter + "' is invalid");
        }
    }

    private static Res need(Map<String, Res> all, String id, String code) {
        Res r = id == null ? null : all.get(id);
        if (r == null) {
            throw new Ec2Error(code, "The ID '" + id + "' does not exist");
        }
        return r;
    }

    // ------------------------------------------------------------------- XML

    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, String> route(String dest, String targetKind, String target) {
        return map("destinationCidrBlock", dest, targetKind, target, "state", "active");
    }

    private static Map<String, String> entry(
            String n, String proto, String action, String egress, String cidr, String from, String to) {
        Map<String, String> e =
                map("ruleNumber", n, "protocol", proto, "ruleAction", action, "egress", egress, "cidrBlock", cidr);
        if (from != null) {
            e.put("from", from);
            e.put("to", to);
        }
        return e;
    }

    private static void defaultEntries(Res acl) {
        acl.items.add(entry("32767", "-1", "deny", "false", "0.0.0.0/0", null, null));
        acl.items.add(entry("32767", "-1", "deny", "true", "0.0.0.0/0", null, null));
    }

    private static Map<String, String> perm(String proto, String from, String to, String cidr, String group) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ipProtocol", proto);
        if (from != null) {
            p.put("fromPort", from);
            p.put("toPort", to);
        }
        if (cidr != null) {
            p.put("cidr", cidr);
        }
        if (group != null) {
            p.put("group", group);
        }
        return p;
    }

    private static String tagsXml(Res r) {
        StringBuilder sb = new StringBuilder("<tagSet>");
        r.tags.forEach((k, v) -> sb.append("<item><key>")
                .append(esc(k))
                .append("</key><value>")
                .append(esc(v))
                .append("</value></item>"));
        return sb.append("</tagSet>").toString();
    }

    private static String fields(Map<String, String> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append('<')
                .append(k)
                .append('>')
                .append(esc(v))
                .append("</")
                .append(k)
                .append('>'));
        return sb.toString();
    }

    private String vpcXml(Res v) {
        return "<vpcId>" + v.id + "</vpcId><state>available</state><cidrBlock>" + v.f.get("cidrBlock")
                + "</cidrBlock><instanceTenancy>default</instanceTenancy><isDefault>false</isDefault>" + tagsXml(v);
    }

    private String subnetXml(Res s) {
        return "<subnetId>" + s.id + "</subnetId><state>available</state><vpcId>" + s.f.get("vpcId")
                + "</vpcId><cidrBlock>"
                + s.f.get("cidrBlock") + "</cidrBlock><availabilityZone>" + s.f.get("availabilityZone")
                + "</availabilityZone><mapPublicIpOnLaunch>" + s.f.get("mapPublicIpOnLaunch") + "</mapPublicIpOnLaunch>"
                + tagsXml(s);
    }

    private String igwXml(Res g) {
        String att = g.f.containsKey("attachedVpc")
                ? "<item><vpcId>" + g.f.get("attachedVpc") + "</vpcId><state>available</state></item>"
                : "";
        return "<internetGatewayId>" + g.id + "</internetGatewayId><attachmentSet>" + att + "</attachmentSet>"
                + tagsXml(g);
    }

    private String eipXml(Res e) {
        return "<publicIp>" + e.f.get("publicIp") + "</publicIp><allocationId>" + e.id
                + "</allocationId><domain>vpc</domain>"
                + (e.f.containsKey("associationId")
                        ? "<associationId>" + e.f.get("associationId") + "</associationId>"
                        : "")
                + tagsXml(e);
    }

    private String natXml(Res n) {
        return "<natGatewayId>" + n.id + "</natGatewayId><subnetId>" + n.f.get("subnetId") + "</subnetId><vpcId>"
                + n.f.get("vpcId") + "</vpcId><state>" + n.f.get("state")
                + "</state><connectivityType>public</connectivityType>"
                + "<natGatewayAddressSet><item><allocationId>" + n.f.get("allocationId") + "</allocationId><publicIp>"
                + n.f.get("publicIp") + "</publicIp></item></natGatewayAddressSet>" + tagsXml(n);
    }

    private String tableXml(Res t) {
        StringBuilder sb =
                new StringBuilder("<routeTableId>" + t.id + "</routeTableId><vpcId>" + t.f.get("vpcId") + "</vpcId>");
        sb.append("<routeSet>");
        for (Map<String, String> r : t.items) {
            String target = r.get("gatewayId") != null ? r.get("gatewayId") : r.get("natGatewayId");
            boolean igwAttached = igws.containsKey(target)
                    && t.f.get("vpcId").equals(igws.get(target).f.get("attachedVpc"));
            boolean natUp = nats.containsKey(target)
                    && !"deleted".equals(nats.get(target).f.get("state"));
            boolean gone = !"local".equals(target) && !igwAttached && !natUp;
            Map<String, String> shown = new LinkedHashMap<>(r);
            shown.put("state", gone ? "blackhole" : "active");
            sb.append("<item>").append(fields(shown)).append("</item>");
        }
        sb.append("</routeSet><associationSet>");
        for (Map<String, String> a : t.assoc) {
            sb.append("<item>")
                    .append(fields(a))
                    .append("<associationState><state>associated</state></associationState></item>");
        }
        return sb.append("</associationSet>").append(tagsXml(t)).toString();
    }

    private String aclXml(Res a) {
        StringBuilder sb = new StringBuilder("<networkAclId>" + a.id + "</networkAclId><vpcId>" + a.f.get("vpcId")
                + "</vpcId><default>" + a.f.get("default") + "</default><entrySet>");
        for (Map<String, String> e : a.items) {
            sb.append("<item><ruleNumber>")
                    .append(e.get("ruleNumber"))
                    .append("</ruleNumber><protocol>")
                    .append(e.get("protocol"))
                    .append("</protocol><ruleAction>")
                    .append(e.get("ruleAction"))
                    .append("</ruleAction><egress>")
                    .append(e.get("egress"))
                    .append("</egress><cidrBlock>")
                    .append(e.get("cidrBlock"))
                    .append("</cidrBlock>");
            if (e.containsKey("from")) {
                sb.append("<portRange><from>")
                        .append(e.get("from"))
                        .append("</from><to>")
                        .append(e.get("to"))
                        .append("</to></portRange>");
            }
            sb.append("</item>");
        }
        sb.append("</entrySet><associationSet>");
        for (Map<String, String> as : a.assoc) {
            sb.append("<item>").append(fields(as)).append("</item>");
        }
        return sb.append("</associationSet>").append(tagsXml(a)).toString();
    }

    private String groupXml(Res g) {
        return "<ownerId>123456789012</ownerId><groupId>" + g.id + "</groupId><groupName>" + esc(g.f.get("groupName"))
                + "</groupName><groupDescription>" + esc(g.f.get("groupDescription")) + "</groupDescription><vpcId>"
                + g.f.get("vpcId") + "</vpcId><ipPermissions>" + perms(g.items)
                + "</ipPermissions><ipPermissionsEgress>"
                + perms(g.items2) + "</ipPermissionsEgress>" + tagsXml(g);
    }

    private static String perms(List<Map<String, String>> rules) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, String> p : rules) {
            sb.append("<item><ipProtocol>").append(p.get("ipProtocol")).append("</ipProtocol>");
            if (p.containsKey("fromPort")) {
                sb.append("<fromPort>")
                        .append(p.get("fromPort"))
                        .append("</fromPort><toPort>")
                        .append(p.get("toPort"))
                        .append("</toPort>");
            }
            sb.append("<groups>");
            if (p.containsKey("group")) {
                sb.append("<item><userId>123456789012</userId><groupId>")
                        .append(p.get("group"))
                        .append("</groupId></item>");
            }
            sb.append("</groups><ipRanges>");
            if (p.containsKey("cidr")) {
                sb.append("<item><cidrIp>").append(p.get("cidr")).append("</cidrIp></item>");
            }
            sb.append("</ipRanges></item>");
        }
        return sb.toString();
    }

    private static String ret() {
        return "<return>true</return>";
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private ResponseDefinition ok(String action, String body) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response xmlns=\"" + NS
                + "\"><requestId>" + java.util.UUID.randomUUID() + "</requestId>" + body + "</" + action + "Response>";
        return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder()
                .withStatus(200)
                .withHeader("Content-Type", "text/xml;charset=UTF-8")
                .withBody(xml)
                .build();
    }

    private static ResponseDefinition error(int status, String code, String message) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
                + "</Code><Message>"
                + esc(message) + "</Message></Error></Errors><RequestID>" + java.util.UUID.randomUUID()
                + "</RequestID></Response>";
        return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder()
                .withStatus(status)
                .withHeader("Content-Type", "text/xml;charset=UTF-8")
                .withBody(xml)
                .build();
    }
}
