package dev.awskit.storage;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.storage.internal.Buckets;
import dev.awskit.storage.internal.Keys;
import dev.awskit.storage.internal.Lifecycles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.InventoryConfiguration;
import software.amazon.awssdk.services.s3.model.InventoryFormat;
import software.amazon.awssdk.services.s3.model.InventoryFrequency;
import software.amazon.awssdk.services.s3.model.InventoryIncludedObjectVersions;
import software.amazon.awssdk.services.s3.model.InventoryOptionalField;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One bucket in the kit's region.
 *
 * <pre>{@code
 * Bucket b = Storage.of(aws).bucket("my-logs").create();   // LocationConstraint set for you
 * b.exists();                                               // true
 * b.delete(true);                                           // empties it first
 * }</pre>
 */
public final class Bucket {
    private final AwsKit kit;
    private final String name;

    Bucket(AwsKit kit, String name) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("Invalid bucket name '" + name
                    + "': use 3-63 of a-z 0-9 . - starting and ending with a letter or digit");
        }
        this.kit = kit;
        this.name = name;
    }

    public String name() {
        return name;
    }

    private S3Client s3() {
        return kit.client(S3Client.class);
    }

    /**
     * Creates the bucket in the kit's region, with the {@code LocationConstraint} S3 requires outside
     * us-east-1 (the CLI's IllegalLocationConstraintException when it is missing). Creating a bucket
     * you already own is not an error.
     *
     * @throws AwsKitException when the name is taken by another account or creation is refused
     */
    public Bucket create() {
        Region region = kit.region();
        CreateBucketRequest.Builder b = CreateBucketRequest.builder().bucket(name);
        if (!Region.US_EAST_1.equals(region)) {
            b.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region.id())));
        }
        try {
            s3().createBucket(b.build());
        } catch (AwsServiceException e) {
            String code = AwsErrors.errorCode(e).orElse("");
            if (code.equals("BucketAlreadyOwnedByYou")) {
                return this;
            }
            if (code.equals("BucketAlreadyExists")) {
                throw new AwsKitException(
                        "The bucket name '" + name + "' is taken by another account (bucket names are"
                                + " global); choose another name.",
                        e);
            }
            throw new AwsKitException(
                    "Creating bucket '" + name + "' in " + region + " failed: "
                            + Buckets.credentialProblem(kit, s3(), name, e).orElse(AwsErrors.describe(e)),
                    e);
        } catch (SdkClientException e) {
            throw Buckets.unreachable(kit, "Creating bucket '" + name + "' in " + region, e);
        }
        return this;
    }

    /**
     * Whether the bucket exists (HeadBucket).
     *
     * @throws AwsKitException when access is denied (the bucket may exist, owned by someone else)
     */
    public boolean exists() {
        try {
            s3().headBucket(h -> h.bucket(name));
            return true;
        } catch (AwsServiceException e) {
            if (AwsErrors.statusCode(e) == 404 || AwsErrors.isNotFound(e)) {
                return false;
            }
            if (AwsErrors.statusCode(e) == 301) {
                return true; // exists in another region
            }
            Optional<String> credentials = Buckets.credentialProblem(kit, s3(), name, e);
            if (credentials.isPresent()) {
                throw new AwsKitException(
                        "Cannot tell whether bucket '" + name + "' exists (region " + kit.region() + "): "
                                + credentials.get(),
                        e);
            }
            throw new AwsKitException(
                    "Cannot tell whether bucket '" + name + "' exists (region " + kit.region()
                            + "): " + AwsErrors.describe(e)
                            + ". It may belong to another account, or the credentials of profile "
                            + kit.profile() + " lack s3:ListBucket.",
                    e);
        } catch (SdkClientException e) {
            throw Buckets.unreachable(
                    kit, "Checking whether bucket '" + name + "' exists (region " + kit.region() + ")", e);
        }
    }

    /**
     * Deletes the bucket. With {@code force}, first deletes every object (and every version and
     * delete marker of a versioned bucket) and aborts unfinished multipart uploads.
     *
     * @return false when the bucket did not exist
     * @throws AwsKitException when the bucket is not empty and {@code force} is false, or a delete fails
     */
    public boolean delete(boolean force) {
        S3Client s3 = s3();
        try {
            if (force) {
                empty(s3);
            }
            s3.deleteBucket(d -> d.bucket(name));
            return true;
        } catch (AwsServiceException e) {
            if (AwsErrors.errorCode(e).orElse("").equals("NoSuchBucket")) {
                return false;
            }
            if (AwsErrors.errorCode(e).orElse("").equals("BucketNotEmpty")) {
                throw new AwsKitException("Bucket '" + name + "' is not empty; delete(true) empties it first.", e);
            }
            throw new AwsKitException(
                    "Deleting bucket '" + name + "' (region " + kit.region() + ") failed: "
                            + Buckets.credentialProblem(kit, s3, name, e).orElse(AwsErrors.describe(e)),
                    e);
        } catch (SdkClientException e) {
            throw Buckets.unreachable(kit, "Deleting bucket '" + name + "' in " + kit.region(), e);
        }
    }

    private void empty(S3Client s3) {
        List<ObjectIdentifier> batch = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(l -> l.bucket(name)).contents()) {
            batch.add(ObjectIdentifier.builder().key(o.key()).build());
            if (batch.size() == 1000) {
                deleteBatch(s3, batch);
            }
        }
        deleteBatch(s3, batch);
        boolean versioned;
        try {
            BucketVersioningStatus st =
                    s3.getBucketVersioning(v -> v.bucket(name)).status();
            versioned = st != null && st != BucketVersioningStatus.UNKNOWN_TO_SDK_VERSION;
        } catch (AwsServiceException e) {
            versioned = false; // stores without versioning (S3Proxy on a filesystem) say so with an error
        }
        if (versioned) {
            var versions = s3.listObjectVersionsPaginator(l -> l.bucket(name));
            for (var page : versions) {
                page.versions()
                        .forEach(v -> batch.add(ObjectIdentifier.builder()
                                .key(v.key())
                                .versionId(v.versionId())
                                .build()));
                page.deleteMarkers()
                        .forEach(m -> batch.add(ObjectIdentifier.builder()
                                .key(m.key())
                                .versionId(m.versionId())
                                .build()));
                deleteBatch(s3, batch);
            }
        }
        AbortUploadsReport aborted;
        try {
            aborted = abortIncompleteUploads(Duration.ZERO);
        } catch (AwsKitException e) {
            if (e.getCause() instanceof AwsServiceException se && AwsErrors.statusCode(se) == 501) {
                return; // a store without multipart listing (ListMultipartUploads not implemented)
            }
            throw e;
        }
        if (!aborted.isSuccess()) {
            throw new AwsKitException("Emptying bucket '" + name + "' failed: " + aborted.failureCount()
                    + " unfinished multipart uploads could not be aborted, e.g. "
                    + aborted.failures().get(0));
        }
    }

    private void deleteBatch(S3Client s3, List<ObjectIdentifier> batch) {
        while (!batch.isEmpty()) {
            List<ObjectIdentifier> chunk = new ArrayList<>(batch.subList(0, Math.min(1000, batch.size())));
            batch.subList(0, chunk.size()).clear();
            DeleteObjectsResponse r = kit.retryPolicy()
                    .execute(
                            "DeleteObjects in bucket " + name,
                            () -> s3.deleteObjects(d ->
                                    d.bucket(name).delete(x -> x.objects(chunk).quiet(true))));
            if (!r.errors().isEmpty()) {
                var err = r.errors().get(0);
                throw new AwsKitException("Emptying bucket '" + name + "' failed for "
                        + r.errors().size() + " keys, e.g. '" + err.key() + "': " + err.code() + " " + err.message());
            }
        }
    }

    @Override
    public String toString() {
        return "Bucket{" + name + "}";
    }

    /**
     * Sets up S3 Inventory on this bucket (PutBucketInventoryConfiguration, the CLI's {@code aws s3api
     * put-bucket-inventory-configuration}): a CSV or Parquet report with Size, LastModifiedDate and ETag, which
     * {@link Sync#fromInventory(String)} plans from. Setting up the same id again replaces it. S3
     * delivers the first report within 48 hours.
     *
     * @return the folder of the reports ({@code s3://inventory-bucket/prefix/bucket/id/}), which
     *     {@code fromInventory} takes to find the latest report
     * @throws AwsKitException when S3 refuses the configuration
     */
    public String inventory(InventoryRequest request) {
        Objects.requireNonNull(request, "request");
        String dest = request.destinationLocation().bucket();
        String destPrefix = request.destinationLocation().prefix();
        String folderPrefix = destPrefix.isEmpty() ? "" : destPrefix.substring(0, destPrefix.length() - 1);
        InventoryConfiguration.Builder c = InventoryConfiguration.builder()
                .id(request.id())
                .isEnabled(true)
                .destination(d -> d.s3BucketDestination(b -> {
                    b.bucket("arn:aws:s3:::" + dest)
                            .format(
                                    request.format() == InventoryRequest.Format.PARQUET
                                            ? InventoryFormat.PARQUET
                                            : InventoryFormat.CSV);
                    if (!folderPrefix.isEmpty()) {
                        b.prefix(folderPrefix);
                    }
                }))
                .includedObjectVersions(
                        request.allVersions()
                                ? InventoryIncludedObjectVersions.ALL
                                : InventoryIncludedObjectVersions.CURRENT)
                .optionalFields(
                        InventoryOptionalField.SIZE,
                        InventoryOptionalField.LAST_MODIFIED_DATE,
                        InventoryOptionalField.E_TAG)
                .schedule(s -> s.frequency(
                        request.frequency() == InventoryRequest.Frequency.DAILY
                                ? InventoryFrequency.DAILY
                                : InventoryFrequency.WEEKLY));
        request.prefix().ifPresent(p -> c.filter(f -> f.prefix(p)));
        try {
            s3().putBucketInventoryConfiguration(
                            p -> p.bucket(name).id(request.id()).inventoryConfiguration(c.build()));
        } catch (AwsServiceException e) {
            throw new AwsKitException(
                    "Setting up inventory '" + request.id() + "' of bucket '" + name + "' (region " + kit.region()
                            + ") failed: "
                            + Buckets.credentialProblem(kit, s3(), name, e).orElse(AwsErrors.describe(e))
                            + "; it needs s3:PutInventoryConfiguration on the bucket.",
                    e);
        } catch (SdkClientException e) {
            throw Buckets.unreachable(kit, "Setting up inventory of bucket '" + name + "' in " + kit.region(), e);
        }
        return "s3://" + dest + "/" + destPrefix + name + "/" + request.id() + "/";
    }

    /** {@link #inventory(InventoryRequest)} built from {@code request}. */
    public String inventory(Consumer<InventoryRequest.Builder> request) {
        InventoryRequest.Builder b = InventoryRequest.builder();
        Objects.requireNonNull(request, "request").accept(b);
        return inventory(b.build());
    }

    /** The ID of the rule {@link #abortIncompleteUploadsAfter(int)} writes. */
    public static final String ABORT_UPLOADS_RULE = "awskit-abort-incomplete-multipart-uploads";

    /**
     * The multipart uploads of this bucket that were started and neither completed nor aborted
     * (ListMultipartUploads, every page, lazily; the CLI's {@code aws s3api list-multipart-uploads}).
     * S3 keeps and bills their parts until they are aborted. Uploads in progress right now are
     * listed too: {@link IncompleteUpload#initiated()} tells them apart.
     *
     * @throws AwsKitException (when the stream is read) when S3 refuses the listing; it needs
     *     {@code s3:ListBucketMultipartUploads}
     */
    public Stream<IncompleteUpload> incompleteUploads() {
        S3Client s3 = s3();
        Iterator<MultipartUpload> pages;
        try {
            pages = s3.listMultipartUploadsPaginator(l -> l.bucket(name))
                    .uploads()
                    .iterator();
        } catch (AwsServiceException | SdkClientException e) {
            throw listingFailed(s3, e);
        }
        Iterator<IncompleteUpload> it = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return pages.hasNext();
                } catch (AwsServiceException | SdkClientException e) {
                    throw listingFailed(s3, e);
                }
            }

            @Override
            public IncompleteUpload next() {
                MultipartUpload u;
                try {
                    u = pages.next();
                } catch (AwsServiceException | SdkClientException e) {
                    throw listingFailed(s3, e);
                }
                return IncompleteUpload.builder()
                        .bucket(name)
                        .key(u.key())
                        .uploadId(u.uploadId())
                        .initiated(u.initiated() == null ? Instant.EPOCH : u.initiated())
                        .initiator(Optional.ofNullable(u.initiator()).map(i -> i.id()))
                        .build();
            }
        };
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    private AwsKitException listingFailed(S3Client s3, RuntimeException e) {
        if (e instanceof SdkClientException c) {
            return Buckets.unreachable(
                    kit, "Listing the multipart uploads of bucket '" + name + "' in " + kit.region(), c);
        }
        AwsServiceException se = (AwsServiceException) e;
        return new AwsKitException(
                "Listing the multipart uploads of bucket '" + name + "' (region " + kit.region() + ") failed: "
                        + Buckets.credentialProblem(kit, s3, name, se).orElse(AwsErrors.describe(se))
                        + "; it needs s3:ListBucketMultipartUploads on the bucket.",
                e);
    }

    /**
     * Aborts every incomplete multipart upload of this bucket started more than {@code olderThan}
     * ago (by S3's {@code Initiated} time against this machine's clock), which frees the storage of
     * its parts: the CLI's loop of {@code aws s3api list-multipart-uploads} and {@code aws s3api
     * abort-multipart-upload --key K --upload-id U}. Choose {@code olderThan} longer than any upload
     * still running may take: an upload aborted while it runs fails ({@code Duration.ZERO} aborts
     * every upload, whatever its time, as {@link #delete(boolean) delete(true)} does). An upload already gone when
     * aborted ({@code NoSuchUpload}) counts as aborted. Failed aborts are in the report, not thrown.
     *
     * @throws IllegalArgumentException for a negative {@code olderThan}
     * @throws AwsKitException when the uploads cannot be listed
     */
    public AbortUploadsReport abortIncompleteUploads(Duration olderThan) {
        if (olderThan == null || olderThan.isNegative()) {
            throw new IllegalArgumentException(
                    "olderThan must be zero or positive, e.g. Duration.ofDays(7), was " + olderThan);
        }
        long start = System.nanoTime();
        Instant cutoff = Instant.now().minus(olderThan);
        S3Client s3 = s3();
        long listed = 0;
        long aborted = 0;
        long kept = 0;
        long failureCount = 0;
        List<IncompleteUpload> abortedUploads = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Iterator<IncompleteUpload> it = incompleteUploads().iterator();
        while (it.hasNext()) {
            IncompleteUpload u = it.next();
            listed++;
            if (!olderThan.isZero() && u.initiated().isAfter(cutoff)) {
                kept++;
                continue;
            }
            boolean gone;
            try {
                s3.abortMultipartUpload(a -> a.bucket(name).key(u.key()).uploadId(u.uploadId()));
                gone = true;
            } catch (AwsServiceException e) {
                gone = "NoSuchUpload".equals(AwsErrors.errorCode(e).orElse(""));
                if (!gone) {
                    failureCount++;
                    if (failures.size() < 1000) {
                        failures.add("abort " + Keys.shown(u.key()) + " (upload " + u.uploadId() + "): "
                                + AwsErrors.describe(e) + "; it needs s3:AbortMultipartUpload");
                    }
                }
            } catch (SdkClientException e) {
                gone = false;
                failureCount++;
                if (failures.size() < 1000) {
                    failures.add("abort " + Keys.shown(u.key()) + " (upload " + u.uploadId() + "): "
                            + AwsErrors.describe(e));
                }
            }
            if (gone) {
                aborted++;
                if (abortedUploads.size() < 1000) {
                    abortedUploads.add(u);
                }
            }
        }
        return AbortUploadsReport.builder()
                .bucket(name)
                .olderThan(olderThan)
                .listed(listed)
                .aborted(aborted)
                .addAllAbortedUploads(abortedUploads)
                .kept(kept)
                .addAllFailures(failures)
                .failureCount(failureCount)
                .duration(Duration.ofNanos(System.nanoTime() - start))
                .build();
    }

    /**
     * Makes S3 abort every multipart upload of this bucket left incomplete {@code days} days after
     * it started: a lifecycle rule {@code AbortIncompleteMultipartUpload} over the whole bucket, ID
     * {@value #ABORT_UPLOADS_RULE} (the CLI's {@code aws s3api put-bucket-lifecycle-configuration}).
     * S3 replaces the whole lifecycle configuration on every Put, so the configuration is read first
     * and the bucket's other rules are written back unchanged; calling again with the same {@code
     * days} writes nothing. Needs {@code s3:GetLifecycleConfiguration} and {@code
     * s3:PutLifecycleConfiguration}.
     *
     * @throws IllegalArgumentException when {@code days} is not positive
     * @throws AwsKitException when S3 refuses to read or write the configuration
     */
    public LifecycleReport abortIncompleteUploadsAfter(int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1 (S3's DaysAfterInitiation), was " + days);
        }
        return lifecycleRule(Lifecycles.rule(
                ABORT_UPLOADS_RULE, "", r -> r.abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(days))));
    }

    LifecycleReport lifecycleRule(software.amazon.awssdk.services.s3.model.LifecycleRule rule) {
        S3Client s3 = s3();
        Lifecycles.Merged m;
        try {
            m = Lifecycles.apply(s3, name, rule);
        } catch (AwsServiceException e) {
            throw new AwsKitException(
                    "Adding lifecycle rule " + rule.id() + " to bucket '" + name + "' (region " + kit.region()
                            + ") failed: "
                            + Buckets.credentialProblem(kit, s3, name, e).orElse(AwsErrors.describe(e))
                            + "; it needs s3:GetLifecycleConfiguration and s3:PutLifecycleConfiguration on the bucket.",
                    e);
        } catch (SdkClientException e) {
            throw Buckets.unreachable(kit, "Adding lifecycle rule " + rule.id() + " to bucket '" + name + "'", e);
        }
        return LifecycleReport.builder()
                .bucket(name)
                .ruleId(rule.id())
                .change(m.change())
                .otherRules(m.others())
                .build();
    }
}
