/**
 * ECS: task definitions that are right before AWS sees them, and deploys that say why they fail.
 *
 * <ul>
 *   <li>{@link dev.awskit.ecs.TaskDefinition} — an immutable task definition over the SDK's
 *       {@code RegisterTaskDefinitionRequest}, with a fluent builder ({@code TaskDefinition.fargate("web")
 *       .cpu("1 vCPU").memory("2 GB").container(c -> ...)}), JSON in the AWS format, {@code withImage}.
 *   <li>{@link dev.awskit.ecs.TaskDefinitions} — strict reading ({@link dev.awskit.ecs.TaskDefinitionDocument}),
 *       {@code validate(td | Path | String)} to a {@link dev.awskit.ecs.ValidationReport} of
 *       {@link dev.awskit.core.Finding}s, and {@code diff}.
 *   <li>{@link dev.awskit.ecs.Ecs} — {@code Ecs.of(aws)}: register (validating first), describe, diff
 *       revisions, clusters ({@link dev.awskit.ecs.EcsCluster}: run / start / stop tasks) and services
 *       ({@link dev.awskit.ecs.EcsService}: create, scale, {@code deploy(td).awaitSteady(timeout)}, which
 *       fails with a {@link dev.awskit.ecs.DeploymentFailedException} listing the service events and the
 *       stopped tasks' reasons).
 *   <li>{@link dev.awskit.ecs.WebService} — {@code Ecs.of(aws).webService("chat")}: a Fargate service
 *       behind an Application Load Balancer on an aws-kit-net plan or described VPC; {@code deploy()} /
 *       {@code destroy()} to a {@link dev.awskit.ecs.WebServiceReport}, {@code check()} / {@code explain()}
 *       to a {@link dev.awskit.ecs.ValidationReport} of why it would not (or does not) work.
 * </ul>
 *
 * <pre>{@code
 * ValidationReport r = TaskDefinitions.validate(Path.of("web-task-definition.json"));
 * System.out.println(r);
 * Ecs.of(aws).cluster("deepdive").service("web").deploy(td).awaitSteady(Duration.ofMinutes(10));
 * }</pre>
 */
package dev.awskit.ecs;
