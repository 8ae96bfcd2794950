package dev.awskit.storage.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.storage.BatchJob;
import dev.awskit.storage.SyncFailure;
import dev.awskit.storage.SyncReport;
import dev.awskit.storage.SyncReportBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.model.CreateJobRequest;
import software.amazon.awssdk.services.s3control.model.JobDescriptor;
import software.amazon.awssdk.services.s3control.model.JobManifestFieldName;
import software.amazon.awssdk.services.s3control.model.JobManifestFormat;
import software.amazon.awssdk.services.s3control.model.JobProgressSummary;
import software.amazon.awssdk.services.s3control.model.JobReportFormat;
import software.amazon.awssdk.services.s3control.model.JobReportScope;
import software.amazon.awssdk.services.s3control.model.JobStatus;
import software.amazon.awssdk.services.s3control.model.S3StorageClass;

/**
 * An S3-to-S3 sync whose copies S3 Batch Operations runs: the kit plans (from a listing or an
 * inventory), makes the deletes itself (bounded by {@code maxDelete}: Batch Operations has no
 * delete-on-sync), writes the copies as a CSV manifest to the workspace bucket, creates the job
 * (CreateJob, operation S3PutObjectCopy, completion report of failed tasks) and, in {@link
 * #awaitComplete}, follows DescribeJob until the job is Complete, Failed or Cancelled and reads the
 * completion report into the {@link SyncReport}. See the S3 Control API reference (CreateJob,
 * DescribeJob) and the user guide's "Completion reports" page.
 */
public final class DefaultBatchJob implements BatchJob {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultBatchJob.class);
    private static final int MAX_RECORDED_FAILURES = 1000;

    /** Days after which the workspace's lifecycle rule expires a job's manifest and report. */
    public static final int WORKSPACE_EXPIRY_DAYS = 30;

    private static final Set<JobStatus> DONE = Set.of(JobStatus.COMPLETE, JobStatus.FAILED, JobStatus.CANCELLED);

    /** What a batch sync is given. */
    public record Settings(
            String roleArn,
            Location workspace,
            long threshold,
            String accountId,
            Duration pollInterval,
            int priority) {}

    private final AwsKit kit;
    private final SyncSpec spec;
    private final Settings settings;
    private final long start = System.nanoTime();
    private final List<SyncFailure> failures = new ArrayList<>();
    private final List<JobStatus> statuses = new ArrayList<>();
    private long failureCount;
    private String jobId;
    private String account;
    private String reportPrefix;
    private String jobFolder;
    private long kitCopied;
    private long kitCopiedBytes;
    private final List<String> kitCopiedKeys = new ArrayList<>();
    private SyncReport done;
    private BatchCopyPlan plan;
    private S3Client workspaceS3;
    private long deleted;
    private long deletedBytes;
    private long deletesRefused;
    private long listedExcluded;
    private long pruned;
    private String inventoryManifest;
    private Duration inventoryAge;

    private DefaultBatchJob(AwsKit kit, SyncSpec spec, Settings settings) {
        this.kit = kit;
        this.spec = spec;
        this.settings = settings;
    }

    /**
     * Plans, deletes, writes the manifest and creates the job; or, for a plan of at most {@code
     * threshold} copies, runs {@code small} (the kit's own sync) and returns a finished job.
     */
    public static DefaultBatchJob start(
            AwsKit kit, SyncSpec spec, Settings settings, Inventory inventory, Supplier<SyncReport> small) {
        DefaultBatchJob job = new DefaultBatchJob(kit, spec, settings);
        job.run(inventory, small);
        return job;
    }

    private void run(Inventory inventory, Supplier<SyncReport> small) {
        Location src = spec.source();
        Location dst = spec.destination();
        S3Client srcS3 = Buckets.clientFor(kit, src.bucket(), "source");
        S3Client dstS3 = Buckets.clientFor(kit, dst.bucket(), "destination");
        S3Client wsS3 = Buckets.clientFor(kit, settings.workspace().bucket(), "workspace");
        workspaceS3 = wsS3;
        if (inventory != null) {
            inventoryManifest = inventory.manifestUri();
            Duration age = Duration.between(inventory.created(), Instant.now());
            inventoryAge = age.isNegative() ? Duration.ZERO : age;
        }
        Listing source = inventory != null
                ? inventory.listing(src.prefix())
                : new S3Listing(srcS3, src.bucket(), src.prefix(), spec.filters());
        Listing destination = new S3Listing(dstS3, dst.bucket(), dst.prefix(), spec.filters());
        plan = new BatchCopyPlan(src.bucket(), src.prefix(), spec.copyMultipartThreshold());
        try {
            new Planner(spec.filters(), spec.mode(), Direction.COPY, spec.delete()).plan(source, destination, plan);
            plan.finish();
            listedExcluded = plan.excluded + source.skippedKeys() + destination.skippedKeys();
            pruned = source.prunedPrefixes() + destination.prunedPrefixes();
            if (plan.copies + plan.tooLarge().size() <= settings.threshold()) {
                plan.close();
                done = small.get();
                return;
            }
            deletes(dstS3);
            if (plan.copies > 0) {
                account = settings.accountId() != null
                        ? settings.accountId()
                        : kit.identity().accountId();
                tidyWorkspace(wsS3);
                createJob(wsS3);
            }
            copyTooLarge();
        } catch (RuntimeException e) {
            plan.close();
            throw e;
        }
        if (jobId == null) {
            awaitComplete(Duration.ZERO); // every copy was the kit's: the report is final now
        }
    }

    /**
     * Copies the objects PutObjectCopy cannot copy (over 5 GB) with the kit's own sync, which copies
     * them in parts (UploadPartCopy), while the job copies the rest: the planned entries as the
     * source listing, none as the destination's, no deletes (the kit made them already).
     */
    private void copyTooLarge() {
        List<Entry> big = plan.tooLarge();
        if (big.isEmpty()) {
            return;
        }
        SyncSpec kitSpec = new SyncSpec(
                spec.source(),
                spec.destination(),
                spec.filters(),
                spec.mode(),
                false,
                -1,
                false,
                spec.out(),
                spec.progress(),
                spec.options(),
                spec.concurrency(),
                spec.partSize(),
                spec.multipartThreshold(),
                spec.copyMultipartThreshold(),
                false,
                false,
                spec.localFiles());
        SyncReport r = new SyncEngine(kit, kitSpec, new java.util.concurrent.atomic.AtomicBoolean())
                .sourceListing(new Entries(big.iterator()))
                .destinationListing(new Entries(java.util.Collections.emptyIterator()))
                .run();
        kitCopied = r.copied();
        kitCopiedBytes = r.copiedBytes();
        Set<String> failed = new HashSet<>();
        for (SyncFailure f : r.failures()) {
            failed.add(f.key());
            fail(f.key(), f.operation(), f.message());
        }
        // failures past the first 1,000 the engine recorded are counted, not named
        failureCount += r.failureCount() - r.failures().size();
        for (Entry e : big) {
            if (!failed.contains(e.key()) && kitCopiedKeys.size() < MAX_RECORDED_FAILURES) {
                kitCopiedKeys.add(e.key());
            }
        }
    }

    /** A listing of entries already in key order. */
    private static final class Entries implements Listing {
        private final Iterator<Entry> it;

        Entries(Iterator<Entry> it) {
            this.it = it;
        }

        @Override
        public boolean hasNext() {
            return it.hasNext();
        }

        @Override
        public Entry next() {
            return it.next();
        }

        @Override
        public long prunedPrefixes() {
            return 0;
        }
    }

    /**
     * The workspace never keeps a job's files forever: a lifecycle rule expires everything under
     * {@code <workspace>/awskit-batch/} {@value #WORKSPACE_EXPIRY_DAYS} days after it was written
     * (set, or found, here; merged with the bucket's other rules), and what an earlier run left
     * older than that is deleted now, for buckets where the rule cannot be set (no {@code
     * s3:PutLifecycleConfiguration}; S3Proxy implements no lifecycle). A job reads its manifest
     * while Preparing (S3 user guide, "Tracking job status": "Amazon S3 is processing the manifest
     * object"), long before 30 days.
     */
    private void tidyWorkspace(S3Client wsS3) {
        Location ws = settings.workspace();
        String root = ws.prefix() + "awskit-batch/";
        String id = workspaceRuleId(ws.prefix());
        try {
            Lifecycles.apply(
                    wsS3,
                    ws.bucket(),
                    Lifecycles.rule(id, root, r -> r.expiration(e -> e.days(WORKSPACE_EXPIRY_DAYS))));
        } catch (AwsServiceException | SdkClientException e) {
            LOG.warn(
                    "Cannot set the lifecycle rule {} that expires Batch Operations manifests under s3://{}/{} after {}"
                            + " days ({}); grant s3:GetLifecycleConfiguration and s3:PutLifecycleConfiguration on the"
                            + " bucket, or add the rule yourself. Until then each run deletes what earlier runs left"
                            + " there for longer, and awaitComplete() deletes its own job's files.",
                    id,
                    ws.bucket(),
                    root,
                    WORKSPACE_EXPIRY_DAYS,
                    AwsErrors.describe(e));
        }
        Instant cutoff = Instant.now().minus(Duration.ofDays(WORKSPACE_EXPIRY_DAYS));
        List<String> old = new ArrayList<>();
        try {
            for (var o : wsS3.listObjectsV2Paginator(l -> l.bucket(ws.bucket()).prefix(root))
                    .contents()) {
                if (o.lastModified() != null && o.lastModified().isBefore(cutoff)) {
                    old.add(o.key());
                }
            }
            deleteKeys(wsS3, ws.bucket(), old);
        } catch (AwsServiceException | SdkClientException e) {
            LOG.warn(
                    "Cannot delete old Batch Operations files under s3://{}/{}: {}",
                    ws.bucket(),
                    root,
                    AwsErrors.describe(e));
        }
    }

    /** The ID of the workspace's expiry rule: one per workspace prefix of the bucket. */
    static String workspaceRuleId(String prefix) {
        return prefix.isEmpty()
                ? "awskit-batch-workspace"
                : "awskit-batch-workspace-" + String.format("%08x", prefix.hashCode());
    }

    private static void deleteKeys(S3Client s3, String bucket, List<String> keys) {
        for (int i = 0; i < keys.size(); i += 1000) {
            List<ObjectIdentifier> ids = keys.subList(i, Math.min(keys.size(), i + 1000)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build())
                    .toList();
            s3.deleteObjects(d -> d.bucket(bucket).delete(x -> x.objects(ids).quiet(true)));
        }
    }

    private void deletes(S3Client dstS3) {
        if (!spec.delete() || plan.deleteCount == 0) {
            return;
        }
        if (spec.maxDelete() >= 0 && plan.deleteCount > spec.maxDelete()) {
            deletesRefused = plan.deleteCount;
            fail(
                    "",
                    "delete",
                    plan.deleteCount + " deletes planned, more than maxDelete(" + spec.maxDelete()
                            + "): none was made; check the plan with dryRun(), then raise maxDelete");
            return;
        }
        Location dst = spec.destination();
        List<Entry> batch = new ArrayList<>();
        for (Iterator<Entry> it = plan.deletes(); it.hasNext(); ) {
            batch.add(it.next());
            if (batch.size() == 1000 || !it.hasNext()) {
                List<ObjectIdentifier> ids = batch.stream()
                        .map(e -> ObjectIdentifier.builder()
                                .key(dst.prefix() + e.key())
                                .build())
                        .toList();
                try {
                    DeleteObjectsResponse r = dstS3.deleteObjects(d ->
                            d.bucket(dst.bucket()).delete(x -> x.objects(ids).quiet(true)));
                    Set<String> failed = new HashSet<>();
                    r.errors().forEach(err -> {
                        failed.add(err.key());
                        fail(err.key().substring(dst.prefix().length()), "delete", err.code() + ": " + err.message());
                    });
                    for (Entry e : batch) {
                        if (!failed.contains(dst.prefix() + e.key())) {
                            deleted++;
                            deletedBytes += e.size();
                        }
                    }
                } catch (AwsServiceException | SdkClientException e) {
                    for (Entry x : batch) {
                        fail(x.key(), "delete", AwsErrors.describe(e));
                    }
                }
                batch.clear();
            }
        }
    }

    private void createJob(S3Client wsS3) {
        Location ws = settings.workspace();
        String token = UUID.randomUUID().toString();
        String base = ws.prefix() + "awskit-batch/" + token + "/";
        jobFolder = base;
        String targetKeyPrefix = BatchCopyPlan.targetKeyPrefix(
                        spec.source().prefix(), spec.destination().prefix())
                .orElseThrow(() -> new IllegalStateException("no TargetKeyPrefix for " + spec.destination()));
        String manifestKey = base + "manifest.csv";
        reportPrefix = base + "report";
        String etag;
        try {
            etag = wsS3.putObject(
                            p -> p.bucket(ws.bucket()).key(manifestKey).contentType("text/csv"),
                            RequestBody.fromFile(plan.manifest()))
                    .eTag();
        } catch (AwsServiceException | SdkClientException e) {
            throw new AwsKitException(
                    "Writing the Batch Operations manifest to s3://" + ws.bucket() + "/" + manifestKey + " failed: "
                            + AwsErrors.describe(e) + ". No job was created; the deletes, if any, were made.",
                    e);
        }
        CreateJobRequest.Builder r = CreateJobRequest.builder()
                .accountId(account)
                .clientRequestToken(token)
                .confirmationRequired(false)
                .priority(settings.priority())
                .roleArn(settings.roleArn())
                .description(Keys.shown("aws-kit sync " + spec.source() + " -> " + spec.destination()))
                .operation(o -> o.s3PutObjectCopy(c -> {
                    c.targetResource("arn:aws:s3:::" + spec.destination().bucket());
                    if (!targetKeyPrefix.isEmpty()) {
                        c.targetKeyPrefix(targetKeyPrefix);
                    }
                    if (spec.options().storageClass() != null) {
                        c.storageClass(S3StorageClass.fromValue(
                                spec.options().storageClass().toString()));
                    }
                }))
                .manifest(m -> m.spec(s -> s.format(JobManifestFormat.S3_BATCH_OPERATIONS_CSV_20180820)
                                .fields(JobManifestFieldName.BUCKET, JobManifestFieldName.KEY))
                        .location(l -> l.objectArn("arn:aws:s3:::" + ws.bucket() + "/" + manifestKey)
                                .eTag(Etags.unquote(etag))))
                .report(p -> p.bucket("arn:aws:s3:::" + ws.bucket())
                        .prefix(reportPrefix)
                        .format(JobReportFormat.REPORT_CSV_20180820)
                        .enabled(true)
                        .reportScope(JobReportScope.FAILED_TASKS_ONLY));
        try {
            jobId = control().createJob(r.build()).jobId();
        } catch (AwsServiceException | SdkClientException e) {
            removeJobFiles(true); // no job reads the manifest
            throw new AwsKitException(
                    "Creating the Batch Operations job for " + spec.source() + " -> "
                            + spec.destination() + " (account " + account + ", region " + kit.region() + ") failed: "
                            + AwsErrors.describe(e) + ". No job was created (its manifest is deleted again)"
                            + "; check that " + settings.roleArn()
                            + " can be assumed by batchoperations.s3.amazonaws.com"
                            + " and that you may call s3:CreateJob and iam:PassRole.",
                    e);
        }
    }

    private S3ControlClient control() {
        return kit.client(S3ControlClient.class);
    }

    @Override
    public Optional<String> jobId() {
        return Optional.ofNullable(jobId);
    }

    /** The statuses DescribeJob answered so far, each once, in order. */
    public List<String> statuses() {
        return statuses.stream().map(JobStatus::toString).toList();
    }

    @Override
    public synchronized SyncReport awaitComplete(Duration timeout) {
        if (done != null) {
            return done;
        }
        long succeeded = 0;
        Set<String> failedKeys = new HashSet<>();
        JobStatus status = JobStatus.COMPLETE;
        if (jobId != null) {
            JobDescriptor job = follow(timeout);
            status = job.status();
            JobProgressSummary progress = job.progressSummary();
            succeeded = progress == null || progress.numberOfTasksSucceeded() == null
                    ? 0
                    : progress.numberOfTasksSucceeded();
            long failedTasks =
                    progress == null || progress.numberOfTasksFailed() == null ? 0 : progress.numberOfTasksFailed();
            if (status == JobStatus.FAILED) {
                String reasons = job.failureReasons().stream()
                        .map(f -> f.failureCode() + ": " + f.failureReason())
                        .reduce((x, y) -> x + "; " + y)
                        .orElse("no reason given");
                fail("", "copy", "Batch Operations job " + jobId + " failed: " + reasons);
            }
            boolean reportComplete = true;
            if (failedTasks > 0) {
                readCompletionReport(failedKeys);
                long unnamed = failedTasks - failedKeys.size();
                if (unnamed > 0) {
                    fail(
                            "",
                            "copy",
                            unnamed + " tasks of job " + jobId + " failed that the completion report under s3://"
                                    + settings.workspace().bucket() + "/" + reportPrefix + " does not name");
                }
                reportComplete = failedKeys.size() <= MAX_RECORDED_FAILURES && unnamed <= 0;
            }
            removeJobFiles(reportComplete);
        }
        long failedBytes = plan.bytesOf(failedKeys);
        plan.close();
        SyncReportBuilder b = SyncReport.builder()
                .source(spec.source().text())
                .destination(spec.destination().text())
                .dryRun(false)
                .cancelled(status == JobStatus.CANCELLED)
                .plannedCopies(plan.copies + plan.tooLarge().size())
                .plannedCopyBytes(plan.copyBytes + tooLargeBytes())
                .plannedDeletes(spec.delete() ? plan.deleteCount : 0)
                .copied(succeeded + kitCopied)
                .copiedBytes((status == JobStatus.COMPLETE ? plan.copyBytes - failedBytes : 0) + kitCopiedBytes)
                .copiedByKit(kitCopied)
                .copiedByKitBytes(kitCopiedBytes)
                .addAllCopiedByKitKeys(kitCopiedKeys)
                .skipped(plan.skipped)
                .skippedBytes(plan.skippedBytes)
                .deleted(deleted)
                .deletedBytes(deletedBytes)
                .deletesRefused(deletesRefused)
                .excluded(listedExcluded)
                .prunedPrefixes(pruned)
                .addAllFailures(failures)
                .failureCount(failureCount)
                .duration(Duration.ofNanos(System.nanoTime() - start));
        if (jobId != null) {
            b.batchJobId(jobId);
        }
        if (inventoryManifest != null) {
            b.inventoryManifest(inventoryManifest).inventoryAge(inventoryAge);
        }
        done = b.build();
        return done;
    }

    private long tooLargeBytes() {
        return plan.tooLarge().stream().mapToLong(Entry::size).sum();
    }

    /** DescribeJob until Complete, Failed or Cancelled. */
    private JobDescriptor follow(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JobDescriptor job;
            try {
                job = control()
                        .describeJob(d -> d.accountId(account).jobId(jobId))
                        .job();
            } catch (AwsServiceException | SdkClientException e) {
                throw new AwsKitException(
                        "Following Batch Operations job " + jobId + " (account " + account + ", region "
                                + kit.region() + ") failed: " + AwsErrors.describe(e) + ". The job runs on; call"
                                + " awaitComplete() again.",
                        e);
            }
            JobStatus st = job.status();
            if (statuses.isEmpty() || statuses.get(statuses.size() - 1) != st) {
                statuses.add(st);
            }
            if (DONE.contains(st)) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new AwsKitException("Batch Operations job " + jobId + " is still " + st + " after " + timeout
                        + "; it runs on in S3: call awaitComplete() again, or see it with aws s3control describe-job"
                        + " --account-id " + account + " --job-id " + jobId);
            }
            try {
                Thread.sleep(settings.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AwsKitException("Interrupted while following Batch Operations job " + jobId
                        + "; it runs on in S3: call awaitComplete() again");
            }
        }
    }

    /**
     * Deletes the job's manifest, and its completion report once read into the SyncReport (kept when
     * the report names more failures than the SyncReport records: the lifecycle rule expires it).
     * A failure to delete is logged: the workspace's expiry rule and the next run remove them.
     */
    private void removeJobFiles(boolean withReport) {
        String bucket = settings.workspace().bucket();
        try {
            List<String> keys = new ArrayList<>();
            for (var o : workspaceS3
                    .listObjectsV2Paginator(l -> l.bucket(bucket).prefix(jobFolder))
                    .contents()) {
                if (withReport || !o.key().startsWith(reportPrefix + "/")) {
                    keys.add(o.key());
                }
            }
            deleteKeys(workspaceS3, bucket, keys);
        } catch (AwsServiceException | SdkClientException e) {
            LOG.warn(
                    "Cannot delete the files of Batch Operations job {} under s3://{}/{}: {}; the workspace's"
                            + " lifecycle rule, or the next run, removes them after {} days",
                    jobId,
                    bucket,
                    jobFolder,
                    AwsErrors.describe(e),
                    WORKSPACE_EXPIRY_DAYS);
        }
    }

    /** Reads {@code <prefix>/job-<id>/manifest.json} and the CSV files of failed tasks it lists. */
    private void readCompletionReport(Set<String> failedKeys) {
        String bucket = settings.workspace().bucket();
        String key = reportPrefix + "/job-" + jobId + "/manifest.json";
        S3Client s3 = workspaceS3;
        Map<String, JsonNode> manifest;
        try {
            String json = s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asUtf8String();
            manifest = JsonNode.parser().parse(json).asObject();
        } catch (AwsServiceException | SdkClientException e) {
            fail(
                    "",
                    "copy",
                    "the completion report s3://" + bucket + "/" + key + " of job " + jobId + " cannot be read: "
                            + AwsErrors.describe(e));
            return;
        } catch (RuntimeException e) {
            fail("", "copy", "the completion report s3://" + bucket + "/" + key + " is not JSON: " + e.getMessage());
            return;
        }
        List<String> schema = new ArrayList<>();
        JsonNode s = manifest.get("ReportSchema");
        for (String c : (s != null && s.isString()
                        ? s.asString()
                        : "Bucket, Key, VersionId, TaskStatus, ErrorCode," + " HTTPStatusCode, ResultMessage")
                .split(",")) {
            schema.add(c.trim());
        }
        int keyCol = schema.indexOf("Key");
        int codeCol = schema.indexOf("ErrorCode");
        int httpCol = schema.indexOf("HTTPStatusCode");
        int msgCol = schema.indexOf("ResultMessage");
        JsonNode results = manifest.get("Results");
        if (results == null || !results.isArray()) {
            return;
        }
        for (JsonNode res : results.asArray()) {
            Map<String, JsonNode> m = res.asObject();
            JsonNode status = m.get("TaskExecutionStatus");
            JsonNode file = m.get("Key");
            JsonNode fileBucket = m.get("Bucket");
            if (status == null || !"failed".equalsIgnoreCase(status.asString()) || file == null) {
                continue;
            }
            String fb = fileBucket == null ? bucket : fileBucket.asString();
            String fk = file.asString();
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(s3.getObject(g -> g.bucket(fb).key(fk)), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    List<String> f = InventoryCsv.parse(line);
                    if (keyCol < 0 || keyCol >= f.size()) {
                        continue;
                    }
                    String full = URLDecoder.decode(f.get(keyCol), StandardCharsets.UTF_8);
                    failedKeys.add(full);
                    String rel = full.startsWith(spec.source().prefix())
                            ? full.substring(spec.source().prefix().length())
                            : full;
                    fail(rel, "copy", col(f, codeCol) + " (" + col(f, httpCol) + "): " + col(f, msgCol));
                }
            } catch (IOException | RuntimeException e) {
                fail(
                        "",
                        "copy",
                        "the completion report file s3://" + fb + "/" + fk + " cannot be read: " + e.getMessage());
            }
        }
    }

    private static String col(List<String> f, int i) {
        return i >= 0 && i < f.size() ? f.get(i) : "?";
    }

    private void fail(String key, String op, String message) {
        failureCount++;
        if (failures.size() < MAX_RECORDED_FAILURES) {
            failures.add(SyncFailure.of(key, op, message, null));
        }
    }

    @Override
    public String toString() {
        return "BatchJob{" + spec.source() + " -> " + spec.destination()
                + (jobId == null ? ", copied by the kit" : ", job " + jobId)
                + (done == null ? ", running: call awaitComplete()" : ", complete") + "}";
    }
}
