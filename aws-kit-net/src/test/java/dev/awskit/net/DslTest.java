package dev.awskit.net;

import static dev.awskit.net.NetDsl.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DslTest {

    @Test
    void traffic_printsLikeTheConsole() {
        assertThat(tcp(80)).hasToString("tcp 80");
        assertThat(tcp(1024, 65535)).hasToString("tcp 1024-65535");
        assertThat(allTcp()).hasToString("all tcp");
        assertThat(udp(53)).hasToString("udp 53");
        assertThat(icmp()).hasToString("icmp");
        assertThat(all()).hasToString("all traffic");
    }

    @Test
    void traffic_whenPortsInverted_rejectsWithRange() {
        assertThatThrownBy(() -> tcp(90, 80))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid port range 90-80 for tcp; expected 0 <= from <= to <= 65535");
        assertThatThrownBy(() -> udp(70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid port range 70000-70000 for udp; expected 0 <= from <= to <= 65535");
    }

    @Test
    void securityGroup_allowFrom_buildsOneRulePerPeerAndDefaultEgress() {
        SecurityGroup g = securityGroup("app")
                .allow(tcp(8080))
                .from(group("alb"), cidr("10.0.0.0/16"))
                .build();
        assertThat(g.ingress())
                .extracting(SecurityGroupRule::toString)
                .containsExactly("allow tcp 8080 from group alb", "allow tcp 8080 from 10.0.0.0/16");
        assertThat(g.egress())
                .extracting(SecurityGroupRule::toString)
                .containsExactly("allow all traffic to 0.0.0.0/0");
    }

    @Test
    void securityGroup_explicitOutboundRule_replacesTheDefault() {
        SecurityGroup g =
                securityGroup("app").allowOutbound(tcp(443)).to(anywhere()).build();
        assertThat(g.egress()).extracting(SecurityGroupRule::toString).containsExactly("allow tcp 443 to 0.0.0.0/0");
    }

    @Test
    void securityGroup_whenDirectionWordIsWrong_saysWhichToUse() {
        assertThatThrownBy(() -> securityGroup("x").allow(tcp(80)).to(anywhere()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("allow(tcp 80) needs from(...), not to(...)");
        assertThatThrownBy(() -> securityGroup("x").allowOutbound(tcp(80)).from(anywhere()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("allowOutbound(tcp 80) needs to(...), not from(...)");
    }

    @Test
    void nacl_entriesSortByRuleNumberPerDirection() {
        Nacl acl = nacl("acl-1")
                .entry(rule(80).deny(tcp(22)).from("0.0.0.0/0"))
                .entry(rule(70).allow(tcp(22)).from("0.0.0.0/0"))
                .entry(rule(100).allow(all()).to("0.0.0.0/0"))
                .build();
        assertThat(acl.inbound())
                .extracting(NaclEntry::toString)
                .containsExactly("rule 70 (allow tcp 22 from 0.0.0.0/0)", "rule 80 (deny tcp 22 from 0.0.0.0/0)");
        assertThat(acl.outbound()).extracting(NaclEntry::ruleNumber).containsExactly(100);
        assertThat(acl.decide(false, Protocol.TCP, 22, Cidr.of("1.2.3.4")).ruleNumber())
                .isEqualTo(70);
        assertThat(acl.decide(false, Protocol.TCP, 23, Cidr.of("1.2.3.4")))
                .hasToString("rule * (deny all traffic from 0.0.0.0/0)");
    }

    @Test
    void nacl_whenRuleNumberRepeatsInOneDirection_rejects() {
        assertThatThrownBy(() -> nacl("acl-1")
                        .entry(rule(100).allow(tcp(80)).from("0.0.0.0/0"))
                        .entry(rule(100).deny(tcp(22)).from("10.0.0.0/8"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "NACL acl-1 has two inbound entries numbered 100; rule numbers must be unique per direction");
    }

    @Test
    void rule_whenNumberOutOfRange_rejects() {
        assertThatThrownBy(() -> rule(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NACL rule number 0 is out of range; expected 1..32766");
    }

    @Test
    void protocol_parse_readsNamesAndNumbers() {
        assertThat(Protocol.parse("6")).isEqualTo(Protocol.TCP);
        assertThat(Protocol.parse("-1")).isEqualTo(Protocol.ALL);
        assertThat(Protocol.parse("UDP")).isEqualTo(Protocol.UDP);
        assertThatThrownBy(() -> Protocol.parse("50"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported protocol '50'; expected tcp, udp, icmp, all or 6, 17, 1, -1");
    }
}
