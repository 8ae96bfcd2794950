package dev.awskit.cloudformation;

import dev.awskit.core.AwsKitStyle;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How {@link CloudFormationStack#deleteFailed(DeleteFailedRequest)} deletes a failed stack.
 *
 * <pre>{@code
 * stack.deleteFailed(d -> d.retainResources("LogBucket").timeout(Duration.ofMinutes(20)));
 * }</pre>
 */
@Value.Immutable
@AwsKitStyle
public interface DeleteFailedRequest {
    /** The default wait for {@code DELETE_COMPLETE}. */
    Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    /**
     * Logical ids of resources to leave in place ({@code aws cloudformation delete-stack
     * --retain-resources}): the resources whose deletion failed and blocked the stack's. CloudFormation
     * accepts them only for a stack in {@code DELETE_FAILED}; the kit refuses them for any other status
     * before sending anything.
     */
    List<String> retainResources();

    /** How long to wait for {@code DELETE_COMPLETE}; {@link #DEFAULT_TIMEOUT} when not set. */
    Optional<Duration> timeout();

    @Value.Check
    default void check() {
        for (String id : retainResources()) {
            if (id == null || id.isBlank() || id.length() > 255) {
                throw new IllegalArgumentException("retainResources: a logical id must be 1 to 255 characters, was \""
                        + id + "\"; pass the logical ids of the template, e.g. \"LogBucket\"");
            }
        }
        timeout().ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + t);
            }
        });
    }

    static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link DeleteFailedRequest}: the generated {@link DeleteFailedRequestBuilder}'s setters
     * plus {@link #retainResources(String...)}, the name of the CLI's option.
     */
    final class Builder extends DeleteFailedRequestBuilder {
        Builder() {}

        /** Adds logical ids of resources to retain ({@code --retain-resources A B}). */
        public Builder retainResources(String... logicalIds) {
            addRetainResources(logicalIds);
            return this;
        }
    }
}
