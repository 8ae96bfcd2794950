package dev.awskit.ecs;

import dev.awskit.core.AwsKitStyle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/** What {@link ExecutionRoleCheck#check()} found: each problem with the call that fixes it. */
@Value.Immutable
@AwsKitStyle
public abstract class ExecutionRoleReport {
    /** The task definition's family. */
    public abstract String family();

    /** The definition's {@code executionRoleArn}, when it has one. */
    public abstract Optional<String> roleArn();

    /** Whether the role exists in IAM. */
    public abstract boolean roleExists();

    /** Whether the role's trust policy lets {@code ecs-tasks.amazonaws.com} assume it. */
    public abstract boolean trustsEcsTasks();

    /** The actions the definition's containers need the role to allow (empty when they need none). */
    public abstract List<String> requiredActions();

    /** For each allowed required action: the policy that allows it (a managed policy ARN, or {@code inline <name>}). */
    public abstract Map<String, String> grantedBy();

    /** The required actions no policy of the role allows. */
    public abstract List<String> missingActions();

    /** What is wrong, each with the call or CLI command that fixes it. Empty when the role is fine. */
    public abstract List<String> problems();

    /** Whether ECS can use the role for this definition, as far as IAM's documents tell. */
    public boolean ok() {
        return problems().isEmpty();
    }

    public static ExecutionRoleReportBuilder builder() {
        return new ExecutionRoleReportBuilder();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ExecutionRoleReport{")
                .append(family())
                .append(", role ")
                .append(roleArn().orElse("(none)"))
                .append(ok() ? ", OK" : ", " + problems().size() + " problem(s)");
        grantedBy()
                .forEach((a, by) ->
                        b.append("\n  ").append(a).append(" allowed by ").append(by));
        problems().forEach(p -> b.append("\n  PROBLEM ").append(p));
        return b.append(grantedBy().isEmpty() && problems().isEmpty() ? "}" : "\n}")
                .toString();
    }
}
