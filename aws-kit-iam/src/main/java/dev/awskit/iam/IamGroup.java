package dev.awskit.iam;

import java.util.List;

/**
 * An IAM group. Every method calls IAM at once and is idempotent: creating a group that exists or
 * attaching a policy that is attached is not an error.
 *
 * <pre>{@code
 * Iam.of(aws).group("Admins").attach(Iam.ADMINISTRATOR_ACCESS);   // create-group + attach-group-policy
 * }</pre>
 */
public interface IamGroup {
    String name();

    /** Whether the group exists. */
    boolean exists();

    /** Creates the group unless it exists ({@code aws iam create-group}). */
    IamGroup create();

    /** Creates the group if needed and attaches a managed policy ({@code aws iam attach-group-policy}). */
    IamGroup attach(String policyArn);

    /** The ARNs of the managed policies attached to the group. */
    List<String> attachedPolicies();
}
