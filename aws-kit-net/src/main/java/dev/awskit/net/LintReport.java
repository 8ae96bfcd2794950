package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import java.util.List;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/** What {@link VpcModel#lint()} found; prints one finding per line. */
@Value.Immutable
@AwsKitStyle
public abstract class LintReport {
    LintReport() {}

    public abstract List<Finding> findings();

    public boolean clean() {
        return findings().isEmpty();
    }

    /** Findings with the given id. */
    public List<Finding> withId(String id) {
        return findings().stream().filter(f -> f.id().equals(id)).collect(Collectors.toList());
    }

    public static LintReport of(List<Finding> findings) {
        return new LintReportBuilder().addAllFindings(findings).build();
    }

    @Override
    public String toString() {
        if (findings().isEmpty()) {
            return "no findings";
        }
        return findings().size() + " finding(s):\n"
                + findings().stream().map(f -> "  " + f).collect(Collectors.joining("\n"));
    }
}
