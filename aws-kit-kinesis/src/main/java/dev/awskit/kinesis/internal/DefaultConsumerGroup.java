package dev.awskit.kinesis.internal;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.kinesis.ConsumedRecord;
import dev.awskit.kinesis.ConsumerGroup;
import dev.awskit.kinesis.ConsumerGroupReport;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.exceptions.KinesisClientLibDependencyException;
import software.amazon.kinesis.exceptions.ThrottlingException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/** A consumer group worker on the KCL's {@link Scheduler}; the only class that runs one. */
final class DefaultConsumerGroup implements ConsumerGroup {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultConsumerGroup.class);

    private final AwsKit kit;
    private final GroupSettings settings;
    private final CheckpointRule rule;
    private final Scheduler scheduler;
    private final Thread thread;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong checkpointFailures = new AtomicLong();
    private final AtomicLong shardsEnded = new AtomicLong();
    private final AtomicLong leasesLost = new AtomicLong();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final AtomicReference<AwsKitException> failure = new AtomicReference<>();
    private volatile boolean closed;

    private DefaultConsumerGroup(AwsKit kit, GroupSettings settings) {
        this.kit = kit;
        this.settings = settings;
        this.rule = new CheckpointRule(settings.checkpointEvery(), settings.checkpointInterval());
        KclConfigs configs = new KclConfigs(
                settings,
                kit.retryPolicy(),
                kit.client(KinesisAsyncClient.class),
                kit.client(DynamoDbAsyncClient.class),
                kit.client(CloudWatchAsyncClient.class),
                () -> new Processor());
        this.scheduler = configs.scheduler();
        this.thread = new Thread(scheduler, "awskit-kcl-" + settings.group());
    }

    static ConsumerGroup start(AwsKit kit, GroupSettings settings) {
        DefaultConsumerGroup g = new DefaultConsumerGroup(Objects.requireNonNull(kit), settings);
        g.thread.start();
        LOG.info(
                "consumer group {} worker {} started on stream {} ({})",
                settings.group(),
                settings.workerId(),
                settings.stream(),
                settings.enhancedFanOut().map(c -> "enhanced fan-out as " + c).orElse("polling"));
        return g;
    }

    @Override
    public String group() {
        return settings.group();
    }

    @Override
    public String stream() {
        return settings.stream();
    }

    @Override
    public String workerId() {
        return settings.workerId();
    }

    @Override
    public ConsumerGroupReport report() {
        return ConsumerGroupReport.builder().group(settings.group()).stream(settings.stream())
                .workerId(settings.workerId())
                .records(records.get())
                .batches(batches.get())
                .checkpoints(checkpoints.get())
                .checkpointFailures(checkpointFailures.get())
                .addAllShardsHeld(new TreeSet<>(held))
                .shardsEnded(shardsEnded.get())
                .leasesLost(leasesLost.get())
                .failure(java.util.Optional.ofNullable(failure.get()).map(Throwable::getMessage))
                .build();
    }

    @Override
    public synchronized void close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (!closed) {
            closed = true;
            stop(timeout);
        }
        AwsKitException f = failure.get();
        if (f != null) {
            throw f;
        }
    }

    private void stop(Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long graceful = -1;
        try {
            CompletableFuture<Boolean> shutdown = scheduler.startGracefulShutdown();
            Boolean done = shutdown.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            graceful = (System.nanoTime() - start) / 1_000_000;
            if (!Boolean.TRUE.equals(done)) {
                LOG.warn("consumer group {}: graceful shutdown did not finish cleanly; stopping", settings.group());
            }
        } catch (TimeoutException e) {
            LOG.warn(
                    "consumer group {}: graceful shutdown took longer than {}; stopping at once (records after"
                            + " the last checkpoint come again elsewhere)",
                    settings.group(),
                    timeout);
        } catch (ExecutionException e) {
            LOG.warn(
                    "consumer group {}: graceful shutdown failed: {}",
                    settings.group(),
                    e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!scheduler.shutdownComplete()) {
                scheduler.shutdown();
            }
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000) + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            held.clear();
            LOG.info(
                    "consumer group {} worker {} closed in {} ms (graceful part {})",
                    settings.group(),
                    settings.workerId(),
                    (System.nanoTime() - start) / 1_000_000,
                    graceful < 0 ? "did not finish" : graceful + " ms");
        }
    }

    /** Stops the group from a KCL thread after the handler failed for good (never blocks that thread). */
    private void fail(AwsKitException e) {
        if (failure.compareAndSet(null, e)) {
            LOG.error("consumer group {} stops: {}", settings.group(), e.getMessage());
            CompletableFuture.runAsync(() -> {
                try {
                    scheduler.startGracefulShutdown();
                } catch (RuntimeException ex) {
                    LOG.warn("consumer group {}: shutdown after failure: {}", settings.group(), ex.toString());
                }
            });
        }
    }

    @Override
    public String toString() {
        return "ConsumerGroup[" + settings.group() + " on stream " + settings.stream() + ", worker "
                + settings.workerId() + ", " + held.size() + " shards held" + (closed ? ", closed" : "") + "]";
    }

    static ConsumedRecord toRecord(String shardId, KinesisClientRecord r) {
        ByteBuffer data = r.data().asReadOnlyBuffer();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        String ehk = r.explicitHashKey();
        return ConsumedRecord.of(
                shardId,
                r.sequenceNumber(),
                r.subSequenceNumber(),
                r.aggregated(),
                r.partitionKey(),
                ehk == null || ehk.isEmpty() ? null : ehk,
                bytes,
                r.approximateArrivalTimestamp());
    }

    /** One per shard lease, called by the KCL from one thread at a time. */
    private final class Processor implements ShardRecordProcessor {
        private String shardId = "?";
        private String lastSequence;
        private long lastSub;
        private long sinceCheckpoint;
        private long lastCheckpointAt = System.nanoTime();

        @Override
        public void initialize(InitializationInput in) {
            shardId = in.shardId();
            held.add(shardId);
            lastCheckpointAt = System.nanoTime();
            LOG.debug("{}: took shard {} at {}", settings.workerId(), shardId, in.extendedSequenceNumber());
        }

        @Override
        public void processRecords(ProcessRecordsInput in) {
            if (failure.get() != null || in.records().isEmpty()) {
                return; // a failed group processes nothing more and checkpoints nothing past the failure
            }
            List<ConsumedRecord> batch = new ArrayList<>(in.records().size());
            for (KinesisClientRecord r : in.records()) {
                batch.add(toRecord(shardId, r));
            }
            String what = "process " + batch.size() + " records of " + shardId + " (stream " + settings.stream()
                    + ", consumer group " + settings.group() + ", region " + kit.region() + ")";
            try {
                kit.retryPolicy().run(what, () -> settings.handler().accept(List.copyOf(batch)));
            } catch (RuntimeException e) {
                fail(
                        e instanceof AwsKitException k && k.getMessage().startsWith(what)
                                ? k
                                : new AwsKitException(
                                        what + " failed: " + e + "; the group stopped without checkpointing this batch,"
                                                + " so it comes again when a worker restarts: fix the handler",
                                        e));
                return;
            }
            batches.incrementAndGet();
            records.addAndGet(batch.size());
            ConsumedRecord last = batch.get(batch.size() - 1);
            lastSequence = last.sequenceNumber();
            lastSub = last.subSequenceNumber();
            sinceCheckpoint += batch.size();
            if (rule.due(sinceCheckpoint, Duration.ofNanos(System.nanoTime() - lastCheckpointAt))) {
                checkpoint(in.checkpointer(), false);
            }
        }

        @Override
        public void leaseLost(LeaseLostInput in) {
            held.remove(shardId);
            leasesLost.incrementAndGet();
            LOG.info("{}: lost the lease of {} to another worker", settings.workerId(), shardId);
        }

        @Override
        public void shardEnded(ShardEndedInput in) {
            // required by the KCL: the children are read only after the parent's SHARD_END checkpoint
            checkpoint(in.checkpointer(), true);
            held.remove(shardId);
            shardsEnded.incrementAndGet();
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput in) {
            checkpoint(in.checkpointer(), false);
            held.remove(shardId);
        }

        private void checkpoint(RecordProcessorCheckpointer c, boolean shardEnd) {
            if (!shardEnd && (lastSequence == null || sinceCheckpoint == 0)) {
                return;
            }
            try {
                if (shardEnd) {
                    c.checkpoint();
                } else {
                    c.checkpoint(lastSequence, lastSub);
                }
                checkpoints.incrementAndGet();
                sinceCheckpoint = 0;
                lastCheckpointAt = System.nanoTime();
            } catch (ThrottlingException | KinesisClientLibDependencyException e) {
                // DynamoDB throttled or failed: the next batch tries again
                checkpointFailures.incrementAndGet();
                LOG.warn(
                        "{}: checkpoint of {} failed, retried after the next batch: {}",
                        settings.workerId(),
                        shardId,
                        e.toString());
            } catch (Exception e) {
                // ShutdownException / InvalidStateException: the lease is gone; another worker resumes
                checkpointFailures.incrementAndGet();
                LOG.warn("{}: checkpoint of {} refused: {}", settings.workerId(), shardId, e.toString());
            }
        }
    }
}
