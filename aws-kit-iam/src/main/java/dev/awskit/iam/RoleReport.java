package dev.awskit.iam;

import dev.awskit.core.AwsKitStyle;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What a role operation found and did: the outcome, the role's ARN, every difference between the
 * declared role and IAM's, and the calls made.
 */
@Value.Immutable
@AwsKitStyle
public abstract class RoleReport {
    /** How the operation ended. */
    public enum Outcome {
        /** The role did not exist and was created as declared. */
        CREATED,
        /** The role exists as declared; nothing was changed. */
        UNCHANGED,
        /** The role exists but differs (see {@link #drift()}); nothing was changed: call {@code update()}. */
        DRIFT,
        /** The role differed and was changed to match (see {@link #changes()}). */
        UPDATED,
        /** The role (and what held it: attachments, inline policies, profile membership) was deleted. */
        DELETED,
        /** There is no such role (a check or delete of a missing role). */
        ABSENT
    }

    public abstract String roleName();

    public abstract Outcome outcome();

    /** The role's ARN, when it exists (or existed before a delete). */
    public abstract Optional<String> arn();

    /** The instance profile's ARN, for a role trusted by EC2. */
    public abstract Optional<String> instanceProfileArn();

    /** The differences found (for UPDATED: those that were fixed). */
    public abstract List<RoleDrift> drift();

    /** The changing calls made, in order: {@code "AttachRolePolicy arn:aws:iam::aws:policy/..."}. */
    public abstract List<String> changes();

    /** Whether the role differs from the declaration (and was left so). */
    public boolean hasDrift() {
        return outcome() == Outcome.DRIFT;
    }

    public static RoleReportBuilder builder() {
        return new RoleReportBuilder();
    }

    @Override
    public String toString() {
        StringBuilder b =
                new StringBuilder("RoleReport{").append(roleName()).append(' ').append(outcome());
        arn().ifPresent(a -> b.append(", ").append(a));
        instanceProfileArn().ifPresent(a -> b.append(", instance profile ").append(a));
        for (RoleDrift d : drift()) {
            b.append("\n  drift ").append(d);
        }
        for (String c : changes()) {
            b.append("\n  did ").append(c);
        }
        return b.append(drift().isEmpty() && changes().isEmpty() ? "}" : "\n}").toString();
    }
}
