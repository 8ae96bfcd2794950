package dev.awskit.ecs;

import dev.awskit.core.AwsKitStyle;
import java.util.List;
import org.immutables.value.Value;

/** What RunTask / StartTask started and what it could not place, with AWS's reasons. */
@Value.Immutable
@AwsKitStyle
public abstract class RunTaskReport {
    RunTaskReport() {}

    /** The ARNs of the tasks started. */
    public abstract List<String> taskArns();

    /** {@code arn: reason (detail)} for each failure. */
    public abstract List<String> failures();

    /** True when at least one task started and none failed. */
    public boolean allStarted() {
        return failures().isEmpty() && !taskArns().isEmpty();
    }

    static RunTaskReport of(List<String> taskArns, List<String> failures) {
        return new RunTaskReportBuilder()
                .addAllTaskArns(taskArns)
                .addAllFailures(failures)
                .build();
    }

    @Override
    public String toString() {
        return "RunTaskReport{started=" + taskArns().size() + ", failures=" + failures() + "}";
    }
}
