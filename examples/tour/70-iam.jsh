// Chapter 70 — IAM: seed 003's admin bootstrap as one line each, and seed 004's access-key rotation
// done so that no key is ever lost. Runs on the setup chapter's `cloud` kit: the local moto_server,
// or AWSKIT_IT_ENDPOINT. It also runs with IAM authentication enforced (moto's reset-auth, or AWS):
// `cloud` must then be an administrator, and the tour's user gets the policy it needs to rotate its
// own key. (Logs Insights is chapter 75.)
import dev.awskit.iam.*;
import software.amazon.awssdk.services.iam.IamClient;

System.out.println("\n== 70 IAM ==");
String iamTourId = Long.toString(System.nanoTime(), 36);

/** Whether the IAM endpoint is a moto_server (it answers /moto-api/), whose gaps the tour names. */
boolean iamOnMoto() {
    try {
        var c = (java.net.HttpURLConnection) java.net.URI.create(cloud.endpoint("iam").orElseThrow() + "/moto-api/")
            .toURL().openConnection();
        c.setConnectTimeout(2000);
        return c.getResponseCode() == 200;
    } catch (RuntimeException | java.io.IOException e) {
        return false;
    }
}

step("Seed 003's admin bootstrap (create-group, attach-group-policy, create-user, add-user-to-group, create-login-profile)", () -> {
    String group = "Admins-" + iamTourId;
    String admin = "admin-" + iamTourId;
    Iam.of(cloud).group(group).attach(Iam.ADMINISTRATOR_ACCESS);
    Iam.of(cloud).user(admin).inGroup(group).loginProfile("Tour-Passw0rd!".toCharArray(), true);
    // a second run changes nothing: the group, the user and the password the user may have chosen are kept
    Iam.of(cloud).group(group).attach(Iam.ADMINISTRATOR_ACCESS);
    Iam.of(cloud).user(admin).inGroup(group).loginProfile("Tour-Passw0rd!".toCharArray(), true);
    System.out.println("  group " + group + " policies " + Iam.of(cloud).group(group).attachedPolicies());
    System.out.println("  user " + admin + " groups " + Iam.of(cloud).user(admin).groups());
});

step("Seed 004's key rotation: create, verify, write the file atomically, deactivate and delete the old key", () -> {
    IamClient iam = cloud.client(IamClient.class);
    String user = "dev-" + iamTourId;
    iam.createUser(r -> r.userName(user));
    // What a user needs to rotate its own key: the access-key part of the documented policy "IAM: Allows
    // IAM users to manage their own credentials". moto matches IAM actions against the resource "*" only,
    // so there the resource is "*"; on AWS it is the user itself.
    boolean moto = iamOnMoto();
    String resource = moto ? "*" : "arn:aws:iam::*:user/${aws:username}";
    iam.putUserPolicy(r -> r.userName(user).policyName("manage-own-access-keys").policyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:CreateAccessKey\","
        + "\"iam:DeleteAccessKey\",\"iam:ListAccessKeys\",\"iam:UpdateAccessKey\",\"iam:GetAccessKeyLastUsed\"],"
        + "\"Resource\":\"" + resource + "\"}]}"));
    var key = iam.createAccessKey(r -> r.userName(user)).accessKey();
    Path[] tourDir = new Path[1];
    try {
        if (!moto) {
            Thread.sleep(10_000);   // IAM is eventually consistent: give the new policy and key a moment
        }
        Path dir = tourDir[0] = Files.createTempDirectory("tour-aws");
        Path credentials = dir.resolve("credentials");
        Files.writeString(credentials, "# the tour's credentials file: comments and other profiles survive\n"
            + "[default]\naws_access_key_id = awskit-test-key\naws_secret_access_key = untouched\n\n"
            + "[dev]\naws_access_key_id = " + key.accessKeyId() + "\naws_secret_access_key = " + key.secretAccessKey() + "\n");
        RotationReport report = Iam.of(cloud).rotateAccessKey(k -> k.profile("dev").credentialsFile(credentials).deleteOld());
        System.out.println(report);   // every step, key ids only: the new secret is never printed
        System.out.println("  [dev] now holds " + report.newAccessKeyId().orElseThrow()
            + "; [default] is unchanged: " + Files.readString(credentials).contains("awskit-test-key"));
        // with two keys already, the rotation refuses and names the other key, its status and last use
        String second = iam.createAccessKey(r -> r.userName(user)).accessKey().accessKeyId();
        try {
            Iam.of(cloud).rotateAccessKey(k -> k.profile("dev").credentialsFile(credentials));
            throw new IllegalStateException("the rotation should have refused a user with two keys");
        } catch (AccessKeyRotationException e) {
            System.out.println("  refused as expected: " + e.getMessage());
        }
        iam.deleteAccessKey(r -> r.userName(user).accessKeyId(second));
        // a profile that shares the key is named, and rotated too only when asked
        Files.writeString(credentials, Files.readString(credentials).replace("[default]\naws_access_key_id = awskit-test-key",
            "[default]\naws_access_key_id = " + report.newAccessKeyId().orElseThrow()));
        try {
            Iam.of(cloud).rotateAccessKey(k -> k.profile("dev").credentialsFile(credentials));
        } catch (AccessKeyRotationException e) {
            System.out.println("  refused as expected: " + e.getMessage());
        }
    } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
    } finally {
        iam.listAccessKeys(r -> r.userName(user)).accessKeyMetadata()
            .forEach(k -> iam.deleteAccessKey(r -> r.userName(user).accessKeyId(k.accessKeyId())));
        iam.deleteUserPolicy(r -> r.userName(user).policyName("manage-own-access-keys"));
        iam.deleteUser(r -> r.userName(user));
        if (tourDir[0] != null) {   // the file and its backup hold secrets
            try (var files = Files.list(tourDir[0])) {
                for (Path f : files.toList()) Files.delete(f);
                Files.delete(tourDir[0]);
            } catch (java.io.IOException e) {
                System.out.println("  could not delete " + tourDir[0] + ": " + e);
            }
        }
    }
});

step("Seed 003's roles without hand-written trust policies (create-role, attach-role-policy, create-instance-profile, add-role-to-instance-profile)", () -> {
    String execution = "ecsTaskExecutionRole-" + iamTourId;
    String instance = "ecsInstanceRole-" + iamTourId;
    IamRole executionRole = Iam.of(cloud).role(execution)
        .trustedBy(ServicePrincipal.ECS_TASKS)
        .attach(ManagedPolicy.ECS_TASK_EXECUTION);
    IamRole instanceRole = Iam.of(cloud).role(instance)
        .trustedBy(ServicePrincipal.EC2)           // EC2 roles get an instance profile of the same name
        .attach(ManagedPolicy.EC2_CONTAINER_SERVICE_FOR_EC2_ROLE, ManagedPolicy.S3_READ_ONLY);
    try {
        System.out.println("  " + executionRole.createIfAbsent());
        System.out.println("  " + instanceRole.createIfAbsent());
        // a second run changes nothing: four reads, UNCHANGED
        RoleReport again = executionRole.createIfAbsent();
        System.out.println("  again: " + again.outcome());
        if (again.outcome() != RoleReport.Outcome.UNCHANGED) throw new IllegalStateException("re-run changed " + again);

        // someone replaces the trust policy by hand: reported as drift, not overwritten; update() fixes it
        cloud.client(IamClient.class).updateAssumeRolePolicy(r -> r.roleName(execution)
            .policyDocument(PolicyDocument.trust(ServicePrincipal.LAMBDA).toJson()));
        RoleReport drift = executionRole.createIfAbsent();
        System.out.println("  " + drift);
        if (!drift.hasDrift()) throw new IllegalStateException("drift not seen: " + drift);
        System.out.println("  " + executionRole.update());

        // an inline policy from the DSL, validated before anything is sent
        PolicyDocument logs = PolicyDocument.builder()
            .allow(s -> s.actions("logs:CreateLogStream", "logs:PutLogEvents").resources("*"))
            .build();
        System.out.println("  inline " + logs);
        try {
            PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"s3GetObject\",\"Resource\":\"*\"}]}");
        } catch (IllegalArgumentException e) {
            System.out.println("  refused: " + e.getMessage());
        }

        // the check ECS needs before a first Fargate task: does the execution role exist, trust ECS, allow the pull and the logs?
        String account = cloud.identity().accountId();
        TaskDefinition td = TaskDefinition.fargate("tour-web")
            .executionRole("arn:aws:iam::" + account + ":role/" + execution)
            .container(c -> c.name("web").image(account + ".dkr.ecr.us-east-1.amazonaws.com/web:1.0").port(80).awslogs("tour-web", "us-east-1"))
            .build();
        ExecutionRoleReport check = Ecs.of(cloud).executionRole(td).check();
        System.out.println("  " + check);
        if (!check.ok()) throw new IllegalStateException("execution role not usable: " + check);
    } finally {
        System.out.println("  " + executionRole.delete().outcome() + " " + execution);
        System.out.println("  " + instanceRole.delete().outcome() + " " + instance + " (and its instance profile)");
    }
});
