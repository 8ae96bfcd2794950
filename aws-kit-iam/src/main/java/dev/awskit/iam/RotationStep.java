package dev.awskit.iam;

import dev.awskit.core.AwsKitStyle;
import org.immutables.value.Value;

/** One step of an access-key rotation and how it ended. */
@Value.Immutable
@AwsKitStyle
public abstract class RotationStep {
    /** The steps, in the order they run. */
    public enum Step {
        READ_PROFILE,
        IDENTIFY_USER,
        LIST_KEYS,
        DELETE_OTHER_KEY,
        CREATE_KEY,
        VERIFY_NEW_KEY,
        WRITE_FILE,
        DEACTIVATE_OLD_KEY,
        DELETE_OLD_KEY,
        ROLLBACK_DELETE_NEW_KEY
    }

    /** How a step ended. */
    public enum Status {
        DONE,
        SKIPPED,
        REFUSED,
        FAILED
    }

    public abstract Step step();

    public abstract Status status();

    /** What happened, with key ids (never secrets). */
    public abstract String detail();

    /** Calls made for this step (retries included); 0 for local steps. */
    @Value.Default
    public int attempts() {
        return 0;
    }

    public static RotationStep of(Step step, Status status, String detail, int attempts) {
        return builder()
                .step(step)
                .status(status)
                .detail(detail)
                .attempts(attempts)
                .build();
    }

    public static RotationStepBuilder builder() {
        return new RotationStepBuilder();
    }

    @Override
    public String toString() {
        return step() + " " + status() + ": " + detail() + (attempts() > 1 ? " (" + attempts() + " attempts)" : "");
    }
}
