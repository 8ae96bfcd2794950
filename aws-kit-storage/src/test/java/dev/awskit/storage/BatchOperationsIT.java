package dev.awskit.storage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.awskit.storage.S3Fixture.bucket;
import static dev.awskit.storage.S3Fixture.keys;
import static dev.awskit.storage.S3Fixture.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.awskit.core.AwsKit;
import dev.awskit.storage.internal.DefaultBatchJob;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 Batch Operations exchange: buckets, manifest and completion report on S3Proxy; S3 Control
 * on WireMock, which answers as the S3 Control API reference describes CreateJob (POST
 * /v20180820/jobs, x-amz-account-id, CreateJobResult/JobId) and DescribeJob (GET
 * /v20180820/jobs/{id}, Status New, Preparing, Ready, Active, then Complete or Failed, with
 * ProgressSummary and FailureReasons), at the host {account}.s3-control... the SDK builds from the
 * account id: here 123456789012.localhost, resolved through the hosts file this IT's failsafe
 * execution is given. No server we run implements S3 Control's job API, hence the fake. The
 * completion report is written to the bucket as the user guide's "Examples: S3 Batch Operations
 * completion reports" shows it (manifest.json listing results/*.csv; rows Bucket, Key (URL-encoded),
 * VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage).
 */
@UsesServer(Service.S3)
class BatchOperationsIT {
    private static final String ACCOUNT = "123456789012";
    private static final String ROLE = "arn:aws:iam::123456789012:role/batch-copy";
    private static final String NS = "http://awss3control.amazonaws.com/doc/2018-08-20/";

    private WireMockServer control;

    @BeforeEach
    void start() {
        control =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        control.start();
    }

    @AfterEach
    void stop() {
        control.stop();
    }

    private AwsKit kit(Target target, TestResources res) {
        String host = target.endpoint().getHost();
        Assumptions.assumeTrue(
                host.equals("127.0.0.1") || host.equals("localhost"),
                "the S3 Control fake is reached through a hosts file that knows only 127.0.0.1 and localhost;"
                        + " S3 is at " + host);
        boolean resolves;
        try {
            resolves = java.net.InetAddress.getByName(ACCOUNT + ".localhost").isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            resolves = false;
        }
        Assumptions.assumeTrue(
                resolves,
                ACCOUNT + ".localhost does not resolve in this JVM: this IT runs in the s3-control-fake failsafe"
                        + " execution of aws-kit-storage/pom.xml, which gives it a hosts file");
        AwsKit kit = target.kitBuilder()
                .endpoint("s3control", "http://localhost:" + control.port())
                .build();
        res.afterwards(kit::close);
        return kit;
    }

    private void stubCreate(String jobId) {
        control.stubFor(post(urlEqualTo("/v20180820/jobs"))
                .withHeader("x-amz-account-id", equalTo(ACCOUNT))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/xml")
                        .withBody("<CreateJobResult xmlns=\"" + NS + "\"><JobId>" + jobId
                                + "</JobId></CreateJobResult>")));
    }

    private static String describe(String jobId, String status, long ok, long failed, String extra) {
        return "<DescribeJobResult xmlns=\"" + NS + "\"><Job><JobId>" + jobId + "</JobId><Status>" + status
                + "</Status><ProgressSummary><TotalNumberOfTasks>" + (ok + failed)
                + "</TotalNumberOfTasks><NumberOfTasksSucceeded>" + ok + "</NumberOfTasksSucceeded>"
                + "<NumberOfTasksFailed>" + failed + "</NumberOfTasksFailed></ProgressSummary>" + extra
                + "</Job></DescribeJobResult>";
    }

    /** DescribeJob walks through {@code statuses}, one per call, and stays on the last. */
    private void stubDescribe(String jobId, List<String> statuses, long ok, long failed, String extra) {
        for (int i = 0; i < statuses.size(); i++) {
            String state = i == 0 ? Scenario.STARTED : statuses.get(i - 1);
            var stub = get(urlPathEqualTo("/v20180820/jobs/" + jobId))
                    .inScenario("job " + jobId)
                    .whenScenarioStateIs(state)
                    .withHeader("x-amz-account-id", equalTo(ACCOUNT))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/xml")
                            .withBody(describe(
                                    jobId, statuses.get(i), ok, failed, i == statuses.size() - 1 ? extra : "")));
            if (i < statuses.size() - 1) {
                stub = stub.willSetStateTo(statuses.get(i));
            }
            control.stubFor(stub);
        }
    }

    private static String xml(String body, String element) {
        Matcher m =
                Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(body);
        assertThat(m.find()).as(element + " in " + body).isTrue();
        return m.group(1);
    }

    private static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void viaBatchOperations_writesTheManifest_createsTheJob_followsItAndReadsFailedKeysFromTheReport(
            Target target, TestResources res) {
        AwsKit aws = kit(target, res);
        String src = bucket(aws, res);
        String dst = bucket(aws, res);
        String ws = bucket(aws, res);
        for (String k : List.of("a.txt", "my dir/a b.txt", "plus+sign.txt", "données/été.csv", "same.txt")) {
            put(aws, src, k, "content of " + k);
        }
        put(aws, dst, "same.txt", "content of same.txt"); // newer, same size: skipped
        put(aws, dst, "old.txt", "x"); // only at the destination: deleted by the kit
        stubCreate("job-1");
        stubDescribe("job-1", List.of("New", "Preparing", "Ready", "Active", "Complete"), 2, 2, "");

        BatchJob job = Storage.of(aws)
                .sync("s3://" + src, "s3://" + dst)
                .delete()
                .viaBatchOperations(ROLE)
                .workspace("s3://" + ws + "/ops")
                .threshold(3)
                .accountId(ACCOUNT)
                .pollInterval(Duration.ZERO)
                .run();

        assertThat(job.jobId()).hasValue("job-1");
        List<LoggedRequest> creates = control.findAll(postRequestedFor(urlEqualTo("/v20180820/jobs")));
        assertThat(creates).hasSize(1);
        LoggedRequest create = creates.get(0);
        // the SDK puts the account id in front of the S3 Control host, as AWS's endpoint rules say
        assertThat(create.getHeader("Host")).isEqualTo(ACCOUNT + ".localhost:" + control.port());
        String body = create.getBodyAsString();
        assertThat(xml(body, "RoleArn")).isEqualTo(ROLE);
        assertThat(xml(body, "ConfirmationRequired")).isEqualTo("false");
        assertThat(xml(body, "TargetResource")).isEqualTo("arn:aws:s3:::" + dst);
        assertThat(body)
                .contains("<Format>S3BatchOperations_CSV_20180820</Format>")
                .contains("<Format>Report_CSV_20180820</Format>");
        assertThat(body).contains("<Fields><member>Bucket</member><member>Key</member></Fields>");
        assertThat(xml(body, "ReportScope")).isEqualTo("FailedTasksOnly");
        assertThat(xml(body, "Enabled")).isEqualTo("true");
        String objectArn = xml(body, "ObjectArn");
        assertThat(objectArn)
                .startsWith("arn:aws:s3:::" + ws + "/ops/awskit-batch/")
                .endsWith("/manifest.csv");
        String manifestKey = objectArn.substring(("arn:aws:s3:::" + ws + "/").length());
        S3Client s3 = aws.client(S3Client.class);
        var manifest = s3.getObjectAsBytes(g -> g.bucket(ws).key(manifestKey));
        assertThat(xml(body, "ETag")).isEqualTo(manifest.response().eTag().replace("\"", ""));
        // the copy list: every source key the destination lacks, in key order, URL-encoded
        assertThat(manifest.asUtf8String())
                .isEqualTo(src + ",a.txt\n" + src + "," + encode("données/été.csv") + "\n" + src + ","
                        + encode("my dir/a b.txt") + "\n" + src + "," + encode("plus+sign.txt") + "\n");
        assertThat(keys(aws, dst)).doesNotContainKey("old.txt");

        // S3 writes the completion report of the failed tasks under the report prefix
        String prefix = xml(body, "Prefix");
        assertThat(prefix).startsWith("ops/awskit-batch/");
        String results = prefix + "/job-job-1/results/abc.csv";
        put(
                aws,
                ws,
                results,
                src + "," + encode("my dir/a b.txt") + ",,failed,AccessDenied,403,Access Denied\n" + src + ","
                        + encode("plus+sign.txt") + ",,failed,SlowDown,503,Please reduce your request rate.\n");
        put(
                aws,
                ws,
                prefix + "/job-job-1/manifest.json",
                "{\"Format\":\"Report_CSV_20180820\","
                        + "\"ReportCreationDate\":\"2026-12-03T19:00:00Z\",\"Results\":[{\"TaskExecutionStatus\":\"failed\","
                        + "\"Bucket\":\"" + ws + "\",\"MD5Checksum\":\"0\",\"Key\":\"" + results + "\"}],"
                        + "\"ReportSchema\":\"Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage\"}");

        SyncReport r = job.awaitComplete();

        assertThat(((DefaultBatchJob) job).statuses())
                .containsExactly("New", "Preparing", "Ready", "Active", "Complete");
        assertThat(r.batchJobId()).hasValue("job-1");
        assertThat(r.plannedCopies()).isEqualTo(4);
        assertThat(r.copied()).isEqualTo(2);
        assertThat(r.copiedBytes())
                .isEqualTo(("content of a.txt" + "content of données/été.csv").getBytes(StandardCharsets.UTF_8).length);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.deleted()).isEqualTo(1);
        assertThat(r.failureCount()).isEqualTo(2);
        assertThat(r.failures())
                .extracting(SyncFailure::toString)
                .containsExactly(
                        "copy my dir/a b.txt: AccessDenied (403): Access Denied",
                        "copy plus+sign.txt: SlowDown (503): Please reduce your request rate.");
        assertThat(r.toString()).contains("copied by Batch Operations job job-1");
        // the manifest and the report were read: nothing of the job is left in the workspace
        assertThat(keys(aws, ws)).isEmpty();
    }

    @Test
    void viaBatchOperations_whenTheJobFails_reportsS3sReasons(Target target, TestResources res) {
        AwsKit aws = kit(target, res);
        String src = bucket(aws, res);
        String dst = bucket(aws, res);
        String ws = bucket(aws, res);
        put(aws, src, "a.txt", "a");
        stubCreate("job-2");
        stubDescribe(
                "job-2",
                List.of("New", "Preparing", "Failed"),
                0,
                0,
                "<FailureReasons><member><FailureCode>"
                        + "ManifestNotFound</FailureCode><FailureReason>Reading the manifest failed</FailureReason></member>"
                        + "</FailureReasons>");

        SyncReport r = Storage.of(aws)
                .sync("s3://" + src, "s3://" + dst)
                .viaBatchOperations(ROLE)
                .workspace("s3://" + ws)
                .threshold(0)
                .accountId(ACCOUNT)
                .pollInterval(Duration.ZERO)
                .run()
                .awaitComplete();

        assertThat(r.isSuccess()).isFalse();
        assertThat(r.copied()).isZero();
        assertThat(r.failures())
                .extracting(SyncFailure::toString)
                .containsExactly("copy (sync): Batch Operations job job-2 failed: ManifestNotFound: Reading the"
                        + " manifest failed");
    }

    @Test
    void viaBatchOperations_belowTheThreshold_copiesWithTheKitAndCreatesNoJob(Target target, TestResources res) {
        AwsKit aws = kit(target, res);
        String src = bucket(aws, res);
        String dst = bucket(aws, res);
        String ws = bucket(aws, res);
        put(aws, src, "a.txt", "a");
        put(aws, src, "b.txt", "b");

        BatchJob job = Storage.of(aws)
                .sync("s3://" + src, "s3://" + dst)
                .viaBatchOperations(ROLE)
                .workspace("s3://" + ws)
                .threshold(2)
                .accountId(ACCOUNT)
                .run();

        assertThat(job.jobId()).isEmpty();
        SyncReport r = job.awaitComplete();
        assertThat(r.copied()).isEqualTo(2);
        assertThat(r.batchJobId()).isEmpty();
        assertThat(keys(aws, dst)).containsOnlyKeys("a.txt", "b.txt");
        assertThat(control.getAllServeEvents()).isEmpty();
        assertThat(keys(aws, ws)).isEmpty();
    }

    @Test
    void viaBatchOperations_whenMoreDeletesThanMaxDelete_refusesThemAndStillCreatesTheJob(
            Target target, TestResources res) {
        AwsKit aws = kit(target, res);
        String src = bucket(aws, res);
        String dst = bucket(aws, res);
        String ws = bucket(aws, res);
        put(aws, src, "a.txt", "a");
        put(aws, dst, "x.txt", "x");
        put(aws, dst, "y.txt", "y");
        stubCreate("job-3");
        stubDescribe("job-3", List.of("Complete"), 1, 0, "");

        SyncReport r = Storage.of(aws)
                .sync("s3://" + src, "s3://" + dst)
                .delete()
                .maxDelete(1)
                .viaBatchOperations(ROLE)
                .workspace("s3://" + ws)
                .threshold(0)
                .accountId(ACCOUNT)
                .pollInterval(Duration.ZERO)
                .run()
                .awaitComplete();

        assertThat(keys(aws, dst)).containsOnlyKeys("x.txt", "y.txt");
        assertThat(r.deletesRefused()).isEqualTo(2);
        assertThat(r.copied()).isEqualTo(1);
        assertThat(r.failures())
                .extracting(SyncFailure::toString)
                .containsExactly("delete (sync): 2 deletes planned, more than maxDelete(1): none was made; check the"
                        + " plan with dryRun(), then raise maxDelete");
    }

    @Test
    void viaBatchOperations_whenCreateJobIsDenied_failsNamingAccountRegionAndRole(Target target, TestResources res) {
        AwsKit aws = kit(target, res);
        String src = bucket(aws, res);
        String dst = bucket(aws, res);
        String ws = bucket(aws, res);
        put(aws, src, "a.txt", "a");
        control.stubFor(post(urlEqualTo("/v20180820/jobs"))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("Content-Type", "application/xml")
                        .withBody("<ErrorResponse><Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
                                + "</Error></ErrorResponse>")));

        assertThatThrownBy(() -> Storage.of(aws)
                        .sync("s3://" + src, "s3://" + dst)
                        .viaBatchOperations(ROLE)
                        .workspace("s3://" + ws)
                        .threshold(0)
                        .accountId(ACCOUNT)
                        .run())
                .isInstanceOf(dev.awskit.core.AwsKitException.class)
                .hasMessageStartingWith("Creating the Batch Operations job for s3://" + src + " -> s3://" + dst
                        + " (account 123456789012, region " + aws.region() + ") failed: ")
                .hasMessageContaining("AccessDenied")
                .hasMessageContaining("No job was created (its manifest is deleted again)")
                .hasMessageContaining("check that " + ROLE + " can be assumed by batchoperations.s3.amazonaws.com");
        assertThat(keys(aws, dst)).isEmpty();
        assertThat(keys(aws, ws)).isEmpty();
    }

    @Test
    void viaBatchOperations_settingsThatCannotWork_areRefusedBeforeAnythingIsListed(Target target, TestResources res) {
        AwsKit aws = kit(target, res);
        assertThatThrownBy(() -> Storage.of(aws)
                        .sync("s3://a-bucket/x", "s3://b-bucket/y")
                        .viaBatchOperations(ROLE)
                        .workspace("s3://ws-bucket")
                        .run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("A Batch Operations copy keeps each source key whole and can only put a folder in front of"
                        + " it (TargetKeyPrefix), so 'x/<key>' cannot become 'y/<key>': sync into s3://b-bucket/<folder/>x/ (a"
                        + " destination prefix that ends with the source prefix), or drop viaBatchOperations");
        assertThatThrownBy(() -> Storage.of(aws)
                        .sync("s3://a-bucket", "s3://b-bucket")
                        .viaBatchOperations(ROLE)
                        .run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("viaBatchOperations needs a bucket for the manifest and the completion report: add"
                        + " workspace(\"s3://bucket/prefix\") (outside the source and destination)");
        assertThatThrownBy(() -> Storage.of(aws)
                        .sync("s3://a-bucket", "s3://b-bucket")
                        .viaBatchOperations(ROLE)
                        .workspace("s3://b-bucket/ops")
                        .run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The workspace s3://b-bucket/ops is inside the sync's s3://b-bucket: the manifest would be"
                        + " synced (or deleted); give a workspace outside both sides");
        assertThatThrownBy(() ->
                        Storage.of(aws).sync("s3://a-bucket", "s3://b-bucket").viaBatchOperations("admin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("viaBatchOperations needs the ARN of the IAM role Batch Operations assumes"
                        + " (arn:aws:iam::123456789012:role/name), was 'admin'");
        assertThat(control.getAllServeEvents()).isEmpty();
    }

    private static String manifestOf(AwsKit aws, String ws, String body) {
        String objectArn = xml(body, "ObjectArn");
        String key = objectArn.substring(("arn:aws:s3:::" + ws + "/").length());
        return aws.client(S3Client.class)
                .getObjectAsBytes(g -> g.bucket(ws).key(key))
                .asUtf8String();
    }

    private String onlyCreateJobBody() {
        List<LoggedRequest> creates = control.findAll(postRequestedFor(urlEqualTo("/v20180820/jobs")));
        assertThat(creates).hasSize(1);
        return creates.get(0).getBodyAsString();
    }

    /**
     * s3://a/p1/ to s3://b/backup/p1/: the job must write backup/p1/k, as a sync would. S3 puts
     * TargetKeyPrefix in front of the whole source key (S3 Control API reference,
     * S3CopyObjectOperation; aws/aws-sdk#355), so the request carries TargetKeyPrefix backup/ and the
     * manifest the full source keys; the deletes go to the destination's keys.
     */
    @Test
    void viaBatchOperations_intoAFolderInFrontOfTheSourcePrefix_setsTargetKeyPrefix(Target target, TestResources res) {
        AwsKit aws = kit(target, res);
        String src = bucket(aws, res);
        String dst = bucket(aws, res);
        String ws = bucket(aws, res);
        put(aws, src, "p1/a b.txt", "a");
        put(aws, src, "p1/été+1.txt", "b");
        put(aws, src, "other/x.txt", "not under p1/");
        put(aws, dst, "backup/p1/gone.txt", "only at the destination");
        put(aws, dst, "p1/a b.txt", "a key outside the destination prefix stays");
        stubCreate("job-4");
        stubDescribe("job-4", List.of("Complete"), 2, 0, "");

        SyncReport r = Storage.of(aws)
                .sync("s3://" + src + "/p1", "s3://" + dst + "/backup/p1/")
                .delete()
                .viaBatchOperations(ROLE)
                .workspace("s3://" + ws)
                .threshold(0)
                .accountId(ACCOUNT)
                .pollInterval(Duration.ZERO)
                .run()
                .awaitComplete();

        String body = onlyCreateJobBody();
        assertThat(xml(body, "TargetKeyPrefix")).isEqualTo("backup/");
        assertThat(xml(body, "TargetResource")).isEqualTo("arn:aws:s3:::" + dst);
        assertThat(r.copied()).isEqualTo(2);
        assertThat(r.deleted()).isEqualTo(1);
        assertThat(keys(aws, dst)).containsOnlyKeys("p1/a b.txt");
    }

    @Test
    void viaBatchOperations_fromTheBucketRootIntoAPrefix_setsTargetKeyPrefixAndKeepsKeysWhole(
            Target target, TestResources res) {
        AwsKit aws = kit(target, res);
        String src = bucket(aws, res);
        String dst = bucket(aws, res);
        String ws = bucket(aws, res);
        put(aws, src, "my dir/a b.txt", "a");
        put(aws, src, "plus+sign.txt", "b");
        stubCreate("job-5");

        BatchJob job = Storage.of(aws)
                .sync("s3://" + src, "s3://" + dst + "/copies/2026/")
                .viaBatchOperations(ROLE)
                .workspace("s3://" + ws + "/ops")
                .threshold(0)
                .accountId(ACCOUNT)
                .run();

        assertThat(job.jobId()).hasValue("job-5");
        String body = onlyCreateJobBody();
        assertThat(xml(body, "TargetKeyPrefix")).isEqualTo("copies/2026/");
        assertThat(manifestOf(aws, ws, body))
                .isEqualTo(src + "," + encode("my dir/a b.txt") + "\n" + src + "," + encode("plus+sign.txt") + "\n");
    }

    @Test
    void viaBatchOperations_betweenEqualPrefixes_sendsNoTargetKeyPrefix(Target target, TestResources res) {
        AwsKit aws = kit(target, res);
        String src = bucket(aws, res);
        String dst = bucket(aws, res);
        String ws = bucket(aws, res);
        put(aws, src, "p/a.txt", "a");
        stubCreate("job-6");

        Storage.of(aws)
                .sync("s3://" + src + "/p", "s3://" + dst + "/p")
                .viaBatchOperations(ROLE)
                .workspace("s3://" + ws)
                .threshold(0)
                .accountId(ACCOUNT)
                .run();

        assertThat(onlyCreateJobBody()).doesNotContain("TargetKeyPrefix");
    }

    /**
     * Objects over PutObjectCopy's 5 GB: the kit copies them itself (UploadPartCopy on S3Proxy) while
     * the job copies the rest. The sync's test-only copyMultipartThreshold stands for the 5 GB, so
     * a 6 MiB object is "too large" here.
     */
    @Test
    void viaBatchOperations_objectsTooLargeForTheJob_areCopiedInPartsByTheKit(Target target, TestResources res) {
        AwsKit aws = kit(target, res);
        String src = bucket(aws, res);
        String dst = bucket(aws, res);
        String ws = bucket(aws, res);
        byte[] big = new byte[6 * 1024 * 1024];
        new java.util.Random(5).nextBytes(big);
        aws.client(S3Client.class)
                .putObject(
                        p -> p.bucket(src).key("p/big one.bin"),
                        software.amazon.awssdk.core.sync.RequestBody.fromBytes(big));
        put(aws, src, "p/a.txt", "a");
        put(aws, src, "p/b.txt", "b");
        stubCreate("job-7");
        stubDescribe("job-7", List.of("Active", "Complete"), 2, 0, "");

        BatchJob job = Storage.of(aws)
                .sync("s3://" + src + "/p", "s3://" + dst + "/q/p")
                .copyMultipartThreshold(5L * 1024 * 1024)
                .partSize(5L * 1024 * 1024)
                .viaBatchOperations(ROLE)
                .workspace("s3://" + ws)
                .threshold(0)
                .accountId(ACCOUNT)
                .pollInterval(Duration.ZERO)
                .run();

        // the object is at its destination before the job is followed: copied by the kit, in parts
        var copy =
                aws.client(S3Client.class).getObjectAsBytes(g -> g.bucket(dst).key("q/p/big one.bin"));
        assertThat(copy.asByteArray()).isEqualTo(big);
        assertThat(copy.response().eTag()).endsWith("-2\"");
        String body = onlyCreateJobBody();
        assertThat(manifestOf(aws, ws, body)).isEqualTo(src + ",p%2Fa.txt\n" + src + ",p%2Fb.txt\n");

        SyncReport r = job.awaitComplete();

        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        assertThat(r.plannedCopies()).isEqualTo(3);
        assertThat(r.plannedCopyBytes()).isEqualTo(big.length + 2);
        assertThat(r.copied()).isEqualTo(3);
        assertThat(r.copiedBytes()).isEqualTo(big.length + 2);
        assertThat(r.copiedByKit()).isEqualTo(1);
        assertThat(r.copiedByKitBytes()).isEqualTo(big.length);
        assertThat(r.copiedByKitKeys()).containsExactly("big one.bin");
        assertThat(r.toString())
                .contains("copied by Batch Operations job job-7 and 1 (6.0 MiB) too large for the job copied in parts"
                        + " by the kit");
    }

    /**
     * The workspace's expiry rule, on moto's S3 (S3Proxy implements no lifecycle configuration): a
     * job nobody awaits leaves its manifest, which the rule expires; the bucket's own rules are
     * kept (PutBucketLifecycleConfiguration replaces the whole configuration).
     */
    @Test
    void viaBatchOperations_expiresTheWorkspaceFilesByALifecycleRule_keepingTheBucketsOwnRules(TestResources res) {
        Target moto = dev.awskit.testing.Targets.require(Service.DYNAMODB);
        AwsKit aws = kit(moto, res);
        String src = bucket(aws, res);
        String dst = bucket(aws, res);
        String ws = bucket(aws, res);
        put(aws, src, "a.txt", "a");
        S3Client s3 = aws.client(S3Client.class);
        s3.putBucketLifecycleConfiguration(p -> p.bucket(ws)
                .lifecycleConfiguration(c -> c.rules(software.amazon.awssdk.services.s3.model.LifecycleRule.builder()
                        .id("users-own")
                        .status(software.amazon.awssdk.services.s3.model.ExpirationStatus.ENABLED)
                        .filter(f -> f.prefix("tmp/"))
                        .expiration(e -> e.days(2))
                        .build())));
        stubCreate("job-8");

        BatchJob job = Storage.of(aws)
                .sync("s3://" + src, "s3://" + dst)
                .viaBatchOperations(ROLE)
                .workspace("s3://" + ws + "/ops")
                .threshold(0)
                .accountId(ACCOUNT)
                .run();

        assertThat(job.jobId()).hasValue("job-8");
        var rules = s3.getBucketLifecycleConfiguration(g -> g.bucket(ws)).rules();
        assertThat(rules).extracting(r -> r.id()).hasSize(2).contains("users-own");
        var ours = rules.stream()
                .filter(r -> !r.id().equals("users-own"))
                .findFirst()
                .orElseThrow();
        assertThat(ours.id()).startsWith("awskit-batch-workspace");
        assertThat(ours.filter().prefix()).isEqualTo("ops/awskit-batch/");
        assertThat(ours.expiration().days()).isEqualTo(DefaultBatchJob.WORKSPACE_EXPIRY_DAYS);
        assertThat(xml(onlyCreateJobBody(), "ObjectArn")).startsWith("arn:aws:s3:::" + ws + "/ops/awskit-batch/");
    }
}
