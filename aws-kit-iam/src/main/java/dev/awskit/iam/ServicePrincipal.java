package dev.awskit.iam;

/**
 * The AWS services that most often assume roles, as {@link Principal}s for {@code trustedBy(...)}.
 *
 * <pre>{@code
 * Iam.of(aws).role("ecsTaskExecutionRole").trustedBy(ServicePrincipal.ECS_TASKS)
 *     .attach(ManagedPolicy.ECS_TASK_EXECUTION).createIfAbsent();
 * }</pre>
 */
public final class ServicePrincipal {
    /** ECS tasks ({@code ecs-tasks.amazonaws.com}): task execution roles and task roles. */
    public static final Principal ECS_TASKS = Principal.service("ecs-tasks.amazonaws.com");

    /**
     * EC2 instances ({@code ec2.amazonaws.com}). A role trusted by EC2 gets an instance profile of the
     * same name, which is what {@code run-instances --iam-instance-profile Name=...} names.
     */
    public static final Principal EC2 = Principal.service("ec2.amazonaws.com");

    /** Lambda functions ({@code lambda.amazonaws.com}). */
    public static final Principal LAMBDA = Principal.service("lambda.amazonaws.com");

    /** The ECS service itself ({@code ecs.amazonaws.com}), e.g. seed 003's {@code ecsServiceRole}. */
    public static final Principal ECS = Principal.service("ecs.amazonaws.com");

    private ServicePrincipal() {}

    /** Any service principal, e.g. {@code of("codebuild.amazonaws.com")}. */
    public static Principal of(String servicePrincipal) {
        return Principal.service(servicePrincipal);
    }
}
