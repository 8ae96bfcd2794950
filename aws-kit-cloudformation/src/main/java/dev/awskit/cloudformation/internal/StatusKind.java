package dev.awskit.cloudformation.internal;

import java.util.Optional;
import java.util.Set;

/**
 * What a stack status means to someone waiting on it (the stack status codes of
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html#cfn-console-view-stack-data-resources-status-codes).
 */
public enum StatusKind {
    /** An operation runs; wait. */
    IN_PROGRESS,
    /** The operation ended as asked: CREATE_COMPLETE, UPDATE_COMPLETE, DELETE_COMPLETE, IMPORT_COMPLETE. */
    COMPLETE,
    /** The operation failed or was rolled back: every *_FAILED and *ROLLBACK_COMPLETE. */
    FAILED,
    /** REVIEW_IN_PROGRESS: a stack created by a change set that nobody executed; it waits for ever. */
    REVIEW,
    /** A status this version does not know; the wait goes on and shows it. */
    UNKNOWN;

    private static final Set<String> COMPLETE_STATUSES =
            Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "DELETE_COMPLETE", "IMPORT_COMPLETE");

    /** Deletable by {@code deleteFailed()}: a failed creation, or a failed deletion. */
    private static final Set<String> FAILED_CREATE = Set.of("ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED");

    public static StatusKind of(String status) {
        if (status == null) {
            return UNKNOWN;
        }
        if (status.equals("REVIEW_IN_PROGRESS")) {
            return REVIEW;
        }
        if (COMPLETE_STATUSES.contains(status)) {
            return COMPLETE;
        }
        if (status.endsWith("_IN_PROGRESS")) {
            return IN_PROGRESS;
        }
        if (status.endsWith("_FAILED") || status.endsWith("ROLLBACK_COMPLETE")) {
            return FAILED;
        }
        return UNKNOWN;
    }

    /**
     * Why {@code deleteFailed()} refuses a stack in {@code status}, or empty when it deletes it. A stack
     * in DELETE_COMPLETE or absent is handled before this.
     */
    public static Optional<String> deleteRefusal(String stack, String region, String status, boolean retaining) {
        String where = "Stack " + stack + " (" + region + ") is " + status;
        if (FAILED_CREATE.contains(status)) {
            if (retaining) {
                return Optional.of(where + ": retainResources is accepted only for a stack in DELETE_FAILED"
                        + " (CloudFormation refuses it otherwise, and a failed creation's rollback has already"
                        + " deleted what it created). Call deleteFailed() without retainResources; if that"
                        + " deletion fails, retain the resources it names.");
            }
            return Optional.empty();
        }
        if (status.equals("DELETE_FAILED")) {
            return Optional.empty();
        }
        String why =
                switch (status) {
                    case "UPDATE_ROLLBACK_COMPLETE" ->
                        ": a live stack. Its last update failed and was rolled back to the"
                                + " previous template; its resources are in use. deleteFailed() deletes only stacks whose"
                                + " creation or deletion failed; to delete a live stack, run"
                                + " aws cloudformation delete-stack --stack-name " + stack;
                    case "UPDATE_ROLLBACK_FAILED" ->
                        ": its update failed and so did the rollback; the stack is stuck, not"
                                + " failed-and-deletable. Continue the rollback first (aws cloudformation"
                                + " continue-update-rollback --stack-name " + stack
                                + ", with --resources-to-skip for the"
                                + " resources that cannot roll back).";
                    case "UPDATE_FAILED" ->
                        ": an update with rollback disabled failed; the stack is live. Roll it back"
                                + " (aws cloudformation rollback-stack --stack-name " + stack
                                + ") or fix and update it.";
                    case "REVIEW_IN_PROGRESS" ->
                        ": it holds a change set nobody executed and has no resources; it is"
                                + " not a failed stack. Delete it with aws cloudformation delete-stack --stack-name "
                                + stack
                                + " if you mean to.";
                    default ->
                        switch (of(status)) {
                            case IN_PROGRESS ->
                                ": an operation is in progress. Wait for it (awaitComplete()), then call"
                                        + " deleteFailed() if it failed.";
                            case COMPLETE, FAILED ->
                                ": a live stack, not a failed creation or deletion. deleteFailed()"
                                        + " deletes only stacks in ROLLBACK_COMPLETE, ROLLBACK_FAILED, CREATE_FAILED or"
                                        + " DELETE_FAILED; to delete a live stack, run aws cloudformation delete-stack"
                                        + " --stack-name " + stack;
                            default ->
                                ": a status this version of aws-kit does not know; nothing was deleted. See what"
                                        + " the stack is doing with aws cloudformation describe-stack-events --stack-name "
                                        + stack;
                        };
                };
        return Optional.of(where + why);
    }
}
