package dev.awskit.ecs;

import dev.awskit.core.AwsKitException;

/** {@link Ecs#register} refused a task definition that AWS would reject; the report says why. */
public final class TaskDefinitionInvalidException extends AwsKitException {
    private static final long serialVersionUID = 1L;

    private final transient ValidationReport report;

    TaskDefinitionInvalidException(String message, ValidationReport report) {
        super(message, null, 1, false);
        this.report = report;
    }

    public ValidationReport report() {
        return report;
    }
}
