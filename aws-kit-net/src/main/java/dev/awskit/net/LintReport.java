package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import dev.awskit.core.Finding;
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

    /** Findings of one rule (a prowler check id), e.g. {@code ec2_securitygroup_default_restrict_traffic}. */
    public List<Finding> byRule(String rule) {
        return findings().stream().filter(f -> f.rule().equals(rule)).collect(Collectors.toList());
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
