package dev.awskit.storage;

import dev.awskit.core.internal.Setting;
import dev.awskit.storage.internal.Keys;
import dev.awskit.storage.internal.Location;
import java.util.Objects;
import java.util.Optional;

/**
 * An S3 Inventory configuration as {@link Bucket#inventory(InventoryRequest)} sets it up: a CSV
 * (default) or Parquet report, daily or weekly, of the bucket's current objects (or all versions) with the fields a sync
 * plans from (Size, LastModifiedDate, ETag), delivered to {@code destination}.
 *
 * <pre>{@code
 * String reports = Storage.of(aws).bucket("big-bucket")
 *     .inventory(i -> i.destination("s3://inventory-bucket/reports").id("daily"));
 * // later: Storage.of(aws).sync("s3://big-bucket", "s3://backup").fromInventory(reports).run();
 * }</pre>
 */
public final class InventoryRequest {
    /** How often S3 writes a report. */
    public enum Frequency {
        DAILY,
        WEEKLY
    }

    /**
     * The report's file format; both are what {@link Sync#fromInventory(String)} reads. Parquet files
     * are smaller and S3 writes them compressed; ORC is not offered because the kit cannot read it.
     */
    public enum Format {
        CSV,
        PARQUET
    }

    private final String id;
    private final Location destination;
    private final Frequency frequency;
    private final boolean allVersions;
    private final String prefix;
    private final Format format;

    private InventoryRequest(Builder b) {
        this.id = b.id.get();
        this.destination = b.destination.get();
        this.frequency = b.frequency.get();
        this.allVersions = b.allVersions.get();
        this.prefix = b.prefix.get();
        this.format = b.format.get();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The configuration's id; default {@code awskit}. */
    public String id() {
        return id;
    }

    /** Where reports go, e.g. {@code s3://inventory-bucket/reports}. */
    public String destination() {
        return destination.text();
    }

    public Frequency frequency() {
        return frequency;
    }

    /** True when every version is listed, not only the current ones. */
    public boolean allVersions() {
        return allVersions;
    }

    /** Only objects under this key prefix, if set. */
    public Optional<String> prefix() {
        return Optional.ofNullable(prefix);
    }

    /** The report's file format; default {@link Format#CSV}. */
    public Format format() {
        return format;
    }

    Location destinationLocation() {
        return destination;
    }

    @Override
    public String toString() {
        return "InventoryRequest{" + id + " -> " + destination + ", " + frequency
                + (format != Format.CSV ? ", " + format : "") + (allVersions ? ", all versions" : "")
                + (prefix != null ? ", prefix " + prefix : "") + "}";
    }

    /** Builds an {@link InventoryRequest}; each setting may be set once. */
    public static final class Builder {
        private final Setting<String> id = Setting.of("id", "awskit");
        private final Setting<Location> destination = Setting.of("destination");
        private final Setting<Frequency> frequency = Setting.of("frequency", Frequency.DAILY);
        private final Setting<Boolean> allVersions = Setting.flag("allVersions");
        private final Setting<String> prefix = Setting.of("prefix");
        private final Setting<Format> format = Setting.of("format", Format.CSV);

        private Builder() {}

        /**
         * The configuration's id (1-64 of letters, digits, {@code - _ .}); part of the reports' path.
         *
         * @throws IllegalArgumentException for another id
         */
        public Builder id(String id) {
            if (id == null || !id.matches("[A-Za-z0-9._\\-]{1,64}")) {
                throw new IllegalArgumentException("An inventory id is 1-64 of letters, digits, - _ . ; was '"
                        + (id == null ? "null" : Keys.shown(id)) + "'");
            }
            this.id.set(id);
            return this;
        }

        /**
         * Where S3 delivers the reports: {@code s3://bucket[/prefix]}. The bucket's policy must let
         * {@code s3.amazonaws.com} put objects (see "Setting up Amazon S3 Inventory" in the S3 user guide).
         *
         * @throws IllegalArgumentException when it is not an {@code s3://} location
         */
        public Builder destination(String s3Uri) {
            Location l = Location.parse(Objects.requireNonNull(s3Uri, "s3Uri"));
            if (!l.isS3()) {
                throw new IllegalArgumentException(
                        "An inventory destination is s3://bucket[/prefix], was '" + Keys.shown(s3Uri) + "'");
            }
            this.destination.set(l);
            return this;
        }

        public Builder frequency(Frequency f) {
            this.frequency.set(Objects.requireNonNull(f, "frequency"));
            return this;
        }

        /** Lists every version (a sync skips the non-current ones and delete markers). */
        public Builder allVersions() {
            this.allVersions.turnOn();
            return this;
        }

        /** The report's file format; default {@link Format#CSV}. */
        public Builder format(Format f) {
            this.format.set(Objects.requireNonNull(f, "format"));
            return this;
        }

        /** Only objects under {@code keyPrefix}. */
        public Builder prefix(String keyPrefix) {
            if (keyPrefix == null || keyPrefix.isEmpty()) {
                throw new IllegalArgumentException("prefix must not be empty (leave it out for the whole bucket)");
            }
            this.prefix.set(keyPrefix);
            return this;
        }

        /**
         * The request.
         *
         * @throws IllegalStateException without a destination
         */
        public InventoryRequest build() {
            if (!destination.isSet()) {
                throw new IllegalStateException(
                        "an inventory needs a destination: .destination(\"s3://inventory-bucket/prefix\")");
            }
            return new InventoryRequest(this);
        }
    }
}
