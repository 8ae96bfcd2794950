package dev.awskit.iam;

import dev.awskit.core.AwsKit;
import dev.awskit.iam.internal.DefaultIam;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * IAM chores: rotating an access key without ever losing a working one, and the admin bootstrap of
 * a fresh account (group, policy, user, console password).
 *
 * <pre>{@code
 * RotationReport r = Iam.of(aws).rotateAccessKey(k -> k.profile("dev"));
 *
 * Iam iam = Iam.of(aws);
 * iam.group("Admins").attach(Iam.ADMINISTRATOR_ACCESS);
 * iam.user("admin").inGroup("Admins").loginProfile(password, true);
 * }</pre>
 */
public final class Iam {
    /** The AWS managed policy {@code AdministratorAccess} (partition {@code aws}). */
    public static final String ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";

    /** The AWS managed policy {@code ReadOnlyAccess} (partition {@code aws}). */
    public static final String READ_ONLY_ACCESS = "arn:aws:iam::aws:policy/ReadOnlyAccess";

    private final DefaultIam impl;

    private Iam(DefaultIam impl) {
        this.impl = impl;
    }

    /** A facade over the kit's IAM and STS clients (cheap: create one wherever you need it). */
    public static Iam of(AwsKit kit) {
        return new Iam(new DefaultIam(Objects.requireNonNull(kit, "kit")));
    }

    /** For tests of this package: a facade over a given implementation (clock, crash points). */
    static Iam of(DefaultIam impl) {
        return new Iam(impl);
    }

    /**
     * Rotates the access key of a profile of the shared credentials file:
     *
     * <ol>
     *   <li>reads the profile's key (session credentials are refused) and finds its user through STS;
     *   <li>lists the user's keys; a user with two keys is refused unless {@code deleteOtherKey()};
     *   <li>creates the new key (its secret stays in memory only);
     *   <li>verifies it with STS GetCallerIdentity (same user ARN), retrying while IAM propagates it;
     *   <li>writes the credentials file atomically (temp file, fsync, rename, mode 0600, backup),
     *       changing only the key lines;
     *   <li>deactivates the old key, and deletes it when asked.
     * </ol>
     *
     * A failure between steps 3 and 5 deletes the new key and leaves the file untouched; a failure
     * after step 5 leaves the file on the new, working key and lists what remains in the report.
     *
     * @return the report; its outcome is {@code ROTATED} or {@code ROTATED_WITH_REMAINING_WORK}
     * @throws AccessKeyRotationException when the rotation was refused or failed before the file was
     *     written; its {@link AccessKeyRotationException#report() report} lists every step
     */
    public RotationReport rotateAccessKey(RotateAccessKeyRequest request) {
        return impl.rotateAccessKey(request);
    }

    /** {@link #rotateAccessKey(RotateAccessKeyRequest)} with a builder: {@code k -> k.profile("dev")}. */
    public RotationReport rotateAccessKey(Consumer<RotateAccessKeyRequest.Builder> request) {
        RotateAccessKeyRequest.Builder b = RotateAccessKeyRequest.builder();
        request.accept(b);
        return rotateAccessKey(b.build());
    }

    /** The IAM group {@code name}; nothing is called until a method of the handle is. */
    public IamGroup group(String name) {
        return impl.group(name);
    }

    /**
     * The IAM role {@code name}, to declare (trust, managed and inline policies) and then check,
     * create, update or delete; nothing is called until one of those.
     *
     * <pre>{@code
     * Iam.of(aws).role("ecsTaskExecutionRole").trustedBy(ServicePrincipal.ECS_TASKS)
     *     .attach(ManagedPolicy.ECS_TASK_EXECUTION).createIfAbsent();
     * }</pre>
     *
     * @throws IllegalArgumentException when the name is not a valid role name (1-64 of letters,
     *     digits and + = , . @ _ -)
     */
    public IamRole role(String name) {
        return impl.role(name);
    }

    /**
     * The document of a managed policy's default version ({@code aws iam get-policy} then {@code aws
     * iam get-policy-version}), e.g. to see what {@link ManagedPolicy#ECS_TASK_EXECUTION} allows.
     *
     * @throws dev.awskit.core.AwsKitException when the policy does not exist or cannot be read
     */
    public PolicyDocument managedPolicyDocument(ManagedPolicy policy) {
        return impl.managedPolicyDocument(Objects.requireNonNull(policy, "policy"));
    }

    /** The ARN partition of the kit's region ({@code aws}, {@code aws-cn}, {@code aws-us-gov}). */
    public String partition() {
        return impl.partition();
    }

    /** The IAM user {@code name}; nothing is called until a method of the handle is. */
    public IamUser user(String name) {
        return impl.user(name);
    }

    @Override
    public String toString() {
        return impl.toString();
    }
}
