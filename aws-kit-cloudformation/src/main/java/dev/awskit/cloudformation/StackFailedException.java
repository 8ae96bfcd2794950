package dev.awskit.cloudformation;

import dev.awskit.core.AwsKitException;
import java.util.Optional;

/**
 * A stack's operation ended in a failed or rolled-back status ({@code ROLLBACK_COMPLETE}, {@code
 * UPDATE_ROLLBACK_COMPLETE}, {@code DELETE_FAILED}...). The message names the stack, the region, the
 * status and the {@linkplain #firstFailure() first failure} of the operation.
 */
public final class StackFailedException extends AwsKitException {
    private static final long serialVersionUID = 1L;

    private final String stackName;
    private final String status;
    private final transient StackFailure firstFailure;

    /** A failed operation of {@code stackName}, ending in {@code status}. */
    public StackFailedException(String message, String stackName, String status, StackFailure firstFailure) {
        super(message, null, 1, false);
        this.stackName = stackName;
        this.status = status;
        this.firstFailure = firstFailure;
    }

    public String stackName() {
        return stackName;
    }

    /** The stack's terminal status, e.g. {@code ROLLBACK_COMPLETE}. */
    public String status() {
        return status;
    }

    /** The first failed resource event of the operation, when the events show one. */
    public Optional<StackFailure> firstFailure() {
        return Optional.ofNullable(firstFailure);
    }
}
