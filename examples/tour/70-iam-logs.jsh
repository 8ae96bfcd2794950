// Chapter 70 — IAM and Logs Insights: seed 004's access-key rotation done so that no key is ever
// lost, seed 003's admin bootstrap as one line each, and seed 000's Insights query past 10,000 rows.
// Runs after the setup chapter. IAM, STS and CloudWatch Logs have no local emulator here, so this
// chapter needs a server that speaks them (LocalStack, moto: `moto_server -p 5000`) named by
// AWSKIT_IT_ENDPOINT; without one it says so and skips.
import dev.awskit.core.iam.*;
import dev.awskit.core.logs.*;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

System.out.println("\n== 70 IAM and Logs Insights ==");
String iamLogsEndpoint = System.getenv("AWSKIT_IT_ENDPOINT");
if (iamLogsEndpoint == null || iamLogsEndpoint.isBlank()) {
    System.out.println("Skipping chapter 70: it needs IAM, STS and CloudWatch Logs, which the local emulators"
        + " do not serve. Set AWSKIT_IT_ENDPOINT to a server that does (e.g. moto_server -p 5000, then"
        + " AWSKIT_IT_ENDPOINT=http://127.0.0.1:5000) and run the tour again.");
} else {
    // One kit for the IAM/STS/Logs server (the setup chapter's `aws` points at S3 and Kinesis only).
    AwsKit cloud = AwsKit.builder()
        .region(System.getenv().getOrDefault("AWS_REGION", "us-east-1"))
        .credentials(System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "test"),
            System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "test"))
        .endpoint(iamLogsEndpoint)
        .build();
    String tourId = Long.toString(System.nanoTime(), 36);

    step("Seed 003's admin bootstrap (create-group, attach-group-policy, create-user, add-user-to-group, create-login-profile)", () -> {
        // emulators may not carry AWS managed policies; on AWS use Iam.ADMINISTRATOR_ACCESS directly
        String policy = cloud.client(IamClient.class).createPolicy(r -> r.policyName("tour-admin-" + tourId)
            .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"))
            .policy().arn();
        cloud.iam().group("Admins-" + tourId).attach(policy);
        cloud.iam().user("admin-" + tourId).inGroup("Admins-" + tourId).loginProfile("Tour-Passw0rd!".toCharArray(), true);
        System.out.println("  group Admins-" + tourId + " policies " + cloud.iam().group("Admins-" + tourId).attachedPolicies());
        System.out.println("  user admin-" + tourId + " groups " + cloud.iam().user("admin-" + tourId).groups());
    });

    step("Seed 004's key rotation: create, verify, write the file atomically, deactivate and delete the old key", () -> {
        IamClient iam = cloud.client(IamClient.class);
        String user = "dev-" + tourId;
        iam.createUser(r -> r.userName(user));
        var key = iam.createAccessKey(r -> r.userName(user)).accessKey();
        try {
            Path dir = Files.createTempDirectory("tour-aws");
            Path credentials = dir.resolve("credentials");
            Files.writeString(credentials, "# the tour's credentials file: comments and other profiles survive\n"
                + "[default]\naws_access_key_id = AKIAEXAMPLEDEFAULT0\naws_secret_access_key = untouched\n\n"
                + "[dev]\naws_access_key_id = " + key.accessKeyId() + "\naws_secret_access_key = " + key.secretAccessKey() + "\n");
            RotationReport report = cloud.iam().rotateAccessKey(k -> k.profile("dev").credentialsFile(credentials).deleteOld());
            System.out.println(report);   // every step, key ids only: the new secret is never printed
            System.out.println("  [dev] now holds " + report.newAccessKeyId().orElseThrow()
                + "; [default] is unchanged: " + Files.readString(credentials).contains("AKIAEXAMPLEDEFAULT0"));
            // with two keys already, the rotation refuses and names the other key, its status and last use
            iam.createAccessKey(r -> r.userName(user));
            try {
                cloud.iam().rotateAccessKey(k -> k.profile("dev").credentialsFile(credentials));
            } catch (AccessKeyRotationException e) {
                System.out.println("  refused as expected: " + e.getMessage());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    });

    step("Seed 000's Insights query, every row (not just the first 10,000)", () -> {
        CloudWatchLogsClient logs = cloud.client(CloudWatchLogsClient.class);
        String group = "tour-app-" + tourId;
        logs.createLogGroup(r -> r.logGroupName(group));
        logs.createLogStream(r -> r.logGroupName(group).logStreamName("web-1"));
        Instant base = Instant.now().minusSeconds(300).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<InputLogEvent> events = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {   // 20 events share each timestamp
            events.add(InputLogEvent.builder().timestamp(base.toEpochMilli() + (i / 20) * 1000L).message("request " + i).build());
        }
        logs.putLogEvents(r -> r.logGroupName(group).logStreamName("web-1").logEvents(events));
        InsightsResult result = cloud.logs()
            .insights("fields @timestamp, @message, @logStream | filter @logStream like /web/ | sort @timestamp desc")
            .logGroups(group).between(base.minusSeconds(60), Instant.now()).run();
        System.out.println("  " + result.rows().size() + " rows, newest: " + result.rows().get(0));
        System.out.println("  " + result.report());
        logs.deleteLogGroup(r -> r.logGroupName(group));
    });

    cloud.close();
}
