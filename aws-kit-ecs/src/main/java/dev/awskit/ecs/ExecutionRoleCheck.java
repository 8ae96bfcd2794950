package dev.awskit.ecs;

import dev.awskit.iam.RoleReport;

/**
 * The execution role of a task definition: the role ECS assumes to pull the image and write the
 * logs before the task starts (its lack is the most common reason a first Fargate task stops with
 * {@code CannotPullContainerError} or {@code ResourceInitializationError}). From {@link
 * Ecs#executionRole(TaskDefinition)}; nothing is called until {@link #check()} or {@link
 * #ensureExecutionRole()}.
 *
 * <pre>{@code
 * ExecutionRoleReport r = Ecs.of(aws).executionRole(td).check();   // read-only
 * if (!r.ok()) {
 *     r.problems().forEach(System.out::println);                   // what is missing and the call that fixes it
 * }
 * Ecs.of(aws).executionRole(td).ensureExecutionRole();             // creates the standard role if absent
 * }</pre>
 */
public interface ExecutionRoleCheck {
    /** The role's name: the one the definition's {@code executionRoleArn} names, else {@value #STANDARD_NAME}. */
    String roleName();

    /** The name of the role the ECS console creates: {@code ecsTaskExecutionRole}. */
    String STANDARD_NAME = "ecsTaskExecutionRole";

    /**
     * Checks, reading only, that the role exists, trusts {@code ecs-tasks.amazonaws.com}, and allows
     * what the definition's containers need: the ECR pull actions for an ECR image, {@code
     * logs:CreateLogStream} and {@code logs:PutLogEvents} for the awslogs driver, and reading the
     * secrets and registry credentials they reference.
     */
    ExecutionRoleReport check();

    /**
     * Creates the standard execution role under {@link #roleName()} when it does not exist: trusted by
     * {@code ecs-tasks.amazonaws.com}, with {@code AmazonECSTaskExecutionRolePolicy} attached. An
     * existing role is compared, reported and left as it is ({@code RoleReport.Outcome.DRIFT} when it
     * differs).
     *
     * @throws IllegalStateException when the definition's role is in another account than the kit's
     *     credentials (create it there)
     */
    RoleReport ensureExecutionRole();
}
