package dev.awskit.net;

import static dev.awskit.net.NetDsl.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of the CIDR planner and of the range evaluation behind reachability. */
class NetPropertiesTest {

    @Property(tries = 200)
    void split_blocksTileTheParentWithoutOverlap(
            @ForAll @IntRange(min = 16, max = 28) int parent, @ForAll @IntRange(min = 0, max = 6) int deeper) {
        int child = Math.min(32, parent + deeper);
        Cidr block = Cidr.of("10.64.0.0/" + parent);
        List<Cidr> parts = block.split(child);
        assertThat(parts.stream().mapToLong(Cidr::size).sum()).isEqualTo(block.size());
        for (int i = 0; i < parts.size(); i++) {
            assertThat(block.contains(parts.get(i))).isTrue();
            if (i > 0) {
                assertThat(parts.get(i - 1).overlaps(parts.get(i))).isFalse();
                assertThat(parts.get(i - 1).compareTo(parts.get(i))).isNegative();
            }
        }
    }

    @Property(tries = 300)
    void plan_whenItBuilds_subnetsAreInsideDisjointAndOnePerZoneAndTier(
            @ForAll @IntRange(min = 16, max = 26) int vpcPrefix,
            @ForAll @IntRange(min = 1, max = 4) int zones,
            @ForAll @IntRange(min = 0, max = 8) int publicDelta,
            @ForAll @IntRange(min = 0, max = 8) int privateDelta) {
        int pub = Math.min(28, vpcPrefix + publicDelta);
        int priv = Math.min(28, vpcPrefix + privateDelta);
        long needed = zones * ((1L << (32 - pub)) + (1L << (32 - priv)));
        Cidr vpc = Cidr.of("10.0.0.0/" + vpcPrefix);
        VpcPlan plan;
        try {
            plan = Net.plan(vpc.toString())
                    .zones(zones)
                    .publicSubnets(pub)
                    .privateSubnets(priv)
                    .build();
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageContaining("has no room left");
            return;
        }
        assertThat(needed).isLessThanOrEqualTo(vpc.size());
        List<Subnet> subnets = plan.subnets();
        assertThat(subnets).hasSize(2 * zones);
        for (int i = 0; i < subnets.size(); i++) {
            Subnet s = subnets.get(i);
            assertThat(vpc.contains(s.cidr())).isTrue();
            assertThat(s.cidr().prefixLength()).isEqualTo(s.tier() == Tier.PUBLIC ? pub : priv);
            assertThat(s.availableAddresses()).isEqualTo(s.cidr().size() - 5);
            for (int j = i + 1; j < subnets.size(); j++) {
                assertThat(s.cidr().overlaps(subnets.get(j).cidr())).isFalse();
            }
        }
    }

    @Property(tries = 200)
    void plan_whenAddressesSufficeWithoutGaps_itBuilds(
            @ForAll @IntRange(min = 16, max = 24) int vpcPrefix,
            @ForAll @IntRange(min = 1, max = 4) int zones,
            @ForAll @IntRange(min = 1, max = 4) int delta) {
        int size = vpcPrefix + delta; // equal sizes never leave alignment gaps
        long needed = 2L * zones * (1L << (32 - size));
        Cidr vpc = Cidr.of("10.0.0.0/" + vpcPrefix);
        if (needed <= vpc.size()) {
            assertThat(Net.plan(vpc.toString())
                            .zones(zones)
                            .publicSubnets(size)
                            .privateSubnets(size)
                            .build()
                            .subnets())
                    .hasSize(2 * zones);
        }
    }

    @Provide
    Arbitrary<Nacl> outboundAcls() {
        Arbitrary<NaclEntry> entry = Combinators.combine(
                        Arbitraries.integers().between(1, 200),
                        Arbitraries.of(RuleAction.values()),
                        Arbitraries.integers().between(0, 65535),
                        Arbitraries.integers().between(0, 65535))
                .as((n, action, a, b) ->
                        NaclEntry.of(n, true, action, tcp(Math.min(a, b), Math.max(a, b)), Cidr.anywhere()));
        return entry.list().ofMaxSize(8).uniqueElements(NaclEntry::ruleNumber).map(entries -> nacl("acl-p")
                .entry(entries.toArray(new NaclEntry[0]))
                .entry(rule(100).allow(tcp(80)).from("0.0.0.0/0"))
                .build());
    }

    @Property(tries = 40)
    void reach_returnPath_agreesWithEvaluatingEveryEphemeralPort(@ForAll("outboundAcls") Nacl acl) {
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .zones(1)
                .publicSubnets(24)
                .nacl(acl, Tier.PUBLIC)
                .securityGroup(securityGroup("web").allow(tcp(80)).from(anywhere()))
                .build();
        Reachability r =
                plan.reach(internet(), instance("web", "public-a", "web").withPublicIp(), tcp(80));
        Integer firstDenied = null;
        for (int port = 1024; port <= 65535 && firstDenied == null; port++) {
            if (acl.decide(true, Protocol.TCP, port, Cidr.of(Endpoint.DEFAULT_INTERNET_ADDRESS))
                            .action()
                    == RuleAction.DENY) {
                firstDenied = port;
            }
        }
        assertThat(r.reachable()).as(r.toString()).isEqualTo(firstDenied == null);
        if (firstDenied != null) {
            assertThat(r.explanation()).contains(Explanation.NACL_DENIES_RETURN);
            assertThat(r.reason()).contains("port " + firstDenied + " (of 1024-65535)");
        }
    }

    @Property(tries = 200)
    void reach_securityGroupAllows_exactlyWhenSomeRuleCoversThePort(
            @ForAll @IntRange(min = 0, max = 65535) int port,
            @ForAll @IntRange(min = 0, max = 65535) int a,
            @ForAll @IntRange(min = 0, max = 65535) int b,
            @ForAll @IntRange(min = 0, max = 65535) int c) {
        SecurityGroup.Builder g = securityGroup("web")
                .allow(tcp(Math.min(a, b), Math.max(a, b)))
                .from(anywhere())
                .allow(tcp(c))
                .from(cidr("10.0.0.0/8"));
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .zones(1)
                .publicSubnets(24)
                .securityGroup(g)
                .build();
        boolean expected = Math.min(a, b) <= port && port <= Math.max(a, b);
        assertThat(plan.reach(internet(), instance("web", "public-a", "web").withPublicIp(), tcp(port))
                        .reachable())
                .isEqualTo(expected);
    }
}
