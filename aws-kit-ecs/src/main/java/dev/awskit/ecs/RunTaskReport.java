package dev.awskit.ecs;

import java.util.List;

/** What RunTask / StartTask started and what it could not place, with AWS's reasons. */
public final class RunTaskReport {
    private final List<String> taskArns;
    private final List<String> failures;

    RunTaskReport(List<String> taskArns, List<String> failures) {
        this.taskArns = List.copyOf(taskArns);
        this.failures = List.copyOf(failures);
    }

    public List<String> taskArns() {
        return taskArns;
    }

    /** {@code arn: reason (detail)} for each failure. */
    public List<String> failures() {
        return failures;
    }

    public boolean allStarted() {
        return failures.isEmpty() && !taskArns.isEmpty();
    }

    @Override
    public String toString() {
        return "RunTaskReport{started=" + taskArns.size() + ", failures=" + failures + "}";
    }
}
