package dev.awskit.iam;

import dev.awskit.core.AwsKitException;

/**
 * An access-key rotation was refused or failed before the credentials file was changed. The
 * {@link #report()} lists every step; when it was {@link RotationReport.Outcome#ROLLED_BACK} the new
 * key was deleted and nothing changed, otherwise {@link RotationReport#remaining()} says what to do.
 */
public final class AccessKeyRotationException extends AwsKitException {
    private static final long serialVersionUID = 1L;

    private final transient RotationReport report;

    public AccessKeyRotationException(String message, Throwable cause, RotationReport report) {
        super(message, cause, 1, false);
        this.report = report;
    }

    /** Every step of the rotation with its outcome. */
    public RotationReport report() {
        return report;
    }
}
