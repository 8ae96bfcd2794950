package dev.awskit.kinesis;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.internal.Setting;
import dev.awskit.core.internal.Texts;
import dev.awskit.kinesis.internal.GroupSettings;
import dev.awskit.kinesis.internal.Kcl;
import dev.awskit.kinesis.internal.ReadChecks;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One worker of a consumer group: many processes (machines) share a stream's shards through the
 * KCL 3.x (leases and checkpoints in a DynamoDB table, shard balancing, resharding, KPL aggregates
 * unpacked). The kit builds the KCL's scheduler and configuration from its own clients, endpoints,
 * credentials and retry policy, and stops it gracefully on {@link #close()}.
 *
 * <pre>{@code
 * try (ConsumerGroup g = Kinesis.of(aws).consumerGroup("orders-app").stream("my-event-dev")
 *         .process(batch -> batch.forEach(r -> System.out.println(r.partitionKey())))
 *         .start()) {
 *     // ... until the application stops; close() checkpoints and hands the leases over
 * }
 * }</pre>
 *
 * <p>Needs {@code software.amazon.kinesis:amazon-kinesis-client} on the class path (an optional
 * dependency of aws-kit-kinesis): {@link Builder#start()} says so when it is missing.
 */
public interface ConsumerGroup extends AutoCloseable {

    /** The group's name (the KCL application name). */
    String group();

    /** The stream it reads. */
    String stream();

    /** This worker's id in the lease table. */
    String workerId();

    /** What this worker did so far. */
    ConsumerGroupReport report();

    /**
     * Stops gracefully: every shard processor checkpoints what it processed, the leases are released
     * for the other workers, and the KCL's threads end. Returns when that is done, or after {@code
     * timeout} (then the KCL is stopped at once; records after the last checkpoint come again).
     *
     * @throws AwsKitException when the handler failed for good while the group ran (see {@link
     *     ConsumerGroupReport#failure()}); the group is stopped all the same
     */
    void close(Duration timeout);

    /** {@link #close(Duration)} with up to two minutes for the graceful part. */
    @Override
    default void close() {
        close(Duration.ofMinutes(2));
    }

    /**
     * Configures a worker; each setter may be called once (a second call is an {@link
     * IllegalStateException} naming both values), and {@link #start()} checks them against each other.
     */
    final class Builder {
        private final AwsKit kit;
        private final String group;
        private final Setting<String> stream = Setting.of("stream");
        private final Setting<Consumer<List<ConsumedRecord>>> handler = Setting.of("process", null, h -> "a handler");
        private final Setting<StartPosition> from = Setting.of("from", StartPosition.trimHorizon());
        private final Setting<String> enhancedFanOut = Setting.of("enhancedFanOut");
        private final Setting<Integer> checkpointEvery = Setting.of("checkpointEvery");
        private final Setting<Duration> checkpointInterval = Setting.of("checkpointInterval");
        private final Setting<String> metricsNamespace = Setting.of("metricsNamespace");
        private final Setting<String> workerId = Setting.of("workerId");
        private final Setting<String> leaseTable = Setting.of("leaseTable");
        private final Setting<Duration> failoverTime = Setting.of("failoverTime", Duration.ofSeconds(10));
        private final Setting<Duration> pollInterval = Setting.of("pollInterval", Duration.ofSeconds(1));
        private final Setting<Integer> maxRecordsPerCall = Setting.of("maxRecordsPerCall", 10_000);
        private final Setting<Boolean> workerUtilizationAware = Setting.flag("workerUtilizationAwareAssignment");

        Builder(AwsKit kit, String group) {
            this.kit = Objects.requireNonNull(kit, "kit");
            this.group = checkTableName("group name", group);
        }

        /** The stream to read (required). */
        public Builder stream(String streamName) {
            this.stream.set(Kinesis.checkStreamName(streamName));
            return this;
        }

        /**
         * What to do with each batch (required). The KCL calls it from one thread per shard; records of
         * one shard arrive in order, aggregates unpacked. A failure is retried with the kit's {@link
         * dev.awskit.core.RetryPolicy} (AWS throttling, 5xx, I/O); when it still fails, the group
         * stops without checkpointing that batch and {@link ConsumerGroup#close()} throws.
         */
        public Builder process(Consumer<List<ConsumedRecord>> batchHandler) {
            this.handler.set(Objects.requireNonNull(batchHandler, "batchHandler"));
            return this;
        }

        /**
         * Where a shard without a checkpoint starts: TRIM_HORIZON (default), LATEST or AT_TIMESTAMP.
         * A shard with a checkpoint in the lease table always resumes after it.
         */
        public Builder from(StartPosition position) {
            Objects.requireNonNull(position, "position");
            if (position.isShardSpecific()) {
                throw new IllegalArgumentException("StartPosition " + position
                        + " names a sequence number of one shard; a consumer group starts every shard at"
                        + " TRIM_HORIZON, LATEST or AT_TIMESTAMP and resumes from its checkpoints");
            }
            this.from.set(position);
            return this;
        }

        /**
         * Reads with enhanced fan-out: registers the stream consumer {@code consumerName} if it does not
         * exist (RegisterStreamConsumer, then DescribeStreamConsumer until ACTIVE) and reads every shard
         * with SubscribeToShard (its own 2 MB/s per shard, pushed over HTTP/2). Default: shared
         * throughput, polled with GetRecords.
         */
        public Builder enhancedFanOut(String consumerName) {
            this.enhancedFanOut.set(dev.awskit.kinesis.internal.EnhancedFanOut.checkConsumerName(consumerName));
            return this;
        }

        /** Checkpoint once at least {@code records} records were processed since the last checkpoint. */
        public Builder checkpointEvery(int records) {
            if (records < 1) {
                throw new IllegalArgumentException("checkpointEvery must be at least 1 record, was " + records);
            }
            this.checkpointEvery.set(records);
            return this;
        }

        /** Checkpoint once {@code interval} passed since the last checkpoint (checked after each batch). */
        public Builder checkpointInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("checkpointInterval must be positive, was " + interval);
            }
            this.checkpointInterval.set(interval);
            return this;
        }

        /** Publish the KCL's summary metrics to CloudWatch under {@code namespace} (default: no metrics). */
        public Builder metricsNamespace(String namespace) {
            if (namespace == null || namespace.isBlank() || namespace.length() > 255 || namespace.startsWith("AWS/")) {
                throw new IllegalArgumentException("metricsNamespace '" + namespace
                        + "' is invalid: 1-255 characters, not starting with AWS/ (reserved), e.g. orders-app");
            }
            this.metricsNamespace.set(namespace);
            return this;
        }

        /** This worker's id in the lease table (default: host name and a random suffix). */
        public Builder workerId(String id) {
            if (id == null || id.isBlank() || id.length() > 256) {
                throw new IllegalArgumentException("workerId must be 1-256 characters, was '" + id + "'");
            }
            this.workerId.set(id);
            return this;
        }

        /**
         * The DynamoDB lease table (default: the group name, as the KCL does). The KCL 3 also keeps
         * {@code <table>-CoordinatorState} and {@code <table>-WorkerMetricStats}.
         */
        public Builder leaseTable(String tableName) {
            this.leaseTable.set(checkTableName("leaseTable", tableName));
            return this;
        }

        /**
         * How long a lease lasts without renewal before another worker may take it (default 10 s, the
         * KCL's): the time a killed worker's shards wait.
         */
        public Builder failoverTime(Duration time) {
            Objects.requireNonNull(time, "time");
            if (time.compareTo(Duration.ofSeconds(1)) < 0 || time.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("failoverTime must be 1 s..1 h, was " + time);
            }
            this.failoverTime.set(time);
            return this;
        }

        /**
         * The least time between two GetRecords calls on one shard (default 1 s: five calls per second
         * per shard are shared by every polling consumer of the stream). Polling only.
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval.set(ReadChecks.pollInterval(interval));
            return this;
        }

        /** GetRecords limit per call, 1 to 10,000 (default 10,000). Polling only. */
        public Builder maxRecordsPerCall(int n) {
            this.maxRecordsPerCall.set(ReadChecks.maxRecordsPerCall(n));
            return this;
        }

        /**
         * Lets the KCL 3.x leader assign the leases by each worker's CPU load (its "worker
         * utilization-aware assignment": a leader elected through a DynamoDB lock in {@code
         * <table>-CoordinatorState}, worker metrics in {@code <table>-WorkerMetricStats}). Default: the
         * KCL 3 in its 2.x-compatible mode, where every worker takes expired and unowned leases itself
         * (even lease counts, no leader, no worker metrics). See the module README for what was
         * verified of each mode; every worker of a group must use the same mode.
         */
        public Builder workerUtilizationAwareAssignment() {
            this.workerUtilizationAware.turnOn();
            return this;
        }

        /** The settings as the kit's internal value (for tests of the mapping onto the KCL). */
        GroupSettings settings() {
            if (!stream.isSet()) {
                throw new IllegalStateException(
                        "consumer group " + group + " has no stream: add .stream(\"my-event-dev\") before start()");
            }
            if (!handler.isSet()) {
                throw new IllegalStateException(
                        "consumer group " + group + " has no handler: add .process(batch -> ...) before start()");
            }
            ReadChecks.pushedNotPolled(
                    "consumer group " + group,
                    enhancedFanOut.get(),
                    Stream.of(pollInterval, maxRecordsPerCall)
                            .filter(Setting::isSet)
                            .map(Setting::name)
                            .toList());
            return new GroupSettings(
                    group,
                    stream.get(),
                    handler.get(),
                    from.get(),
                    enhancedFanOut.explicit(),
                    checkpointEvery.explicit(),
                    checkpointInterval.explicit(),
                    metricsNamespace.explicit(),
                    workerId.explicit().orElseGet(GroupSettings::defaultWorkerId),
                    leaseTable.explicit().orElse(group),
                    failoverTime.get(),
                    pollInterval.get(),
                    maxRecordsPerCall.get(),
                    workerUtilizationAware.isSet());
        }

        /**
         * Starts this worker: the KCL scheduler runs on its own thread, creates the lease tables if
         * needed and takes its share of the shards.
         *
         * @throws IllegalStateException without a stream or handler, for polling settings beside {@link
         *     #enhancedFanOut(String)}, or when the KCL is not on the class path (the message names the
         *     dependency to add)
         */
        public ConsumerGroup start() {
            GroupSettings s = settings();
            return Kcl.start(kit, s);
        }

        /** {@code ConsumerGroup.Builder{group orders-app, stream=my-event-dev, start() runs it}}. */
        @Override
        public String toString() {
            StringBuilder what = new StringBuilder("group ").append(group);
            for (Setting<?> s : List.<Setting<?>>of(
                    stream,
                    handler,
                    from,
                    enhancedFanOut,
                    checkpointEvery,
                    checkpointInterval,
                    metricsNamespace,
                    workerId,
                    leaseTable,
                    failoverTime,
                    pollInterval,
                    maxRecordsPerCall,
                    workerUtilizationAware)) {
                if (s.isSet()) {
                    what.append(", ").append(s.name()).append('=').append(s.shown());
                }
            }
            return Texts.builder("ConsumerGroup.Builder", what.toString())
                    .replace("build() makes it", "start() runs it");
        }

        static String checkTableName(String what, String name) {
            if (name == null || !name.matches("[a-zA-Z0-9_.-]{3,200}")) {
                throw new IllegalArgumentException(what + " '" + Texts.clip(String.valueOf(name))
                        + "' is invalid: it names DynamoDB tables, so 3-200 characters of a-z A-Z 0-9 _ . -"
                        + " (e.g. orders-app)");
            }
            return name;
        }
    }
}
