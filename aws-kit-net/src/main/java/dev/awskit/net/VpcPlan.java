package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import dev.awskit.core.internal.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A VPC laid out offline: subnets split from the VPC block across zones, gateways, route
 * tables, network ACLs and security groups. Seed 001's network in one statement:
 *
 * <pre>{@code
 * VpcPlan plan = Net.plan("10.0.0.0/16").zones(2).publicSubnets(24).privateSubnets(24)
 *     .natGateway(NatGateway.PER_ZONE)
 *     .securityGroup(securityGroup("alb").allow(tcp(80)).from(anywhere()))
 *     .securityGroup(securityGroup("app").allow(allTcp()).from(group("alb")))
 *     .build();
 * System.out.println(plan);                          // tables
 * plan.toJson();
 * plan.reach(internet(), instance("app-a", "private-a", "app"), tcp(8080));
 * }</pre>
 */
@Value.Immutable
@AwsKitStyle
@SuppressWarnings("immutables:incompat") // Builder is the fluent DSL, not the generated builder
public abstract class VpcPlan {
    VpcPlan() {}

    /** Everything the plan creates. */
    public abstract VpcModel model();

    public abstract NatMode natMode();

    /** Zones as given: letters ({@code a}, {@code b}) resolved against the region when applied, or full names. */
    public abstract List<String> zones();

    public String name() {
        return model().name();
    }

    public Cidr cidr() {
        return model().cidr();
    }

    public List<Subnet> subnets() {
        return model().subnets();
    }

    /** See {@link VpcModel#reach(Endpoint, Endpoint, Traffic)}. */
    public Reachability reach(Endpoint source, Endpoint destination, Traffic traffic) {
        return model().reach(source, destination, traffic);
    }

    /** See {@link VpcModel#reach(String, String, Traffic)}. */
    public Reachability reach(String source, String destination, Traffic traffic) {
        return model().reach(source, destination, traffic);
    }

    public LintReport lint() {
        return model().lint();
    }

    public String toTable() {
        return model().toTable();
    }

    public String toJson() {
        return model().toJson();
    }

    /** The plan as tables. */
    @Override
    public String toString() {
        return "VPC plan " + name() + ", NAT "
                + natMode().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ", zones " + zones() + "\n"
                + toTable();
    }

    /** Starts a plan for the VPC block {@code cidr} (/16 to /28). */
    public static Builder builder(String cidr) {
        return new Builder(cidr);
    }

    /**
     * Lays out a {@link VpcPlan}. Subnets, security groups, NACLs and endpoints accumulate; every
     * other setting may be written once (a second write is an {@link IllegalStateException} naming
     * both values), and {@link #build()} checks them against each other. Not thread-safe.
     */
    public static final class Builder {
        private final Cidr cidr;
        private final Setting<String> nameSetting = Setting.of("name", "main");
        private final Setting<List<String>> zonesSetting = Setting.of("zones");
        private final Setting<Integer> publicSubnetsSetting = Setting.of("publicSubnets", null, p -> "/" + p);
        private final Setting<Integer> privateSubnetsSetting = Setting.of("privateSubnets", null, p -> "/" + p);
        private final Setting<NatMode> natGateway = Setting.of("natGateway", NatMode.NONE);
        private final Setting<Boolean> internetGatewaySetting = Setting.of("internetGateway");
        private final Setting<Boolean> mapPublicIpOnLaunch = Setting.of("mapPublicIpOnLaunch", Boolean.FALSE);
        private final Setting<String> startAtSetting = Setting.of("startAt");
        private final List<Subnet> explicit = new ArrayList<>();
        private final List<SecurityGroup> groups = new ArrayList<>();
        private final List<Nacl> nacls = new ArrayList<>();
        private final Map<String, String> naclBySubnet = new LinkedHashMap<>();
        private final Map<Tier, String> naclByTier = new LinkedHashMap<>();
        private final List<Endpoint> endpoints = new ArrayList<>();

        private Builder(String cidr) {
            this.cidr = Cidr.of(cidr);
            int p = this.cidr.prefixLength();
            if (p < 16 || p > 28) {
                throw new IllegalArgumentException(
                        "VPC block " + cidr + " is /" + p + "; AWS VPC blocks are /16 to /28");
            }
        }

        /** Name of the VPC (its Name tag, and the prefix of every other Name tag). Default {@code main}. */
        public Builder name(String name) {
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
                throw new IllegalArgumentException(
                        "plan name '" + name + "' must be 1-63 letters, digits, '.', '_' or '-'");
            }
            this.nameSetting.set(name);
            return this;
        }

        /** The first {@code count} zones of the region: {@code a}, {@code b}, ... (1 to 6). */
        public Builder zones(int count) {
            if (count < 1 || count > 6) {
                throw new IllegalArgumentException("zones(" + count + "): expected 1 to 6 zones");
            }
            List<String> z = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                z.add(String.valueOf((char) ('a' + i)));
            }
            this.zonesSetting.set(List.copyOf(z));
            return this;
        }

        /** Named zones, e.g. {@code zones("us-west-2a", "us-west-2c")}. */
        public Builder zones(String... names) {
            if (names.length == 0) {
                throw new IllegalArgumentException("zones(...) needs at least one zone name");
            }
            this.zonesSetting.set(List.of(names));
            return this;
        }

        /** One public subnet of size /{@code prefixLength} per zone. */
        public Builder publicSubnets(int prefixLength) {
            this.publicSubnetsSetting.set(subnetPrefix(prefixLength, "publicSubnets"));
            return this;
        }

        /** One private subnet of size /{@code prefixLength} per zone. */
        public Builder privateSubnets(int prefixLength) {
            this.privateSubnetsSetting.set(subnetPrefix(prefixLength, "privateSubnets"));
            return this;
        }

        /** A subnet at an exact block; generated subnets are laid out around it. */
        public Builder subnet(String name, String cidr, String zone, Tier tier) {
            explicit.add(
                    Subnet.builder().name(name).cidr(cidr).zone(zone).tier(tier).build());
            return this;
        }

        /** Where the generated subnets start, e.g. {@code 10.0.1.0} to keep {@code 10.0.0.0/24} free. */
        public Builder startAt(String address) {
            Cidr a = Cidr.of(address);
            if (!a.isSingleAddress() || !cidr.contains(a)) {
                throw new IllegalArgumentException("startAt(" + address + "): expected one address inside " + cidr);
            }
            this.startAtSetting.set(a.networkAddress());
            return this;
        }

        public Builder natGateway(NatMode mode) {
            this.natGateway.set(java.util.Objects.requireNonNull(mode, "mode"));
            return this;
        }

        /** Whether to create an internet gateway; default: when there are public subnets. */
        public Builder internetGateway(boolean create) {
            this.internetGatewaySetting.set(create);
            return this;
        }

        /** Whether public subnets give instances a public IP at launch (default false; lint flags it). */
        public Builder mapPublicIpOnLaunch(boolean map) {
            this.mapPublicIpOnLaunch.set(map);
            return this;
        }

        public Builder securityGroup(SecurityGroup group) {
            groups.add(group);
            return this;
        }

        public Builder securityGroup(SecurityGroup.Builder group) {
            return securityGroup(group.build());
        }

        /**
         * Security groups in words: {@code securityGroups("alb: 80 from anywhere; app: all TCP from
         * the alb group")}. Groups are separated by {@code ;}, rules by {@code ,}.
         *
         * @throws IllegalArgumentException naming the piece that does not read and the expected form
         */
        public Builder securityGroups(String description) {
            dev.awskit.net.internal.GroupSpec.parse(description).forEach(this::securityGroup);
            return this;
        }

        /** A network ACL for the given subnets (by name); other subnets use the allow-all default. */
        public Builder nacl(Nacl acl, String... subnets) {
            addNacl(acl);
            for (String s : subnets) {
                naclBySubnet.put(s, acl.name());
            }
            return this;
        }

        /** A network ACL for every subnet of a tier. */
        public Builder nacl(Nacl acl, Tier tier) {
            addNacl(acl);
            naclByTier.put(tier, acl.name());
            return this;
        }

        /** A named interface to ask reachability questions about. */
        public Builder endpoint(Endpoint endpoint) {
            endpoints.add(endpoint);
            return this;
        }

        private void addNacl(Nacl acl) {
            if (nacls.stream().noneMatch(a -> a.name().equals(acl.name()))) {
                nacls.add(acl);
            }
        }

        private static int subnetPrefix(int p, String what) {
            if (p < 16 || p > 28) {
                throw new IllegalArgumentException(what + "(" + p + "): AWS subnets are /16 to /28");
            }
            return p;
        }

        /**
         * Lays the plan out.
         *
         * @throws IllegalArgumentException if the subnets do not fit in the VPC block, overlap,
         *     or a NAT gateway / security-group reference has nothing to attach to
         */
        public VpcPlan build() {
            if (!publicSubnetsSetting.isSet() && !privateSubnetsSetting.isSet()) {
                for (Setting<?> s : List.of(zonesSetting, startAtSetting)) {
                    if (s.isSet()) {
                        throw new IllegalStateException(s.name() + "(" + s.shown() + ") lays out generated subnets, but"
                                + " none are asked for: add publicSubnets(...) or privateSubnets(...), or drop "
                                + s.name());
                    }
                }
            }
            if (mapPublicIpOnLaunch.get() && !publicSubnetsSetting.isSet()) {
                throw new IllegalStateException("mapPublicIpOnLaunch(true) applies to the generated public subnets, but"
                        + " none are asked for: add publicSubnets(...), or drop mapPublicIpOnLaunch");
            }
            String name = nameSetting.get();
            List<String> zones = zonesSetting.get();
            Integer publicPrefix = publicSubnetsSetting.get();
            Integer privatePrefix = privateSubnetsSetting.get();
            NatMode natMode = natGateway.get();
            Boolean internetGateway = internetGatewaySetting.get();
            boolean mapPublicIp = mapPublicIpOnLaunch.get();
            String startAt = startAtSetting.get();
            List<String> zoneList = zones != null ? zones : List.of("a", "b");
            List<Subnet> subnets = new ArrayList<>(explicit);
            List<Cidr> taken = new ArrayList<>();
            explicit.forEach(s -> taken.add(s.cidr()));
            String cursor = startAt != null ? startAt : cidr.networkAddress();
            List<Subnet> publicSubnets = new ArrayList<>();
            List<Subnet> privateSubnets = new ArrayList<>();
            for (Tier tier : Tier.values()) {
                Integer prefix = tier == Tier.PUBLIC ? publicPrefix : privatePrefix;
                if (prefix == null) {
                    continue;
                }
                for (String zone : zoneList) {
                    Cidr block = allocate(cursor, prefix, taken, tier);
                    taken.add(block);
                    cursor = block.addressAfter() == null ? cidr.lastAddress() : block.addressAfter();
                    Subnet s = Subnet.builder()
                            .name(tier.label() + "-" + letter(zone))
                            .cidr(block)
                            .zone(zone)
                            .tier(tier)
                            .mapPublicIpOnLaunch(tier == Tier.PUBLIC && mapPublicIp)
                            .build();
                    subnets.add(s);
                }
            }
            for (Subnet s : subnets) {
                (s.tier() == Tier.PUBLIC ? publicSubnets : privateSubnets).add(s);
            }
            boolean igw = internetGateway != null ? internetGateway : !publicSubnets.isEmpty();
            if (natMode != NatMode.NONE && (publicSubnets.isEmpty() || !igw)) {
                throw new IllegalArgumentException(
                        "natGateway(" + natMode
                                + ") needs public subnets and an internet gateway to put the NAT gateway in; add publicSubnets(...)");
            }
            String igwName = "igw";
            VpcModelBuilder m = VpcModel.builder();
            m.name(name).cidr(cidr);
            if (igw) {
                m.addInternetGateways(InternetGateway.of(igwName, true));
            }
            Map<String, String> routeTableOf = new LinkedHashMap<>();
            if (!publicSubnets.isEmpty()) {
                RouteTableBuilder rt = RouteTable.builder();
                rt.name("rt-public").addRoutes(Route.local(cidr));
                if (igw) {
                    rt.addRoutes(Route.toInternetGateway("0.0.0.0/0", igwName));
                }
                m.addRouteTables(rt.build());
                publicSubnets.forEach(s -> routeTableOf.put(s.name(), "rt-public"));
            }
            Map<String, String> natByZone = new LinkedHashMap<>();
            if (natMode == NatMode.SINGLE) {
                Subnet host = publicSubnets.get(0);
                NatGateway nat = NatGateway.of("nat-" + letter(host.zone()), host.name());
                m.addNatGateways(nat);
                privateSubnets.forEach(s -> natByZone.put(s.zone(), nat.name()));
            } else if (natMode == NatMode.PER_ZONE) {
                for (Subnet p : privateSubnets) {
                    if (natByZone.containsKey(p.zone())) {
                        continue;
                    }
                    Subnet host = publicSubnets.stream()
                            .filter(s -> s.zone().equals(p.zone()))
                            .findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("natGateway(PER_ZONE) needs a public subnet"
                                    + " in zone " + p.zone() + " for private subnet " + p.name()));
                    NatGateway nat = NatGateway.of("nat-" + letter(p.zone()), host.name());
                    m.addNatGateways(nat);
                    natByZone.put(p.zone(), nat.name());
                }
            }
            if (!privateSubnets.isEmpty()) {
                if (natMode == NatMode.PER_ZONE) {
                    for (String zone : new java.util.LinkedHashSet<>(natByZone.keySet())) {
                        String rtName = "rt-private-" + letter(zone);
                        m.addRouteTables(RouteTable.builder()
                                .name(rtName)
                                .addRoutes(Route.local(cidr))
                                .addRoutes(Route.toNatGateway("0.0.0.0/0", natByZone.get(zone)))
                                .build());
                        privateSubnets.stream()
                                .filter(s -> s.zone().equals(zone))
                                .forEach(s -> routeTableOf.put(s.name(), rtName));
                    }
                } else {
                    RouteTableBuilder rt = RouteTable.builder();
                    rt.name("rt-private").addRoutes(Route.local(cidr));
                    if (natMode == NatMode.SINGLE) {
                        rt.addRoutes(Route.toNatGateway(
                                "0.0.0.0/0", natByZone.values().iterator().next()));
                    }
                    m.addRouteTables(rt.build());
                    privateSubnets.forEach(s -> routeTableOf.put(s.name(), "rt-private"));
                }
            }
            m.addNacls(Nacl.named("acl-default")
                    .defaultAcl(true)
                    .entry(NetDsl.rule(100).allow(NetDsl.all()).from("0.0.0.0/0"))
                    .entry(NetDsl.rule(100).allow(NetDsl.all()).to("0.0.0.0/0"))
                    .build());
            m.addAllNacls(nacls);
            for (String s : naclBySubnet.keySet()) {
                if (subnets.stream().noneMatch(x -> x.name().equals(s))) {
                    throw new IllegalArgumentException("nacl(..., \"" + s + "\") names an unknown subnet; subnets: "
                            + subnets.stream().map(Subnet::name).collect(java.util.stream.Collectors.toList()));
                }
            }
            for (Subnet s : subnets) {
                String acl = naclBySubnet.getOrDefault(s.name(), naclByTier.get(s.tier()));
                m.addSubnets(Subnet.builder()
                        .name(s.name())
                        .id(s.id())
                        .cidr(s.cidr())
                        .zone(s.zone())
                        .tier(s.tier())
                        .mapPublicIpOnLaunch(s.mapPublicIpOnLaunch())
                        .routeTable(
                                Optional.ofNullable(routeTableOf.get(s.name())).or(s::routeTable))
                        .nacl(Optional.ofNullable(acl).or(s::nacl))
                        .build());
            }
            for (SecurityGroup g : groups) {
                for (SecurityGroupRule r : g.ingress()) {
                    checkGroupRef(g, r);
                }
                for (SecurityGroupRule r : g.egress()) {
                    checkGroupRef(g, r);
                }
            }
            m.addAllSecurityGroups(groups);
            m.addAllEndpoints(endpoints);
            VpcModel model = m.build();
            for (Endpoint e : endpoints) {
                model.reach(e, Endpoint.internet(), NetDsl.icmp()); // validates subnet and groups now
            }
            return new VpcPlanBuilder()
                    .model(model)
                    .natMode(natMode)
                    .addAllZones(zoneList)
                    .build();
        }

        private void checkGroupRef(SecurityGroup g, SecurityGroupRule r) {
            if (r.peer().kind() == Peer.Kind.GROUP
                    && groups.stream().noneMatch(x -> x.answersTo(r.peer().value()))) {
                throw new IllegalArgumentException("security group " + g.name() + " rule '" + r
                        + "' names a group the plan does not define; add securityGroup(\""
                        + r.peer().value()
                        + "\")");
            }
        }

        private Cidr allocate(String from, int prefix, List<Cidr> taken, Tier tier) {
            String cursor = from;
            while (true) {
                Cidr candidate = cursor == null ? null : cidr.nextAligned(cursor, prefix);
                if (candidate == null) {
                    throw new IllegalArgumentException("VPC block " + cidr + " has no room left for another "
                            + tier.label() + " /" + prefix + " subnet (" + taken.size() + " subnet(s) placed: "
                            + taken + "); use a larger VPC block or smaller subnets");
                }
                Cidr clash = null;
                for (Cidr t : taken) {
                    if (t.overlaps(candidate)) {
                        clash = t;
                        break;
                    }
                }
                if (clash == null) {
                    return candidate;
                }
                cursor = clash.addressAfter();
            }
        }

        private static String letter(String zone) {
            char last = zone.charAt(zone.length() - 1);
            return Character.isLetter(last) ? String.valueOf(last) : zone;
        }
    }
}
