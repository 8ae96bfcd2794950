// Chapter 20 — `aws s3 sync` as one call. Seed 003 keeps
//   aws s3 sync s3://my-first-bucket s3://my-second-bucket --exclude 'datasets/*'
// by hand. Here: a local tree with a datasets/ folder goes to a first bucket, that bucket goes to a
// second one server-side with the exclude (the listing jumps over the datasets/ prefix), with a
// progress bar and a report, and a re-sync that finds nothing to do.
// Runs after the setup chapter (`aws` points at the emulators, with the s3 endpoint set).
import dev.awskit.storage.*;
import java.io.UncheckedIOException;
import java.nio.file.*;

System.out.println("== 20 Storage: seed 003's sync with --exclude 'datasets/*' ==");

Storage storage = Storage.of(aws);
String tourSuffix = Long.toString(System.nanoTime(), 36);
Bucket firstBucket = storage.bucket("my-first-bucket-" + tourSuffix);
Bucket secondBucket = storage.bucket("my-second-bucket-" + tourSuffix);
Path siteTree;
try {
    siteTree = Files.createTempDirectory("tour-site");
} catch (IOException e) {
    throw new UncheckedIOException(e);
}

step("A local tree: a small site and a datasets/ folder", () -> {
    try {
        for (String f : List.of("index.html", "css/site.css", "js/app.js", "img/logo.svg", "notes.tmp")) {
            Path p = siteTree.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "<!-- " + f + " -->\n".repeat(40));
        }
        for (int i = 0; i < 200; i++) {
            Path p = siteTree.resolve(String.format("datasets/2025/part-%03d.csv", i));
            Files.createDirectories(p.getParent());
            Files.writeString(p, "id,value\n" + (i + ",42\n").repeat(500));
        }
        System.out.println("  " + siteTree + ": 5 site files and 200 datasets/2025/part-*.csv");
    } catch (IOException e) {
        throw new UncheckedIOException(e);
    }
});

step("Two buckets (aws s3 mb; the LocationConstraint is set for regions other than us-east-1)", () -> {
    firstBucket.create();
    secondBucket.create();
    System.out.println("  " + firstBucket.name() + " exists: " + firstBucket.exists());
    System.out.println("  " + secondBucket.name() + " exists: " + secondBucket.exists());
});

step("What a sync would do, without doing it (aws s3 sync --dryrun)", () -> {
    SyncReport plan = storage.sync(siteTree, "s3://" + firstBucket.name())
        .exclude("datasets/*").exclude("*.tmp").dryRun().run();
    System.out.println("  " + plan.plannedCopies() + " uploads planned, nothing written");
});

step("Local tree -> first bucket (aws s3 sync ./site s3://my-first-bucket --exclude '*.tmp')", () -> {
    SyncReport up = storage.sync(siteTree, "s3://" + firstBucket.name())
        .exclude("*.tmp")
        .progress(ProgressListener.console())
        .run();
    System.out.println("  " + up);
});

step("First bucket -> second bucket, server-side, --exclude 'datasets/*'", () -> {
    SyncReport copy = storage.sync("s3://" + firstBucket.name(), "s3://" + secondBucket.name())
        .exclude("datasets/*")
        .progress(ProgressListener.console())
        .run();
    System.out.println("  " + copy);
    System.out.println("  copied " + copy.copied() + " objects; the listing jumped over datasets/ at its first key ("
        + copy.prunedPrefixes() + " prefix skipped), success: " + copy.isSuccess());
});

step("The same sync again: nothing to copy", () -> {
    SyncReport again = storage.sync("s3://" + firstBucket.name(), "s3://" + secondBucket.name())
        .exclude("datasets/*")
        .run();
    System.out.println("  planned " + again.plannedCopies() + " copies, skipped " + again.skipped()
        + " unchanged objects in " + again.duration().toMillis() + " ms");
});

step("Clean up (aws s3 rb --force)", () -> {
    firstBucket.delete(true);
    secondBucket.delete(true);
    System.out.println("  both buckets deleted");
});
