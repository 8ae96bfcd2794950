package dev.awskit.kinesis.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.RetryPolicy;
import dev.awskit.kinesis.ConsumedRecord;
import dev.awskit.kinesis.KinesisConsumer;
import dev.awskit.kinesis.StartPosition;
import dev.awskit.kinesis.StreamNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * The consumer: one iterator per shard (or, with enhanced fan-out, one SubscribeToShard subscription
 * per shard), parents before children, aggregates unpacked.
 */
public final class DefaultKinesisConsumer implements KinesisConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisConsumer.class);

    private final Streams streams;
    private final KinesisClient client;
    private final RetryPolicy retry;
    private final String stream;
    private final String onlyShard;
    private final StartPosition position;
    private final Map<String, String> resume;
    private final int limit;
    private final long intervalNanos;
    private final AwsKit kit;
    private final String consumerName;
    private String consumerArn;
    private final Map<String, ShardState> shards = new LinkedHashMap<>();
    private boolean listed;
    private boolean relist;
    private boolean warnedCorrupt;
    private boolean closed;

    private static final class ShardState {
        final String id;
        final List<String> parents;
        final boolean initial;
        String iterator;
        String lastSequence;
        boolean started;
        boolean finished;
        boolean caughtUp;
        long nextCallNanos;
        int failures;
        ShardSubscription subscription;
        long closedCheckNanos;

        ShardState(String id, List<String> parents, boolean initial) {
            this.id = id;
            this.parents = parents;
            this.initial = initial;
        }
    }

    public DefaultKinesisConsumer(
            AwsKit kit,
            String stream,
            String onlyShard,
            StartPosition position,
            Map<String, String> resume,
            int limit,
            Duration interval,
            String consumerName) {
        this.kit = kit;
        this.consumerName = consumerName;
        this.streams = new Streams(kit);
        this.client = kit.client(KinesisClient.class);
        this.retry = kit.retryPolicy();
        this.stream = stream;
        this.onlyShard = onlyShard;
        this.position = position;
        this.resume = resume;
        this.limit = limit;
        this.intervalNanos = interval.toNanos();
    }

    private void list() {
        List<Shard> all = streams.listShards(stream);
        boolean first = !listed;
        for (Shard s : all) {
            if (onlyShard != null && !onlyShard.equals(s.shardId())) {
                continue;
            }
            if (!shards.containsKey(s.shardId())) {
                List<String> parents = new ArrayList<>(2);
                if (onlyShard == null) {
                    if (s.parentShardId() != null) {
                        parents.add(s.parentShardId());
                    }
                    if (s.adjacentParentShardId() != null) {
                        parents.add(s.adjacentParentShardId());
                    }
                }
                shards.put(s.shardId(), new ShardState(s.shardId(), parents, first));
            }
        }
        if (onlyShard != null && shards.isEmpty()) {
            throw new IllegalArgumentException(
                    "Stream '" + stream + "' in " + streams.region() + " has no shard '" + onlyShard + "'; its shards: "
                            + all.stream().map(Shard::shardId).toList());
        }
        listed = true;
        relist = false;
    }

    /** A shard may be read once every parent we know of has been read to its end. */
    private boolean readable(ShardState s) {
        for (String p : s.parents) {
            ShardState ps = shards.get(p);
            if (ps != null && !ps.finished) {
                return false;
            }
        }
        return true;
    }

    private String iterator(ShardState s) {
        GetShardIteratorRequest.Builder b =
                GetShardIteratorRequest.builder().streamName(stream).shardId(s.id);
        String resumeAt = s.lastSequence != null ? s.lastSequence : resume.get(s.id);
        if (resumeAt != null) {
            b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(resumeAt);
        } else if (!s.initial) {
            b.shardIteratorType(ShardIteratorType.TRIM_HORIZON); // a child born while we read: from its start
        } else {
            b.shardIteratorType(ShardIteratorType.fromValue(position.type().name()));
            position.timestamp().ifPresent(b::timestamp);
            position.sequenceNumber().ifPresent(b::startingSequenceNumber);
        }
        GetShardIteratorRequest request = b.build();
        return streams.call("GetShardIterator", stream, () -> client.getShardIterator(request)
                .shardIterator());
    }

    @Override
    public List<ConsumedRecord> poll() {
        if (closed) {
            throw new IllegalStateException("This consumer of stream '" + stream + "' is closed");
        }
        if (!listed || relist) {
            list();
        }
        long now = System.nanoTime();
        long earliest = Long.MAX_VALUE;
        List<ShardState> due = new ArrayList<>();
        for (ShardState s : shards.values()) {
            if (s.finished || !readable(s)) {
                continue;
            }
            if (s.nextCallNanos <= now) {
                due.add(s);
            } else {
                earliest = Math.min(earliest, s.nextCallNanos);
            }
        }
        if (due.isEmpty()) {
            if (earliest == Long.MAX_VALUE) {
                return List.of();
            }
            sleepNanos(Math.min(earliest - now, intervalNanos));
            return List.of();
        }
        List<ConsumedRecord> out = new ArrayList<>();
        for (ShardState s : due) {
            read(s, out);
        }
        return out;
    }

    private void read(ShardState s, List<ConsumedRecord> out) {
        if (consumerName != null) {
            readPushed(s, out);
            return;
        }
        if (!s.started) {
            s.iterator = iterator(s);
            s.started = true;
        }
        if (s.iterator == null) {
            finish(s);
            return;
        }
        GetRecordsResponse r;
        try {
            String it = s.iterator;
            r = client.getRecords(g -> g.shardIterator(it).limit(limit));
        } catch (ExpiredIteratorException e) {
            LOG.debug("stream '{}' shard {}: iterator expired, getting a new one", stream, s.id);
            s.iterator = iterator(s);
            return;
        } catch (ResourceNotFoundException e) {
            throw new StreamNotFoundException(stream, streams.region(), e);
        } catch (SdkException e) {
            if (!retry.shouldRetry(e)) {
                throw new AwsKitException(
                        "GetRecords on shard " + s.id + " of Kinesis stream '" + stream + "' in " + streams.region()
                                + " failed: " + AwsErrors.describe(e),
                        e);
            }
            s.failures++;
            s.nextCallNanos = System.nanoTime()
                    + Math.max(
                            intervalNanos,
                            retry.delayAfter(Math.min(s.failures, 30)).toNanos());
            LOG.debug("stream '{}' shard {}: GetRecords failed ({}), backing off", stream, s.id, AwsErrors.describe(e));
            return;
        }
        s.failures = 0;
        s.nextCallNanos = System.nanoTime() + intervalNanos;
        for (Record rec : r.records()) {
            unpack(s.id, rec, out);
            s.lastSequence = rec.sequenceNumber();
        }
        Long behind = r.millisBehindLatest();
        s.caughtUp = r.records().isEmpty() && (behind == null || behind == 0);
        s.iterator = r.nextShardIterator();
        if (s.iterator == null) {
            finish(s);
        }
    }

    /** Enhanced fan-out: drain what the shard's subscription pushed; (re)subscribe when it ended. */
    private void readPushed(ShardState s, List<ConsumedRecord> out) {
        if (consumerArn == null) {
            consumerArn = EnhancedFanOut.register(streams, stream, consumerName, Duration.ofMinutes(2));
        }
        ShardSubscription sub = s.subscription;
        if (sub == null) {
            s.subscription = subscribe(s);
            s.nextCallNanos = System.nanoTime() + intervalNanos;
            return;
        }
        boolean any = false;
        SubscribeToShardEvent e;
        while ((e = sub.next()) != null) {
            any = true;
            for (Record rec : e.records()) {
                unpack(s.id, rec, out);
                s.lastSequence = rec.sequenceNumber();
            }
            Long behind = e.millisBehindLatest();
            s.caughtUp = e.records().isEmpty() && (behind == null || behind == 0);
            if (e.continuationSequenceNumber() == null || (s.caughtUp && closedNow(s))) {
                // AWS ends a closed shard's subscription with an event without a continuation
                // sequence number; kinesis-mock 0.6.2 does not, and keeps sending empty events: a
                // closed shard (ListShards gives it an ending sequence number) read up to its tip is
                // read to its end all the same
                // the shard is closed and read to its end (the event names its children)
                sub.cancel();
                s.subscription = null;
                finish(s);
                return;
            }
        }
        if (sub.done()) {
            s.subscription = null; // five minutes passed, or it failed: subscribe again on the next read
            Throwable t = sub.error();
            if (t != null) {
                Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                        ? t.getCause()
                        : t;
                if (cause instanceof ResourceNotFoundException rnf) {
                    throw new StreamNotFoundException(stream, streams.region(), rnf);
                }
                boolean inUse = cause instanceof software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
                if (!inUse && !retry.shouldRetry(cause)) {
                    throw new AwsKitException(
                            "SubscribeToShard on shard " + s.id + " of Kinesis stream '" + stream + "' in "
                                    + streams.region() + " (enhanced fan-out consumer " + consumerName + ") failed: "
                                    + AwsErrors.describe(cause),
                            cause);
                }
                s.failures++;
                s.nextCallNanos = System.nanoTime()
                        + Math.max(
                                intervalNanos,
                                retry.delayAfter(Math.min(s.failures, 30)).toNanos());
                LOG.debug(
                        "stream '{}' shard {}: SubscribeToShard ended ({}), subscribing again",
                        stream,
                        s.id,
                        cause.toString());
                return;
            }
            s.failures = 0;
        }
        s.nextCallNanos = System.nanoTime() + (any ? 0 : intervalNanos);
    }

    /** Whether ListShards says the shard is closed; asked at most every two seconds per shard. */
    private boolean closedNow(ShardState s) {
        long now = System.nanoTime();
        if (now < s.closedCheckNanos) {
            return false;
        }
        s.closedCheckNanos = now + 2_000_000_000L;
        for (Shard sh : streams.listShards(stream)) {
            if (sh.shardId().equals(s.id)) {
                return sh.sequenceNumberRange() != null
                        && sh.sequenceNumberRange().endingSequenceNumber() != null;
            }
        }
        return false;
    }

    private ShardSubscription subscribe(ShardState s) {
        StartingPosition.Builder p = StartingPosition.builder();
        String resumeAt = s.lastSequence != null ? s.lastSequence : resume.get(s.id);
        if (resumeAt != null) {
            p.type(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(resumeAt);
        } else if (!s.initial) {
            p.type(ShardIteratorType.TRIM_HORIZON);
        } else {
            p.type(ShardIteratorType.fromValue(position.type().name()));
            position.timestamp().ifPresent(p::timestamp);
            position.sequenceNumber().ifPresent(p::sequenceNumber);
        }
        StartingPosition start = p.build();
        ShardSubscription sub = new ShardSubscription();
        String arn = consumerArn;
        kit.client(KinesisAsyncClient.class)
                .subscribeToShard(
                        r -> r.consumerARN(arn).shardId(s.id).startingPosition(start),
                        SubscribeToShardResponseHandler.builder()
                                .subscriber(() -> sub)
                                .onError(sub::failed)
                                .build())
                .whenComplete((v, t) -> {
                    if (t != null) {
                        sub.failed(t);
                    } else {
                        sub.onComplete();
                    }
                });
        s.started = true;
        return sub;
    }

    private void finish(ShardState s) {
        s.finished = true;
        s.caughtUp = true;
        if (onlyShard == null) {
            relist = true; // its children may be new to us
        }
    }

    private void unpack(String shardId, Record rec, List<ConsumedRecord> out) {
        byte[] data = rec.data().asByteArrayUnsafe();
        if (KplAggregate.hasMagic(data)) {
            List<KplAggregate.SubRecord> subs = KplAggregate.deaggregateOrNull(data);
            if (subs != null) {
                for (int i = 0; i < subs.size(); i++) {
                    KplAggregate.SubRecord sub = subs.get(i);
                    out.add(ConsumedRecord.of(
                            shardId,
                            rec.sequenceNumber(),
                            i,
                            true,
                            sub.partitionKey(),
                            sub.explicitHashKey(),
                            sub.data(),
                            rec.approximateArrivalTimestamp()));
                }
                return;
            }
            if (!warnedCorrupt) {
                warnedCorrupt = true;
                LOG.warn(
                        "stream '{}' shard {}: record {} starts with the KPL magic but is not a valid aggregate (its"
                                + " MD5 trailer or its protobuf is wrong); delivering it as a plain record (as the"
                                + " KCL does); later ones are not logged",
                        stream,
                        shardId,
                        rec.sequenceNumber());
            }
        }
        out.add(ConsumedRecord.of(
                shardId,
                rec.sequenceNumber(),
                0,
                false,
                rec.partitionKey(),
                null,
                data,
                rec.approximateArrivalTimestamp()));
    }

    @Override
    public List<ConsumedRecord> readAvailable(Duration maxTime) {
        Objects.requireNonNull(maxTime, "maxTime");
        long deadline = System.nanoTime() + maxTime.toNanos();
        List<ConsumedRecord> all = new ArrayList<>();
        for (ShardState s : shards.values()) {
            s.caughtUp = s.finished; // every open shard must answer again during this call
        }
        while (System.nanoTime() < deadline) {
            all.addAll(poll());
            if (!relist && caughtUp()) {
                break;
            }
        }
        return all;
    }

    private boolean caughtUp() {
        for (ShardState s : shards.values()) {
            if (!s.finished && readable(s) && !s.caughtUp) {
                return false;
            }
        }
        return listed;
    }

    @Override
    public boolean finished() {
        if (!listed || relist) {
            list();
        }
        for (ShardState s : shards.values()) {
            if (!s.finished) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Map<String, String> positions() {
        Map<String, String> m = new LinkedHashMap<>();
        for (ShardState s : shards.values()) {
            if (s.lastSequence != null) {
                m.put(s.id, s.lastSequence);
            }
        }
        return m;
    }

    @Override
    public void close() {
        closed = true;
        for (ShardState s : shards.values()) {
            if (s.subscription != null) {
                s.subscription.cancel();
                s.subscription = null;
            }
        }
    }

    private static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsKitException("Interrupted while polling Kinesis", e, 1, false);
        }
    }

    @Override
    public String toString() {
        return "KinesisConsumer{stream=" + stream + (onlyShard != null ? ", shard=" + onlyShard : "") + ", from="
                + position + (consumerName != null ? ", enhancedFanOut=" + consumerName : "") + "}";
    }
}
