package dev.awskit.ecs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.ecs.ExecutionRoleReport;
import dev.awskit.ecs.TaskDefinition;
import dev.awskit.iam.PolicyDocument;
import dev.awskit.iam.RoleDescription;
import dev.awskit.iam.ServicePrincipal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * Each decision of the execution-role check, one passing and one failing example each, on roles
 * described by hand. What a feature needs follows the ECS Developer Guide's "Amazon ECS task
 * execution IAM role" page; the managed policy's document is the one the AWS Managed Policy Reference
 * prints for AmazonECSTaskExecutionRolePolicy.
 */
class ExecutionRoleRulesTest {
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole";
    static final String POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
    static final PolicyDocument EXECUTION_POLICY = PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{"
            + "\"Effect\":\"Allow\",\"Action\":[\"ecr:GetAuthorizationToken\",\"ecr:BatchCheckLayerAvailability\","
            + "\"ecr:GetDownloadUrlForLayer\",\"ecr:BatchGetImage\",\"logs:CreateLogStream\",\"logs:PutLogEvents\"],"
            + "\"Resource\":\"*\"}]}");
    static final String ECR_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0";

    private static RegisterTaskDefinitionRequest td(String image, boolean awslogs, String roleArn) {
        TaskDefinition.Builder b = TaskDefinition.fargate("web");
        if (roleArn != null) {
            b.executionRole(roleArn);
        }
        return b.container(c -> {
                    c.name("web").image(image).port(80);
                    if (awslogs) {
                        c.awslogs("web", "us-east-1");
                    }
                })
                .build()
                .toRequest();
    }

    private static RoleDescription role(PolicyDocument trust, Map<String, PolicyDocument> inline, String... attached) {
        return RoleDescription.builder()
                .roleName("ecsTaskExecutionRole")
                .arn(ROLE_ARN)
                .trustPolicy(trust)
                .addAttachedPolicyArns(attached)
                .putAllInlinePolicies(inline)
                .build();
    }

    private static ExecutionRoleReport evaluate(RegisterTaskDefinitionRequest td, Optional<RoleDescription> role) {
        return ExecutionRoleRules.evaluate(td, "aws", role, Map.of(POLICY_ARN, EXECUTION_POLICY));
    }

    @Test
    void requiredActions_ecrImageAndAwslogs_needThePullAndLogActions_dockerHubWithoutLogsNeedsNone() {
        assertThat(ExecutionRoleRules.requiredActions(td(ECR_IMAGE, true, ROLE_ARN)))
                .containsExactly(
                        "ecr:GetAuthorizationToken",
                        "ecr:BatchCheckLayerAvailability",
                        "ecr:GetDownloadUrlForLayer",
                        "ecr:BatchGetImage",
                        "logs:CreateLogStream",
                        "logs:PutLogEvents");
        assertThat(ExecutionRoleRules.requiredActions(td("nginx:1.27", false, ROLE_ARN)))
                .isEmpty();
        assertThat(ExecutionRoleRules.requiredActions(td("nginx:1.27", true, ROLE_ARN)))
                .containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
    }

    @Test
    void requiredActions_secretsFromSsmAndSecretsManager_needTheirReadActions() {
        RegisterTaskDefinitionRequest td = TaskDefinition.fargate("web")
                .executionRole(ROLE_ARN)
                .container(c -> c.name("web")
                        .image("nginx:1.27")
                        .secret("DB", "arn:aws:ssm:us-east-1:123456789012:parameter/db")
                        .secret("API", "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-AbCdEf"))
                .build()
                .toRequest();
        assertThat(ExecutionRoleRules.requiredActions(td))
                .containsExactly("ssm:GetParameters", "secretsmanager:GetSecretValue");
    }

    @Test
    void noExecutionRoleArn_isAProblemOnlyWhenTheContainersNeedOne() {
        ExecutionRoleReport needs = evaluate(td(ECR_IMAGE, true, null), Optional.empty());
        ExecutionRoleReport needsNone = evaluate(td("nginx:1.27", false, null), Optional.empty());

        assertThat(needs.ok()).isFalse();
        assertThat(needs.problems())
                .singleElement()
                .asString()
                .startsWith(
                        "Task definition web has no executionRoleArn, but its containers need ecr:GetAuthorizationToken,")
                .contains("(pulling the image from ECR, else CannotPullContainerError; the awslogs log driver, else"
                        + " ResourceInitializationError)")
                .endsWith("Create the standard role with Ecs.of(aws).executionRole(td).ensureExecutionRole() and set"
                        + " .executionRole(\"arn:aws:iam::<account>:role/ecsTaskExecutionRole\") on the definition.");
        assertThat(needsNone.ok()).isTrue();
        assertThat(needsNone.roleArn()).isEmpty();
    }

    @Test
    void missingRole_isAProblemSayingHowToCreateIt_anExistingOneIsNot() {
        ExecutionRoleReport missing = evaluate(td(ECR_IMAGE, true, ROLE_ARN), Optional.empty());
        ExecutionRoleReport fine = evaluate(
                td(ECR_IMAGE, true, ROLE_ARN),
                Optional.of(role(PolicyDocument.trust(ServicePrincipal.ECS_TASKS), Map.of(), POLICY_ARN)));

        assertThat(missing.roleExists()).isFalse();
        assertThat(missing.problems())
                .containsExactly("Role ecsTaskExecutionRole (" + ROLE_ARN + ") does not exist, so ECS cannot start the"
                        + " task. Create it with Ecs.of(aws).executionRole(td).ensureExecutionRole() (aws iam create-role"
                        + " --role-name ecsTaskExecutionRole --assume-role-policy-document file://trust.json, then aws iam"
                        + " attach-role-policy --role-name ecsTaskExecutionRole --policy-arn " + POLICY_ARN + ").");
        assertThat(fine.ok()).isTrue();
        assertThat(fine.grantedBy())
                .containsEntry("ecr:GetAuthorizationToken", POLICY_ARN)
                .containsEntry("logs:CreateLogStream", POLICY_ARN);
    }

    @Test
    void trust_whenTheRoleTrustsLambdaNotEcsTasks_isAProblem() {
        ExecutionRoleReport r = evaluate(
                td("nginx:1.27", false, ROLE_ARN),
                Optional.of(role(PolicyDocument.trust(ServicePrincipal.LAMBDA), Map.of(), POLICY_ARN)));

        assertThat(r.trustsEcsTasks()).isFalse();
        assertThat(r.problems())
                .singleElement()
                .asString()
                .startsWith(
                        "Role ecsTaskExecutionRole does not trust ecs-tasks.amazonaws.com, so ECS cannot assume it.")
                .contains("aws iam update-assume-role-policy --role-name ecsTaskExecutionRole");
    }

    @Test
    void permissions_anInlineStatementCounts_andWhatItLacksIsNamedWithTheFix() {
        PolicyDocument pullOnly = PolicyDocument.builder()
                .allow(s -> s.actions("ecr:*").resources("*"))
                .build();
        ExecutionRoleReport r = evaluate(
                td(ECR_IMAGE, true, ROLE_ARN),
                Optional.of(role(PolicyDocument.trust(ServicePrincipal.ECS_TASKS), Map.of("pull", pullOnly))));

        assertThat(r.grantedBy())
                .containsEntry("ecr:GetAuthorizationToken", "inline pull")
                .hasSize(4);
        assertThat(r.missingActions()).containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
        assertThat(r.problems())
                .containsExactly("Role ecsTaskExecutionRole does not allow logs:CreateLogStream, logs:PutLogEvents (the"
                        + " awslogs log driver, else ResourceInitializationError). Attach the managed policy: aws iam"
                        + " attach-role-policy --role-name ecsTaskExecutionRole --policy-arn " + POLICY_ARN
                        + " (ManagedPolicy.ECS_TASK_EXECUTION), or add an inline statement allowing them on \"*\".");
    }

    @Test
    void permissions_anUnconditionalDenyWinsOverTheManagedPolicysAllow() {
        PolicyDocument deny = PolicyDocument.builder()
                .deny(s -> s.actions("logs:*").resources("*"))
                .build();
        ExecutionRoleReport r = evaluate(
                td("nginx:1.27", true, ROLE_ARN),
                Optional.of(
                        role(PolicyDocument.trust(ServicePrincipal.ECS_TASKS), Map.of("no-logs", deny), POLICY_ARN)));

        assertThat(r.missingActions()).containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
        assertThat(r.problems())
                .last()
                .asString()
                .isEqualTo(
                        "A Deny statement of role ecsTaskExecutionRole denies logs:CreateLogStream, logs:PutLogEvents;"
                                + " a Deny wins over every Allow: remove it (aws iam get-role-policy / get-policy-version show"
                                + " where it is).");
    }
}
