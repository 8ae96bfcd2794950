package dev.awskit.core;

import java.time.Duration;

/** A wait ran out of time. The message says what was awaited, for how long, and the last state seen. */
public final class WaitTimeoutException extends AwsKitException {
    private static final long serialVersionUID = 1L;

    private final Duration waited;

    public WaitTimeoutException(String message, Duration waited, int attempts) {
        super(message, null, attempts, true);
        this.waited = waited;
    }

    /** How long the wait lasted. */
    public Duration waited() {
        return waited;
    }
}
