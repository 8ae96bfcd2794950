package dev.awskit.net;

import static dev.awskit.net.NetDsl.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupSpecTest {

    @Test
    void securityGroups_seed001Sentence_buildsAlbAndApp() {
        List<SecurityGroup> groups = securityGroups("alb: 80 from anywhere; app: all TCP from the alb group");
        assertThat(groups).extracting(SecurityGroup::name).containsExactly("alb", "app");
        assertThat(groups.get(0).ingress())
                .extracting(SecurityGroupRule::toString)
                .containsExactly("allow tcp 80 from 0.0.0.0/0");
        assertThat(groups.get(1).ingress())
                .extracting(SecurityGroupRule::toString)
                .containsExactly("allow all tcp from group alb");
    }

    @Test
    void securityGroups_rangesProtocolsCidrsAndIds_read() {
        SecurityGroup g = securityGroups(
                        "db: 5432 from group app, tcp 6379-6380 from 10.0.0.0/16, udp 53 from sg-0abc, icmp from 10.1.2.3")
                .get(0);
        assertThat(g.ingress())
                .extracting(SecurityGroupRule::toString)
                .containsExactly(
                        "allow tcp 5432 from group app",
                        "allow tcp 6379-6380 from 10.0.0.0/16",
                        "allow udp 53 from group sg-0abc",
                        "allow icmp from 10.1.2.3/32");
    }

    @Test
    void plan_seed001InOneLine_matchesTheDslVersion() {
        VpcPlan words = Net.plan("10.0.0.0/16")
                .zones(2)
                .publicSubnets(24)
                .privateSubnets(24)
                .natGateway(NatGateway.PER_ZONE)
                .securityGroups("alb: 80 from anywhere; app: all TCP from the alb group")
                .build();
        assertThat(words.model()).isEqualTo(VpcPlanTest.seed001().model());
    }

    @Test
    void securityGroups_whenSourceUnreadable_namesItAndTheForm() {
        assertThatThrownBy(() -> securityGroups("alb: 80 from the internet please"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "unknown source 'the internet please'; expected 'name: <traffic> from <source>");
        assertThatThrownBy(() -> securityGroups("alb: port eighty from anywhere"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown traffic 'port eighty'; expected");
        assertThatThrownBy(() -> securityGroups("alb 80 from anywhere"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'alb 80 from anywhere' has no 'name:'; expected");
        assertThatThrownBy(() -> securityGroups("alb: 80 anywhere"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rule '80 anywhere' has no 'from'; expected");
    }
}
