package dev.awskit.core.iam;

import dev.awskit.core.AwsKit;
import dev.awskit.core.iam.internal.DefaultIam;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * IAM chores: rotating an access key without ever losing a working one, and the admin bootstrap of
 * a fresh account (group, policy, user, console password).
 *
 * <pre>{@code
 * RotationReport r = aws.iam().rotateAccessKey(k -> k.profile("dev"));
 *
 * aws.iam().group("Admins").attach(Iam.ADMINISTRATOR_ACCESS);
 * aws.iam().user("admin").inGroup("Admins").loginProfile(password, true);
 * }</pre>
 */
public interface Iam {
    /** The AWS managed policy {@code AdministratorAccess} (partition {@code aws}). */
    String ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";

    /** The AWS managed policy {@code ReadOnlyAccess} (partition {@code aws}). */
    String READ_ONLY_ACCESS = "arn:aws:iam::aws:policy/ReadOnlyAccess";

    /** A facade over the kit's IAM and STS clients; {@link AwsKit#iam()} caches one. */
    static Iam of(AwsKit kit) {
        return new DefaultIam(Objects.requireNonNull(kit, "kit"));
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
    RotationReport rotateAccessKey(RotateAccessKeyRequest request);

    /** {@link #rotateAccessKey(RotateAccessKeyRequest)} with a builder: {@code k -> k.profile("dev")}. */
    default RotationReport rotateAccessKey(Consumer<RotateAccessKeyRequest.Builder> request) {
        RotateAccessKeyRequest.Builder b = RotateAccessKeyRequest.builder();
        request.accept(b);
        return rotateAccessKey(b.build());
    }

    /** The IAM group {@code name}; nothing is called until a method of the handle is. */
    IamGroup group(String name);

    /** The IAM user {@code name}; nothing is called until a method of the handle is. */
    IamUser user(String name);
}
