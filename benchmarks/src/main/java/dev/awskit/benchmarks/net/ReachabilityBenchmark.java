package dev.awskit.benchmarks.net;

import static dev.awskit.net.NetDsl.*;

import dev.awskit.net.Endpoint;
import dev.awskit.net.Nacl;
import dev.awskit.net.NaclEntry;
import dev.awskit.net.NatGateway;
import dev.awskit.net.Net;
import dev.awskit.net.Reachability;
import dev.awskit.net.SecurityGroup;
import dev.awskit.net.Tier;
import dev.awskit.net.VpcPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Offline reachability on a VPC with 1,000 security-group rules and 500 NACL entries (the
 * issue's target: under 1 ms per query). The deciding rules sit at the end of every list, so
 * each query scans everything.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReachabilityBenchmark {
    private VpcPlan plan;
    private Endpoint web;
    private Endpoint app;

    @Setup
    public void setUp() {
        List<NaclEntry> entries = new ArrayList<>();
        for (int i = 0; i < 249; i++) {
            // deny entries for blocks and ports the questions never use
            entries.add(rule(1 + i).deny(tcp(10_000 + i)).from("192.0.2." + (i % 256) + "/32"));
            entries.add(rule(1 + i).deny(tcp(10_000 + i)).to("192.0.2." + (i % 256) + "/32"));
        }
        entries.add(rule(1000).allow(all()).from("0.0.0.0/0"));
        entries.add(rule(1000).allow(all()).to("0.0.0.0/0"));
        Nacl acl = nacl("acl-big").entry(entries.toArray(new NaclEntry[0])).build(); // 500 entries

        SecurityGroup.Builder webGroup = securityGroup("web");
        SecurityGroup.Builder appGroup = securityGroup("app");
        for (int i = 0; i < 499; i++) {
            webGroup.allow(tcp(20_000 + i)).from(cidr("198.51.100." + (i % 256) + "/32"));
            appGroup.allow(tcp(20_000 + i)).from(cidr("198.51.100." + (i % 256) + "/32"));
        }
        webGroup.allow(tcp(443)).from(anywhere());
        appGroup.allow(tcp(8080)).from(group("web")); // 1,000 inbound rules in total

        plan = Net.plan("10.0.0.0/16")
                .zones(2)
                .publicSubnets(24)
                .privateSubnets(24)
                .natGateway(NatGateway.SINGLE)
                .nacl(acl, Tier.PUBLIC)
                .nacl(acl, Tier.PRIVATE)
                .securityGroup(webGroup)
                .securityGroup(appGroup)
                .build();
        web = instance("web", "public-a", "web").withPublicIp();
        app = instance("app", "private-b", "app");
        if (!internetToWeb().reachable()
                || !webToApp().reachable()
                || !appToInternet().reachable()) {
            throw new IllegalStateException("benchmark VPC is not reachable as intended");
        }
    }

    @Benchmark
    public Reachability internetToWeb() {
        return plan.reach(internet(), web, tcp(443));
    }

    @Benchmark
    public Reachability webToApp() {
        return plan.reach(web, app, tcp(8080));
    }

    @Benchmark
    public Reachability appToInternet() {
        return plan.reach(app, internet(), tcp(443));
    }
}
