package dev.awskit.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy document DSL, its validation and its semantic comparison. Expected documents come from
 * the AWS documentation (quoted where used) or are written out by hand, never from the code.
 */
class PolicyDocumentTest {
    /**
     * The trust policy of "Amazon ECS task execution IAM role" (Amazon ECS Developer Guide), as
     * printed there, with its empty Sid.
     */
    static final String ECS_TASKS_TRUST_FROM_DOCS = "{\n"
            + "  \"Version\": \"2012-10-17\",\n"
            + "  \"Statement\": [\n"
            + "    {\n"
            + "      \"Sid\": \"\",\n"
            + "      \"Effect\": \"Allow\",\n"
            + "      \"Principal\": {\n"
            + "        \"Service\": \"ecs-tasks.amazonaws.com\"\n"
            + "      },\n"
            + "      \"Action\": \"sts:AssumeRole\"\n"
            + "    }\n"
            + "  ]\n"
            + "}";

    @Test
    void trust_forEcsTasks_equalsTheTrustPolicyTheEcsGuidePrints() {
        PolicyDocument fromDocs = PolicyDocument.parse(ECS_TASKS_TRUST_FROM_DOCS);

        assertThat(PolicyDocument.trust(ServicePrincipal.ECS_TASKS)).isEqualTo(fromDocs);
        assertThat(PolicyDocument.trust(ServicePrincipal.ECS_TASKS).toJson())
                .isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
    }

    @Test
    void trust_crossAccountWithExternalId_isTheIamUserGuidesExample() {
        // "How to use an external ID when granting access to your AWS resources to a third party"
        String fromDocs = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"Example Corp's AWS Account ID\"},\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"Unique ID Assigned by Example Corp\"}}}}";
        String withAccount = fromDocs.replace("Example Corp's AWS Account ID", "111122223333")
                .replace("Unique ID Assigned by Example Corp", "Unique-ID-Assigned-by-Example-Corp");

        PolicyDocument built = PolicyDocument.trust(
                Principal.account("111122223333").externalId("Unique-ID-Assigned-by-Example-Corp"));

        assertThat(built).isEqualTo(PolicyDocument.parse(withAccount));
        assertThat(built.trusts(Principal.account("111122223333"))).isTrue();
        assertThat(built.trusts(Principal.account("444455556666"))).isFalse();
    }

    @Test
    void toString_showsTheExternalIdAsStars_toJsonSendsIt() {
        PolicyDocument d = PolicyDocument.trust(
                Principal.account("111122223333").externalId("Id-Of-Partner-42"),
                Principal.account("444455556666").condition("StringEquals", "sts:ExternalId", "Other-1", "Other-2"));

        assertThat(d.toString())
                .doesNotContain("Id-Of-Partner-42", "Other-1", "Other-2")
                .contains("{\"StringEquals\":{\"sts:ExternalId\":\"****\"}}");
        assertThat(d.toJson()).contains("\"sts:ExternalId\":\"Id-Of-Partner-42\"", "[\"Other-1\",\"Other-2\"]");
    }

    @Test
    void trust_federatedSamlAndOidc_useTheirAssumeActions() {
        assertThat(Principal.federated("arn:aws:iam::123456789012:saml-provider/Corp")
                        .assumeAction())
                .isEqualTo("sts:AssumeRoleWithSAML");
        assertThat(Principal.federated("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com")
                        .assumeAction())
                .isEqualTo("sts:AssumeRoleWithWebIdentity");
        assertThat(Principal.federated("cognito-identity.amazonaws.com").assumeAction())
                .isEqualTo("sts:AssumeRoleWithWebIdentity");
        PolicyDocument gh = PolicyDocument.trust(
                Principal.federated("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com")
                        .condition("StringEquals", "token.actions.githubusercontent.com:aud", "sts.amazonaws.com"));
        assertThat(gh.toJson())
                .isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                        + "{\"Federated\":\"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com\"},"
                        + "\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":"
                        + "{\"token.actions.githubusercontent.com:aud\":\"sts.amazonaws.com\"}}}]}");
    }

    @Test
    void builder_writesCanonicalJson_fieldsInFixedOrder_singleValuesAsStrings() {
        PolicyDocument d = PolicyDocument.builder()
                .allow(s ->
                        s.resources("*").actions("ecr:GetAuthorizationToken").sid("Pull"))
                .deny(s -> s.actions("logs:DeleteLogGroup", "logs:DeleteLogStream")
                        .notResources("arn:aws:logs:us-east-1:123456789012:log-group:scratch:*")
                        .condition("Bool", "aws:SecureTransport", "false"))
                .build();

        assertThat(d.toJson())
                .isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":["
                        + "{\"Sid\":\"Pull\",\"Effect\":\"Allow\",\"Action\":\"ecr:GetAuthorizationToken\",\"Resource\":\"*\"},"
                        + "{\"Effect\":\"Deny\",\"Action\":[\"logs:DeleteLogGroup\",\"logs:DeleteLogStream\"],"
                        + "\"NotResource\":\"arn:aws:logs:us-east-1:123456789012:log-group:scratch:*\","
                        + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}");
        assertThat(PolicyDocument.parse(d.toJson())).isEqualTo(d);
    }

    @Test
    void equals_ignoresStatementAndListOrder_singleVersusList_actionCase_sid_andRootArnVersusAccountId() {
        PolicyDocument a = PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"One\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],"
                + "\"Resource\":[\"arn:aws:s3:::b\",\"arn:aws:s3:::b/*\"]},"
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"123456789012\"},\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":true}}}]}");
        PolicyDocument b = PolicyDocument.parse("{\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::123456789012:root\"]},"
                + "\"Action\":[\"sts:AssumeRole\"],\"Condition\":{\"Bool\":{\"aws:multifactorauthpresent\":\"true\"}}},"
                + "{\"Effect\":\"Allow\",\"Resource\":[\"arn:aws:s3:::b/*\",\"arn:aws:s3:::b\"],"
                + "\"Action\":[\"S3:listbucket\",\"s3:GetObject\",\"s3:GetObject\"]}],\"Version\":\"2012-10-17\"}");

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void equals_whenEffectActionResourcePrincipalOrConditionDiffers_isFalse() {
        String base = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::b/*\"}]}";
        PolicyDocument d = PolicyDocument.parse(base);
        assertThat(PolicyDocument.parse(base.replace("Allow", "Deny"))).isNotEqualTo(d);
        assertThat(PolicyDocument.parse(base.replace("s3:GetObject", "s3:PutObject")))
                .isNotEqualTo(d);
        assertThat(PolicyDocument.parse(base.replace("\"Action\"", "\"NotAction\"")))
                .isNotEqualTo(d);
        assertThat(PolicyDocument.parse(base.replace("b/*", "c/*"))).isNotEqualTo(d);
        assertThat(PolicyDocument.parse(
                        base.replace("}]}", ",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}}]}")))
                .isNotEqualTo(d);
        assertThat(PolicyDocument.trust(ServicePrincipal.EC2))
                .isNotEqualTo(PolicyDocument.trust(ServicePrincipal.ECS_TASKS));
    }

    @Test
    void fromIam_decodesTheUrlEncodedDocument_asMotoAndIamReturnIt() {
        // GetRole's AssumeRolePolicyDocument, byte for byte as moto 5.2.1 returned it (IAM encodes per RFC 3986)
        String encoded = "%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22Statement%22%3A%20%5B%7B%22Effect%22%3A%20"
                + "%22Allow%22%2C%20%22Principal%22%3A%20%7B%22AWS%22%3A%20%22123456789012%22%7D%2C%20%22Action%22%3A"
                + "%20%22sts%3AAssumeRole%22%2C%20%22Condition%22%3A%20%7B%22StringEquals%22%3A%20%7B%22sts%3AExternalId"
                + "%22%3A%20%22a%20b%2Bc%22%7D%7D%7D%5D%7D";

        PolicyDocument d = PolicyDocument.fromIam(encoded);

        assertThat(d)
                .isEqualTo(PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\","
                        + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"a b+c\"}}}]}"));
    }

    @Test
    void fromIam_acceptsTheOldVersionIamStoredOnce_butItDiffersFromA2012Document() {
        String old = "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

        PolicyDocument d = PolicyDocument.fromIam(old);

        assertThat(d.version()).isEqualTo("2008-10-17");
        assertThat(d).isNotEqualTo(PolicyDocument.trust(ServicePrincipal.EC2));
        assertThat(d.trusts(ServicePrincipal.EC2)).isTrue();
        assertThatThrownBy(() -> PolicyDocument.parse(old))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid policy document (1 problem): Version: '2008-10-17' is not 2012-10-17;"
                        + " write \"Version\": \"2012-10-17\"");
    }

    @Test
    void parse_whenEffectMisspelledInSecondStatement_namesIndexFieldAndFix() {
        assertThatThrownBy(() -> PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":["
                        + "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"},"
                        + "{\"Effect\":\"allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid policy document (1 problem): Statement[1].Effect: 'allow' is not Allow or Deny;"
                        + " write \"Effect\": \"Allow\" or \"Deny\" (case matters)");
    }

    @Test
    void parse_whenVersionMissing_andActionMalformed_listsBoth() {
        assertThatThrownBy(
                        () -> PolicyDocument.parse(
                                "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3GetObject\"],\"Resource\":\"*\"}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid policy document (2 problems): Version: is missing; add \"Version\": \"2012-10-17\""
                        + " (without it IAM uses 2008-10-17, where policy variables do not work); Statement[0].Action[1]:"
                        + " 's3GetObject' is not an action; write service:Action, e.g. s3:GetObject, s3:Get* or \"*\"");
    }

    @Test
    void parse_whenActionAndNotActionBoth_orResourceNotAnArn_saysWhich() {
        assertThatThrownBy(() -> PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                        + "\"Action\":\"s3:*\",\"NotAction\":\"s3:Get*\",\"Resource\":\"my-bucket\"}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Invalid policy document (2 problems): Statement[0]: has both Action and NotAction; keep one"
                                + " of them; Statement[0].Resource: 'my-bucket' is not a resource; write an ARN"
                                + " (arn:aws:s3:::my-bucket/*) or \"*\"");
    }

    @Test
    void parse_whenFieldMisspelledOrDuplicated_refusesIt() {
        assertThatThrownBy(
                        () -> PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Actions\":\"s3:GetObject\",\"Resource\":\"*\"}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid policy document (2 problems): Statement[0].'Actions': is not a statement field;"
                        + " expected one of [Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource,"
                        + " NotResource, Condition] (check the spelling and case); Statement[0].Action: is missing; add"
                        + " \"Action\": \"service:Action\" (or NotAction)");
        assertThatThrownBy(() -> PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Version\":\"2012-10-17\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Policy document is not valid JSON (line 1, column ")
                .hasMessageContaining("Duplicate field 'Version'")
                .hasMessageEndingWith("; check the quotes, commas and brackets near there");
    }

    @Test
    void parse_whenNotJsonOrNotAnObject_saysWhatIsExpected() {
        assertThatThrownBy(() -> PolicyDocument.parse(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Policy document is empty; expected {\"Version\": \"2012-10-17\", \"Statement\": [...]}");
        assertThatThrownBy(() -> PolicyDocument.parse("[1]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid policy document (1 problem): the document: is a list, expected a JSON object"
                        + " {\"Version\": \"2012-10-17\", \"Statement\": [...]}");
    }

    @Test
    void problemsAs_principalInPermissionsPolicy_andResourceInTrustPolicy_areNamed() {
        PolicyDocument trust = PolicyDocument.trust(ServicePrincipal.LAMBDA);
        PolicyDocument perms = PolicyDocument.builder()
                .allow(s -> s.actions("logs:CreateLogGroup").resources("*"))
                .build();

        assertThat(trust.problemsAs(true)).isEmpty();
        assertThat(perms.problemsAs(false)).isEmpty();
        assertThat(trust.problemsAs(false))
                .containsExactly(
                        "Statement[0].Principal: is only allowed in a trust policy; remove it (a role's"
                                + " permissions apply to whoever assumes the role; who may assume it is the trust"
                                + " policy: trustedBy(...))",
                        "Statement[0].Resource: is missing; add \"Resource\": \"arn:...\" or \"*\"");
        assertThat(perms.problemsAs(true))
                .containsExactly(
                        "Statement[0].Principal: is missing; a trust policy names who may assume the role,"
                                + " e.g. {\"Service\": \"ecs-tasks.amazonaws.com\"}",
                        "Statement[0].Resource: is not allowed in a trust policy; remove it (the resource is the role"
                                + " itself)");
    }

    @Test
    void allows_followsWildcardsNotActionAndUnconditionalDeny() {
        PolicyDocument d = PolicyDocument.builder()
                .allow(s -> s.actions("ecr:*", "logs:Create*").resources("*"))
                .deny(s -> s.actions("logs:CreateLogGroup").resources("*"))
                .build();
        assertThat(d.allows("ecr:GetAuthorizationToken")).isTrue();
        assertThat(d.allows("logs:createlogstream")).isTrue();
        assertThat(d.allows("logs:CreateLogGroup")).isFalse();
        assertThat(d.allows("logs:PutLogEvents")).isFalse();

        PolicyDocument notAction = PolicyDocument.builder()
                .allow(s -> s.notActions("iam:*").resources("*"))
                .build();
        assertThat(notAction.allows("logs:PutLogEvents")).isTrue();
        assertThat(notAction.allows("iam:CreateRole")).isFalse();
    }

    @Test
    void read_whenFileInvalid_namesTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("trust.json");
        Files.writeString(f, "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
        assertThatThrownBy(() -> PolicyDocument.read(f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(f + ": Invalid policy document (1 problem): Statement: is empty; a policy needs at least"
                        + " one statement");
        Files.writeString(f, ECS_TASKS_TRUST_FROM_DOCS);
        assertThat(PolicyDocument.read(f)).isEqualTo(PolicyDocument.trust(ServicePrincipal.ECS_TASKS));
    }

    @Test
    void builder_whenStatementHasNoAction_orMixesActionAndNotAction_isRefused() {
        assertThatThrownBy(() ->
                        PolicyDocument.builder().allow(s -> s.resources("*")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Statement[0].Action: is missing; call actions(\"service:Action\")");
        assertThatThrownBy(() ->
                        PolicyDocument.builder().allow(s -> s.actions("s3:*").notActions("s3:Get*")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This statement has Action already; a statement has Action or NotAction, not both");
    }

    @Test
    void managedPolicy_arnFollowsThePartition_andPolicyArnsKeepTheirOwn() {
        assertThat(ManagedPolicy.ECS_TASK_EXECUTION.arn("aws"))
                .isEqualTo("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
        assertThat(ManagedPolicy.ECS_TASK_EXECUTION.arn("aws-cn"))
                .isEqualTo("arn:aws-cn:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
        assertThat(ManagedPolicy.READ_ONLY_ACCESS.arn("aws-us-gov"))
                .isEqualTo("arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess");
        assertThat(ManagedPolicy.of("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"))
                .isEqualTo(ManagedPolicy.ECS_TASK_EXECUTION);
        assertThat(ManagedPolicy.of("arn:aws:iam::123456789012:policy/app/my-app")
                        .arn("aws-cn"))
                .isEqualTo("arn:aws:iam::123456789012:policy/app/my-app");
        assertThat(ManagedPolicy.ECS_TASK_EXECUTION.name()).isEqualTo("AmazonECSTaskExecutionRolePolicy");
        assertThatThrownBy(() -> ManagedPolicy.of("AmazonS3ReadOnlyAccess"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'AmazonS3ReadOnlyAccess' is not a policy ARN; expected e.g."
                        + " arn:aws:iam::123456789012:policy/my-app");
    }

    @Test
    void principal_externalIdOnlyForAccounts_andNeverPrinted() {
        Principal p = Principal.account("123456789012").externalId("s3cr3t-ish-id");
        assertThat(p.toString())
                .isEqualTo("Principal{AWS 123456789012, externalId=****}")
                .doesNotContain("s3cr3t");
        assertThatThrownBy(() -> ServicePrincipal.ECS_TASKS.externalId("x1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("An external id applies to AWS account or role principals, not to Service"
                        + " ecs-tasks.amazonaws.com; use Principal.account(\"123456789012\").externalId(...)");
        assertThatThrownBy(() -> Principal.account("12345"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'12345' is not an AWS account id; expected 12 digits, e.g. 123456789012");
        assertThatThrownBy(() -> ServicePrincipal.of("ecs-tasks"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'ecs-tasks' is not a service principal; expected e.g. ecs-tasks.amazonaws.com");
    }
}
