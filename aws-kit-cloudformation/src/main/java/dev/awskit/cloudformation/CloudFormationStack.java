package dev.awskit.cloudformation;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * One CloudFormation stack, by name or stack id, in the kit's region. Nothing is called until a
 * method is; every method describes the stack afresh.
 *
 * <pre>{@code
 * CloudFormationStack stack = Stacks.of(aws).stack("my-cluster-stack");
 * stack.firstFailure().ifPresent(f -> System.out.println(f.summary()));
 * if (stack.status() == StackStatus.ROLLBACK_COMPLETE) {
 *     stack.deleteFailed();
 * }
 * }</pre>
 */
public interface CloudFormationStack {
    /** The name or stack id this handle was made with. */
    String name();

    /**
     * Whether the stack exists: false for a name no stack has, and for a deleted stack (by name, as
     * CloudFormation answers; by stack id, a deleted stack is {@code DELETE_COMPLETE} and does not exist).
     */
    boolean exists();

    /**
     * The stack's status now ({@code aws cloudformation describe-stacks --query Stacks[0].StackStatus}).
     *
     * @throws dev.awskit.core.AwsKitException when the stack does not exist (the message says how to list
     *     stacks) or the call fails
     */
    StackStatus status();

    /**
     * The stack's events, newest first as CloudFormation returns them ({@code aws cloudformation
     * describe-stack-events}), lazily: a page of DescribeStackEvents is fetched only when the stream
     * reaches it, so {@code events().limit(10)} costs one call.
     */
    Stream<StackEvent> events();

    /**
     * The first failed resource event of the stack's latest operation, followed into nested stacks; empty
     * when that operation has none.
     *
     * <p>The latest operation begins at the newest of the stack's own {@code CREATE_IN_PROGRESS}, {@code
     * UPDATE_IN_PROGRESS}, {@code DELETE_IN_PROGRESS} or {@code IMPORT_IN_PROGRESS} events; only the event
     * pages back to it are read. Within it, the first resource event whose status ends in {@code _FAILED}
     * and whose reason is not a cancellation ("Resource creation cancelled", the noise of resources
     * stopped because another failed) is the failure; without one, the stack's own failure (a timeout, a
     * rollback reason) is; without that, the first cancellation. A failed {@code
     * AWS::CloudFormation::Stack} resource is followed into the nested stack (by its physical id, so
     * also after the rollback deleted it), whose operation running at the parent's failure is read the
     * same way.
     */
    Optional<StackFailure> firstFailure();

    /** {@link #awaitComplete(Duration)} with a timeout of one hour. */
    StackReport awaitComplete();

    /**
     * Waits until the stack's operation ends ({@code aws cloudformation wait stack-create-complete}, and the
     * update, delete and import waits, in one): returns on {@code CREATE_COMPLETE}, {@code UPDATE_COMPLETE},
     * {@code DELETE_COMPLETE} or {@code IMPORT_COMPLETE}.
     *
     * @throws StackFailedException on a failed or rolled-back status, with the first failure in its message
     * @throws dev.awskit.core.WaitTimeoutException when the operation is still running after {@code
     *     timeout}, naming the status last seen
     * @throws dev.awskit.core.AwsKitException when the stack does not exist, or waits in {@code
     *     REVIEW_IN_PROGRESS} for a change set to be executed
     */
    StackReport awaitComplete(Duration timeout);

    /**
     * Deletes a stack whose creation failed ({@code ROLLBACK_COMPLETE}, {@code ROLLBACK_FAILED}, {@code
     * CREATE_FAILED}) or whose deletion failed ({@code DELETE_FAILED}), and waits for {@code
     * DELETE_COMPLETE} ({@code aws cloudformation delete-stack} then {@code wait stack-delete-complete}).
     * Any other status is refused with an {@link IllegalStateException} saying why, before anything is
     * sent: {@code UPDATE_ROLLBACK_COMPLETE}, for one, is a live stack whose update was rolled back.
     *
     * @return what was done; a stack that does not exist is reported, not deleted
     * @throws StackFailedException when the deletion fails again, naming the resources that blocked it
     *     and how to retain them
     */
    default StackDeleteReport deleteFailed() {
        return deleteFailed(DeleteFailedRequest.builder().build());
    }

    /** {@link #deleteFailed()} with resources to retain and a timeout. */
    StackDeleteReport deleteFailed(DeleteFailedRequest request);

    /** {@link #deleteFailed()}: {@code deleteFailed(d -> d.retainResources("LogBucket"))}. */
    default StackDeleteReport deleteFailed(Consumer<DeleteFailedRequest.Builder> request) {
        DeleteFailedRequest.Builder b = DeleteFailedRequest.builder();
        request.accept(b);
        return deleteFailed(b.build());
    }
}
