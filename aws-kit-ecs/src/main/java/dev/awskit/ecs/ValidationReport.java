package dev.awskit.ecs;

import dev.awskit.core.AwsKitStyle;
import dev.awskit.core.Finding;
import java.util.List;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * What {@link TaskDefinitions#validate(String)} found: every {@link Finding}, errors first, in
 * document order within a severity.
 *
 * <pre>{@code
 * ValidationReport r = TaskDefinitions.validate(Path.of("web-task-definition.json"));
 * if (!r.isValid()) System.out.println(r);
 * }</pre>
 */
@Value.Immutable
@AwsKitStyle
public abstract class ValidationReport {
    ValidationReport() {}

    /** Where the task definition came from (a file name, {@code <string>}, or the family). */
    public abstract String source();

    public abstract List<Finding> findings();

    /** True when nothing AWS would reject was found; warnings may remain. */
    public boolean isValid() {
        return errors().isEmpty();
    }

    public List<Finding> errors() {
        return findings().stream().filter(Finding::isError).collect(Collectors.toUnmodifiableList());
    }

    public List<Finding> warnings() {
        return findings().stream().filter(f -> !f.isError()).collect(Collectors.toUnmodifiableList());
    }

    /** Whether any finding comes from the given rule id. */
    public boolean has(String rule) {
        return findings().stream().anyMatch(f -> f.rule().equals(rule));
    }

    /** The findings of one rule. */
    public List<Finding> byRule(String rule) {
        return findings().stream().filter(f -> f.rule().equals(rule)).collect(Collectors.toUnmodifiableList());
    }

    /** A summary line and one line per finding. */
    @Override
    public String toString() {
        long errors = findings().stream().filter(Finding::isError).count();
        long warnings = findings().size() - errors;
        StringBuilder sb = new StringBuilder();
        sb.append(source()).append(": ");
        if (findings().isEmpty()) {
            sb.append("valid, no findings");
        } else {
            sb.append(errors == 0 ? "valid" : "INVALID")
                    .append(", ")
                    .append(errors)
                    .append(errors == 1 ? " error, " : " errors, ")
                    .append(warnings)
                    .append(warnings == 1 ? " warning" : " warnings");
        }
        for (Finding f : findings()) {
            sb.append(System.lineSeparator()).append("  ").append(f.describe());
        }
        return sb.toString();
    }

    public static ValidationReport of(String source, List<Finding> findings) {
        return builder().source(source).addAllFindings(findings).build();
    }

    public static ValidationReportBuilder builder() {
        return new ValidationReportBuilder();
    }
}
