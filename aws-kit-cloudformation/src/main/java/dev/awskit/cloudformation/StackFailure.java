package dev.awskit.cloudformation;

import dev.awskit.core.AwsKitStyle;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The first failed resource event of a stack's latest operation: what {@code aws cloudformation
 * describe-stack-events} shows when read from the bottom up to the first {@code *_FAILED} line, without
 * the rollback noise ("Resource creation cancelled") that follows it.
 *
 * <p>When the failed resource is a nested stack ({@code AWS::CloudFormation::Stack}), the failure is
 * the nested stack's own first failure, and {@link #nestedStackPath()} names the nested-stack resources
 * that lead to it from the stack that was asked.
 *
 * <pre>{@code
 * Stacks.of(aws).stack("my-cluster-stack").firstFailure()
 *     .ifPresent(f -> System.out.println(f.summary()));
 * // NodeGroup (AWS::EKS::Nodegroup) CREATE_FAILED: Resource handler returned message: ...
 * }</pre>
 */
@Value.Immutable
@AwsKitStyle
public interface StackFailure {
    /** The resource's logical id in its template, e.g. {@code PrivateSubnet1}. */
    String logicalId();

    /** The resource's physical id; empty when the resource was never created. */
    Optional<String> physicalId();

    /** The resource type, e.g. {@code AWS::EC2::Subnet}. */
    String resourceType();

    /** The resource status of the event, e.g. {@code CREATE_FAILED}, {@code UPDATE_FAILED}. */
    String status();

    /** Why, as CloudFormation says it; empty when the event has no reason. */
    Optional<String> statusReason();

    /** When CloudFormation recorded the event. */
    Instant timestamp();

    /** The name of the stack whose events hold the failure (the nested stack's name when nested). */
    String stackName();

    /** The id (ARN) of the stack whose events hold the failure. */
    String stackId();

    /**
     * The logical ids of the nested-stack resources from the asked stack down to the stack that holds
     * the failure; empty when the failure is in the asked stack itself.
     */
    List<String> nestedStackPath();

    /** One line: {@code logicalId (type) STATUS: reason [in nested stack A > B]}. */
    default String summary() {
        return logicalId() + " (" + resourceType() + ") " + status()
                + statusReason().map(r -> ": " + r).orElse("")
                + (nestedStackPath().isEmpty()
                        ? ""
                        : " [in nested stack " + String.join(" > ", nestedStackPath()) + "]");
    }

    /** Builder: {@code StackFailure.builder().logicalId(..).resourceType(..)...build()}. */
    static StackFailureBuilder builder() {
        return new StackFailureBuilder();
    }
}
