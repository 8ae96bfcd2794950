package dev.awskit.storage;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.internal.Setting;
import dev.awskit.core.internal.Texts;
import dev.awskit.storage.internal.BatchCopyPlan;
import dev.awskit.storage.internal.DefaultBatchJob;
import dev.awskit.storage.internal.Inventories;
import dev.awskit.storage.internal.Inventory;
import dev.awskit.storage.internal.Keys;
import dev.awskit.storage.internal.Location;
import dev.awskit.storage.internal.SyncSpec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An S3-to-S3 sync whose copies S3 Batch Operations makes, from {@link Sync#viaBatchOperations}:
 * the kit plans (from a listing or {@link Sync#fromInventory an inventory}), makes the deletes
 * itself (Batch Operations has no delete-on-sync; {@code maxDelete} bounds them), writes the copy
 * list as a CSV manifest to the {@link #workspace workspace}, and creates the job (operation
 * PutObjectCopy, a completion report of the failed tasks). {@link BatchJob#awaitComplete()} follows
 * the job and reads the report. A plan of at most {@link #threshold threshold} copies is copied by
 * the kit instead (a job costs a fixed fee and minutes of preparation).
 *
 * <p>A job can only put a prefix in front of each whole source key (TargetKeyPrefix), so the
 * destination prefix must be the source prefix with a folder in front ({@code s3://a/p1/} to {@code
 * s3://b/backup/p1/}) or the same; {@code s3://a/p1/} to {@code s3://b/p2/} is refused (see {@link
 * #run()}). PutObjectCopy copies objects of up to 5 GB: larger ones the kit copies itself, in
 * parts, while the job copies the rest ({@link SyncReport#copiedByKit()}). Of the object settings
 * only {@code storageClass} applies.
 *
 * <p>The manifest and the completion report go to {@code <workspace>/awskit-batch/<token>/}; {@link
 * BatchJob#awaitComplete()} deletes them once read, and a lifecycle rule on the workspace bucket
 * (added to its other rules by {@code run()}) expires whatever is left there after 30 days, for jobs
 * nobody awaited. The caller needs, on the workspace bucket, {@code s3:PutObject}, {@code
 * s3:GetObject}, {@code s3:ListBucket}, {@code s3:DeleteObject}, and {@code
 * s3:GetLifecycleConfiguration} with {@code s3:PutLifecycleConfiguration} (without them a warning is
 * logged, and each run deletes what earlier runs left for longer than 30 days).
 */
public final class BatchSync {
    private final AwsKit kit;
    private final SyncRequest.Builder request;
    private final String roleArn;
    private final Setting<Location> workspace = Setting.of("workspace");
    private final Setting<Long> threshold = Setting.of("threshold", 10_000L);
    private final Setting<String> accountId = Setting.of("accountId");
    private final Setting<Duration> pollInterval = Setting.of("pollInterval", Duration.ofSeconds(15));
    private final Setting<Integer> priority = Setting.of("priority", 10);
    private final AtomicInteger runs = new AtomicInteger();

    BatchSync(AwsKit kit, SyncRequest.Builder request, String roleArn) {
        if (roleArn == null || !roleArn.matches("arn:[a-z\\-]+:iam::\\d{12}:role/.+")) {
            throw new IllegalArgumentException("viaBatchOperations needs the ARN of the IAM role Batch Operations"
                    + " assumes (arn:aws:iam::123456789012:role/name), was '"
                    + (roleArn == null ? "null" : Keys.shown(roleArn))
                    + "'");
        }
        this.kit = kit;
        this.request = request;
        this.roleArn = roleArn;
    }

    /**
     * Where the manifest and the completion report go: {@code s3://bucket[/prefix]}, outside the
     * source and the destination. Default with {@link Sync#fromInventory}: the inventory's bucket.
     */
    public BatchSync workspace(String s3Uri) {
        Location l = Location.parse(Objects.requireNonNull(s3Uri, "s3Uri"));
        if (!l.isS3()) {
            throw new IllegalArgumentException(
                    "workspace must be s3://bucket[/prefix], was '" + Keys.shown(s3Uri) + "'");
        }
        workspace.set(l);
        return this;
    }

    /** Plans of at most this many copies are copied by the kit, not by a job; default 10,000. */
    public BatchSync threshold(long copies) {
        if (copies < 0) {
            throw new IllegalArgumentException("threshold must be >= 0, was " + copies);
        }
        threshold.set(copies);
        return this;
    }

    /** The account that owns the job; default the caller's ({@code sts get-caller-identity}). */
    public BatchSync accountId(String id) {
        if (id == null || !id.matches("\\d{12}")) {
            throw new IllegalArgumentException("accountId must be 12 digits, was '" + id + "'");
        }
        accountId.set(id);
        return this;
    }

    /** How often {@link BatchJob#awaitComplete()} asks DescribeJob; default 15 seconds. */
    public BatchSync pollInterval(Duration interval) {
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("pollInterval must be >= 0, was " + interval);
        }
        pollInterval.set(interval);
        return this;
    }

    /** The job's priority (higher runs first); default 10. */
    public BatchSync priority(int p) {
        if (p < 0) {
            throw new IllegalArgumentException("priority must be >= 0, was " + p);
        }
        priority.set(p);
        return this;
    }

    /**
     * Plans, deletes, writes the manifest and creates the job (or copies a small plan itself).
     *
     * @throws IllegalStateException for a side that is not S3, a destination prefix that is not the
     *     source prefix with a folder ({@code x/}) in front of it, {@code dryRun()}, object settings other than {@code storageClass}, no workspace,
     *     or a workspace inside the source or destination
     * @throws AwsKitException when a bucket, the inventory or the job cannot be reached or created
     */
    public BatchJob run() {
        SyncRequest built = request.build();
        SyncSpec spec = built.spec();
        Location s = spec.source();
        Location d = spec.destination();
        if (!s.isS3() || !d.isS3()) {
            throw new IllegalStateException("viaBatchOperations copies from S3 to S3, but this sync goes from " + s
                    + " to " + d + ": drop viaBatchOperations");
        }
        if (BatchCopyPlan.targetKeyPrefix(s.prefix(), d.prefix()).isEmpty()) {
            throw new IllegalStateException("A Batch Operations copy keeps each source key whole and can only put a"
                    + " folder in front of it (TargetKeyPrefix), so '" + Keys.shown(s.prefix())
                    + "<key>' cannot become '"
                    + Keys.shown(d.prefix()) + "<key>': sync into s3://" + d.bucket() + "/<folder/>"
                    + Keys.shown(s.prefix())
                    + " (a destination prefix that ends with the source prefix), or drop viaBatchOperations");
        }
        if (built.dryRun()) {
            throw new IllegalStateException("dryRun() with viaBatchOperations: the plan is the same without it; drop"
                    + " viaBatchOperations to see it");
        }
        if (built.contentType().isPresent()
                || !built.metadata().isEmpty()
                || built.cacheControl().isPresent()
                || built.sse().isPresent()
                || built.acl().isPresent()) {
            throw new IllegalStateException("of the object settings, viaBatchOperations applies storageClass only:"
                    + " drop contentType, metadata, cacheControl, sse and acl, or drop viaBatchOperations");
        }
        Location ws = workspace.isSet()
                ? workspace.get()
                : built.inventory()
                        .map(u -> Location.parse(u.substring(0, u.indexOf('/', 5))))
                        .orElseThrow(() ->
                                new IllegalStateException("viaBatchOperations needs a bucket for the manifest and the"
                                        + " completion report: add workspace(\"s3://bucket/prefix\") (outside the source and"
                                        + " destination)"));
        for (Location side : new Location[] {s, d}) {
            if (ws.bucket().equals(side.bucket()) && (ws.prefix() + "awskit-batch/").startsWith(side.prefix())) {
                throw new IllegalStateException("The workspace " + ws + " is inside the sync's " + side
                        + ": the manifest would be synced (or deleted); give a workspace outside both sides");
            }
        }
        runs.incrementAndGet();
        DefaultBatchJob.Settings settings = new DefaultBatchJob.Settings(
                roleArn, ws, threshold.get(), accountId.get(), pollInterval.get(), priority.get());
        if (built.inventory().isEmpty()) {
            return DefaultBatchJob.start(kit, spec, settings, null, () -> Sync.run(kit, built));
        }
        try (Inventory inventory = Inventories.read(kit, built.inventory().get(), s)) {
            return DefaultBatchJob.start(kit, spec, settings, inventory, () -> Sync.run(kit, built));
        }
    }

    @Override
    public String toString() {
        return Texts.operation("BatchSync", request.describe() + ", via Batch Operations as " + roleArn, runs.get());
    }
}
