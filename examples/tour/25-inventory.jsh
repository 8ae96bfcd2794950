// Chapter 25 — when one machine is not enough: plan a sync from S3 Inventory instead of listing
// the bucket (aws-cli #1138: 16 minutes just to list 1.8 M excluded objects), and hand large
// S3 -> S3 copies to S3 Batch Operations. S3Proxy has neither S3 Inventory nor S3 Control, so the
// chapter writes a report the way S3 delivers one (manifest.json + gzip CSV data files, keys
// URL-encoded, MD5s in the manifest) from a listing of the real bucket, and the Batch Operations
// step stays below its threshold (the kit copies; on AWS a larger plan becomes a CreateJob).
// Last, the multipart uploads a killed process leaves behind, and the lifecycle rule that lets S3
// abort them.
import dev.awskit.storage.*;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;

System.out.println("== 25 Storage past one machine: S3 Inventory and S3 Batch Operations ==");

Storage inventoryStorage = Storage.of(aws);
String inventorySuffix = Long.toString(System.nanoTime(), 36);
Bucket bigBucket = inventoryStorage.bucket("big-bucket-" + inventorySuffix);
Bucket backupBucket = inventoryStorage.bucket("backup-" + inventorySuffix);
Bucket reportsBucket = inventoryStorage.bucket("inventory-" + inventorySuffix);
S3Client tourS3 = aws.client(S3Client.class);

step("Three buckets: a source with a datasets/ prefix, a backup, and one for inventory reports", () -> {
    bigBucket.create();
    backupBucket.create();
    reportsBucket.create();
    for (String k : List.of("index.html", "my dir/a b.txt", "plus+sign.txt", "données/été.csv")) {
        tourS3.putObject(p -> p.bucket(bigBucket.name()).key(k), RequestBody.fromString("content of " + k));
    }
    for (int i = 0; i < 50; i++) {
        String k = String.format("datasets/part-%03d.csv", i);
        tourS3.putObject(p -> p.bucket(bigBucket.name()).key(k), RequestBody.fromString("id,value\n" + i));
    }
    System.out.println("  " + bigBucket.name() + ": 4 objects and 50 under datasets/");
});

step("Set up the inventory (aws s3api put-bucket-inventory-configuration)", () -> {
    try {
        String folder = bigBucket.inventory(i -> i.destination("s3://" + reportsBucket.name() + "/reports").id("daily"));
        System.out.println("  reports will be delivered under " + folder);
    } catch (dev.awskit.core.AwsKitException e) {
        // S3Proxy does not implement the inventory configuration; on AWS the call returns the folder
        System.out.println("  S3Proxy has no S3 Inventory: " + e.getMessage().lines().findFirst().orElse(""));
    }
});

String reportsFolder = "reports/" + bigBucket.name() + "/daily/";

step("A report as S3 delivers it (written here from a listing, since S3Proxy delivers none)", () -> {
    try {
        StringBuilder csv = new StringBuilder();
        for (var o : tourS3.listObjectsV2Paginator(l -> l.bucket(bigBucket.name())).contents()) {
            csv.append(String.join(",", "\"" + bigBucket.name() + "\"",
                "\"" + URLEncoder.encode(o.key(), StandardCharsets.UTF_8) + "\"", "\"" + o.size() + "\"",
                "\"" + o.lastModified() + "\"", "\"" + o.eTag().replace("\"", "") + "\"")).append('\n');
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] data = gz.toByteArray();
        String dataKey = reportsFolder + "data/part-0.csv.gz";
        tourS3.putObject(p -> p.bucket(reportsBucket.name()).key(dataKey), RequestBody.fromBytes(data));
        String manifest = "{\"sourceBucket\":\"" + bigBucket.name() + "\",\"destinationBucket\":\"arn:aws:s3:::"
            + reportsBucket.name() + "\",\"version\":\"2016-11-30\",\"creationTimestamp\":\""
            + (System.currentTimeMillis() - 3_600_000) + "\",\"fileFormat\":\"CSV\","
            + "\"fileSchema\":\"Bucket, Key, Size, LastModifiedDate, ETag\",\"files\":[{\"key\":\"" + dataKey
            + "\",\"size\":" + data.length + ",\"MD5checksum\":\""
            + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)) + "\"}]}";
        tourS3.putObject(p -> p.bucket(reportsBucket.name()).key(reportsFolder + "2026-12-03T00-00Z/manifest.json"),
            RequestBody.fromString(manifest));
        System.out.println("  s3://" + reportsBucket.name() + "/" + reportsFolder + "2026-12-03T00-00Z/manifest.json");
    } catch (Exception e) {
        throw new IllegalStateException(e);
    }
});

step("Sync planned from the latest report instead of a listing (no ListObjectsV2 of the source)", () -> {
    SyncReport r = inventoryStorage.sync("s3://" + bigBucket.name(), "s3://" + backupBucket.name())
        .exclude("datasets/*")
        .fromInventory("s3://" + reportsBucket.name() + "/" + reportsFolder)
        .run();
    System.out.println("  " + r);
    System.out.println("  planned from " + r.inventoryManifest().orElseThrow() + ", "
        + r.inventoryAge().orElseThrow().toMinutes() + " minutes old");
    if (r.copied() != 4 || !r.isSuccess()) throw new IllegalStateException("expected 4 copies: " + r);
});

step("S3 -> S3 via Batch Operations; a plan below the threshold is copied by the kit (no job)", () -> {
    tourS3.putObject(p -> p.bucket(bigBucket.name()).key("new.txt"), RequestBody.fromString("new"));
    BatchJob job = inventoryStorage.sync("s3://" + bigBucket.name(), "s3://" + backupBucket.name())
        .exclude("datasets/*")
        .viaBatchOperations("arn:aws:iam::123456789012:role/batch-copy")
        .workspace("s3://" + reportsBucket.name() + "/batch")
        .threshold(1000)
        .run();
    SyncReport r = job.awaitComplete();
    System.out.println("  job " + job.jobId().orElse("(none: 1 copy is below the threshold of 1,000)") + "; " + r);
});

step("Into another prefix: a job puts TargetKeyPrefix copies/ in front of each key (here below the threshold)", () -> {
    SyncReport r = inventoryStorage.sync("s3://" + bigBucket.name(), "s3://" + backupBucket.name() + "/copies/")
        .exclude("datasets/*")
        .viaBatchOperations("arn:aws:iam::123456789012:role/batch-copy")
        .workspace("s3://" + reportsBucket.name() + "/batch")
        .run()
        .awaitComplete();
    System.out.println("  " + r);
});

step("Incomplete multipart uploads (aws s3api list-multipart-uploads + abort-multipart-upload)", () -> {
    // what a process killed mid-upload leaves: an upload with a part, never completed nor aborted
    String uploadId = tourS3.createMultipartUpload(c -> c.bucket(bigBucket.name()).key("videos/cut.mp4")).uploadId();
    tourS3.uploadPart(u -> u.bucket(bigBucket.name()).key("videos/cut.mp4").uploadId(uploadId).partNumber(1),
        RequestBody.fromBytes(new byte[5 * 1024 * 1024]));
    bigBucket.incompleteUploads().forEach(u -> System.out.println("  " + u));
    AbortUploadsReport aborted = bigBucket.abortIncompleteUploads(Duration.ZERO); // on AWS: e.g. Duration.ofDays(1)
    System.out.println("  " + aborted);
    if (aborted.aborted() != 1) throw new IllegalStateException("expected 1 aborted upload: " + aborted);
});

step("Let S3 abort them after 7 days (aws s3api put-bucket-lifecycle-configuration, other rules kept)", () -> {
    try {
        System.out.println("  " + bigBucket.abortIncompleteUploadsAfter(7));
    } catch (dev.awskit.core.AwsKitException e) {
        // S3Proxy implements no lifecycle configuration; on AWS (and moto) the rule is merged in
        System.out.println("  S3Proxy has no lifecycle rules: " + e.getMessage().lines().findFirst().orElse(""));
    }
});

step("Clean up", () -> {
    bigBucket.delete(true);
    backupBucket.delete(true);
    reportsBucket.delete(true);
    System.out.println("  three buckets deleted");
});
