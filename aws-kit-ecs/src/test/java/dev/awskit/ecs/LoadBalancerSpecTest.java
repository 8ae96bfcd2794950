package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.net.Net;
import dev.awskit.net.VpcPlan;
import org.junit.jupiter.api.Test;

/** The web service's settings: defaults as AWS's, each written once, bad values named. */
class LoadBalancerSpecTest {

    @Test
    void defaults_areAwssOwn_listen80PathSlashMatcher200TrafficPort() {
        LoadBalancerSpec d = LoadBalancerSpec.builder().build();

        assertThat(d.toString())
                .isEqualTo("internet-facing ALB on HTTP 80, health check / on traffic-port expecting 200");
    }

    @Test
    void listen_twice_failsNamingBothValues() {
        assertThatThrownBy(() -> LoadBalancerSpec.builder().listen(80).listen(8080))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("listen was already set to 80; cannot set it to 8080");
    }

    @Test
    void healthCheck_withoutSlash_isRejectedWithTheValue() {
        assertThatThrownBy(() -> LoadBalancerSpec.builder().healthCheck("health"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("healthCheck path must start with / and have at most 1024 characters, got 'health'");
    }

    @Test
    void webService_twoTaskDefinitions_failsNamingBoth() {
        WebService ws = Ecs.of(dev.awskit.core.AwsKit.builder()
                        .region("us-east-1")
                        .credentials("awskit-test-key", "test-secret")
                        .build())
                .webService("chat")
                .taskDefinition("chat:3");

        assertThatThrownBy(() -> ws.taskDefinition(TaskDefinition.fargate("other")
                        .container(c -> c.name("a").image("nginx"))
                        .build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("taskDefinition was already set to chat:3; cannot set it to other");
    }

    @Test
    void webService_deployWithoutAVpc_saysWhatToCall() {
        WebService ws = Ecs.of(dev.awskit.core.AwsKit.builder()
                        .region("us-east-1")
                        .credentials("awskit-test-key", "test-secret")
                        .build())
                .webService("chat")
                .port(8080);

        assertThatThrownBy(ws::deploy)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("web service chat needs a VPC: call in(plan), in(model) or in(\"vpc-...\")");
    }

    @Test
    void webService_check_onAPlanWhoseContainerDoesNotMapThePort_saysSoOffline() {
        VpcPlan plan = Net.plan("10.0.0.0/16")
                .zones(2)
                .publicSubnets(24)
                .privateSubnets(24)
                .build();
        WebService ws = Ecs.of(dev.awskit.core.AwsKit.builder()
                        .region("us-east-1")
                        .credentials("awskit-test-key", "test-secret")
                        .build())
                .webService("chat")
                .taskDefinition(TaskDefinition.fargate("chat")
                        .cpu("0.5 vCPU")
                        .memory("1 GB")
                        .container(c -> c.name("chat").image("nginx:1.27").port(80))
                        .build())
                .port(8080)
                .in(plan);

        ValidationReport r = ws.check();

        assertThat(r.byRule("webservice.container-port")).singleElement().satisfies(f -> assertThat(f.message())
                .isEqualTo("Container chat of chat maps ports [80], not 8080: CreateService rejects a load balancer on"
                        + " an unmapped port."));
        // and deploy() refuses before creating anything (no endpoint is called: this kit has none)
        assertThatThrownBy(ws::deploy).isInstanceOf(IllegalStateException.class);
    }
}
