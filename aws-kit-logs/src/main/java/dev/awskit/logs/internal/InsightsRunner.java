package dev.awskit.logs.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.RetryPolicy;
import dev.awskit.logs.InsightsQuery.Order;
import dev.awskit.logs.InsightsReport;
import dev.awskit.logs.InsightsRow;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.QueryStatistics;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartQueryRequest;

/**
 * Runs one Insights query over its time range as many windowed queries as needed, and streams the
 * distinct rows. See {@link dev.awskit.logs.InsightsQuery} for the strategy.
 */
final class InsightsRunner {
    private static final Logger LOG = LoggerFactory.getLogger(InsightsRunner.class);
    /** Stops the queries of a stream that was dropped without close(). */
    private static final Cleaner CLEANER = Cleaner.create();
    /** Parts are sized to hold this share of the cap, so an uneven spread rarely needs another split. */
    private static final double FILL = 0.8;

    private static final Object END = new Object();

    /** The seconds {@code start..end} (both inclusive) that this window owns; windows never overlap. */
    private record Window(long start, long end, int depth) {
        long span() {
            return end - start;
        }

        long ownedEndMillis() {
            return (end + 1) * 1000;
        }

        @Override
        public String toString() {
            return "[" + Instant.ofEpochSecond(start) + " .. " + Instant.ofEpochSecond(end) + "]";
        }
    }

    /** One query's answer; {@code matched} is negative when the server sent no statistics. */
    private record Outcome(List<InsightsRow> rows, double matched, double scanned, double bytes, long endTime) {}

    private record Failure(RuntimeException error) {}

    /** A query that ended in status Timeout (retried per the policy). */
    static final class QueryTimedOut extends AwsKitException {
        private static final long serialVersionUID = 1L;

        QueryTimedOut(String message) {
            super(message, null, 1, true);
        }
    }

    private final DefaultInsightsQuery q;
    private final CloudWatchLogsClient logs;
    private final RetryPolicy retry;
    private final boolean aggregate;
    private final String splitBlocker;
    private final Order sortedBy;
    private final int cap;
    private final boolean sendLimit;
    /** The query's own limit: the most rows the whole run delivers. */
    private final long total;
    /** Windows run one at a time in the sort order (a sorted query with its own limit). */
    private final boolean ordered;
    /** The server was seen returning rows of the whole end second (AWS's documented "inclusive" end). */
    private final AtomicBoolean wholeEndSecond = new AtomicBoolean();

    private volatile Cleaner.Cleanable cleanable;
    private final ExecutorService pool;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(50_000);
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final AtomicBoolean reported = new AtomicBoolean();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger splits = new AtomicInteger();
    private final AtomicInteger stopsSent = new AtomicInteger();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final DoubleAdder matched = new DoubleAdder();
    private final DoubleAdder scanned = new DoubleAdder();
    private final DoubleAdder bytes = new DoubleAdder();
    private final long startNanos = System.nanoTime();
    private volatile boolean complete;

    InsightsRunner(DefaultInsightsQuery q) {
        this.q = q;
        this.logs = q.kit.client(CloudWatchLogsClient.class);
        QueryText text = q.text;
        this.aggregate = text.splitBlocker() != null;
        this.splitBlocker = text.splitBlocker();
        this.sortedBy = text.sortedBy();
        if (text.limit().isPresent()) {
            this.total = text.limit().getAsInt();
            this.cap = (int) Math.min(Math.min(total, 10_000L), q.rowsPerQuery);
            this.sendLimit = false;
        } else {
            this.total = Long.MAX_VALUE;
            this.cap = q.rowsPerQuery;
            this.sendLimit = true;
        }
        this.ordered = text.limit().isPresent() && sortedBy != null;
        int threads = ordered ? 1 : q.concurrency;
        this.retry = q.kit.retryPolicy().toBuilder()
                .retryIf(InsightsRunner::retryableQueryFailure)
                .build();
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new PriorityBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "aws-kit-insights-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ((ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
    }

    private static boolean retryableQueryFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof QueryTimedOut) {
                return true;
            }
        }
        // too many concurrent queries: wait and start again
        return AwsErrors.errorCode(t).filter("LimitExceededException"::equals).isPresent();
    }

    Stream<InsightsRow> stream() {
        AtomicBoolean begun = new AtomicBoolean();
        Iterator<InsightsRow> it = new Iterator<>() {
            private Object next;

            @Override
            public boolean hasNext() {
                if (begun.compareAndSet(false, true)) {
                    begin();
                }
                while (next == null) {
                    try {
                        next = queue.poll(200, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        close();
                        throw new AwsKitException("Interrupted while reading Logs Insights results", e, 1, false);
                    }
                    if (next == null && failure.get() != null) {
                        next = new Failure(failure.get());
                    } else if (next == null && complete && queue.isEmpty()) {
                        next = END;
                    } else if (next == null && stopped.get()) {
                        // a failure sets its cause before it stops the run: look again
                        next = failure.get() != null ? new Failure(failure.get()) : END;
                    }
                }
                if (next instanceof Failure f) {
                    close(); // every query is stopped before the caller sees the failure
                    throw f.error;
                }
                return next != END;
            }

            @Override
            public InsightsRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                InsightsRow r = (InsightsRow) next;
                next = null;
                return r;
            }
        };
        // a stream dropped without close() would leave its queries running and its workers waiting
        // for a reader forever: when the iterator becomes unreachable, the run is stopped. The action
        // holds the runner, which never refers to the iterator.
        cleanable = CLEANER.register(it, new Abandon(this));
        Stream<InsightsRow> s = StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(it, Spliterator.NONNULL), false)
                .onClose(this::close);
        if (q.order == null) {
            return s;
        }
        Comparator<InsightsRow> byTime = Comparator.comparing(r -> r.timestamp().orElse(Instant.EPOCH));
        Comparator<InsightsRow> c = q.order == Order.ASCENDING ? byTime : byTime.reversed();
        return StreamSupport.stream(
                        () -> s.sorted(c).collect(Collectors.toList()).spliterator(),
                        Spliterator.ORDERED | Spliterator.NONNULL,
                        false)
                .onClose(this::close);
    }

    /** The cleaning action of an abandoned stream; it must not refer to the stream or its iterator. */
    private static final class Abandon implements Runnable {
        private final InsightsRunner runner;

        Abandon(InsightsRunner runner) {
            this.runner = runner;
        }

        @Override
        public void run() {
            if (!runner.stopped.get() && !runner.complete) {
                LOG.warn(
                        "A Logs Insights stream over {} was dropped without close(): its queries are stopped."
                                + " Close the stream (try-with-resources).",
                        runner.q.logGroups);
            }
            runner.stopAll(false);
            runner.queue.clear();
            runner.report();
        }
    }

    private void begin() {
        long start = q.from.getEpochSecond();
        long end = q.to.getEpochSecond();
        LOG.debug("Insights on {} over {} .. {}", q.logGroups, q.from, q.to);
        submit(new Window(start, end, 0));
    }

    /**
     * Deeper windows first (depth-first): a window that cannot be split fails the run early. A sorted
     * query with its own limit runs its windows one at a time in its sort order instead, so the rows
     * it delivers before reaching the limit are the first ones of the sort.
     */
    private final class Task implements Runnable, Comparable<Task> {
        final Window window;
        final long seq;
        final Runnable body;

        Task(Window window, long seq, Runnable body) {
            this.window = window;
            this.seq = seq;
            this.body = body;
        }

        @Override
        public void run() {
            body.run();
        }

        @Override
        public int compareTo(Task o) {
            int c;
            if (ordered) {
                c = sortedBy == Order.DESCENDING
                        ? Long.compare(o.window.start, window.start)
                        : Long.compare(window.start, o.window.start);
            } else {
                c = Integer.compare(o.window.depth, window.depth);
            }
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final AtomicLong sequence = new AtomicLong();

    private void submit(Window w) {
        pending.incrementAndGet();
        try {
            pool.execute(new Task(w, sequence.incrementAndGet(), () -> {
                try {
                    if (!stopped.get()) {
                        runWindow(w);
                    }
                } catch (RuntimeException e) {
                    fail(e);
                } finally {
                    if (pending.decrementAndGet() == 0 && !stopped.get()) {
                        finish();
                    }
                }
            }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.decrementAndGet();
        }
    }

    /** Every row is delivered (all windows done, or the query's own limit reached). */
    private void finish() {
        synchronized (this) {
            if (complete) {
                return;
            }
            complete = true;
        }
        report();
        queue.offer(END);
    }

    /** What one row of an answer is to the window that asked. */
    private enum Place {
        /** Its {@code @timestamp} is in a second this window owns. */
        OWNED,
        /** Its {@code @timestamp} is past the window's last second: another window owns it. */
        AFTER,
        /** No usable {@code @timestamp}: it can only be told apart by {@code @ptr}. */
        UNKNOWN
    }

    private static Place place(InsightsRow row, Window w, long endTime) {
        Instant t;
        try {
            t = row.timestamp().orElse(null);
        } catch (IllegalArgumentException e) {
            return Place.UNKNOWN; // the query redefined @timestamp
        }
        if (t == null) {
            return Place.UNKNOWN;
        }
        long ms = t.toEpochMilli();
        if (ms < w.start * 1000 || ms > endTime * 1000 + 999) {
            return Place.UNKNOWN; // not an event time the query could return: the query redefined it
        }
        return ms < w.ownedEndMillis() ? Place.OWNED : Place.AFTER;
    }

    private void runWindow(Window w) {
        Outcome r = retry.execute("Logs Insights query on " + q.logGroups + " over " + w, () -> runQuery(w));
        if (r.matched >= 0) {
            matched.add(r.matched);
        }
        scanned.add(r.scanned);
        bytes.add(r.bytes);
        List<InsightsRow> got = r.rows;
        List<Place> places = new ArrayList<>(got.size());
        boolean after = false;
        for (InsightsRow row : got) {
            Place p = place(row, w, r.endTime);
            places.add(p);
            if (p == Place.AFTER) {
                after = true;
                if (row.timestamp().orElseThrow().toEpochMilli() > r.endTime * 1000) {
                    // the answer holds rows past endTime's first millisecond: this server includes
                    // the whole end second, as AWS documents ("the range is inclusive")
                    wholeEndSecond.set(true);
                }
            }
        }
        // full and no statistics to say otherwise: possibly truncated (AWS always sends statistics;
        // a server that does not must not make a capped page look complete)
        boolean truncated = got.size() >= cap && (r.matched < 0 || r.matched > got.size());
        if (total != Long.MAX_VALUE && !after && (ordered || sortedBy == null)) {
            // the query's own limit: this window's first rows are the next ones of the answer
            long left = total - rows.get();
            if (got.size() >= left || !truncated) {
                emit(got, places);
                return;
            }
        }
        if (aggregate) {
            if (got.size() >= cap) { // recordsMatched counts events, not groups: a full page may hold them all
                throw new AwsKitException("The aggregate query returned " + got.size() + " rows, the most one query"
                        + " returns, over " + w + " of log groups " + q.logGroups + " (region " + q.kit.region()
                        + "). Splitting the time range would split its "
                        + ("dedup".equals(splitBlocker) ? "deduplication" : "groups")
                        + ", so aws-kit does not: make the groups coarser (e.g. bin(1h)), filter more, or query"
                        + " shorter ranges yourself.");
            }
            emit(got, places);
            return;
        }
        if (!truncated) {
            emit(got, places);
            return;
        }
        Window rest = w;
        double restCount = r.matched >= 0 ? r.matched : got.size() + 1.0;
        boolean narrowed = false;
        if (sortedBy != null && monotone(got, places, sortedBy)) {
            List<InsightsRow> owned = new ArrayList<>();
            for (int i = 0; i < got.size(); i++) {
                if (places.get(i) == Place.OWNED) {
                    owned.add(got.get(i));
                }
            }
            if (sortedBy == Order.DESCENDING && owned.isEmpty()) {
                // every row is past the window: the next second holds at least a page
                if (wholeEndSecond.get() && r.endTime > w.end) {
                    submit(w); // now known: endTime = w.end includes that second, no need for the next
                    return;
                }
                throw new AwsKitException("More than " + cap + " rows match at the first millisecond of "
                        + Instant.ofEpochSecond(w.end + 1) + " in log groups " + q.logGroups + " (region "
                        + q.kit.region() + "); one Logs Insights query returns at most " + cap + " rows and"
                        + " time cannot be split finer than a second. Narrow the query with a filter (e.g. on"
                        + " @logStream) and run it per part.");
            }
            InsightsRow last = got.get(got.size() - 1);
            if (sortedBy == Order.ASCENDING && second(last) > w.end) {
                emit(owned, null); // the page reached past the window: every owned row is in it
                return;
            }
            long edge = second(last);
            List<InsightsRow> sure = new ArrayList<>();
            for (InsightsRow row : owned) {
                long s = second(row);
                if (sortedBy == Order.DESCENDING ? s > edge : s < edge) {
                    sure.add(row);
                }
            }
            emit(sure, null);
            // the rest starts again at the edge second: its rows past the edge are the next window's,
            // so no row is met twice, and the edge second is queried through its end
            rest = sortedBy == Order.DESCENDING ? new Window(w.start, edge, w.depth) : new Window(edge, w.end, w.depth);
            narrowed = rest.span() < w.span();
            // what is left: by the statistics, or (without them) at least the page's rows not delivered
            restCount = Math.max(1, (r.matched >= 0 ? r.matched : got.size()) - sure.size());
        }
        // otherwise nothing is delivered: the parts return every row of this window again
        if (!narrowed && w.span() == 0) {
            throw new AwsKitException("More than " + cap + " rows ("
                    + (r.matched >= 0 ? String.valueOf((long) r.matched) : "no statistics; " + got.size() + " returned")
                    + ") match in the single second "
                    + Instant.ofEpochSecond(w.start) + " of log groups " + q.logGroups + " (region " + q.kit.region()
                    + "); one Logs Insights query returns at most " + cap + " rows and time cannot be split finer"
                    + " than a second. Narrow the query with a filter (e.g. on @logStream) and run it per part.");
        }
        int parts = (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(restCount / (cap * FILL)));
        parts = Math.max(narrowed ? 1 : 2, parts);
        List<Window> windows = cut(rest, parts);
        splits.incrementAndGet();
        LOG.debug(
                "{} matched {} > {} rows: querying {} as {} parts",
                w,
                (long) r.matched,
                got.size(),
                rest,
                windows.size());
        for (Window part : windows) {
            submit(part);
        }
    }

    /** {@code w} in at most {@code parts} windows that own disjoint seconds and cover w. */
    private static List<Window> cut(Window w, int parts) {
        long seconds = w.span() + 1;
        int depth = w.depth + 1;
        List<Window> out = new ArrayList<>();
        int k = (int) Math.min(Math.max(1, parts), seconds);
        long prev = w.start;
        for (int i = 1; i <= k; i++) {
            long next = i == k ? w.end + 1 : w.start + Math.round((double) seconds * i / k);
            out.add(new Window(prev, next - 1, depth));
            prev = next;
        }
        return out;
    }

    private Outcome runQuery(Window w) {
        try {
            return startAndPoll(w);
        } catch (RuntimeException e) {
            if (AwsErrors.errorCode(e).filter("LimitExceededException"::equals).isPresent()) {
                retries.incrementAndGet();
            }
            throw e;
        }
    }

    private Outcome startAndPoll(Window w) {
        if (stopped.get()) {
            throw new AwsKitException("stopped", null, 1, false);
        }
        acquire();
        // endTime is "inclusive" (StartQuery API reference) but whether the whole end second is in
        // is not documented, and some servers stop at its first millisecond: ask through the first
        // millisecond of the next second until the server showed that it includes whole seconds.
        // Rows of that next second belong to the next window and are left to it.
        long endTime = wholeEndSecond.get() ? w.end : w.end + 1;
        StartQueryRequest.Builder req = StartQueryRequest.builder()
                .logGroupNames(q.logGroups)
                .startTime(w.start)
                .endTime(endTime)
                .queryString(q.query);
        if (sendLimit) {
            req.limit(cap);
        }
        String id = logs.startQuery(req.build()).queryId();
        queries.incrementAndGet();
        running.add(id);
        long deadline = System.nanoTime() + q.queryTimeout.toNanos();
        long delay = q.pollInterval.toNanos();
        int unknown = 0;
        try {
            while (true) {
                sleep(delay);
                delay = Math.min(delay * 2, Duration.ofSeconds(2).toNanos());
                if (stopped.get()) {
                    throw new AwsKitException("stopped", null, 1, false);
                }
                acquire();
                GetQueryResultsResponse g = logs.getQueryResults(b -> b.queryId(id));
                switch (g.status()) {
                    case SCHEDULED:
                    case RUNNING:
                        if (System.nanoTime() > deadline) {
                            stop(id);
                            throw new AwsKitException("Logs Insights query " + id + " over " + w + " of "
                                    + q.logGroups + " was still " + g.statusAsString() + " after "
                                    + q.queryTimeout + "; it was stopped. Raise queryTimeout(...) or query less.");
                        }
                        continue;
                    case COMPLETE:
                        running.remove(id);
                        return outcome(g, endTime);
                    case TIMEOUT:
                        running.remove(id);
                        retries.incrementAndGet();
                        throw new QueryTimedOut("Logs Insights query " + id + " over " + w + " of " + q.logGroups
                                + " ended in status Timeout (the service's 60-minute limit)");
                    case FAILED:
                        running.remove(id);
                        throw new AwsKitException("Logs Insights query " + id + " over " + w + " of " + q.logGroups
                                + " (region " + q.kit.region() + ") ended in status Failed. Check the query in the"
                                + " console's Logs Insights page: " + q.query);
                    case CANCELLED:
                        running.remove(id);
                        throw new AwsKitException("Logs Insights query " + id + " over " + w + " of " + q.logGroups
                                + " was cancelled (StopQuery by another caller?).");
                    default:
                        // Unknown: the service lost track for a moment; poll a few more times
                        if (++unknown > 5) {
                            running.remove(id);
                            throw new AwsKitException("Logs Insights query " + id + " over " + w + " of "
                                    + q.logGroups + " reported status " + g.statusAsString() + " "
                                    + unknown + " times in a row; run it again later.");
                        }
                }
            }
        } finally {
            // still running on the service (we were stopped, interrupted, or polling failed): stop it
            if (running.remove(id)) {
                stop(id);
            }
        }
    }

    private static Outcome outcome(GetQueryResultsResponse g, long endTime) {
        List<InsightsRow> out = new ArrayList<>(g.results().size());
        for (List<ResultField> fields : g.results()) {
            Map<String, String> m = new LinkedHashMap<>();
            for (ResultField f : fields) {
                if (f.field() != null) {
                    m.put(f.field(), f.value() == null ? "" : f.value());
                }
            }
            out.add(InsightsRow.of(m));
        }
        QueryStatistics s = g.statistics();
        return new Outcome(
                out,
                s == null || s.recordsMatched() == null ? -1 : s.recordsMatched(),
                s == null || s.recordsScanned() == null ? 0 : s.recordsScanned(),
                s == null || s.bytesScanned() == null ? 0 : s.bytesScanned(),
                endTime);
    }

    /**
     * Delivers the rows this window owns ({@code places} null: all of them): a row past the window is
     * the next window's; a row without a usable {@code @timestamp} is delivered once per {@code @ptr},
     * and one without {@code @ptr} either is never merged with another.
     */
    private void emit(List<InsightsRow> batch, List<Place> places) {
        for (int i = 0; i < batch.size(); i++) {
            if (stopped.get() || complete) {
                return;
            }
            InsightsRow row = batch.get(i);
            Place p = places == null ? Place.OWNED : places.get(i);
            if (p == Place.AFTER) {
                continue;
            }
            if (p == Place.UNKNOWN
                    && row.ptr().isPresent()
                    && !seen.add(row.ptr().get())) {
                duplicates.incrementAndGet();
                continue;
            }
            long n = rows.incrementAndGet();
            if (n > total) {
                rows.decrementAndGet();
                limitReached();
                return;
            }
            try {
                // a full queue waits for the reader, but never past a stop
                while (!queue.offer(row, 100, TimeUnit.MILLISECONDS)) {
                    if (stopped.get()) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (n == total) {
                limitReached();
                return;
            }
        }
    }

    /** The query's own limit is reached: the run is complete; queries still running are stopped. */
    private void limitReached() {
        synchronized (this) {
            if (complete) {
                return;
            }
            complete = true;
        }
        stopped.set(true);
        stopSignal.countDown();
        pool.shutdown();
        for (String id : List.copyOf(running)) {
            stop(id);
        }
        report();
        queue.offer(END);
    }

    private static boolean monotone(List<InsightsRow> rows, List<Place> places, Order order) {
        long prev = order == Order.DESCENDING ? Long.MAX_VALUE : Long.MIN_VALUE;
        for (int i = 0; i < rows.size(); i++) {
            if (places.get(i) == Place.UNKNOWN) {
                return false;
            }
            long t = rows.get(i).timestamp().orElseThrow().toEpochMilli();
            if (order == Order.DESCENDING ? t > prev : t < prev) {
                return false;
            }
            prev = t;
        }
        return true;
    }

    private static long second(InsightsRow r) {
        return Math.floorDiv(r.timestamp().orElseThrow().toEpochMilli(), 1000L);
    }

    private void acquire() {
        if (!q.limiter.acquirePermission()) {
            throw new AwsKitException("Waited too long for the Logs Insights call regulator (10 calls a second)");
        }
    }

    /** Sleeps, waking early when the run stops (workers are never interrupted mid-call). */
    private void sleep(long nanos) {
        try {
            stopSignal.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsKitException("Interrupted while polling Logs Insights", e, 1, false);
        }
    }

    private void fail(RuntimeException e) {
        if (stopped.get()) {
            return;
        }
        if (failure.compareAndSet(null, e)) {
            LOG.debug("Insights run failed: {}", e.toString());
            stopAll(false);
            report();
            queue.clear();
            queue.offer(new Failure(e));
        }
    }

    private void stop(String id) {
        running.remove(id);
        boolean interrupted = Thread.interrupted();
        try {
            logs.stopQuery(b -> b.queryId(id));
            stopsSent.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.debug("StopQuery {} failed: {}", id, AwsErrors.describe(e));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops every window; {@code await} (never from a pool thread) waits for them to finish. */
    private void stopAll(boolean await) {
        stopped.set(true);
        stopSignal.countDown();
        // no shutdownNow(): interrupting a StartQuery in flight could start a query we never learn of
        pool.shutdown();
        if (await) {
            try {
                pool.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String id : List.copyOf(running)) {
            stop(id);
        }
    }

    /** The stream was closed: stop what still runs, report once. */
    void close() {
        stopAll(true);
        queue.clear();
        report();
        Cleaner.Cleanable c = cleanable;
        if (c != null) {
            c.clean(); // nothing left to do; unregisters
        }
    }

    private void report() {
        if (!reported.compareAndSet(false, true)) {
            return;
        }
        InsightsReport r = InsightsReport.builder()
                .queries(queries.get())
                .retries(retries.get())
                .splits(splits.get())
                .stopped(stopsSent.get())
                .rows(rows.get())
                .duplicatesDropped(duplicates.get())
                .deduplicationKeys(seen.size())
                .recordsMatched(matched.sum())
                .recordsScanned(scanned.sum())
                .bytesScanned(bytes.sum())
                .complete(complete)
                .duration(Duration.ofNanos(System.nanoTime() - startNanos))
                .build();
        LOG.debug("{}", r);
        try {
            q.listener.accept(r);
        } catch (RuntimeException e) {
            LOG.warn("the onReport listener failed: {}", e.toString());
        }
    }
}
