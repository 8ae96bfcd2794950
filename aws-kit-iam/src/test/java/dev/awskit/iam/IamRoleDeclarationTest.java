package dev.awskit.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Misuse of a role declaration is refused before any call (the kit points at a closed port). */
class IamRoleDeclarationTest {
    private final AwsKit kit = AwsKit.builder()
            .region("us-east-1")
            .credentials("awskit-test-key", "test-secret")
            .endpoint("http://127.0.0.1:9")
            .build();

    @AfterEach
    void close() {
        kit.close();
    }

    @Test
    void createIfAbsent_withoutTrust_saysHowToDeclareIt() {
        assertThatThrownBy(() -> Iam.of(kit)
                        .role("app")
                        .attach(ManagedPolicy.READ_ONLY_ACCESS)
                        .createIfAbsent())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Role app has no trust policy: say who may assume it, e.g."
                        + " .trustedBy(ServicePrincipal.ECS_TASKS)");
    }

    @Test
    void putInline_withPrincipal_isRefusedAsNotAPermissionsPolicy() {
        assertThatThrownBy(() -> Iam.of(kit).role("app").putInline("x", PolicyDocument.trust(ServicePrincipal.LAMBDA)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "Inline policy x of role app is not a permissions policy: Statement[0].Principal:"
                                + " is only allowed in a trust policy");
    }

    @Test
    void trustPolicy_withoutPrincipal_isRefused_andTrustIsDeclaredOnce() {
        PolicyDocument perms = PolicyDocument.builder()
                .allow(s -> s.actions("s3:GetObject").resources("*"))
                .build();
        assertThatThrownBy(() -> Iam.of(kit).role("app").trustPolicy(perms))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Not a trust policy for role app: Statement[0].Principal: is missing");
        assertThatThrownBy(() -> Iam.of(kit)
                        .role("app")
                        .trustedBy(ServicePrincipal.LAMBDA)
                        .trustPolicy(PolicyDocument.trust(ServicePrincipal.EC2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Role app has a trust policy already (trustedBy [Principal{Service lambda.amazonaws.com}]);"
                        + " declare it once");
        assertThatThrownBy(() ->
                        Iam.of(kit).role("app").attach(ManagedPolicy.READ_ONLY_ACCESS, ManagedPolicy.READ_ONLY_ACCESS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ManagedPolicy{aws ReadOnlyAccess} is attached to role app already; name it once");
    }

    @Test
    void role_whenNameTooLongOrInvalid_isRefused() {
        assertThatThrownBy(() -> Iam.of(kit).role("r".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("IAM role name '" + "r".repeat(65) + "' is too long (65 characters); at most 64");
        assertThatThrownBy(() -> Iam.of(kit).role("my role"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "IAM role name 'my role' is not valid; expected 1-128 of letters, digits and + = , . @ _ -");
    }

    @Test
    void aDeclaredRole_printsWhatIsDeclared_andThatNothingRan() {
        IamRole r = Iam.of(kit)
                .role("ecsTaskExecutionRole")
                .trustedBy(ServicePrincipal.ECS_TASKS)
                .attach(ManagedPolicy.ECS_TASK_EXECUTION);
        assertThat(r.toString())
                .isEqualTo("IamRole{ecsTaskExecutionRole, trustedBy [Principal{Service ecs-tasks.amazonaws.com}],"
                        + " attach [ManagedPolicy{aws service-role/AmazonECSTaskExecutionRolePolicy}] (declared;"
                        + " nothing called yet)}");
    }

    @Test
    void partition_followsTheKitsRegion() {
        try (AwsKit china = AwsKit.builder()
                        .region("cn-north-1")
                        .credentials("awskit-test-key", "test-secret")
                        .endpoint("http://127.0.0.1:9")
                        .build();
                AwsKit gov = AwsKit.builder()
                        .region("us-gov-west-1")
                        .credentials("awskit-test-key", "test-secret")
                        .endpoint("http://127.0.0.1:9")
                        .build()) {
            assertThat(Iam.of(kit).partition()).isEqualTo("aws");
            assertThat(Iam.of(china).partition()).isEqualTo("aws-cn");
            assertThat(Iam.of(gov).partition()).isEqualTo("aws-us-gov");
        }
    }
}
