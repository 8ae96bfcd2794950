package dev.awskit.storage;

import dev.awskit.core.AwsKitStyle;
import java.util.Optional;
import org.immutables.value.Value;

/** One thing a sync could not do: the key (relative to the roots), what was tried, and why. */
@Value.Immutable
@AwsKitStyle
public abstract class SyncFailure {
    /** The key relative to the source or destination root; empty for the sync as a whole. */
    public abstract String key();

    /** {@code upload}, {@code download}, {@code copy}, {@code delete}, {@code list} or {@code sync}. */
    public abstract String operation();

    /** What went wrong and what to do, e.g. {@code "SlowDown (503): Please reduce your request rate."}. */
    public abstract String message();

    /** The exception behind it, when there is one. */
    @Value.Auxiliary
    public abstract Optional<Throwable> cause();

    public static SyncFailure of(String key, String operation, String message, Throwable cause) {
        return builder()
                .key(key)
                .operation(operation)
                .message(message)
                .cause(Optional.ofNullable(cause))
                .build();
    }

    public static SyncFailureBuilder builder() {
        return new SyncFailureBuilder();
    }

    @Override
    public String toString() {
        return operation() + " " + (key().isEmpty() ? "(sync)" : key()) + ": " + message();
    }
}
