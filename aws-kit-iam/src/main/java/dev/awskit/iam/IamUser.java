package dev.awskit.iam;

import java.util.List;

/**
 * An IAM user. Every method calls IAM at once and is idempotent.
 *
 * <pre>{@code
 * Iam.of(aws).user("admin").inGroup("Admins").loginProfile(password, true);
 * }</pre>
 */
public interface IamUser {
    String name();

    /** Whether the user exists. */
    boolean exists();

    /** Creates the user unless it exists ({@code aws iam create-user}). */
    IamUser create();

    /** Creates the user if needed and adds it to {@code group} ({@code aws iam add-user-to-group}). */
    IamUser inGroup(String group);

    /**
     * Gives the user a console password ({@code aws iam create-login-profile}) unless the user has one
     * already: then it is kept, so that running a bootstrap again never resets a password the user
     * chose (change one on purpose with {@code kit.client(IamClient.class).updateLoginProfile(...)}).
     * The password is never logged.
     */
    IamUser loginProfile(char[] password, boolean passwordResetRequired);

    /** The groups the user is in. */
    List<String> groups();
}
