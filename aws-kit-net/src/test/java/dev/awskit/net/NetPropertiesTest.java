package dev.awskit.net;

import static dev.awskit.net.NetDsl.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the CIDR planner and of the range evaluation behind reachability.
 *
 * <p>Seeded-random properties: each case is one fixed seed (shown in the test name), its inputs come
 * from {@code new Random(seed)}, and a failure names the seed and the generated input.
 */
class NetPropertiesTest {

    /** Ports that sit on a boundary of the ranges involved (well-known, ephemeral, the whole range). */
    static final int[] INTERESTING_PORTS = {0, 1, 79, 80, 81, 1023, 1024, 1025, 65534, 65535};

    static LongStream seeds200() {
        return LongStream.rangeClosed(1, 200);
    }

    static LongStream seeds300() {
        return LongStream.rangeClosed(1, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds200")
    void split_blocksTileTheParentWithoutOverlap(long seed) {
        Random random = new Random(seed);
        int parent = between(random, 16, 28);
        int deeper = between(random, 0, 6);
        check(seed, "parent=/" + parent + ", deeper=" + deeper, () -> {
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
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds300")
    void plan_whenItBuilds_subnetsAreInsideDisjointAndOnePerZoneAndTier(long seed) {
        Random random = new Random(seed);
        int vpcPrefix = between(random, 16, 26);
        int zones = between(random, 1, 4);
        int publicDelta = between(random, 0, 8);
        int privateDelta = between(random, 0, 8);
        String input = "vpcPrefix=/" + vpcPrefix + ", zones=" + zones + ", publicDelta=" + publicDelta
                + ", privateDelta=" + privateDelta;
        check(seed, input, () -> {
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
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds200")
    void plan_whenAddressesSufficeWithoutGaps_itBuilds(long seed) {
        Random random = new Random(seed);
        int vpcPrefix = between(random, 16, 24);
        int zones = between(random, 1, 4);
        int delta = between(random, 1, 4);
        check(seed, "vpcPrefix=/" + vpcPrefix + ", zones=" + zones + ", delta=" + delta, () -> {
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
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds200")
    void reach_returnPath_agreesWithEvaluatingEveryEphemeralPort(long seed) {
        Random random = new Random(seed);
        Nacl acl = outboundAcl(random);
        check(seed, "acl=" + acl, () -> {
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
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds200")
    void reach_securityGroupAllows_exactlyWhenSomeRuleCoversThePort(long seed) {
        Random random = new Random(seed);
        int a = port(random);
        int b = port(random);
        int c = port(random);
        int port;
        switch (random.nextInt(8)) {
            case 0:
                port = Math.min(a, b);
                break;
            case 1:
                port = Math.max(a, b);
                break;
            case 2:
            case 3:
                port = c; // allowed only from 10.0.0.0/8, not from the internet
                break;
            default:
                port = port(random);
        }
        check(seed, "port=" + port + ", a=" + a + ", b=" + b + ", c=" + c, () -> {
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
        });
    }

    // ---- generators -----------------------------------------------------------------------------

    /** An int in [min, max]; the bounds themselves come up often, like in property-testing tools. */
    static int between(Random r, int min, int max) {
        switch (r.nextInt(10)) {
            case 0:
                return min;
            case 1:
                return max;
            default:
                return min + r.nextInt(max - min + 1);
        }
    }

    /** A port in 0..65535, often one on a boundary. */
    static int port(Random r) {
        return r.nextInt(5) == 0 ? INTERESTING_PORTS[r.nextInt(INTERESTING_PORTS.length)] : r.nextInt(65536);
    }

    /**
     * Up to 8 outbound entries with distinct rule numbers 1..200, either action, any TCP port range (often
     * one that covers the ephemeral ports, or a narrow one inside them, so that both outcomes come up), to
     * anywhere; plus the inbound rule 100 that lets port 80 in.
     */
    static Nacl outboundAcl(Random r) {
        int count = r.nextInt(9);
        Set<Integer> numbers = new HashSet<>();
        List<NaclEntry> entries = new ArrayList<>();
        while (entries.size() < count) {
            int n = between(r, 1, 200);
            if (!numbers.add(n)) {
                continue;
            }
            RuleAction action = RuleAction.values()[r.nextInt(RuleAction.values().length)];
            int a;
            int b;
            switch (r.nextInt(4)) {
                case 0: // wide: covers all ephemeral ports (or all but the first), so replies can pass
                    a = r.nextBoolean() ? INTERESTING_PORTS[r.nextInt(8)] : r.nextInt(1025);
                    b = 65535;
                    break;
                case 1: // narrow, inside the ephemeral ports
                    a = 1024 + r.nextInt(64512);
                    b = Math.min(65535, a + r.nextInt(100));
                    break;
                default:
                    a = port(r);
                    b = port(r);
            }
            entries.add(NaclEntry.of(n, true, action, tcp(Math.min(a, b), Math.max(a, b)), Cidr.anywhere()));
        }
        return nacl("acl-p")
                .entry(entries.toArray(new NaclEntry[0]))
                .entry(rule(100).allow(tcp(80)).from("0.0.0.0/0"))
                .build();
    }

    // ---- reporting ------------------------------------------------------------------------------

    interface Body {
        void run();
    }

    /** Runs one case; whatever escapes (an exception or a failed assertion) is reported with seed and input. */
    static void check(long seed, String input, Body body) {
        try {
            body.run();
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            throw new AssertionError(
                    "property failed for seed " + seed + " (new Random(" + seed + ")), input: " + input + "\n" + e, e);
        }
    }
}
