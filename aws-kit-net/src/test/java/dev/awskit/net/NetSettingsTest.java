package dev.awskit.net;

import static dev.awskit.net.NetDsl.anywhere;
import static dev.awskit.net.NetDsl.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Plan, security group, NACL and apply settings: written once, checked together. No network. */
class NetSettingsTest {
    @Test
    void plan_secondWriteNamesBothValues() {
        // before, each of these silently kept the last value
        assertThatThrownBy(() -> Net.plan("10.0.0.0/16").zones(2).zones("us-west-2a"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("zones was already set to [a, b]; cannot set it to [us-west-2a]");
        assertThatThrownBy(() -> Net.plan("10.0.0.0/16").publicSubnets(24).publicSubnets(20))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("publicSubnets was already set to /24; cannot set it to /20");
        assertThatThrownBy(() -> Net.plan("10.0.0.0/16").privateSubnets(24).privateSubnets(22))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("privateSubnets was already set to /24; cannot set it to /22");
        assertThatThrownBy(() -> Net.plan("10.0.0.0/16").name("a").name("b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("name was already set to a; cannot set it to b");
        assertThatThrownBy(
                        () -> Net.plan("10.0.0.0/16").natGateway(NatMode.SINGLE).natGateway(NatMode.PER_ZONE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("natGateway was already set to SINGLE; cannot set it to PER_ZONE");
        assertThatThrownBy(() -> Net.plan("10.0.0.0/16").internetGateway(true).internetGateway(false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("internetGateway was already set to true; cannot set it to false");
        assertThatThrownBy(() -> Net.plan("10.0.0.0/16").startAt("10.0.1.0").startAt("10.0.2.0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("startAt was already set to 10.0.1.0; cannot set it to 10.0.2.0");
        assertThatThrownBy(
                        () -> Net.plan("10.0.0.0/16").mapPublicIpOnLaunch(true).mapPublicIpOnLaunch(false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("mapPublicIpOnLaunch was already set to true; cannot set it to false");
    }

    @Test
    void plan_layoutSettingsWithoutGeneratedSubnets_areRefused() {
        assertThatThrownBy(() -> Net.plan("10.0.0.0/16")
                        .zones(3)
                        .subnet("db", "10.0.9.0/24", "us-east-1a", Tier.PRIVATE)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("zones([a, b, c]) lays out generated subnets, but none are asked for: add"
                        + " publicSubnets(...) or privateSubnets(...), or drop zones");
        assertThatThrownBy(() -> Net.plan("10.0.0.0/16").startAt("10.0.1.0").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("startAt(10.0.1.0) lays out generated subnets, but none are asked for: add"
                        + " publicSubnets(...) or privateSubnets(...), or drop startAt");
        assertThatThrownBy(() -> Net.plan("10.0.0.0/16")
                        .privateSubnets(24)
                        .mapPublicIpOnLaunch(true)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("mapPublicIpOnLaunch(true) applies to the generated public subnets, but none are asked"
                        + " for: add publicSubnets(...), or drop mapPublicIpOnLaunch");
    }

    @Test
    void securityGroupAndNacl_secondWriteNamesBothValues() {
        assertThatThrownBy(() -> SecurityGroup.named("web").description("a").description("b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("description was already set to a; cannot set it to b");
        assertThatThrownBy(() -> SecurityGroup.named("web").id("sg-1").id("sg-2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("id was already set to sg-1; cannot set it to sg-2");
        assertThatThrownBy(() -> SecurityGroup.named("web").noDefaultEgress().noDefaultEgress())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("noDefaultEgress() was already called; call it once");
        assertThatThrownBy(() -> Nacl.named("acl").id("acl-1").id("acl-2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("id was already set to acl-1; cannot set it to acl-2");
        assertThatThrownBy(() -> Nacl.named("acl").defaultAcl(true).defaultAcl(false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("defaultAcl was already set to true; cannot set it to false");
        SecurityGroup g = SecurityGroup.named("web")
                .allow(tcp(80))
                .from(anywhere())
                .allow(tcp(443))
                .from(anywhere())
                .build();
        assertThat(g.ingress()).hasSize(2); // rules accumulate
    }

    @Test
    void applyRequest_needsAPlan_andTakesEachSettingOnce() {
        assertThatThrownBy(() -> ApplyRequest.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("an apply needs a plan: .plan(Net.plan(\"10.0.0.0/16\").publicSubnets(24))");
        assertThatThrownBy(() ->
                        ApplyRequest.builder().natTimeout(Duration.ofMinutes(5)).natTimeout(Duration.ofMinutes(6)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("natTimeout was already set to PT5M; cannot set it to PT6M");
        VpcPlan plan = Net.plan("10.0.0.0/16").publicSubnets(24).build();
        ApplyRequest r = ApplyRequest.builder().plan(plan).build();
        assertThat(r.natTimeout()).isEqualTo(Net.DEFAULT_NAT_TIMEOUT);
        assertThat(r.toString()).isEqualTo("ApplyRequest{plan main, natTimeout PT10M}");
        assertThatThrownBy(() -> ApplyRequest.builder().plan(plan).plan(plan))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("plan was already set to main; cannot set it to main");
    }
}
