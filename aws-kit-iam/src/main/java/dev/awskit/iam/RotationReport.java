package dev.awskit.iam;

import dev.awskit.core.AwsKitStyle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What an access-key rotation did: every step with its outcome, the keys involved (ids only, never
 * a secret), the file written, and what remains to do by hand when a late step failed.
 */
@Value.Immutable
@AwsKitStyle
public abstract class RotationReport {
    /** How the rotation ended. */
    public enum Outcome {
        /** The file holds the new, verified key; the old key is deactivated (and deleted if asked). */
        ROTATED,
        /** The file holds the new, verified key, but deactivating or deleting the old key failed: see {@link #remaining()}. */
        ROTATED_WITH_REMAINING_WORK,
        /** A precondition failed before anything changed (session credentials, two keys, unwritable file). */
        REFUSED,
        /** A step failed after the new key was created; the new key was deleted, the file is untouched. */
        ROLLED_BACK,
        /** A step failed and could not be undone completely: see {@link #remaining()}. The file is untouched. */
        FAILED
    }

    public abstract Outcome outcome();

    public abstract String profile();

    public abstract Path credentialsFile();

    public abstract Optional<String> userArn();

    public abstract Optional<String> userName();

    public abstract Optional<String> oldAccessKeyId();

    public abstract Optional<String> newAccessKeyId();

    public abstract List<RotationStep> steps();

    /** Profiles of the file that now hold the new key. */
    public abstract List<String> updatedProfiles();

    /** The copy of the previous credentials file, when one was written. */
    public abstract Optional<Path> backupFile();

    /** What is left to do by hand, as sentences with the CLI command to run. Empty when nothing is. */
    public abstract List<String> remaining();

    public abstract Duration duration();

    /** Whether the file now holds a new, verified key. */
    public boolean rotated() {
        return outcome() == Outcome.ROTATED || outcome() == Outcome.ROTATED_WITH_REMAINING_WORK;
    }

    /** The step's entry, if the step ran. */
    public Optional<RotationStep> step(RotationStep.Step step) {
        return steps().stream().filter(s -> s.step() == step).reduce((a, b) -> b);
    }

    public static RotationReportBuilder builder() {
        return new RotationReportBuilder();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("RotationReport{")
                .append(outcome())
                .append(", profile=")
                .append(profile())
                .append(", file=")
                .append(credentialsFile());
        userArn().ifPresent(a -> b.append(", user=").append(a));
        oldAccessKeyId().ifPresent(k -> b.append(", oldKey=").append(k));
        newAccessKeyId().ifPresent(k -> b.append(", newKey=").append(k));
        if (!updatedProfiles().isEmpty()) {
            b.append(", updatedProfiles=").append(updatedProfiles());
        }
        backupFile().ifPresent(p -> b.append(", backup=").append(p));
        b.append(", took ").append(duration().toMillis()).append(" ms");
        for (RotationStep s : steps()) {
            b.append("\n  ").append(s);
        }
        for (String r : remaining()) {
            b.append("\n  TODO ").append(r);
        }
        return b.append("\n}").toString();
    }
}
