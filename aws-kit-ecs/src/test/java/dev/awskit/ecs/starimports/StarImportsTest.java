package dev.awskit.ecs.starimports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.*;
import dev.awskit.ecs.*;
import dev.awskit.net.*;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JShell's startup (examples/aws-kit.jsh) and the README snippets import every public package with a
 * star: this file compiles only while no two of them declare a type of the same name that it uses.
 */
class StarImportsTest {
    @Test
    void findingsOfEcsAndNet_areOneTypeWithOneSeverityScale_underStarImports() {
        ValidationReport validation = TaskDefinitions.validate(
                "{\"family\":\"web\",\"containerDefinitions\":[{\"name\":\"web\",\"image\":\"nginx\",\"memory\":512,"
                        + "\"logConfiguration\":{\"logDiver\":\"awslogs\"}}]}");
        LintReport lint = Net.plan("10.0.0.0/16")
                .zones(1)
                .publicSubnets(24)
                .securityGroups("bastion: 22 from anywhere")
                .build()
                .lint();

        List<Finding> all = new ArrayList<>(validation.findings());
        all.addAll(lint.findings());
        all.sort((a, b) -> a.severity().compareTo(b.severity()));

        assertThat(validation.errors()).isNotEmpty();
        assertThat(lint.byRule("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22"))
                .singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH));
        // one scale: what AWS rejects sorts before every rated risk
        assertThat(all.get(0).severity()).isEqualTo(Severity.ERROR);
        assertThat(all).anyMatch(f -> f.severity() == Severity.HIGH);
    }
}
