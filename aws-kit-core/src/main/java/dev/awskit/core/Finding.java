package dev.awskit.core;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One problem a check of the kit found: its {@link Severity}, the rule that found it, where it is (a
 * resource, a JSON Pointer into a document and its line and column), a message, and how to fix it.
 * The task-definition validator of aws-kit-ecs and the network lint of aws-kit-net both report
 * findings of this one type, so a script that imports both modules has one {@code Finding}.
 *
 * <pre>{@code
 * ERROR fargate.cpu-memory at /cpu (line 3, column 10): ... Fix: ...      // a task definition
 * HIGH ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22 [CKV_AWS_24] security group app: ...
 * }</pre>
 */
@Value.Immutable
@AwsKitStyle
public abstract class Finding {
    Finding() {}

    public abstract Severity severity();

    /**
     * The rule's id: an aws-kit rule such as {@code fargate.cpu-memory} (the module README lists each
     * rule and its source) or a prowler check id such as
     * {@code ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22}.
     */
    public abstract String rule();

    /** The ids of the same check in other tools, e.g. checkov's {@code CKV_AWS_24}; often none. */
    public abstract List<String> seeAlso();

    /** What the finding is about, e.g. {@code security group app}; empty when {@link #path()} says it. */
    @Value.Default
    public String resource() {
        return "";
    }

    /**
     * A JSON Pointer (RFC 6901) to the offending value of the document checked, e.g.
     * {@code /containerDefinitions/0/logConfiguration/logDiver}; empty for the whole document or for
     * a finding about a resource.
     */
    @Value.Default
    public String path() {
        return "";
    }

    public abstract String message();

    /** What to change; empty when the message says it all. */
    @Value.Default
    public String fix() {
        return "";
    }

    /** 1-based line in the JSON text (of a syntax error, or of the value the path points to), when known. */
    public abstract Optional<Integer> line();

    /** 1-based column in the JSON text, when known. */
    public abstract Optional<Integer> column();

    /** Whether AWS would reject it ({@link Severity#ERROR}). */
    public boolean isError() {
        return severity() == Severity.ERROR;
    }

    /**
     * One line: {@code ERROR json.unknown-field at /containerDefinitions/0/...: message Fix: ...}, or
     * {@code HIGH <check id> [CKV_AWS_24] security group app: message}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(severity()).append(' ').append(rule());
        if (!seeAlso().isEmpty()) {
            sb.append(" [").append(String.join(", ", seeAlso())).append(']');
        }
        if (!resource().isEmpty()) {
            sb.append(' ').append(resource());
        }
        if (!path().isEmpty()) {
            sb.append(" at ").append(path());
            line().ifPresent(l -> sb.append(" (line ")
                    .append(l)
                    .append(column().map(c -> ", column " + c).orElse(""))
                    .append(')'));
        } else if (line().isPresent()) {
            sb.append(" at line ").append(line().get());
            column().ifPresent(c -> sb.append(", column ").append(c));
        }
        sb.append(": ").append(message());
        if (!fix().isEmpty()) {
            sb.append(" Fix: ").append(fix());
        }
        return sb.toString();
    }

    /** A finding at {@code path} of a document; {@code fix} may be empty. */
    public static Finding of(Severity severity, String rule, String path, String message, String fix) {
        return builder()
                .severity(severity)
                .rule(rule)
                .path(path)
                .message(message)
                .fix(fix)
                .build();
    }

    public static FindingBuilder builder() {
        return new FindingBuilder();
    }

    @Override
    public String toString() {
        return describe();
    }
}
