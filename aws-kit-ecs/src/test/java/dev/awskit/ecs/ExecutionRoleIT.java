package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.iam.Iam;
import dev.awskit.iam.PolicyDocument;
import dev.awskit.iam.RoleReport;
import dev.awskit.iam.ServicePrincipal;
import dev.awskit.testing.Service;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import org.junit.jupiter.api.Test;

/**
 * The execution-role check and {@code ensureExecutionRole()} against an independent IAM (moto, with
 * the AWS managed policies loaded, or {@code AWSKIT_IT_ENDPOINT}). The check only reads IAM; moto
 * does not run tasks, so what ECS does with a bad role (CannotPullContainerError,
 * ResourceInitializationError) is not shown here: the check reads the same documents ECS would use.
 */
@UsesServer(Service.IAM)
class ExecutionRoleIT {
    private static String roleName(TestResources res) {
        String n = res.name();
        return n.length() <= 64 ? n : n.substring(n.length() - 64);
    }

    private static TaskDefinition td(AwsKit aws, String role) {
        String account = aws.identity().accountId();
        return TaskDefinition.fargate("web")
                .executionRole("arn:aws:iam::" + account + ":role/" + role)
                .container(c -> c.name("web")
                        .image(account + ".dkr.ecr.us-east-1.amazonaws.com/web:1.0")
                        .port(80)
                        .awslogs("web", "us-east-1"))
                .build();
    }

    @Test
    void check_beforeAndAfterEnsureExecutionRole_saysMissingThenOk(AwsKit aws, TestResources res) {
        String role = roleName(res);
        res.afterwards(() -> Iam.of(aws).role(role).delete());
        TaskDefinition td = td(aws, role);

        ExecutionRoleReport before = Ecs.of(aws).executionRole(td).check();
        RoleReport created = Ecs.of(aws).executionRole(td).ensureExecutionRole();
        ExecutionRoleReport after = Ecs.of(aws).executionRole(td).check();
        RoleReport again = Ecs.of(aws).executionRole(td).ensureExecutionRole();

        assertThat(before.roleExists()).isFalse();
        assertThat(before.problems()).singleElement().asString().startsWith("Role " + role + " (arn:aws:iam::");
        assertThat(created.outcome()).isEqualTo(RoleReport.Outcome.CREATED);
        assertThat(after.ok()).as("%s", after).isTrue();
        assertThat(after.trustsEcsTasks()).isTrue();
        assertThat(after.grantedBy())
                .containsEntry(
                        "ecr:GetAuthorizationToken",
                        "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")
                .containsEntry(
                        "logs:CreateLogStream",
                        "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
        assertThat(again.outcome()).isEqualTo(RoleReport.Outcome.UNCHANGED);
    }

    @Test
    void check_whenOnlyAnInlineEcrStatement_namesTheMissingLogActions(AwsKit aws, TestResources res) {
        String role = roleName(res);
        res.afterwards(() -> Iam.of(aws).role(role).delete());
        Iam.of(aws)
                .role(role)
                .trustedBy(ServicePrincipal.ECS_TASKS)
                .putInline(
                        "pull",
                        PolicyDocument.builder()
                                .allow(s -> s.actions(
                                                "ecr:GetAuthorizationToken",
                                                "ecr:BatchCheckLayerAvailability",
                                                "ecr:GetDownloadUrlForLayer",
                                                "ecr:BatchGetImage")
                                        .resources("*"))
                                .build())
                .createIfAbsent();

        ExecutionRoleReport r = Ecs.of(aws).executionRole(td(aws, role)).check();

        assertThat(r.grantedBy()).containsEntry("ecr:GetAuthorizationToken", "inline pull");
        assertThat(r.missingActions()).containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
        assertThat(r.problems())
                .singleElement()
                .asString()
                .startsWith("Role " + role + " does not allow logs:CreateLogStream, logs:PutLogEvents (the awslogs log"
                        + " driver, else ResourceInitializationError). Attach the managed policy: aws iam"
                        + " attach-role-policy --role-name " + role);
    }

    @Test
    void check_whenTheRoleTrustsLambda_saysEcsCannotAssumeIt(AwsKit aws, TestResources res) {
        String role = roleName(res);
        res.afterwards(() -> Iam.of(aws).role(role).delete());
        Iam.of(aws)
                .role(role)
                .trustedBy(ServicePrincipal.LAMBDA)
                .attach(dev.awskit.iam.ManagedPolicy.ECS_TASK_EXECUTION)
                .createIfAbsent();

        ExecutionRoleReport r = Ecs.of(aws).executionRole(td(aws, role)).check();

        assertThat(r.trustsEcsTasks()).isFalse();
        assertThat(r.missingActions()).isEmpty();
        assertThat(r.problems())
                .singleElement()
                .asString()
                .startsWith("Role " + role + " does not trust ecs-tasks.amazonaws.com, so ECS cannot assume it.");
    }

    @Test
    void ensureExecutionRole_whenTheRoleIsInAnotherAccount_refuses(AwsKit aws) {
        TaskDefinition td = TaskDefinition.fargate("web")
                .executionRole("arn:aws:iam::111122223333:role/ecsTaskExecutionRole")
                .container(c -> c.name("web").image("nginx:1.27"))
                .build();
        String account = aws.identity().accountId();

        assertThatThrownBy(() -> Ecs.of(aws).executionRole(td).ensureExecutionRole())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "The execution role arn:aws:iam::111122223333:role/ecsTaskExecutionRole of task definition web"
                                + " is in account 111122223333, but the kit's credentials are of account " + account
                                + ": create the role with credentials of that account, or point executionRoleArn at a role of "
                                + account + ".");
    }
}
