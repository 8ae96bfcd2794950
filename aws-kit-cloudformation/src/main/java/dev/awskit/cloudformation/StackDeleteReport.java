package dev.awskit.cloudformation;

import dev.awskit.core.AwsKitStyle;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** What {@link CloudFormationStack#deleteFailed()} did. */
@Value.Immutable
@AwsKitStyle
public interface StackDeleteReport {
    String stackName();

    /** The deleted stack's id (ARN); empty when there was no stack of that name. */
    Optional<String> stackId();

    String region();

    /** The status the stack was in before the delete; empty when there was no stack of that name. */
    Optional<String> statusBefore();

    /** True when DeleteStack was sent and the stack reached {@code DELETE_COMPLETE}. */
    boolean deleted();

    /** The logical ids of the resources left in place ({@code --retain-resources}). */
    List<String> retainedResources();

    /** How long the delete took, from DeleteStack to {@code DELETE_COMPLETE}. */
    Duration waited();

    static StackDeleteReportBuilder builder() {
        return new StackDeleteReportBuilder();
    }
}
