package dev.awskit.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.testing.FaultProxy;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * Roles against an independent IAM: the shared moto_server (MOTO_IAM_LOAD_MANAGED_POLICIES=true, so
 * the AWS managed policies exist) or {@code AWSKIT_IT_ENDPOINT}. Names are unique per test; every
 * role is deleted afterwards.
 *
 * <p>Where moto differs from AWS: moto stores an account principal as written ({@code
 * "123456789012"}) where IAM rewrites it to {@code arn:aws:iam::123456789012:root}; the comparison
 * treats both as equal (unit-tested in PolicyDocumentTest), so the same assertions hold on both. moto
 * does not evaluate trust policies when a role is assumed, so the external id is checked in the
 * stored document, not by a refused AssumeRole.
 */
@UsesServer(Service.IAM)
class IamRoleIT {
    private static IamRole executionRole(AwsKit aws, String name) {
        return Iam.of(aws).role(name).trustedBy(ServicePrincipal.ECS_TASKS).attach(ManagedPolicy.ECS_TASK_EXECUTION);
    }

    private static String roleName(TestResources res) {
        String n = res.name();
        return n.length() <= 64 ? n : n.substring(n.length() - 64);
    }

    @Test
    void createIfAbsent_createsTheExecutionRole_andARerunChangesNothing(AwsKit aws, TestResources res) {
        String name = roleName(res);
        res.afterwards(() -> Iam.of(aws).role(name).delete());

        RoleReport first = executionRole(aws, name).createIfAbsent();
        RoleReport second = executionRole(aws, name).createIfAbsent();

        assertThat(first.outcome()).isEqualTo(RoleReport.Outcome.CREATED);
        assertThat(first.arn()).hasValueSatisfying(a -> assertThat(a).endsWith(":role/" + name));
        assertThat(first.changes())
                .containsExactly(
                        "CreateRole",
                        "AttachRolePolicy arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
        assertThat(first.instanceProfileArn()).isEmpty();
        assertThat(second.outcome()).isEqualTo(RoleReport.Outcome.UNCHANGED);
        assertThat(second.changes()).isEmpty();
        assertThat(second.drift()).isEmpty();
        assertThat(second.arn()).isEqualTo(first.arn());
        // what IAM holds, read with the SDK alone
        IamClient iam = aws.client(IamClient.class);
        assertThat(PolicyDocument.fromIam(
                        iam.getRole(r -> r.roleName(name)).role().assumeRolePolicyDocument()))
                .isEqualTo(PolicyDocument.parse(PolicyDocumentTest.ECS_TASKS_TRUST_FROM_DOCS));
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName(name)).attachedPolicies())
                .extracting(p -> p.policyArn())
                .containsExactly("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
    }

    @Test
    void createIfAbsent_onAnExistingRole_sendsOnlyItsFourReads(AwsKit aws, Target target, TestResources res) {
        assumeThat(target.endpoint().getScheme())
                .as("FaultProxy forwards plain HTTP")
                .isEqualTo("http");
        String name = roleName(res);
        res.afterwards(() -> Iam.of(aws).role(name).delete());
        executionRole(aws, name).createIfAbsent();

        try (FaultProxy counting = FaultProxy.builder(target.endpoint()).start();
                AwsKit viaProxy = target.withEndpoint(counting.endpoint()).kit()) {
            RoleReport again = executionRole(viaProxy, name).createIfAbsent();

            assertThat(again.outcome()).isEqualTo(RoleReport.Outcome.UNCHANGED);
            assertThat(counting.exchanges())
                    .extracting(e -> e.request().operation())
                    .containsExactly(
                            "GetRole", "ListAttachedRolePolicies", "ListRolePolicies", "ListInstanceProfilesForRole");
        }
    }

    @Test
    void createIfAbsent_whenTheRoleWasChangedByHand_reportsDrift_andChangesNothing(AwsKit aws, TestResources res) {
        String name = roleName(res);
        res.afterwards(() -> Iam.of(aws).role(name).delete());
        executionRole(aws, name).createIfAbsent();
        IamClient iam = aws.client(IamClient.class);
        String lambdaTrust = PolicyDocument.trust(ServicePrincipal.LAMBDA).toJson();
        iam.updateAssumeRolePolicy(r -> r.roleName(name).policyDocument(lambdaTrust));
        iam.attachRolePolicy(r -> r.roleName(name).policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        iam.putRolePolicy(r -> r.roleName(name)
                .policyName("by-hand")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                        + "\"Resource\":\"*\"}]}"));

        RoleReport r = executionRole(aws, name).createIfAbsent();

        assertThat(r.outcome()).isEqualTo(RoleReport.Outcome.DRIFT);
        assertThat(r.hasDrift()).isTrue();
        assertThat(r.changes()).isEmpty();
        assertThat(r.drift())
                .extracting(RoleDrift::kind, RoleDrift::subject)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(RoleDrift.Kind.TRUST_POLICY, name),
                        org.assertj.core.groups.Tuple.tuple(
                                RoleDrift.Kind.EXTRA_MANAGED_POLICY, "arn:aws:iam::aws:policy/ReadOnlyAccess"),
                        org.assertj.core.groups.Tuple.tuple(RoleDrift.Kind.EXTRA_INLINE_POLICY, "by-hand"));
        assertThat(r.drift().get(0).actual()).hasValue(lambdaTrust);
        assertThat(r.drift().get(1).fix())
                .isEqualTo("aws iam detach-role-policy --role-name " + name
                        + " --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess");
        // not overwritten: IAM still has the hand-made trust policy
        assertThat(PolicyDocument.fromIam(
                        iam.getRole(b -> b.roleName(name)).role().assumeRolePolicyDocument()))
                .isEqualTo(PolicyDocument.trust(ServicePrincipal.LAMBDA));
    }

    @Test
    void update_makesTheRoleAsDeclared_andSaysWhatItChanged(AwsKit aws, TestResources res) {
        String name = roleName(res);
        res.afterwards(() -> Iam.of(aws).role(name).delete());
        Iam.of(aws)
                .role(name)
                .trustedBy(ServicePrincipal.LAMBDA)
                .attach(ManagedPolicy.READ_ONLY_ACCESS)
                .createIfAbsent();
        PolicyDocument logs = PolicyDocument.builder()
                .allow(s ->
                        s.actions("logs:CreateLogStream", "logs:PutLogEvents").resources("*"))
                .build();

        RoleReport r = executionRole(aws, name).putInline("logs", logs).update();

        assertThat(r.outcome()).isEqualTo(RoleReport.Outcome.UPDATED);
        assertThat(r.changes())
                .containsExactly(
                        "UpdateAssumeRolePolicy",
                        "AttachRolePolicy arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
                        "DetachRolePolicy arn:aws:iam::aws:policy/ReadOnlyAccess",
                        "PutRolePolicy logs");
        RoleReport after = executionRole(aws, name).putInline("logs", logs).check();
        assertThat(after.outcome()).isEqualTo(RoleReport.Outcome.UNCHANGED);
        assertThat(Iam.of(aws).role(name).describe())
                .hasValueSatisfying(d -> assertThat(d.inlinePolicies()).containsEntry("logs", logs));
    }

    @Test
    void check_comparesInlineDocumentsByMeaning_notByTheirText(AwsKit aws, TestResources res) {
        String name = roleName(res);
        res.afterwards(() -> Iam.of(aws).role(name).delete());
        PolicyDocument declared = PolicyDocument.builder()
                .allow(s -> s.actions("ecr:GetAuthorizationToken", "logs:CreateLogStream")
                        .resources("*"))
                .build();
        executionRole(aws, name).createIfAbsent();
        // the same policy, written otherwise: other order, other case, a list of one for a string
        aws.client(IamClient.class).putRolePolicy(b -> b.roleName(name)
                .policyName("pull")
                .policyDocument("{\"Statement\":[{\"Resource\":[\"*\"],\"Action\":[\"logs:createLogStream\","
                        + "\"ecr:GetAuthorizationToken\"],\"Effect\":\"Allow\"}],\"Version\":\"2012-10-17\"}"));

        assertThat(executionRole(aws, name).putInline("pull", declared).check().outcome())
                .isEqualTo(RoleReport.Outcome.UNCHANGED);
        PolicyDocument other = PolicyDocument.builder()
                .allow(s -> s.actions("ecr:GetAuthorizationToken").resources("*"))
                .build();
        RoleReport r = executionRole(aws, name).putInline("pull", other).check();
        assertThat(r.outcome()).isEqualTo(RoleReport.Outcome.DRIFT);
        assertThat(r.drift()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(RoleDrift.Kind.DIFFERENT_INLINE_POLICY);
            assertThat(d.expected()).hasValue(other.toJson());
        });
    }

    @Test
    void ec2Role_getsAnInstanceProfileOfItsName_andDeleteRemovesBoth(AwsKit aws, TestResources res) {
        String name = roleName(res);
        res.afterwards(() -> Iam.of(aws).role(name).delete());
        IamRole instanceRole = Iam.of(aws)
                .role(name)
                .trustedBy(ServicePrincipal.EC2)
                .attach(ManagedPolicy.EC2_CONTAINER_SERVICE_FOR_EC2_ROLE, ManagedPolicy.S3_READ_ONLY);

        RoleReport created = instanceRole.createIfAbsent();
        RoleReport again = instanceRole.createIfAbsent();

        assertThat(created.outcome()).isEqualTo(RoleReport.Outcome.CREATED);
        assertThat(created.changes()).endsWith("CreateInstanceProfile " + name, "AddRoleToInstanceProfile " + name);
        assertThat(created.instanceProfileArn())
                .hasValueSatisfying(a -> assertThat(a).endsWith(":instance-profile/" + name));
        IamClient iam = aws.client(IamClient.class);
        assertThat(iam.getInstanceProfile(b -> b.instanceProfileName(name))
                        .instanceProfile()
                        .roles())
                .extracting(r -> r.roleName())
                .containsExactly(name);
        assertThat(again.outcome()).isEqualTo(RoleReport.Outcome.UNCHANGED);
        assertThat(again.instanceProfileArn()).isEqualTo(created.instanceProfileArn());

        // the profile lost its role by hand: drift, and update() puts it back
        iam.removeRoleFromInstanceProfile(b -> b.instanceProfileName(name).roleName(name));
        assertThat(instanceRole.check().drift())
                .extracting(RoleDrift::kind)
                .containsExactly(RoleDrift.Kind.MISSING_INSTANCE_PROFILE);
        assertThat(instanceRole.update().changes()).containsExactly("AddRoleToInstanceProfile " + name);

        RoleReport deleted = Iam.of(aws).role(name).delete();

        assertThat(deleted.outcome()).isEqualTo(RoleReport.Outcome.DELETED);
        assertThat(deleted.changes())
                .containsExactly(
                        "RemoveRoleFromInstanceProfile " + name,
                        "DeleteInstanceProfile " + name,
                        "DetachRolePolicy arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
                        "DetachRolePolicy arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
                        "DeleteRole");
        assertThatThrownBy(() -> iam.getInstanceProfile(b -> b.instanceProfileName(name)))
                .isInstanceOf(NoSuchEntityException.class);
        assertThat(Iam.of(aws).role(name).exists()).isFalse();
        assertThat(Iam.of(aws).role(name).delete().outcome()).isEqualTo(RoleReport.Outcome.ABSENT);
    }

    @Test
    void crossAccountRole_keepsTheExternalIdInItsTrustPolicy_andAnotherIdIsDrift(AwsKit aws, TestResources res) {
        String name = roleName(res);
        res.afterwards(() -> Iam.of(aws).role(name).delete());
        Principal partner = Principal.account("111122223333").externalId("Unique-ID-Assigned-by-Example-Corp");

        RoleReport created = Iam.of(aws)
                .role(name)
                .trustedBy(partner)
                .attach(ManagedPolicy.READ_ONLY_ACCESS)
                .createIfAbsent();
        RoleReport otherId = Iam.of(aws)
                .role(name)
                .trustedBy(Principal.account("111122223333").externalId("another-id"))
                .attach(ManagedPolicy.READ_ONLY_ACCESS)
                .check();

        assertThat(created.outcome()).isEqualTo(RoleReport.Outcome.CREATED);
        String stored = aws.client(IamClient.class)
                .getRole(b -> b.roleName(name))
                .role()
                .assumeRolePolicyDocument();
        assertThat(PolicyDocument.fromIam(stored).toJson())
                .contains(
                        "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"Unique-ID-Assigned-by-Example-Corp\"}}");
        assertThat(Iam.of(aws)
                        .role(name)
                        .trustedBy(partner)
                        .attach(ManagedPolicy.READ_ONLY_ACCESS)
                        .check()
                        .outcome())
                .isEqualTo(RoleReport.Outcome.UNCHANGED);
        assertThat(otherId.outcome()).isEqualTo(RoleReport.Outcome.DRIFT);
        assertThat(otherId.drift()).extracting(RoleDrift::kind).containsExactly(RoleDrift.Kind.TRUST_POLICY);
        assertThat(otherId.toString()).doesNotContain("Unique-ID-Assigned-by-Example-Corp", "another-id");
    }

    @Test
    void createIfAbsent_whenAPolicyDoesNotExist_saysWhatWasDoneAndHowToFinish(AwsKit aws, TestResources res) {
        String name = roleName(res);
        res.afterwards(() -> Iam.of(aws).role(name).delete());
        String missing = "arn:aws:iam::aws:policy/NoSuchPolicyAwsKit";

        assertThatThrownBy(() -> Iam.of(aws)
                        .role(name)
                        .trustedBy(ServicePrincipal.LAMBDA)
                        .attach(ManagedPolicy.of(missing))
                        .createIfAbsent())
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith(
                        "Created IAM role " + name + " but did not finish (done: [CreateRole]): iam:AttachRolePolicy"
                                + " (role " + name + ", " + missing + ", partition aws) failed")
                .hasMessageEndingWith(" Check the policy ARN (aws iam list-policies --scope AWS)."
                        + " Run update() to finish, or delete() to remove the role.");
        assertThat(Iam.of(aws).role(name).exists()).isTrue();
    }

    @Test
    void check_andDelete_ofAMissingRole_areAbsent_andDescribeIsEmpty(AwsKit aws, TestResources res) {
        String name = roleName(res);
        assertThat(executionRole(aws, name).check().outcome()).isEqualTo(RoleReport.Outcome.ABSENT);
        assertThat(Iam.of(aws).role(name).describe()).isEmpty();
        assertThat(Iam.of(aws).role(name).delete())
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(RoleReport.Outcome.ABSENT))
                .satisfies(r -> assertThat(r.changes()).isEqualTo(List.of()));
    }

    @Test
    void managedPolicyDocument_ofTheExecutionPolicy_allowsWhatEcsNeeds(AwsKit aws) {
        PolicyDocument d = Iam.of(aws).managedPolicyDocument(ManagedPolicy.ECS_TASK_EXECUTION);
        assertThat(d.allows("ecr:GetAuthorizationToken")).isTrue();
        assertThat(d.allows("logs:CreateLogStream")).isTrue();
        assertThat(d.allows("s3:GetObject")).isFalse();
    }
}
