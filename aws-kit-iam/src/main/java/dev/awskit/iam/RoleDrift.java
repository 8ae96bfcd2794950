package dev.awskit.iam;

import dev.awskit.core.AwsKitStyle;
import java.util.Optional;
import org.immutables.value.Value;

/** One way an existing role differs from what was declared, and the call that fixes it. */
@Value.Immutable
@AwsKitStyle
public abstract class RoleDrift {
    /** What differs. */
    public enum Kind {
        /** The trust policy (assume-role policy document) is another one. */
        TRUST_POLICY,
        /** A declared managed policy is not attached. */
        MISSING_MANAGED_POLICY,
        /** A managed policy is attached that was not declared. */
        EXTRA_MANAGED_POLICY,
        /** A declared inline policy does not exist. */
        MISSING_INLINE_POLICY,
        /** An inline policy of the declared name holds another document. */
        DIFFERENT_INLINE_POLICY,
        /** An inline policy exists that was not declared. */
        EXTRA_INLINE_POLICY,
        /** A role trusted by EC2 has no instance profile of its name, or the profile does not hold the role. */
        MISSING_INSTANCE_PROFILE
    }

    public abstract Kind kind();

    /** The policy ARN, inline policy name or instance profile name concerned; the role name for the trust policy. */
    public abstract String subject();

    /** What was declared (a document's canonical JSON, external ids shown as {@code ****}), when it applies. */
    public abstract Optional<String> expected();

    /** What IAM holds (a document's canonical JSON, external ids shown as {@code ****}), when it applies. */
    public abstract Optional<String> actual();

    /** The CLI command that would fix it; {@code update()} runs its API call. */
    public abstract String fix();

    public static RoleDriftBuilder builder() {
        return new RoleDriftBuilder();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(kind().name()).append(' ').append(subject());
        expected().ifPresent(e -> b.append("\n      declared: ").append(e));
        actual().ifPresent(a -> b.append("\n      in IAM:   ").append(a));
        return b.append("\n      fix: ").append(fix()).toString();
    }
}
