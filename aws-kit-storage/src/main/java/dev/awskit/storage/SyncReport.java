package dev.awskit.storage;

import dev.awskit.core.AwsKitStyle;
import dev.awskit.core.ConsoleProgressBar;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What a sync did. Counts are files (objects); bytes are their sizes. For a dry run, the planned
 * figures say what a real run would copy and delete, and nothing is copied or deleted.
 *
 * <pre>
 * SyncReport{./site -> s3://web: planned 120 copies (4.2 MiB), copied 120 (4.2 MiB), skipped 9,880
 * (310.0 MiB), deleted 3 of 3, excluded 1,204 (2 prefixes skipped without listing), 0 failures, 1.9s}
 * </pre>
 */
@Value.Immutable
@AwsKitStyle
public abstract class SyncReport {
    /** The source as given, e.g. {@code ./site} or {@code s3://bucket/prefix}. */
    public abstract String source();

    public abstract String destination();

    public abstract boolean dryRun();

    /** True when the sync was cancelled (interrupted) before it finished. */
    @Value.Default
    public boolean cancelled() {
        return false;
    }

    /** Files planned to be copied: missing at the destination or found different. */
    public abstract long plannedCopies();

    public abstract long plannedCopyBytes();

    /** Destination-only files planned for deletion (zero unless {@code delete()}). */
    public abstract long plannedDeletes();

    public abstract long copied();

    public abstract long copiedBytes();

    /** Files present on both sides and found equal. */
    public abstract long skipped();

    public abstract long skippedBytes();

    public abstract long deleted();

    public abstract long deletedBytes();

    /**
     * Planned deletes not made because there were more than {@code maxDelete(n)} allowed; each is
     * also behind one failure.
     */
    @Value.Default
    public long deletesRefused() {
        return 0;
    }

    /** Listed entries (both sides) that the filters excluded, including those fetched before a skip. */
    public abstract long excluded();

    /**
     * Directories or prefixes excluded as a whole: never walked (local), or jumped over in the
     * listing (S3: at most the rest of one page of 1,000 keys is fetched).
     */
    public abstract long prunedPrefixes();

    /** Everything that failed, each with its key and cause (at most the first 1,000). */
    public abstract List<SyncFailure> failures();

    /** How many things failed in all (may exceed {@code failures().size()}). */
    public abstract long failureCount();

    public abstract Duration duration();

    /**
     * With {@link Sync#fromInventory(String)}: the manifest of the S3 Inventory report the source was
     * planned from.
     */
    public abstract Optional<String> inventoryManifest();

    /**
     * With {@link Sync#fromInventory(String)}: how old the report was when the sync planned from it
     * (from the manifest's {@code creationTimestamp}, when S3 began scanning the bucket). Objects
     * written or deleted since are not in the plan.
     */
    public abstract Optional<Duration> inventoryAge();

    /**
     * With {@link Sync#viaBatchOperations(String)}: the S3 Batch Operations job that copied the
     * objects (empty when the plan was small enough for the kit to copy them itself).
     */
    public abstract Optional<String> batchJobId();

    /**
     * With {@link Sync#viaBatchOperations(String)}: the objects the kit copied itself, in parts,
     * beside the job, because they are larger than the 5 GB PutObjectCopy copies (included in
     * {@link #copied()}); the job copied the rest.
     */
    @Value.Default
    public long copiedByKit() {
        return 0;
    }

    /** The bytes of {@link #copiedByKit()} (included in {@link #copiedBytes()}). */
    @Value.Default
    public long copiedByKitBytes() {
        return 0;
    }

    /**
     * The keys of {@link #copiedByKit()}, relative to the roots (at most the first 1,000): which
     * objects went by the kit, not by the job.
     */
    public abstract List<String> copiedByKitKeys();

    /** True when nothing failed and the sync was not cancelled. */
    public boolean isSuccess() {
        return failureCount() == 0 && !cancelled();
    }

    /** This report with the inventory it was planned from and the whole run's duration. */
    SyncReport withInventory(String manifest, Duration age, Duration total) {
        return toBuilder()
                .duration(total)
                .inventoryManifest(manifest)
                .inventoryAge(age)
                .build();
    }

    /** A builder holding every field of this report but the optional ones and the duration. */
    SyncReportBuilder toBuilder() {
        return builder()
                .source(source())
                .destination(destination())
                .dryRun(dryRun())
                .cancelled(cancelled())
                .plannedCopies(plannedCopies())
                .plannedCopyBytes(plannedCopyBytes())
                .plannedDeletes(plannedDeletes())
                .copied(copied())
                .copiedBytes(copiedBytes())
                .skipped(skipped())
                .skippedBytes(skippedBytes())
                .deleted(deleted())
                .deletedBytes(deletedBytes())
                .deletesRefused(deletesRefused())
                .excluded(excluded())
                .prunedPrefixes(prunedPrefixes())
                .addAllFailures(failures())
                .failureCount(failureCount())
                .copiedByKit(copiedByKit())
                .copiedByKitBytes(copiedByKitBytes())
                .addAllCopiedByKitKeys(copiedByKitKeys());
    }

    public static SyncReportBuilder builder() {
        return new SyncReportBuilder();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("SyncReport{")
                .append(source())
                .append(" -> ")
                .append(destination())
                .append(dryRun() ? " (dry run)" : "")
                .append(cancelled() ? " (cancelled)" : "")
                .append(": planned ")
                .append(n(plannedCopies()))
                .append(" copies (")
                .append(ConsoleProgressBar.bytes(plannedCopyBytes()))
                .append("), copied ")
                .append(n(copied()))
                .append(" (")
                .append(ConsoleProgressBar.bytes(copiedBytes()))
                .append("), skipped ")
                .append(n(skipped()))
                .append(" (")
                .append(ConsoleProgressBar.bytes(skippedBytes()))
                .append(")");
        if (plannedDeletes() > 0 || deleted() > 0) {
            b.append(", deleted ").append(n(deleted())).append(" of ").append(n(plannedDeletes()));
        }
        if (deletesRefused() > 0) {
            b.append(" (").append(n(deletesRefused())).append(" refused by maxDelete)");
        }
        b.append(", excluded ").append(n(excluded()));
        if (prunedPrefixes() > 0) {
            b.append(" (")
                    .append(n(prunedPrefixes()))
                    .append(prunedPrefixes() == 1 ? " prefix" : " prefixes")
                    .append(" skipped without listing)");
        }
        batchJobId()
                .ifPresent(id -> b.append(", copied by Batch Operations job ").append(id));
        if (copiedByKit() > 0) {
            b.append(batchJobId().isPresent() ? " and " : ", ")
                    .append(n(copiedByKit()))
                    .append(" (")
                    .append(ConsoleProgressBar.bytes(copiedByKitBytes()))
                    .append(") too large for the job copied in parts by the kit");
        }
        inventoryAge().ifPresent(age -> b.append(", planned from an inventory ")
                .append(age(age))
                .append(" old"));
        b.append(", ").append(n(failureCount())).append(failureCount() == 1 ? " failure" : " failures");
        b.append(String.format(Locale.ROOT, ", %.1fs}", duration().toMillis() / 1000.0));
        for (int i = 0; i < Math.min(5, failures().size()); i++) {
            b.append("\n  ").append(failures().get(i));
        }
        if (failureCount() > 5) {
            b.append("\n  ... and ").append(n(failureCount() - 5)).append(" more");
        }
        return b.toString();
    }

    private static String age(Duration d) {
        long h = d.toHours();
        return h >= 48
                ? h / 24 + "d " + h % 24 + "h"
                : h > 0 ? h + "h " + d.toMinutesPart() + "m" : d.toMinutes() + "m";
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
