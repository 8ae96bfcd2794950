package dev.awskit.net;

import dev.awskit.core.AwsKitException;

/**
 * {@code apply} or {@code destroy} stopped half-way; {@link #report()} lists exactly what exists
 * (and what this run did) so the run can be repeated (it is idempotent) or undone.
 */
public final class NetApplyException extends AwsKitException {
    private static final long serialVersionUID = 1L;

    private final transient ApplyReport report;

    public NetApplyException(String message, ApplyReport report, Throwable cause) {
        super(message, cause);
        this.report = report;
    }

    /** What the run did before it stopped. */
    public ApplyReport report() {
        return report;
    }
}
