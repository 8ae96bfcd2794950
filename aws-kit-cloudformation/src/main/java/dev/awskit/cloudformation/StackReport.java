package dev.awskit.cloudformation;

import dev.awskit.core.AwsKitStyle;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Where a stack's operation ended, as {@link CloudFormationStack#awaitComplete(Duration)} saw it: a
 * {@code *_COMPLETE} status that is not a rollback.
 */
@Value.Immutable
@AwsKitStyle
public interface StackReport {
    String stackName();

    /** The stack's id (ARN). */
    String stackId();

    String region();

    /** The terminal status, e.g. {@code CREATE_COMPLETE}, {@code UPDATE_COMPLETE}, {@code DELETE_COMPLETE}. */
    String status();

    /** The stack's status reason, when CloudFormation gives one. */
    Optional<String> statusReason();

    /** How long the kit waited. */
    Duration waited();

    /** How many times the kit described the stack while waiting. */
    int polls();

    static StackReportBuilder builder() {
        return new StackReportBuilder();
    }
}
