package dev.awskit.ecs;

import dev.awskit.core.AwsKitStyle;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One problem found in a task definition: its severity, the rule that found it, where it is (a JSON
 * Pointer into the document, e.g. {@code /containerDefinitions/0/logConfiguration/logDiver}), a
 * message in the style of AWS's own error text, and how to fix it.
 */
@Value.Immutable
@AwsKitStyle
public abstract class Finding {
    Finding() {}

    public abstract Severity severity();

    /** The rule id, e.g. {@code fargate.cpu-memory}; the module README lists every rule and its source. */
    public abstract String rule();

    /** A JSON Pointer (RFC 6901) to the offending value; empty for the whole document. */
    public abstract String path();

    public abstract String message();

    /** What to change; empty when the message says it all. */
    public abstract String fix();

    /** 1-based line in the JSON text (of a syntax error, or of the value the path points to), when known. */
    public abstract Optional<Integer> line();

    /** 1-based column in the JSON text, when known. */
    public abstract Optional<Integer> column();

    public boolean isError() {
        return severity() == Severity.ERROR;
    }

    /** One line: {@code ERROR json.unknown-field at /containerDefinitions/0/...: message Fix: ...}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(severity()).append(' ').append(rule());
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
