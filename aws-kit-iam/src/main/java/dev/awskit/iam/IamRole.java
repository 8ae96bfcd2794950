package dev.awskit.iam;

import java.util.Optional;

/**
 * An IAM role as declared: who may assume it, the managed policies attached, the inline policies.
 * Immutable: each declaring method returns a new handle; nothing is called until {@link #check()},
 * {@link #createIfAbsent()}, {@link #update()}, {@link #delete()}, {@link #exists()} or {@link
 * #describe()}.
 *
 * <pre>{@code
 * RoleReport r = Iam.of(aws).role("ecsTaskExecutionRole")
 *     .trustedBy(ServicePrincipal.ECS_TASKS)
 *     .attach(ManagedPolicy.ECS_TASK_EXECUTION)
 *     .createIfAbsent();     // CREATED, UNCHANGED, or DRIFT (never overwrites)
 * }</pre>
 *
 * <p>A role trusted by {@link ServicePrincipal#EC2} also gets an instance profile of the same name
 * holding it ({@code ecsInstanceRole}), which is what EC2 instances are launched with.
 */
public interface IamRole {
    String name();

    /** Lets these principals assume the role (the trust policy, one statement each). */
    IamRole trustedBy(Principal... principals);

    /**
     * A trust policy written out in full (e.g. {@link PolicyDocument#read}), instead of {@link #trustedBy}.
     *
     * @throws IllegalArgumentException when the document is not a trust policy (no Principal, or a Resource)
     * @throws IllegalStateException when the trust policy is declared already
     */
    IamRole trustPolicy(PolicyDocument trustPolicy);

    /** Attaches these managed policies. */
    IamRole attach(ManagedPolicy... policies);

    /**
     * An inline policy of the role ({@code aws iam put-role-policy}).
     *
     * @throws IllegalArgumentException when the document has a Principal or lacks a Resource
     * @throws IllegalStateException when an inline policy of that name is declared already
     */
    IamRole putInline(String policyName, PolicyDocument document);

    /** A description for a role this handle creates. */
    IamRole description(String description);

    /** Whether the role exists ({@code aws iam get-role}). */
    boolean exists();

    /** The role as IAM has it, or empty when it does not exist. Read-only. */
    Optional<RoleDescription> describe();

    /** Compares the role in IAM with the declaration: UNCHANGED, DRIFT or ABSENT. Read-only. */
    RoleReport check();

    /**
     * Creates the role as declared when it does not exist (CREATED); an existing role is compared and
     * reported (UNCHANGED or DRIFT), never changed.
     */
    RoleReport createIfAbsent();

    /**
     * Creates the role, or makes an existing one match the declaration: replaces the trust policy,
     * attaches and detaches managed policies, puts and deletes inline policies, adds the instance
     * profile. The report lists the differences fixed and each call made.
     */
    RoleReport update();

    /**
     * Deletes the role: removes it from its instance profiles (deleting the profile of its name),
     * detaches its managed policies and deletes its inline policies first. ABSENT when there is none.
     */
    RoleReport delete();
}
