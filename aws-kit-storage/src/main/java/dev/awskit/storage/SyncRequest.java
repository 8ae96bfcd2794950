package dev.awskit.storage;

import dev.awskit.core.ProgressListener;
import dev.awskit.core.internal.Setting;
import dev.awskit.storage.internal.Filters;
import dev.awskit.storage.internal.LocalFiles;
import dev.awskit.storage.internal.Location;
import dev.awskit.storage.internal.ObjectOptions;
import dev.awskit.storage.internal.SyncSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Everything one sync does, as an immutable value: {@link Storage#sync(SyncRequest)} runs it, and
 * {@link Storage#sync(java.util.function.Consumer)} builds and runs it in one call. The fluent
 * {@link Sync} builds the same value, so both paths plan and copy alike.
 *
 * <pre>{@code
 * SyncRequest nightly = SyncRequest.builder()
 *     .source("./data").destination("s3://bucket/data")
 *     .exclude("*.tmp").delete().maxDelete(100)
 *     .build();
 * SyncReport r = Storage.of(aws).sync(nightly);
 * Storage.of(aws).sync(s -> s.source("s3://a").destination("s3://b").sizeOnly());
 * }</pre>
 */
public final class SyncRequest {
    private static final long MIB = 1024 * 1024;
    private static final long GIB = 1024 * MIB;

    private final Location source;
    private final Location destination;
    private final List<Filters.Rule> rules;
    private final CompareMode compare;
    private final boolean delete;
    private final long maxDelete;
    private final boolean dryRun;
    private final PrintStream output;
    private final ProgressListener progress;
    private final ObjectOptions objectOptions;
    private final int concurrency;
    private final long partSize;
    private final long multipartThreshold;
    private final long copyMultipartThreshold;
    private final boolean listByDirectory;
    private final boolean fsync;
    private final LocalFiles localFiles;
    private final String inventory;

    private SyncRequest(Builder b) {
        this.source = b.source.get();
        this.destination = b.destination.get();
        this.rules = List.copyOf(b.rules);
        this.compare = b.compare.get();
        this.delete = b.delete.get();
        this.maxDelete = b.maxDelete.isSet() ? b.maxDelete.get() : -1;
        this.dryRun = b.dryRun.get();
        this.output = b.output.get();
        this.progress = b.progress.get();
        this.objectOptions = new ObjectOptions(
                b.contentType.get(),
                b.metadata.get(),
                b.storageClass.get(),
                b.sse.get(),
                b.kmsKeyId.get(),
                b.acl.get(),
                b.cacheControl.get());
        this.concurrency = b.concurrency.get();
        this.partSize = b.partSize.get();
        this.multipartThreshold = b.multipartThreshold.get();
        this.copyMultipartThreshold = b.copyMultipartThreshold.get();
        this.listByDirectory = b.listByDirectory.get();
        this.fsync = b.fsync.get();
        this.localFiles = b.localFiles.get();
        this.inventory = b.inventory.get();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The source as given: {@code s3://bucket[/prefix]} or a local directory. */
    public String source() {
        return source.text();
    }

    /** The destination as given. */
    public String destination() {
        return destination.text();
    }

    /** The filters in the order given, e.g. {@code [exclude *.tmp, include keep.tmp]}. */
    public List<String> filters() {
        return rules.stream().map(Filters.Rule::toString).toList();
    }

    public CompareMode compare() {
        return compare;
    }

    public boolean delete() {
        return delete;
    }

    /** The delete limit, if any. */
    public OptionalLong maxDelete() {
        return maxDelete >= 0 ? OptionalLong.of(maxDelete) : OptionalLong.empty();
    }

    public boolean dryRun() {
        return dryRun;
    }

    public int concurrency() {
        return concurrency;
    }

    public long partSize() {
        return partSize;
    }

    public long multipartThreshold() {
        return multipartThreshold;
    }

    public boolean listByDirectory() {
        return listByDirectory;
    }

    public boolean fsync() {
        return fsync;
    }

    /** The S3 Inventory report planned from instead of listing the source, if any (see {@link Sync#fromInventory}). */
    public Optional<String> inventory() {
        return Optional.ofNullable(inventory);
    }

    public Optional<String> contentType() {
        return Optional.ofNullable(objectOptions.contentType());
    }

    public Optional<String> cacheControl() {
        return Optional.ofNullable(objectOptions.cacheControl());
    }

    public Map<String, String> metadata() {
        return objectOptions.metadata() == null ? Map.of() : objectOptions.metadata();
    }

    public Optional<StorageClass> storageClass() {
        return Optional.ofNullable(objectOptions.storageClass());
    }

    public Optional<ServerSideEncryption> sse() {
        return Optional.ofNullable(objectOptions.sse());
    }

    public Optional<String> kmsKeyId() {
        return Optional.ofNullable(objectOptions.kmsKeyId());
    }

    public Optional<ObjectCannedACL> acl() {
        return Optional.ofNullable(objectOptions.acl());
    }

    /** What the engine runs. */
    SyncSpec spec() {
        return new SyncSpec(
                source,
                destination,
                Filters.of(rules),
                compare,
                delete,
                maxDelete,
                dryRun,
                output,
                progress,
                objectOptions,
                concurrency,
                partSize,
                multipartThreshold,
                copyMultipartThreshold,
                listByDirectory,
                fsync,
                localFiles);
    }

    @Override
    public String toString() {
        return "SyncRequest{" + source + " -> " + destination + (rules.isEmpty() ? "" : ", filters=" + rules)
                + (compare != CompareMode.SIZE_AND_TIME ? ", compare=" + compare : "")
                + (delete ? ", delete" + (maxDelete >= 0 ? " (max " + maxDelete + ")" : "") : "")
                + (dryRun ? ", dryRun" : "") + (fsync ? ", fsync" : "")
                + (inventory != null ? ", fromInventory " + inventory : "") + "}";
    }

    /**
     * Builds a {@link SyncRequest}. Bad values are rejected at once; each setting may be set once (a
     * second write is an {@link IllegalStateException} naming both values), except {@link
     * #exclude} and {@link #include}, which accumulate in order. {@link #build()} checks the
     * settings against each other.
     */
    public static final class Builder {
        private final Setting<Location> source = Setting.of("source");
        private final Setting<Location> destination = Setting.of("destination");
        private final List<Filters.Rule> rules = new ArrayList<>();
        private final Setting<CompareMode> compare = Setting.of("compare", CompareMode.SIZE_AND_TIME);
        private final Setting<Boolean> delete = Setting.flag("delete");
        private final Setting<Long> maxDelete = Setting.of("maxDelete");
        private final Setting<Boolean> dryRun = Setting.flag("dryRun");
        private final Setting<PrintStream> output = Setting.of("output", System.out);
        private final Setting<ProgressListener> progress = Setting.of("progress", ProgressListener.none());
        private final Setting<String> contentType = Setting.of("contentType");
        private final Setting<Map<String, String>> metadata = Setting.of("metadata");
        private final Setting<StorageClass> storageClass = Setting.of("storageClass");
        private final Setting<ServerSideEncryption> sse = Setting.of("sse");
        private final Setting<String> kmsKeyId = Setting.of("kmsKeyId");
        private final Setting<ObjectCannedACL> acl = Setting.of("acl");
        private final Setting<String> cacheControl = Setting.of("cacheControl");
        private final Setting<Integer> concurrency = Setting.of("concurrency", 32);
        private final Setting<Long> partSize = Setting.of("partSize", 8 * MIB, Setting::bytes);
        private final Setting<Long> multipartThreshold = Setting.of("multipartThreshold", 8 * MIB, Setting::bytes);
        private final Setting<Long> copyMultipartThreshold =
                Setting.of("copyMultipartThreshold", 5 * GIB, Setting::bytes);
        private final Setting<Boolean> listByDirectory = Setting.flag("listByDirectory");
        private final Setting<Boolean> fsync = Setting.flag("fsync");
        private final Setting<LocalFiles> localFiles = Setting.of("localFiles", LocalFiles.DEFAULT);
        private final Setting<String> inventory = Setting.of("fromInventory");

        private Builder() {}

        /**
         * Where from: {@code s3://bucket[/prefix]} or a local directory.
         *
         * @throws IllegalArgumentException for a malformed location
         */
        public Builder source(String source) {
            this.source.set(Location.parse(source));
            return this;
        }

        /** A local directory to sync from. */
        public Builder source(Path source) {
            Objects.requireNonNull(source, "source");
            this.source.set(Location.of(source, source.toString()));
            return this;
        }

        /**
         * Where to: {@code s3://bucket[/prefix]} or a local directory.
         *
         * @throws IllegalArgumentException for a malformed location
         */
        public Builder destination(String destination) {
            this.destination.set(Location.parse(destination));
            return this;
        }

        /** A local directory to sync to. */
        public Builder destination(Path destination) {
            Objects.requireNonNull(destination, "destination");
            this.destination.set(Location.of(destination, destination.toString()));
            return this;
        }

        /** Leaves out paths matching {@code pattern} (fnmatch, relative to each root; see the README). */
        public Builder exclude(String pattern) {
            rules.add(Filters.exclude(pattern));
            return this;
        }

        /** Takes back in paths matching {@code pattern} that an earlier exclude left out. */
        public Builder include(String pattern) {
            rules.add(Filters.include(pattern));
            return this;
        }

        /** How files present on both sides are compared; default {@link CompareMode#SIZE_AND_TIME}. */
        public Builder compare(CompareMode mode) {
            this.compare.set(Objects.requireNonNull(mode, "mode"));
            return this;
        }

        /** {@code --size-only}. */
        public Builder sizeOnly() {
            return compare(CompareMode.SIZE_ONLY);
        }

        /** {@code --exact-timestamps}. */
        public Builder exactTimestamps() {
            return compare(CompareMode.EXACT_TIMESTAMPS);
        }

        /** Compare content: MD5 / multipart ETags (see {@link CompareMode#CHECKSUM}). */
        public Builder checksum() {
            return compare(CompareMode.CHECKSUM);
        }

        /** {@code --delete}: remove destination files that the source lacks (excluded files stay). */
        public Builder delete() {
            this.delete.turnOn();
            return this;
        }

        /**
         * With {@link #delete()}: refuses every delete when more than {@code n} would go (the copies
         * still happen); the report then has a failure saying how many were planned.
         */
        public Builder maxDelete(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxDelete must be >= 0, was " + n);
            }
            this.maxDelete.set(n);
            return this;
        }

        /** {@code --dryrun}: list and plan, print {@code (dryrun) upload: a to b} lines, write nothing. */
        public Builder dryRun() {
            this.dryRun.turnOn();
            return this;
        }

        /** With {@link #dryRun()}: where the dry-run lines go; default {@code System.out}. */
        public Builder output(PrintStream out) {
            this.output.set(Objects.requireNonNull(out, "out"));
            return this;
        }

        /** Progress of the copies, e.g. {@link ProgressListener#console()}. */
        public Builder progress(ProgressListener listener) {
            this.progress.set(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** {@code --content-type} for every object written (default: guessed from the extension). */
        public Builder contentType(String type) {
            this.contentType.set(requireText("contentType", type));
            return this;
        }

        /** {@code --metadata}: user metadata for every object written (replaces copied metadata). */
        public Builder metadata(Map<String, String> metadata) {
            this.metadata.set(Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata"))));
            return this;
        }

        /** {@code --cache-control} for every object written. */
        public Builder cacheControl(String value) {
            this.cacheControl.set(requireText("cacheControl", value));
            return this;
        }

        /** {@code --storage-class}. */
        public Builder storageClass(StorageClass storageClass) {
            this.storageClass.set(Objects.requireNonNull(storageClass, "storageClass"));
            return this;
        }

        /** {@code --sse AES256} or {@code aws:kms}. */
        public Builder sse(ServerSideEncryption sse) {
            this.sse.set(Objects.requireNonNull(sse, "sse"));
            return this;
        }

        /** {@code --sse aws:kms --sse-kms-key-id id}. */
        public Builder sseKms(String kmsKeyId) {
            String id = requireText("kmsKeyId", kmsKeyId);
            sse(ServerSideEncryption.AWS_KMS);
            this.kmsKeyId.set(id);
            return this;
        }

        /** {@code --acl}. */
        public Builder acl(ObjectCannedACL acl) {
            this.acl.set(Objects.requireNonNull(acl, "acl"));
            return this;
        }

        /** Files (or objects) in flight at once; default 32. */
        public Builder concurrency(int n) {
            if (n < 1 || n > 1024) {
                throw new IllegalArgumentException("concurrency must be 1..1024, was " + n);
            }
            this.concurrency.set(n);
            return this;
        }

        /** Part size of multipart uploads and copies; default 8 MiB (raised to stay within 10,000 parts). */
        public Builder partSize(long bytes) {
            if (bytes < 5 * MIB || bytes > 5 * GIB) {
                throw new IllegalArgumentException("partSize must be 5 MiB..5 GiB (S3's limits), was " + bytes);
            }
            this.partSize.set(bytes);
            return this;
        }

        /** Uploads: files of at least this size are uploaded in parts; default 8 MiB. */
        public Builder multipartThreshold(long bytes) {
            if (bytes < 5 * MIB) {
                throw new IllegalArgumentException("multipartThreshold must be at least 5 MiB, was " + bytes);
            }
            this.multipartThreshold.set(bytes);
            return this;
        }

        /** See {@link Sync#listByDirectory()}. */
        public Builder listByDirectory() {
            this.listByDirectory.turnOn();
            return this;
        }

        /** See {@link Sync#fsync()}: downloads only. */
        public Builder fsync() {
            this.fsync.turnOn();
            return this;
        }

        /**
         * Plans from an S3 Inventory report of the source bucket instead of listing it: {@code
         * s3://inventory-bucket/.../manifest.json}, or the folder of an inventory configuration
         * ({@code s3://inventory-bucket/prefix/source-bucket/config-id/}), whose latest report is
         * taken. See {@link Sync#fromInventory(String)}.
         *
         * @throws IllegalArgumentException when {@code manifestUri} is not an {@code s3://} URI
         */
        public Builder fromInventory(String manifestUri) {
            String uri = requireText("fromInventory", manifestUri);
            if (!uri.startsWith("s3://") || uri.indexOf('/', 5) < 0) {
                throw new IllegalArgumentException("fromInventory needs s3://bucket/.../manifest.json or the folder"
                        + " of an inventory configuration, was '" + dev.awskit.storage.internal.Keys.shown(uri) + "'");
            }
            this.inventory.set(uri);
            return this;
        }

        /** For tests: how downloads write their temporary files (a full disk, a counting wrapper). */
        Builder localFiles(LocalFiles files) {
            this.localFiles.set(Objects.requireNonNull(files, "files"));
            return this;
        }

        /** For tests: objects larger than this are copied with UploadPartCopy (S3 requires it above 5 GiB). */
        Builder copyMultipartThreshold(long bytes) {
            this.copyMultipartThreshold.set(bytes);
            return this;
        }

        /**
         * Checks that one side is S3 and that the two sides do not overlap.
         *
         * @throws IllegalArgumentException for two local directories or overlapping S3 locations
         */
        void checkLocations() {
            Location s = source.get();
            Location d = destination.get();
            if (!s.isS3() && !d.isS3()) {
                throw new IllegalArgumentException("Both '" + s + "' and '" + d
                        + "' are local directories; one side of a sync must be s3://bucket[/prefix]");
            }
            if (s.isS3()
                    && d.isS3()
                    && s.bucket().equals(d.bucket())
                    && (s.prefix().startsWith(d.prefix()) || d.prefix().startsWith(s.prefix()))) {
                throw new IllegalArgumentException("The source '" + s + "' and destination '" + d
                        + "' overlap; sync between disjoint prefixes or buckets");
            }
        }

        /**
         * The request.
         *
         * @throws IllegalStateException when the source or destination is missing, or settings
         *     contradict each other: {@code maxDelete} without {@code delete()}, {@code output}
         *     without {@code dryRun()}, object settings ({@code contentType}, {@code metadata},
         *     {@code cacheControl}, {@code storageClass}, {@code sse}, {@code acl}) on a download,
         *     {@code multipartThreshold} on anything but an upload, {@code fsync()} on anything but
         *     a download
         * @throws IllegalArgumentException for two local directories or overlapping S3 locations
         */
        public SyncRequest build() {
            if (!source.isSet() || !destination.isSet()) {
                throw new IllegalStateException("a sync needs a source and a destination: .source(\"./dir\")"
                        + ".destination(\"s3://bucket/prefix\") (either side may be S3 or a local directory)");
            }
            checkLocations();
            Location d = destination.get();
            Location s = source.get();
            if (maxDelete.isSet() && !delete.get()) {
                throw new IllegalStateException("maxDelete(" + maxDelete.get() + ") limits deletions, but delete() was"
                        + " not called, so nothing would be deleted: add delete(), or drop maxDelete");
            }
            if (output.isSet() && !dryRun.get()) {
                throw new IllegalStateException("output(...) receives the dry-run lines only, but dryRun() was not"
                        + " called: add dryRun(), or drop output(...)");
            }
            if (!d.isS3()) {
                for (Setting<?> objectSetting : List.of(contentType, metadata, cacheControl, storageClass, sse, acl)) {
                    if (objectSetting.isSet()) {
                        throw new IllegalStateException(objectSetting.name() + " applies to objects written to S3, but"
                                + " this sync downloads to the local directory " + d + ": drop "
                                + objectSetting.name());
                    }
                }
            }
            if (multipartThreshold.isSet() && (s.isS3() || !d.isS3())) {
                throw new IllegalStateException("multipartThreshold applies to uploads, but this sync "
                        + (d.isS3() ? "copies from " + s + " to " + d : "downloads to the local directory " + d)
                        + ": drop multipartThreshold (copies use partSize)");
            }
            if (fsync.get() && d.isS3()) {
                throw new IllegalStateException("fsync() applies to downloads to a local directory, but this sync"
                        + " writes to " + d + ": drop fsync()");
            }
            if (inventory.isSet() && !s.isS3()) {
                throw new IllegalStateException("fromInventory(" + inventory.get() + ") replaces the listing of an S3"
                        + " source, but this sync uploads from the local directory " + s
                        + ": drop fromInventory");
            }
            return new SyncRequest(this);
        }

        /** What {@link Sync#toString()} shows of the settings so far. */
        String describe() {
            StringBuilder what =
                    new StringBuilder().append(source.get()).append(" -> ").append(destination.get());
            rules.forEach(r -> what.append(", ").append(r));
            if (compare.isSet()) {
                what.append(", compare ").append(compare.get());
            }
            if (delete.get()) {
                what.append(", delete").append(maxDelete.isSet() ? " (max " + maxDelete.get() + ")" : "");
            }
            return what.append(dryRun.get() ? ", dry run" : "")
                    .append(fsync.get() ? ", fsync" : "")
                    .append(inventory.isSet() ? ", from inventory " + inventory.get() : "")
                    .toString();
        }

        private static String requireText(String name, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
            return value;
        }
    }
}
