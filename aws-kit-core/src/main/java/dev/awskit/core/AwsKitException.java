package dev.awskit.core;

import java.util.Optional;

/**
 * The unchecked root of every failure aws-kit reports. The SDK exception, when there is one, is
 * always the cause; the message says what failed, where (resource, region) and what to do next.
 *
 * <p>Misuse of the API (a malformed ARN, a negative size) is an {@link IllegalArgumentException} or
 * {@link IllegalStateException} instead.
 */
public class AwsKitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private int attempts; // only ever raised, by RetryPolicy, before the exception leaves the kit
    private final boolean retryable;

    /**
     * A failure whose attempt count is the cause's: the SDK's {@code numAttempts()} (or an {@code
     * AwsKitException}'s {@link #attempts()}) in the cause chain, else 1. Retryable when the cause
     * is (see {@link AwsErrors}).
     */
    public AwsKitException(String message, Throwable cause) {
        this(message, cause, AwsErrors.attempts(cause));
    }

    /**
     * The kit's failure for {@code operation}: {@code "<operation> failed[ after N attempts]:
     * <code> (<status>): <message>"}, with the real number of HTTP attempts behind {@code cause}.
     *
     * <pre>{@code
     * try {
     *     return sts.getCallerIdentity();
     * } catch (SdkException e) {
     *     throw AwsKitException.of("sts:GetCallerIdentity (profile dev, region us-west-2)", e);
     * }
     * }</pre>
     */
    public static AwsKitException of(String operation, Throwable cause) {
        int attempts = AwsErrors.attempts(cause);
        return new AwsKitException(
                operation + " failed" + (attempts > 1 ? " after " + attempts + " attempts" : "") + ": "
                        + AwsErrors.describe(cause),
                cause,
                attempts);
    }

    /** A failure after {@code attempts} attempts. */
    public AwsKitException(String message, Throwable cause, int attempts) {
        this(message, cause, attempts, cause != null && AwsErrors.isRetryable(cause));
    }

    /** A failure with an explicit retryable flag (for failures that have no SDK cause). */
    public AwsKitException(String message, Throwable cause, int attempts, boolean retryable) {
        super(message, cause);
        this.attempts = Math.max(1, attempts);
        this.retryable = retryable;
    }

    /** A failure with no cause. */
    public AwsKitException(String message) {
        this(message, null, 1, false);
    }

    /** Whether trying the same thing again later may succeed (throttling, 5xx, a reset connection). */
    public boolean retryable() {
        return retryable;
    }

    /**
     * How many HTTP attempts were made before giving up: the SDK's retries of a single call, summed
     * over the kit's retries of a workflow step.
     */
    public int attempts() {
        return attempts;
    }

    /**
     * Raises {@link #attempts()} to the HTTP attempts of every try of a workflow step, so that
     * {@link RetryPolicy#execute} can rethrow the step's own exception (and its subtype) after
     * retrying it.
     */
    void attemptsAtLeast(int total) {
        attempts = Math.max(attempts, total);
    }

    /** The AWS request id of the failed call, when the cause carries one. */
    public Optional<String> requestId() {
        return AwsErrors.requestId(getCause());
    }

    /** The AWS error code of the cause (e.g. {@code NoSuchBucket}), when there is one. */
    public Optional<String> errorCode() {
        return AwsErrors.errorCode(getCause());
    }
}
