package dev.awskit.logs;

import dev.awskit.core.AwsKitStyle;
import java.util.List;
import org.immutables.value.Value;

/** Every row of an Insights run, with its report. */
@Value.Immutable
@AwsKitStyle
public abstract class InsightsResult {
    public abstract List<InsightsRow> rows();

    public abstract InsightsReport report();

    public static InsightsResult of(List<InsightsRow> rows, InsightsReport report) {
        return new InsightsResultBuilder().addAllRows(rows).report(report).build();
    }

    @Override
    public String toString() {
        return "InsightsResult{" + rows().size() + " rows, " + report() + "}";
    }
}
