package dev.awskit.kinesis.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.RetryPolicy;
import dev.awskit.kinesis.KinesisProducer;
import dev.awskit.kinesis.ProducerException;
import dev.awskit.kinesis.ProducerMetrics;
import dev.awskit.kinesis.ProducerRecord;
import dev.awskit.kinesis.RecordFailure;
import dev.awskit.kinesis.SendReport;
import dev.awskit.kinesis.SendResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The producer engine behind {@link DefaultKinesisProducer}. Callers' threads add records to per-shard
 * buffers under one lock; one sender thread seals aggregates, cuts PutRecords batches (500 entries,
 * 5 MiB, at most one batch in flight per shard, per-shard token buckets) and hands them to the
 * {@link DefaultKinesisProducer.Backend}; responses (on the SDK's threads) account the results under
 * the lock and re-queue failed entries at the head of their shard with backoff.
 *
 * <p><b>Threads and fields.</b> Every mutable field is guarded by {@code lock}, except the
 * volatile {@code map}, {@code closed} and {@code broken}, which are written under it and read
 * without. User code (the futures' dependents) never runs on the sender thread or on an SDK
 * thread: completions are decided under the lock as a {@link Batch}, registered in {@code queued},
 * and handed to the callback executor outside the lock. {@code close()} returns only after every
 * registered batch has run (with the producer's own callback thread; see {@link #close}). When the
 * sender thread dies or a response handler throws, {@link #breakDown} fails every pending future
 * with the cause and marks the engine broken.
 *
 * <p>The engine holds no reference to its {@link DefaultKinesisProducer}, so that a producer dropped
 * without {@code close()} becomes unreachable (its sender thread references only the engine) and
 * its Cleaner can report the records it lost.
 */
final class ProducerEngine {
    private static final Logger LOG = LoggerFactory.getLogger(KinesisProducer.class);
    static final int MAX_ENTRIES = 500;
    static final long MAX_REQUEST_BYTES = 5L << 20;

    private final ProducerConfig config;
    private final String region;
    private final RetryPolicy retry;
    private final DefaultKinesisProducer.Backend backend;
    private final int maxRecordBytes;
    private final int aggregateLimit;
    private final long lingerNanos;
    private final long ttlNanos;
    private final long blockNanos;
    private final long logIntervalNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Condition space = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private volatile ShardMap map;
    private final Map<String, ShardBuffer> buffers = new HashMap<>();
    /** Partition keys with their UTF-8 bytes and hash keys; read and written without the lock. */
    private final PartitionKey.Cache keys = new PartitionKey.Cache();

    private ShardBuffer[] order;
    private ShardBuffer[] slots; // by ShardMap.Range.index() of the current map
    private int rotate;
    private boolean mapStale;
    private long nextRefreshNanos;
    private volatile boolean closed;
    private boolean stopped;
    private int flushers;
    private long bufferedRecords;
    private long bufferedBytes;
    private int inFlightRequests;
    private final List<Runnable> deferred = new ArrayList<>();
    /** The requests in flight; a response whose batch is no longer here was abandoned. */
    private final Set<List<Entry>> inFlight = Collections.newSetFromMap(new IdentityHashMap<>());
    /** A shard map read but not applied yet: a shard it closes still has a request in flight. */
    private List<Shard> pendingShards;
    /** Why the engine broke (the sender died, a response handler threw); null while healthy. */
    private volatile Throwable broken;

    private final Executor callbacks;
    private final ExecutorService ownCallbacks;
    /** The own callback executor's thread (its factory writes it): close() from a callback must not wait for it. */
    private volatile Thread callbackThread;
    /**
     * Batches of completions decided under the lock that have not run to their end yet (guarded by
     * lock): a batch is registered in the same locked region that decides it and leaves when it has
     * run, so close() knows every future still to complete and finishes them before it returns.
     */
    private final Set<Batch> queued = Collections.newSetFromMap(new IdentityHashMap<>());

    private final Thread sender;

    // metrics, guarded by lock
    private long mRecords;
    private long mKinesisRecords;
    private long mBytes;
    private long mBatches;
    private long mRetries;
    private long mThrottles;
    private long mFailed;
    private long mAbandoned;
    private long lastLogNanos;
    private long lastLoggedRecords;

    /** The engine over any backend; starts the sender thread. */
    ProducerEngine(
            ProducerConfig config,
            String region,
            RetryPolicy retry,
            DefaultKinesisProducer.Backend backend,
            int maxRecordBytes) {
        this.config = config;
        this.region = region;
        this.retry = retry;
        this.backend = backend;
        this.maxRecordBytes = maxRecordBytes;
        this.aggregateLimit = Math.min(config.aggregationMaxBytes(), maxRecordBytes);
        this.lingerNanos = config.maxBufferedTime().toNanos();
        this.ttlNanos = config.recordTtl().toNanos();
        this.blockNanos = config.blockTimeout().toNanos();
        this.logIntervalNanos = config.metricsLogInterval().toNanos();
        if (config.maxBufferedBytes() < maxRecordBytes) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "maxBuffered bytes (%,d) is smaller than one record of stream '%s' in %s may be (%,d bytes,"
                            + " data plus partition key: the stream's MaxRecordSizeInKiB): such a record could"
                            + " never be buffered. Set maxBuffered bytes to at least %,d.",
                    config.maxBufferedBytes(),
                    config.streamName(),
                    region,
                    maxRecordBytes,
                    maxRecordBytes));
        }
        applyMap(backend.listShards());
        this.lastLogNanos = System.nanoTime();
        if (config.callbackExecutor() != null) {
            this.callbacks = config.callbackExecutor();
            this.ownCallbacks = null;
        } else {
            ThreadPoolExecutor own = new ThreadPoolExecutor(
                    1,
                    1,
                    10,
                    TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(),
                    r -> callbackThread =
                            DefaultKinesisProducer.daemon(r, "aws-kit-kinesis-callbacks-" + config.streamName()));
            own.allowCoreThreadTimeOut(true);
            this.callbacks = own;
            this.ownCallbacks = own;
        }
        this.sender = DefaultKinesisProducer.daemon(this::runSender, "aws-kit-kinesis-producer-" + config.streamName());
        sender.start();
    }

    // ---------------------------------------------------------------- records and entries

    /**
     * One user record in the buffers: a {@link Single} (the record of {@code send}, which is its own
     * future) or a {@link Bulk} (a record of {@code sendAll}, counted by its {@link BulkSend}). Its
     * routing ({@link PartitionKey}: UTF-8 bytes, hash key) is shared by every record of the key.
     * Completing twice is harmless: the first completion wins (a completion batch may run twice,
     * see {@link Batch}).
     */
    abstract static class Pending extends CompletableFuture<SendResult> {
        /** Replaced (under the lock) by its hashed form when the stream gains shards. */
        PartitionKey key;

        /**
         * The caller's bytes; null once the future is completed, so that a future the caller keeps
         * (a list of them, joined later) does not keep the record's data too.
         */
        byte[] data;

        int attempts;

        Pending(PartitionKey key, byte[] data) {
            this.key = key;
            this.data = data;
        }

        /** When the record was accepted (nanoTime): its record TTL counts from here. */
        abstract long enqueued();

        String pk() {
            return key.text;
        }

        int size() {
            return data.length + key.utf8.length;
        }

        /**
         * Completes the record as written by the accepted entry {@code r} (after the record left
         * the buffers); {@code sub} is its index inside an aggregate.
         */
        abstract void written(PutRecordsResultEntry r, int sub, boolean aggregated, String where);

        /** Fails the record (after it left the buffers). */
        abstract void fail(Throwable failure);

        ProducerException malformedAnswer(String where, String detail, Throwable cause) {
            return new ProducerException(
                    "Kinesis accepted the record with partition key '" + pk() + "' for " + where
                            + " but its answer lacks the shard id or sequence number: " + detail,
                    cause,
                    attempts,
                    false,
                    null);
        }
    }

    /**
     * The record of one {@code send}, and the future it returns: a send allocates this one object
     * (40 bytes) besides the {@link SendResult} it completes with.
     */
    static final class Single extends Pending {
        final long enqueued;

        Single(PartitionKey key, byte[] data, long now) {
            super(key, data);
            this.enqueued = now;
        }

        @Override
        long enqueued() {
            return enqueued;
        }

        @Override
        void written(PutRecordsResultEntry r, int sub, boolean aggregated, String where) {
            SendResult result;
            try {
                result = SendResult.builder()
                        .shardId(r.shardId())
                        .sequenceNumber(r.sequenceNumber())
                        .subSequenceNumber(aggregated ? sub : 0)
                        .aggregated(aggregated)
                        .attempts(attempts)
                        .build();
            } catch (RuntimeException malformed) {
                fail(malformedAnswer(where, malformed.getMessage(), malformed));
                return;
            }
            data = null;
            complete(result);
        }

        @Override
        void fail(Throwable failure) {
            data = null;
            completeExceptionally(failure);
        }
    }

    /**
     * A record of {@code sendAll}: no future of its own for the caller and no {@link SendResult};
     * its outcome is counted by its {@link BulkSend} (40 bytes, like a {@link Single}, and nothing
     * more per record). The inherited future only makes completing it once.
     */
    static final class Bulk extends Pending {
        /** Replaced (before the record is buffered, under the lock) when sendAll waited for room. */
        Submission submission;

        final int index;

        Bulk(PartitionKey key, byte[] data, Submission submission, int index) {
            super(key, data);
            this.submission = submission;
            this.index = index;
        }

        @Override
        long enqueued() {
            return submission.enqueued;
        }

        @Override
        void written(PutRecordsResultEntry r, int sub, boolean aggregated, String where) {
            if (r.shardId() == null || r.sequenceNumber() == null) {
                fail(malformedAnswer(
                        where, (r.shardId() == null ? "shardId" : "sequenceNumber") + " is missing", null));
                return;
            }
            if (complete(null)) {
                data = null;
                submission.send.succeeded();
            }
        }

        @Override
        void fail(Throwable failure) {
            if (completeExceptionally(failure)) {
                data = null;
                submission.send.failed(index, key.text, failure);
            }
        }
    }

    /** The records of one {@code sendAll} accepted together: they share their enqueue time. */
    static final class Submission {
        final BulkSend send;
        final long enqueued;

        Submission(BulkSend send, long enqueued) {
            this.send = send;
            this.enqueued = enqueued;
        }
    }

    /**
     * One {@code sendAll}: counts its records' outcomes and completes the caller's future with the
     * report when the last is known. {@code remaining} starts one above the record count; the
     * submitting thread takes that extra one away when it has handed over (or failed) every record,
     * so the report cannot complete while records are still being added.
     */
    static final class BulkSend {
        final CompletableFuture<SendReport> future = new CompletableFuture<>();
        final int records;
        private final java.util.concurrent.atomic.AtomicInteger remaining;
        /** Guarded by this. */
        private List<RecordFailure> failures;

        BulkSend(int records) {
            this.records = records;
            this.remaining = new java.util.concurrent.atomic.AtomicInteger(records + 1);
        }

        void succeeded() {
            if (remaining.decrementAndGet() == 0) {
                finish();
            }
        }

        void failed(int index, String partitionKey, Throwable failure) {
            ProducerException error = failure instanceof ProducerException pe
                    ? pe
                    : new ProducerException(
                            "The record with partition key '" + partitionKey + "' failed: " + failure,
                            failure,
                            0,
                            false,
                            null);
            RecordFailure f = RecordFailure.builder()
                    .index(index)
                    .partitionKey(partitionKey)
                    .error(error)
                    .build();
            synchronized (this) {
                if (failures == null) {
                    failures = new ArrayList<>();
                }
                failures.add(f);
            }
            succeeded();
        }

        /** The submitting thread is done adding records. */
        void submitted() {
            succeeded();
        }

        private void finish() {
            List<RecordFailure> failed;
            synchronized (this) {
                failed = failures == null ? List.of() : failures;
            }
            List<RecordFailure> sorted = new ArrayList<>(failed);
            sorted.sort(java.util.Comparator.comparingInt(RecordFailure::index));
            future.complete(SendReport.builder()
                    .records(records)
                    .succeeded(records - sorted.size())
                    .addAllFailures(sorted)
                    .build());
        }
    }

    /** One Kinesis record: a plain user record or an aggregate. */
    static final class Entry {
        final String pk;
        final String ehk;
        final byte[] data;

        final int size;
        final Pending[] members;
        final boolean aggregated;
        final long created;
        final long deadline;
        ShardBuffer shard;
        long notBefore;
        int attempts;
        String lastError;
        Throwable lastCause;

        Entry(String pk, String ehk, byte[] data, int pkBytes, Pending[] members, boolean aggregated, long ttl) {
            this.pk = pk;
            this.ehk = ehk;
            this.data = data;
            this.size = data.length + pkBytes;
            this.members = members;
            this.aggregated = aggregated;
            long c = Long.MAX_VALUE;
            for (Pending p : members) {
                c = Math.min(c, p.enqueued());
            }
            this.created = c;
            this.deadline = c + ttl;
        }
    }

    final class ShardBuffer {
        final ShardMap.Range range;
        /** Reused from one aggregate to the next: its tables and arrays are allocated once. */
        final KplAggregate.Builder agg = new KplAggregate.Builder();

        final ArrayList<Pending> aggMembers = new ArrayList<>();
        long aggOldest;
        int aggPkBytes;
        final ArrayDeque<Entry> ready = new ArrayDeque<>();
        long readyBytes;
        boolean inFlight;
        /** Closed by a shard map read but not applied yet: sends nothing more (see tryApplyPending). */
        boolean retiring;

        double byteTokens;
        double recordTokens;
        long refilled;

        ShardBuffer(ShardMap.Range range, long now) {
            this.range = range;
            this.byteTokens = config.shardBytesPerSecond();
            this.recordTokens = config.shardRecordsPerSecond();
            this.refilled = now;
        }

        boolean isEmpty() {
            return ready.isEmpty() && aggMembers.isEmpty();
        }

        long oldest() {
            long o = Long.MAX_VALUE;
            if (!ready.isEmpty()) {
                o = ready.peekFirst().created;
            }
            if (!aggMembers.isEmpty()) {
                o = Math.min(o, aggOldest);
            }
            return o;
        }

        /** Enough for a full request, or a sealed aggregate waiting: no reason to linger. */
        boolean full() {
            return ready.size() >= MAX_ENTRIES
                    || readyBytes >= MAX_REQUEST_BYTES
                    || (config.aggregation() && !ready.isEmpty());
        }

        void push(Entry e) {
            e.shard = this;
            ready.addLast(e);
            readyBytes += e.size;
        }

        /** Appends a record; returns true when this made the shard full. */
        boolean add(Pending p) {
            boolean wasFull = full();
            if (!config.aggregation()) {
                push(plain(p));
            } else {
                PartitionKey k = p.key;
                if (aggMembers.isEmpty()) {
                    aggOldest = p.enqueued();
                    aggPkBytes = k.utf8.length;
                    agg.add(k.text, k.utf8, k.explicitHashKey, p.data);
                } else if (!agg.tryAdd(k.text, k.utf8, k.explicitHashKey, p.data, aggregateLimit - aggPkBytes)) {
                    seal(); // full: this record starts the next aggregate
                    aggOldest = p.enqueued();
                    aggPkBytes = k.utf8.length;
                    agg.add(k.text, k.utf8, k.explicitHashKey, p.data);
                }
                aggMembers.add(p);
                if (agg.size() + aggPkBytes >= aggregateLimit) {
                    seal();
                }
            }
            return !wasFull && full();
        }

        void seal() {
            int n = aggMembers.size();
            if (n == 0) {
                return;
            }
            if (n == 1) {
                push(plain(aggMembers.get(0)));
            } else {
                Pending first = aggMembers.get(0);
                // encoded and hashed here, under the lock, by the thread that seals: moving the MD5
                // to the sender thread (outside the lock) was measured and did not help (README)
                push(new Entry(
                        first.pk(),
                        range.startingHashKey,
                        agg.encode(),
                        first.key.utf8.length,
                        aggMembers.toArray(new Pending[0]),
                        true,
                        ttlNanos));
            }
            agg.reset();
            aggMembers.clear();
        }

        void refill(long now) {
            double secs = (now - refilled) / 1e9;
            refilled = now;
            byteTokens = Math.min(config.shardBytesPerSecond(), byteTokens + secs * config.shardBytesPerSecond());
            recordTokens =
                    Math.min(config.shardRecordsPerSecond(), recordTokens + secs * config.shardRecordsPerSecond());
        }

        /** Nanos until the buckets hold enough for {@code e}; 0 when they do now. */
        long tokenWait(Entry e) {
            double needBytes = Math.min(e.size, config.shardBytesPerSecond());
            double wait = Math.max(
                    (1 - recordTokens) / config.shardRecordsPerSecond(),
                    (needBytes - byteTokens) / config.shardBytesPerSecond());
            return wait <= 0 ? 0 : Math.max(1_000_000L, (long) (wait * 1e9));
        }

        void consume(Entry e) {
            recordTokens -= 1;
            byteTokens -= e.size;
        }

        /** Every user record buffered here (not in flight), oldest first. */
        List<Pending> dissolve() {
            seal();
            List<Pending> out = new ArrayList<>();
            for (Entry e : ready) {
                for (Pending p : e.members) {
                    out.add(p);
                }
            }
            ready.clear();
            readyBytes = 0;
            return out;
        }
    }

    private Entry plain(Pending p) {
        return new Entry(p.pk(), p.key.explicitHashKey, p.data, p.key.utf8.length, new Pending[] {p}, false, ttlNanos);
    }

    // ---------------------------------------------------------------- public API

    public String streamName() {
        return config.streamName();
    }

    public CompletableFuture<SendResult> send(String partitionKey, byte[] data) {
        return send(ProducerRecord.of(partitionKey, data));
    }

    public CompletableFuture<SendResult> send(ProducerRecord record) {
        return send(
                record.partitionKey(), record.data(), record.explicitHashKey().orElse(null));
    }

    private CompletableFuture<SendResult> send(String pk, byte[] data, String explicitHashKey) {
        if (closed) {
            throw closedError();
        }
        // outside the lock: the UTF-8 bytes and, with more than one shard, the MD5 (cached per key)
        PartitionKey key = keys.get(pk, explicitHashKey == null && map.single() == null);
        if (explicitHashKey != null) {
            key = key.withExplicitHashKey(explicitHashKey);
        }
        byte[] pkUtf8 = key.utf8;
        int size = data.length + pkUtf8.length;
        if (size > maxRecordBytes) {
            throw new IllegalArgumentException(tooLarge(data.length, pkUtf8.length));
        }
        long now = System.nanoTime();
        Pending p = new Single(key, data, now);
        lock.lock();
        try {
            if (closed) {
                throw closedError();
            }
            if (bufferedRecords >= config.maxBufferedRecords() || bufferedBytes + size > config.maxBufferedBytes()) {
                long waitNanos = blockNanos;
                while (bufferedRecords >= config.maxBufferedRecords()
                        || bufferedBytes + size > config.maxBufferedBytes()) {
                    if (waitNanos <= 0) {
                        mFailed++;
                        return CompletableFuture.failedFuture(bufferFull(p));
                    }
                    try {
                        waitNanos = space.awaitNanos(waitNanos);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        mFailed++;
                        return CompletableFuture.failedFuture(new ProducerException(
                                "Interrupted while waiting for room in the buffer of the producer for stream '"
                                        + config.streamName() + "'",
                                e,
                                0,
                                false,
                                null));
                    }
                    if (closed) {
                        throw closedError();
                    }
                }
            }
            bufferedRecords++;
            bufferedBytes += size;
            boolean becameFull = bufferFor(p).add(p);
            if (bufferedRecords == 1 || becameFull) {
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
        return p;
    }

    /** Records a sendAll prepares outside the lock and then buffers in one locked region. */
    static final int BULK_CHUNK = 256;

    /**
     * The bulk path: validates every record first (all or nothing), then buffers them in list order,
     * {@link #BULK_CHUNK} records per lock hold, so the sender can take sealed aggregates between
     * chunks. Backpressure as in {@code send}; records not
     * accepted fail in the report.
     */
    public CompletableFuture<SendReport> sendAll(List<ProducerRecord> records) {
        if (closed) {
            throw closedError();
        }
        int n = records.size();
        for (int i = 0; i < n; i++) {
            ProducerRecord r = records.get(i);
            if (r == null) {
                throw new IllegalArgumentException("records[" + i + "] is null: sendAll takes a list of records"
                        + " without nulls; nothing of the list was sent");
            }
            int keyBytes = r.partitionKey().length() * 3; // a UTF-8 byte count's bound, without encoding
            if ((long) r.data().length + keyBytes > maxRecordBytes) {
                int exact = keys.get(r.partitionKey(), false).utf8.length;
                if ((long) r.data().length + exact > maxRecordBytes) {
                    throw new IllegalArgumentException(
                            tooLarge(r.data().length, exact) + " (records[" + i + "]; nothing of the list was sent)");
                }
            }
        }
        BulkSend send = new BulkSend(n);
        Submission submission = new Submission(send, System.nanoTime());
        Bulk[] chunk = new Bulk[Math.min(n, BULK_CHUNK)];
        int accepted = 0;
        int i = 0;
        ProducerException refusal = null;
        try {
            while (i < n && refusal == null) {
                int m = Math.min(BULK_CHUNK, n - i);
                boolean hash = map.single() == null;
                for (int j = 0; j < m; j++) {
                    // outside the lock: the UTF-8 bytes and, with more than one shard, the MD5 (cached per key)
                    ProducerRecord r = records.get(i + j);
                    String ehk = r.explicitHashKey().orElse(null);
                    PartitionKey key = keys.get(r.partitionKey(), ehk == null && hash);
                    if (ehk != null) {
                        key = key.withExplicitHashKey(ehk);
                    }
                    chunk[j] = new Bulk(key, r.data(), submission, i + j);
                }
                int added = 0;
                lock.lock();
                try {
                    boolean signal = bufferedRecords == 0;
                    for (; added < m; added++) {
                        Bulk p = chunk[added];
                        int size = p.size();
                        if (closed) {
                            if (accepted == 0) {
                                throw closedError();
                            }
                            refusal = new ProducerException(
                                    closedError().getMessage() + ": records[" + (i + added) + "] and those after it"
                                            + " were not accepted",
                                    broken,
                                    0,
                                    false,
                                    null);
                            break;
                        }
                        if (bufferedRecords >= config.maxBufferedRecords()
                                || bufferedBytes + size > config.maxBufferedBytes()) {
                            if (signal) {
                                wake.signal();
                                signal = false;
                            }
                            refusal = awaitRoom(size, i + added, n, p.pk());
                            if (refusal != null) {
                                break;
                            }
                            if (closed) {
                                added--; // checked again at the top: accepted or refused as closed
                                continue;
                            }
                            submission = new Submission(send, System.nanoTime()); // the TTL counts from here
                        }
                        p.submission = submission;
                        bufferedRecords++;
                        bufferedBytes += size;
                        accepted++;
                        signal |= bufferFor(p).add(p);
                    }
                    if (refusal != null) {
                        mFailed += n - (i + added);
                    }
                    if (signal) {
                        wake.signal();
                    }
                } finally {
                    lock.unlock();
                }
                if (refusal != null) {
                    for (int j = added; j < m; j++) {
                        chunk[j].fail(refusal);
                    }
                    i += m;
                    for (; i < n; i++) {
                        send.failed(i, records.get(i).partitionKey(), refusal);
                    }
                } else {
                    i += m;
                }
            }
        } finally {
            send.submitted();
        }
        return send.future;
    }

    /**
     * Waits for room for a record of sendAll (caller holds the lock); null when there is room (or
     * the producer closed meanwhile), else why the record at {@code index} and those after it are
     * refused.
     */
    private ProducerException awaitRoom(int size, int index, int n, String pk) {
        long waitNanos = blockNanos;
        while (bufferedRecords >= config.maxBufferedRecords() || bufferedBytes + size > config.maxBufferedBytes()) {
            if (waitNanos <= 0) {
                String mode = blockNanos > 0 ? "for " + config.blockTimeout() + " " : "";
                return new ProducerException(
                        String.format(
                                Locale.ROOT,
                                "The producer buffer for %s stayed full %s(%,d records, %,d bytes buffered; limits"
                                        + " %,d records, %,d bytes): records[%d] (partition key '%s') and the %,d"
                                        + " after it of this sendAll were not accepted. The stream takes less than"
                                        + " you send: add shards, slow down, or raise maxBuffered.",
                                where(),
                                mode,
                                bufferedRecords,
                                bufferedBytes,
                                config.maxBufferedRecords(),
                                config.maxBufferedBytes(),
                                index,
                                pk,
                                n - index - 1),
                        null,
                        0,
                        true,
                        null);
            }
            try {
                waitNanos = space.awaitNanos(waitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new ProducerException(
                        "Interrupted while waiting for room in the buffer of the producer for stream '"
                                + config.streamName() + "': records[" + index + "] and those after it were not"
                                + " accepted",
                        e,
                        0,
                        false,
                        null);
            }
            if (closed) {
                return null;
            }
        }
        return null;
    }

    private String tooLarge(int dataLength, int keyLength) {
        int size = dataLength + keyLength;
        return String.format(
                Locale.ROOT,
                "Record of %,d bytes (data %,d + partition key %,d) is over the record limit of %,d bytes"
                        + " (%d KiB) of stream '%s' in %s. Split the data, or raise the stream's limit with"
                        + " UpdateMaxRecordSize.",
                size,
                dataLength,
                keyLength,
                maxRecordBytes,
                maxRecordBytes / 1024,
                config.streamName(),
                region);
    }

    private ShardBuffer bufferFor(Pending p) {
        ShardMap m = map;
        ShardMap.Range r = m.single();
        if (r == null) {
            if (!p.key.hashed) {
                p.key = p.key.hashed(); // the stream had one shard when the record came in
            }
            r = m.find(p.key.hi, p.key.lo);
            if (r == null) {
                r = m.ranges().get(0); // a gap in the ranges: Kinesis decides; the response corrects us
            }
        }
        return slots[r.index];
    }

    public ProducerMetrics flush() {
        return flushUntil(null);
    }

    /**
     * Like {@link #flush()} but returns at the deadline at the latest; {@code buffered()} of the
     * result is then above 0. Records still pending keep going.
     */
    public ProducerMetrics flush(Duration timeout) {
        return flushUntil(System.nanoTime() + timeout.toNanos());
    }

    /** Waits until nothing is buffered, or until {@code deadline} (nanoTime) when there is one. */
    private ProducerMetrics flushUntil(Long deadline) {
        lock.lock();
        try {
            flushers++;
            wake.signal();
            try {
                if (deadline == null) {
                    while (bufferedRecords > 0) {
                        drained.awaitUninterruptibly();
                    }
                } else {
                    long left = deadline - System.nanoTime();
                    while (bufferedRecords > 0 && left > 0) {
                        left = drained.awaitNanos(left);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                flushers--;
            }
            if (broken != null) {
                throw closedError();
            }
            return metricsLocked();
        } finally {
            lock.unlock();
        }
    }

    public ProducerMetrics metrics() {
        lock.lock();
        try {
            return metricsLocked();
        } finally {
            lock.unlock();
        }
    }

    private ProducerMetrics metricsLocked() {
        return ProducerMetrics.builder()
                .records(mRecords)
                .kinesisRecords(mKinesisRecords)
                .bytes(mBytes)
                .batches(mBatches)
                .retries(mRetries)
                .throttles(mThrottles)
                .failed(mFailed)
                .abandoned(mAbandoned)
                .buffered(bufferedRecords)
                .build();
    }

    /** What {@code close()} waits at most: longer than any record lives (recordTtl), plus a minute. */
    Duration defaultCloseTimeout() {
        return config.recordTtl().plusMinutes(1);
    }

    /** Whether {@link #close} ran or the engine broke. */
    boolean isStopped() {
        lock.lock();
        try {
            return stopped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops taking records, waits up to {@code timeout} for every pending record, then fails what is
     * left (never-sent and in-flight records get different messages) and stops the threads. With the
     * producer's own callback thread, every future is done when this returns: what that thread has
     * not completed by the deadline (a callback blocks it, or the caller was interrupted) this thread
     * completes, so those futures' dependents run here. With a user's callback executor this waits,
     * within the timeout, until the executor has run every completion; one it has not run by then
     * completes when it does.
     */
    public ProducerMetrics close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Runnable> completions = new ArrayList<>();
        Batch batch;
        long abandoned = 0;
        boolean interrupted = false;
        lock.lock();
        try {
            if (stopped) {
                lock.unlock();
                try {
                    finishCompletions(deadline); // broken: breakDown's completions may still be queued
                    stopThreads(); // closed before, or broken: make sure the threads are gone
                } finally {
                    lock.lock();
                }
                return metricsLocked();
            }
            closed = true;
            flushers++;
            wake.signal();
            space.signalAll();
            long left = deadline - System.nanoTime();
            while (bufferedRecords > 0 && left > 0 && !stopped) {
                try {
                    left = drained.awaitNanos(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
            flushers--;
            if (stopped) {
                abandoned = -1; // broke while we waited: breakDown failed everything
            }
            if (abandoned == 0 && bufferedRecords > 0) {
                abandoned = bufferedRecords;
                String why = String.format(
                        Locale.ROOT,
                        "closed with %,d record%s not yet confirmed after waiting %s%s",
                        abandoned,
                        abandoned == 1 ? "" : "s",
                        timeout,
                        interrupted ? " (interrupted)" : "");
                abandonAll(
                        "The producer for " + where() + " was " + why + ": this record was never sent."
                                + " Flush before closing, or close with a longer timeout.",
                        "The producer for " + where() + " was " + why + ": this record was in flight; its"
                                + " answer never came, so it may or may not have been written."
                                + " Flush before closing, or close with a longer timeout.",
                        null,
                        completions);
            }
            stopped = true;
            wake.signal();
            // from here on no completion is decided any more: every future still to complete is in queued
            batch = register(completions);
        } finally {
            lock.unlock();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        handOver(batch);
        finishCompletions(deadline);
        if (abandoned > 0) {
            LOG.warn(
                    "Kinesis producer for {}: close gave up after {} with {} records not confirmed; their futures"
                            + " failed",
                    where(),
                    timeout,
                    abandoned);
        }
        stopThreads();
        ProducerMetrics m = metrics();
        LOG.info("Kinesis producer for stream '{}' closed: {}", config.streamName(), m);
        return m;
    }

    private void stopThreads() {
        if (Thread.currentThread() != sender) {
            try {
                sender.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        backend.close();
        if (ownCallbacks != null) {
            ownCallbacks.shutdown(); // queued completions still run; a blocked callback keeps only its thread
        }
    }

    /**
     * The producer became unreachable without {@code close()} (its Cleaner runs this): fails what is
     * still pending, logs how many records were lost and stops the threads. Never blocks on records.
     */
    void abandonUnreachable() {
        List<Runnable> completions = new ArrayList<>();
        Batch batch;
        long lost;
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            lost = bufferedRecords;
            closed = true;
            if (lost > 0) {
                String msg = String.format(
                        Locale.ROOT,
                        "The KinesisProducer for %s became unreachable without close() while %,d record%s"
                                + " %s pending: %s lost (never confirmed). Close every producer (try-with-resources)"
                                + " or flush() before dropping it.",
                        where(),
                        lost,
                        lost == 1 ? "" : "s",
                        lost == 1 ? "was" : "were",
                        lost == 1 ? "it was" : "they were");
                abandonAll(msg, msg, null, completions);
                LOG.warn(msg);
            }
            stopped = true;
            wake.signal();
            batch = register(completions);
        } finally {
            lock.unlock();
        }
        handOver(batch);
        stopThreads();
    }

    /**
     * Marks the engine broken and fails every pending record with {@code cause}: called when the
     * sender thread dies or a response handler throws. Safe from any thread; the first cause wins.
     */
    void breakDown(Throwable cause, String during, List<Entry> handling) {
        List<Runnable> completions = new ArrayList<>();
        Batch batch;
        long failed = 0;
        boolean first;
        String msg = "The producer for " + where() + " broke while " + during + " (" + brokenReason(cause)
                + "): this record was not confirmed. Build a new producer; the cause is attached.";
        lock.lock();
        try {
            first = broken == null && !stopped;
            if (first) {
                broken = cause;
                closed = true;
                if (handling != null) {
                    inFlight.add(handling); // the handler took it out; its completions died with it
                }
                failed = abandonAll(msg, msg, cause, completions);
                stopped = true;
                wake.signal();
                space.signalAll();
                drained.signalAll();
            } else if (handling != null) {
                ProducerException ex = new ProducerException(msg, cause, 1, false, null);
                completions.add(() -> {
                    for (Entry e : handling) {
                        for (Pending p : e.members) {
                            p.fail(ex);
                        }
                    }
                });
            }
            batch = register(completions);
        } finally {
            lock.unlock();
        }
        if (first) {
            LOG.error(
                    "Kinesis producer for {} broke while {}; {} pending records failed with the cause",
                    where(),
                    during,
                    failed,
                    cause);
        }
        handOver(batch); // the callback thread stays until close(), or ends by itself when idle
    }

    /**
     * Fails every record still pending (buffered, awaiting a retry, in flight); the responses of
     * the abandoned requests are ignored when they come. Caller holds the lock.
     */
    private long abandonAll(String notSent, String inFlightMessage, Throwable cause, List<Runnable> completions) {
        List<Pending> waiting = new ArrayList<>();
        for (ShardBuffer sb : order) {
            waiting.addAll(sb.dissolve());
        }
        List<Pending> sent = new ArrayList<>();
        for (List<Entry> batch : inFlight) {
            for (Entry e : batch) {
                sent.addAll(Arrays.asList(e.members));
            }
        }
        inFlight.clear();
        inFlightRequests = 0;
        long n = waiting.size() + sent.size();
        mFailed += n;
        mAbandoned += n;
        bufferedRecords = 0;
        bufferedBytes = 0;
        ProducerException a = new ProducerException(notSent, cause, 0, false, null);
        ProducerException b = new ProducerException(inFlightMessage, cause, 1, false, null);
        completions.add(() -> {
            waiting.forEach(p -> p.fail(a));
            sent.forEach(p -> p.fail(b));
        });
        drained.signalAll();
        space.signalAll();
        return n;
    }

    /**
     * Completions (user code: the futures' dependents) decided together. Each completion only
     * completes its futures, so running a batch twice is harmless: a future completes once, and its
     * dependents run once, on the thread that completed it.
     */
    private final class Batch implements Runnable {
        private final List<Runnable> completions;

        Batch(List<Runnable> completions) {
            this.completions = completions;
        }

        @Override
        public void run() {
            try {
                for (Runnable r : completions) {
                    try {
                        r.run();
                    } catch (RuntimeException | Error e) {
                        LOG.warn("A callback of the Kinesis producer for {} threw", where(), e);
                    }
                }
            } finally {
                lock.lock();
                try {
                    queued.remove(this);
                    drained.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /**
     * Registers completions decided in this locked region; null when there are none. Caller holds
     * the lock and hands the batch over once it released it.
     */
    private Batch register(List<Runnable> completions) {
        if (completions.isEmpty()) {
            return null;
        }
        Batch b = new Batch(new ArrayList<>(completions));
        queued.add(b);
        return b;
    }

    /** Runs a registered batch on the callback executor, never on the calling thread. */
    private void handOver(Batch batch) {
        if (batch == null) {
            return;
        }
        try {
            callbacks.execute(batch);
        } catch (RejectedExecutionException e) {
            // A user's executor that was shut down, or our own after close() (which ran every batch
            // registered by then): still not on this thread, which is the sender or an SDK thread.
            LOG.warn(
                    "The callback executor of the Kinesis producer for {} rejected completions; they run on"
                            + " the common pool",
                    where());
            ForkJoinPool.commonPool().execute(batch);
        }
    }

    /**
     * Waits until every registered batch has run, until {@code deadline} (nanoTime) at the latest
     * or until this thread is interrupted; then, with the producer's own callback thread, runs what
     * is left on this thread (the caller of close, never a thread of the producer), so that every
     * future is done when close returns. Call without the lock, after the last batch was registered.
     */
    private void finishCompletions(long deadline) {
        List<Batch> left;
        boolean interrupted = false;
        lock.lock();
        try {
            // a callback that closes the producer runs on that thread: waiting for it would wait for itself
            long wait = Thread.currentThread() == callbackThread ? 0 : deadline - System.nanoTime();
            while (!queued.isEmpty() && wait > 0) {
                try {
                    wait = drained.awaitNanos(wait);
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
            left = new ArrayList<>(queued);
        } finally {
            lock.unlock();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (ownCallbacks != null) {
            for (Batch b : left) {
                b.run();
            }
        }
    }

    @Override
    public String toString() {
        return "KinesisProducer{stream=" + config.streamName() + ", region=" + region + ", shards=" + map.size()
                + ", aggregation=" + config.aggregation() + "}";
    }

    // ---------------------------------------------------------------- sender

    private void runSender() {
        try {
            senderLoop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            breakDown(e, "sending", null);
        }
    }

    private void senderLoop() throws InterruptedException {
        lock.lock();
        try {
            while (!stopped) {
                long now = System.nanoTime();
                if (pendingShards != null) {
                    tryApplyPending();
                }
                if (mapStale && now >= nextRefreshNanos) {
                    refreshMap();
                    continue;
                }
                long[] nextWake = {now + TimeUnit.SECONDS.toNanos(1)};
                List<Entry> batch = buildBatch(now, nextWake);
                if (!deferred.isEmpty()) {
                    Batch expired = register(deferred);
                    deferred.clear();
                    lock.unlock();
                    try {
                        handOver(expired);
                    } finally {
                        lock.lock();
                    }
                }
                if (batch != null) {
                    inFlightRequests++;
                    inFlight.add(batch);
                    mBatches++;
                    lock.unlock();
                    try {
                        dispatch(batch);
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                maybeLog(now);
                long waitNanos = nextWake[0] - now;
                if (mapStale) {
                    waitNanos = Math.min(waitNanos, nextRefreshNanos - now);
                }
                if (waitNanos > 0) {
                    wake.awaitNanos(waitNanos);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void maybeLog(long now) {
        if (logIntervalNanos > 0 && now - lastLogNanos >= logIntervalNanos) {
            lastLogNanos = now;
            if (mRecords != lastLoggedRecords || bufferedRecords > 0) {
                lastLoggedRecords = mRecords;
                LOG.info("Kinesis producer for stream '{}': {}", config.streamName(), metricsLocked());
            }
        }
    }

    /** Cuts one request from the shards that are due; null when nothing can go now. */
    private List<Entry> buildBatch(long now, long[] nextWake) {
        if (inFlightRequests >= config.maxInFlightRequests()) {
            return null;
        }
        boolean flushing = flushers > 0 || closed;
        List<Entry> batch = null;
        long bytes = 0;
        int n = order.length;
        outer:
        for (int pass = 0; pass < 2; pass++) {
            for (int k = 0; k < n; k++) {
                ShardBuffer sb = order[(rotate + k) % n];
                if (sb.inFlight || sb.retiring || sb.isEmpty()) {
                    continue;
                }
                boolean due = flushing || sb.full() || sb.oldest() + lingerNanos <= now;
                if (pass == 0 && !due) {
                    nextWake[0] = Math.min(nextWake[0], sb.oldest() + lingerNanos);
                    continue;
                }
                if (pass == 1 && (due || batch == null)) {
                    continue; // the second pass only tops up a batch with sealed entries of other shards
                }
                if (pass == 0) {
                    sb.seal();
                }
                sb.refill(now);
                int taken = 0;
                while (!sb.ready.isEmpty()) {
                    Entry e = sb.ready.peekFirst();
                    if (e.notBefore > now) {
                        nextWake[0] = Math.min(nextWake[0], e.notBefore);
                        break;
                    }
                    if (e.deadline <= now) {
                        sb.ready.pollFirst();
                        sb.readyBytes -= e.size;
                        deferred.add(failEntry(e, expired(e, now), null));
                        continue;
                    }
                    if (batch != null && (batch.size() >= MAX_ENTRIES || bytes + e.size > MAX_REQUEST_BYTES)) {
                        if (taken > 0) {
                            sb.inFlight = true;
                        }
                        break outer;
                    }
                    long tw = sb.tokenWait(e);
                    if (tw > 0) {
                        nextWake[0] = Math.min(nextWake[0], now + tw);
                        break;
                    }
                    sb.ready.pollFirst();
                    sb.readyBytes -= e.size;
                    sb.consume(e);
                    if (batch == null) {
                        batch = new ArrayList<>();
                    }
                    batch.add(e);
                    bytes += e.size;
                    taken++;
                    if (config.strictOrdering()) {
                        break;
                    }
                }
                if (taken > 0) {
                    sb.inFlight = true;
                }
            }
        }
        rotate++;
        return batch;
    }

    private boolean drainedCheck() {
        if (bufferedRecords == 0) {
            drained.signalAll();
            return true;
        }
        return false;
    }

    private void dispatch(List<Entry> batch) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.size());
        for (Entry e : batch) {
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey(e.pk)
                    .explicitHashKey(e.ehk)
                    .data(SdkBytes.fromByteArrayUnsafe(e.data))
                    .build());
        }
        PutRecordsRequest request = PutRecordsRequest.builder()
                .streamName(config.streamName())
                .records(entries)
                .build();
        CompletableFuture<PutRecordsResponse> f;
        try {
            f = backend.putRecords(request);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((response, failure) -> {
            try {
                onResponse(batch, response, failure);
            } catch (RuntimeException | Error e) {
                breakDown(e, "handling a PutRecords response", batch);
            }
        });
    }

    private void onResponse(List<Entry> batch, PutRecordsResponse response, Throwable failure) {
        List<Runnable> completions = new ArrayList<>();
        Batch done;
        lock.lock();
        try {
            if (!inFlight.remove(batch)) {
                return; // abandoned by close(timeout) or a breakdown: its futures already failed
            }
            inFlightRequests--;
            for (Entry e : batch) {
                e.shard.inFlight = false;
            }
            long now = System.nanoTime();
            Throwable cause = unwrap(failure);
            List<Entry> failed = new ArrayList<>();
            if (cause == null && response.records().size() != batch.size()) {
                cause = new IllegalStateException("PutRecords answered "
                        + response.records().size() + " results for " + batch.size() + " entries");
            }
            if (cause != null) {
                // One retry owner per call: the SDK's retry strategy (the kit's policy mapped onto it)
                // already retried this PutRecords call; the producer does not send it again. Only
                // entries that failed inside a successful response are the producer's to retry.
                int sdkAttempts = sdkAttempts(cause);
                boolean throttled = AwsErrors.isThrottling(cause);
                if (throttled) {
                    mThrottles++;
                }
                for (Entry e : batch) {
                    e.attempts += sdkAttempts;
                    for (Pending p : e.members) {
                        p.attempts += sdkAttempts;
                    }
                    e.lastError = AwsErrors.describe(cause);
                    e.lastCause = cause;
                    if (throttled) {
                        e.shard.byteTokens = 0;
                        e.shard.recordTokens = 0;
                    }
                    completions.add(failEntry(e, requestFailed(e, cause, sdkAttempts), cause));
                }
            } else {
                List<PutRecordsResultEntry> results = response.records();
                for (int i = 0; i < batch.size(); i++) {
                    Entry e = batch.get(i);
                    PutRecordsResultEntry r = results.get(i);
                    e.attempts++;
                    for (Pending p : e.members) {
                        p.attempts++;
                    }
                    if (r.errorCode() == null) {
                        completions.add(succeed(e, r));
                    } else {
                        e.lastError = r.errorCode() + ": " + r.errorMessage();
                        e.lastCause = null;
                        boolean throttled = "ProvisionedThroughputExceededException".equals(r.errorCode())
                                || "KMSThrottlingException".equals(r.errorCode());
                        if (throttled) {
                            mThrottles++;
                            e.shard.byteTokens = 0;
                            e.shard.recordTokens = 0;
                        }
                        if (throttled || "InternalFailure".equals(r.errorCode())) {
                            failed.add(e);
                        } else {
                            completions.add(failEntry(e, rejected(e, r), null));
                        }
                    }
                }
            }
            for (int i = failed.size() - 1; i >= 0; i--) {
                Entry e = failed.get(i);
                Duration delay = retry.delayAfter(Math.min(e.attempts, 30));
                long at = now + Math.max(delay.toNanos(), 1_000_000L);
                if (at >= e.deadline) {
                    completions.add(failEntry(e, expired(e, now), e.lastCause));
                    continue;
                }
                mRetries++;
                ShardBuffer current = buffers.get(e.shard.range.shardId);
                if (current != e.shard) {
                    // the shard map changed since this entry was cut: re-predict its records
                    for (Pending p : e.members) {
                        bufferFor(p).add(p);
                    }
                } else {
                    e.notBefore = at;
                    e.shard.ready.addFirst(e);
                    e.shard.readyBytes += e.size;
                }
            }
            drainedCheck();
            space.signalAll();
            wake.signal();
            done = register(completions);
        } finally {
            lock.unlock();
        }
        handOver(done);
    }

    private Runnable succeed(Entry e, PutRecordsResultEntry r) {
        if (r.shardId() != null && !r.shardId().equals(e.shard.range.shardId) && !mapStale) {
            LOG.debug(
                    "stream '{}': a record predicted for {} landed on {}; refreshing the shard map",
                    config.streamName(),
                    e.shard.range.shardId,
                    r.shardId());
            mapStale = true;
            wake.signal();
        }
        mKinesisRecords++;
        mRecords += e.members.length;
        long bytes = 0;
        for (Pending p : e.members) {
            bytes += p.data.length;
            bufferedBytes -= p.size();
        }
        mBytes += bytes;
        bufferedRecords -= e.members.length;
        Pending[] members = e.members;
        boolean aggregated = e.aggregated;
        String where = where();
        return () -> {
            for (int i = 0; i < members.length; i++) {
                members[i].written(r, i, aggregated, where);
            }
        };
    }

    /** Accounts a failed entry; returns the completion to run outside the lock. */
    private Runnable failEntry(Entry e, String message, Throwable cause) {
        mFailed += e.members.length;
        bufferedRecords -= e.members.length;
        for (Pending p : e.members) {
            bufferedBytes -= p.size();
        }
        String code = e.lastError != null && e.lastError.indexOf(':') > 0
                ? e.lastError.substring(0, e.lastError.indexOf(':'))
                : null;
        if (code != null && code.contains(" ")) {
            code = code.substring(0, code.indexOf(' '));
        }
        ProducerException ex = new ProducerException(
                message, cause, Math.max(1, e.attempts), cause != null && retry.shouldRetry(cause), code);
        Pending[] members = e.members;
        Runnable r = () -> {
            for (Pending p : members) {
                p.fail(ex);
            }
        };
        drainedCheck();
        space.signalAll();
        return r;
    }

    private String where() {
        return "stream '" + config.streamName() + "' in " + region;
    }

    private static String key(Entry e) {
        String k = e.members[0].pk();
        String shown = k.length() > 64 ? k.substring(0, 64) + "..." : k;
        return e.members.length == 1
                ? "partition key '" + shown + "'"
                : e.members.length + " aggregated records (first partition key '" + shown + "')";
    }

    private String expired(Entry e, long now) {
        return String.format(
                Locale.ROOT,
                "Record with %s for %s expired after %d attempt%s in %.1f s (recordTtl %s)%s. Add shards, send"
                        + " less, or raise recordTtl.",
                key(e),
                where(),
                e.attempts,
                e.attempts == 1 ? "" : "s",
                (now - e.created) / 1e9,
                config.recordTtl(),
                e.lastError != null
                        ? "; last error: " + e.lastError
                        : " before it could be sent (the shard's rate limit and earlier requests held it back)");
    }

    private String rejected(Entry e, PutRecordsResultEntry r) {
        return "Kinesis rejected the record with " + key(e) + " for " + where() + ": " + r.errorCode() + ": "
                + r.errorMessage();
    }

    private String requestFailed(Entry e, Throwable cause, int attempts) {
        String hint = AwsErrors.isNotFound(cause)
                ? " The stream does not exist (any more): check the name and region."
                : AwsErrors.isAccessDenied(cause)
                        ? " Grant kinesis:PutRecords on the stream."
                        : AwsErrors.isThrottling(cause)
                                ? " Kinesis throttled the whole request: add shards or send less."
                                : retry.shouldRetry(cause)
                                        ? " Check the network and the endpoint, or raise the kit's"
                                                + " RetryPolicy maxAttempts."
                                        : "";
        String described = AwsErrors.describe(cause);
        return "PutRecords for the record with " + key(e) + " to " + where() + " failed after " + attempts
                + " attempt" + (attempts == 1 ? "" : "s") + ": " + described + (described.endsWith(".") ? "" : ".")
                + hint;
    }

    /** The HTTP attempts the SDK made for a failed call (1 when it does not say). */
    private static int sdkAttempts(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SdkException se && se.numAttempts() != null) {
                return Math.max(1, se.numAttempts());
            }
        }
        return 1;
    }

    private ProducerException bufferFull(Pending p) {
        String mode = blockNanos > 0 ? "for " + config.blockTimeout() + " " : "";
        return new ProducerException(
                String.format(
                        Locale.ROOT,
                        "The producer buffer for %s stayed full %s(%,d records, %,d bytes buffered; limits %,d"
                                + " records, %,d bytes): the record with partition key '%s' was not accepted. The"
                                + " stream takes less than you send: add shards, slow down, or raise maxBuffered.",
                        where(),
                        mode,
                        bufferedRecords,
                        bufferedBytes,
                        config.maxBufferedRecords(),
                        config.maxBufferedBytes(),
                        p.pk()),
                null,
                0,
                true,
                null);
    }

    private IllegalStateException closedError() {
        Throwable cause = broken;
        if (cause != null) {
            return new IllegalStateException(
                    "This producer for " + where() + " is broken: " + brokenReason(cause)
                            + ". Its pending records failed; build a new producer.",
                    cause);
        }
        return new IllegalStateException(
                "This producer for stream '" + config.streamName() + "' is closed; build a new one");
    }

    private static String brokenReason(Throwable cause) {
        return "its sender failed with " + cause.getClass().getName()
                + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    // ---------------------------------------------------------------- shard map

    private void refreshMap() {
        mapStale = false;
        lock.unlock();
        List<Shard> shards = null;
        try {
            shards = backend.listShards();
        } catch (RuntimeException e) {
            LOG.warn(
                    "stream '{}': refreshing the shard map failed, retrying in 1 s: {}",
                    config.streamName(),
                    e.toString());
        } finally {
            lock.lock();
        }
        if (shards == null) {
            mapStale = true;
            nextRefreshNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            return;
        }
        pendingShards = shards;
        tryApplyPending();
    }

    /**
     * Applies the map read last unless a shard it closes still has a request in flight. Until that
     * answer is in, the closing shard sends nothing more, so an entry that fails there is re-queued
     * at the head of its records and moves to the child shard before anything sent after it:
     * per-key order holds across a split or merge. Caller holds the lock.
     */
    private void tryApplyPending() {
        Set<String> open = new HashSet<>();
        for (ShardMap.Range r : ShardMap.of(pendingShards, 0).ranges()) {
            open.add(r.shardId);
        }
        boolean wait = false;
        for (ShardBuffer sb : order) {
            sb.retiring = !open.contains(sb.range.shardId);
            wait |= sb.retiring && sb.inFlight;
        }
        if (wait) {
            return; // onResponse wakes the sender, which tries again
        }
        List<Shard> shards = pendingShards;
        pendingShards = null;
        applyMap(shards);
    }

    private void applyMap(List<Shard> shards) {
        boolean locked = lock.isHeldByCurrentThread();
        if (!locked) {
            lock.lock();
        }
        try {
            ShardMap old = map;
            ShardMap next = ShardMap.of(shards, old == null ? 1 : old.version() + 1);
            long now = System.nanoTime();
            Map<String, ShardBuffer> previous = new HashMap<>(buffers);
            buffers.clear();
            for (ShardMap.Range r : next.ranges()) {
                ShardBuffer kept = previous.remove(r.shardId);
                buffers.put(r.shardId, kept != null ? kept : new ShardBuffer(r, now));
            }
            ShardBuffer[] bySlot = new ShardBuffer[next.size()];
            for (ShardMap.Range r : next.ranges()) {
                bySlot[r.index] = buffers.get(r.shardId);
            }
            slots = bySlot;
            map = next;
            order = buffers.values().toArray(new ShardBuffer[0]);
            for (ShardBuffer gone : previous.values()) {
                for (Pending p : gone.dissolve()) {
                    bufferFor(p).add(p);
                }
            }
            if (old != null) {
                LOG.info("stream '{}': shard map refreshed, {} open shards", config.streamName(), next.size());
            }
        } finally {
            if (!locked) {
                lock.unlock();
            }
        }
    }

    /** The shard map in use (tests). */
    public ShardMap shardMap() {
        return map;
    }
}
