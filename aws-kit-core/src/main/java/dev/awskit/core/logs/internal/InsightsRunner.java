package dev.awskit.core.logs.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.RetryPolicy;
import dev.awskit.core.logs.InsightsQuery.Order;
import dev.awskit.core.logs.InsightsReport;
import dev.awskit.core.logs.InsightsRow;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * distinct rows. See {@link dev.awskit.core.logs.InsightsQuery} for the strategy.
 */
final class InsightsRunner {
    private static final Logger LOG = LoggerFactory.getLogger(InsightsRunner.class);
    private static final Pattern STATS = Pattern.compile("(^|\\|)\\s*stats\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SORT =
            Pattern.compile("\\|\\s*sort\\s+@timestamp(\\s+(asc|desc))?\\s*(\\||$)", Pattern.CASE_INSENSITIVE);
    private static final Pattern LIMIT = Pattern.compile("\\|\\s*limit\\s+(\\d+)\\s*(\\||$)", Pattern.CASE_INSENSITIVE);
    /** Parts are sized to hold this share of the cap, so an uneven spread rarely needs another split. */
    private static final double FILL = 0.8;

    private static final Object END = new Object();

    private record Window(long start, long end, int depth) {
        long span() {
            return end - start;
        }

        @Override
        public String toString() {
            return "[" + Instant.ofEpochSecond(start) + " .. " + Instant.ofEpochSecond(end) + "]";
        }
    }

    private record Outcome(List<InsightsRow> rows, double matched, double scanned, double bytes) {}

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
    private final Order sortedBy;
    private final int cap;
    private final boolean sendLimit;
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
        this.aggregate = STATS.matcher(q.query).find();
        Matcher sort = SORT.matcher(q.query);
        if (sort.find()) {
            this.sortedBy = "asc".equalsIgnoreCase(sort.group(2)) ? Order.ASCENDING : Order.DESCENDING;
        } else {
            this.sortedBy = null;
        }
        Matcher limit = LIMIT.matcher(q.query);
        if (limit.find()) {
            this.cap = (int) Math.min(Math.min(Long.parseLong(limit.group(1)), 10_000L), q.rowsPerQuery);
            this.sendLimit = false;
        } else {
            this.cap = q.rowsPerQuery;
            this.sendLimit = true;
        }
        this.retry = q.kit.retryPolicy().toBuilder()
                .retryIf(InsightsRunner::retryableQueryFailure)
                .build();
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                q.concurrency, q.concurrency, 30, TimeUnit.SECONDS, new PriorityBlockingQueue<>(), r -> {
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

    private void begin() {
        long start = q.from.getEpochSecond();
        long end = q.to.getEpochSecond() + (q.to.getNano() > 0 ? 1 : 0);
        LOG.debug("Insights on {} over {} .. {}", q.logGroups, q.from, q.to);
        submit(new Window(start, end, 0));
    }

    /** Deeper windows first (depth-first): a window that cannot be split fails the run early. */
    private static final class Task implements Runnable, Comparable<Task> {
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
            int c = Integer.compare(o.window.depth, window.depth);
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
                        complete = true;
                        report();
                        queue.offer(END);
                    }
                }
            }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.decrementAndGet();
        }
    }

    private void runWindow(Window w) {
        Outcome r = retry.execute("Logs Insights query on " + q.logGroups + " over " + w, () -> runQuery(w));
        matched.add(r.matched);
        scanned.add(r.scanned);
        bytes.add(r.bytes);
        List<InsightsRow> got = r.rows;
        boolean truncated = got.size() >= cap && r.matched > got.size();
        if (aggregate) {
            if (got.size() >= cap) {
                throw new AwsKitException("The aggregate query returned " + got.size() + " rows, the most one query"
                        + " returns, over " + w + " of log groups " + q.logGroups + " (region " + q.kit.region()
                        + "). Splitting the time range would split its groups, so aws-kit does not: make the groups"
                        + " coarser (e.g. bin(1h)), filter more, or query shorter ranges yourself.");
            }
            emit(got);
            return;
        }
        if (!truncated) {
            emit(got);
            return;
        }
        Window rest = w;
        double restCount = r.matched;
        boolean narrowed = false;
        if (sortedBy != null && monotone(got, sortedBy)) {
            long edge = second(got.get(got.size() - 1));
            List<InsightsRow> sure = new ArrayList<>();
            for (InsightsRow row : got) {
                long s = second(row);
                if (sortedBy == Order.DESCENDING ? s > edge : s < edge) {
                    sure.add(row);
                }
            }
            if (!sure.isEmpty()) {
                emit(sure);
                rest = sortedBy == Order.DESCENDING
                        ? new Window(w.start, edge, w.depth)
                        : new Window(edge, w.end, w.depth);
                restCount = Math.max(1, r.matched - sure.size());
                narrowed = true;
            }
        } else {
            // rows known now are delivered now; the parts will return them again and they are dropped
            emit(got);
        }
        if (!narrowed && w.span() == 0) {
            throw new AwsKitException("More than " + cap + " rows (" + (long) r.matched
                    + ") match in the single second "
                    + Instant.ofEpochSecond(w.start) + " of log groups " + q.logGroups + " (region " + q.kit.region()
                    + "); one Logs Insights query returns at most " + cap + " rows and time cannot be split finer"
                    + " than a second. Narrow the query with a filter (e.g. on @logStream) and run it per part.");
        }
        int parts = (int) Math.ceil(restCount / (cap * FILL));
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

    /** {@code w} in {@code parts} windows sharing their boundary seconds; every part is shorter than w when parts > 1. */
    private static List<Window> cut(Window w, int parts) {
        long span = w.span();
        List<Window> out = new ArrayList<>();
        if (parts <= 1 || span == 0) {
            out.add(new Window(w.start, w.end, w.depth + 1));
            return out;
        }
        int depth = w.depth + 1;
        if (span == 1) {
            out.add(new Window(w.start, w.start, depth));
            out.add(new Window(w.end, w.end, depth));
            return out;
        }
        int k = (int) Math.min(parts, span);
        long prev = w.start;
        for (int i = 1; i <= k; i++) {
            long b = i == k ? w.end : w.start + Math.round((double) span * i / k);
            out.add(new Window(prev, b, depth));
            prev = b;
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
        StartQueryRequest.Builder req = StartQueryRequest.builder()
                .logGroupNames(q.logGroups)
                .startTime(w.start)
                .endTime(w.end)
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
                        return outcome(g);
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

    private Outcome outcome(GetQueryResultsResponse g) {
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
                s == null || s.recordsMatched() == null ? 0 : s.recordsMatched(),
                s == null || s.recordsScanned() == null ? 0 : s.recordsScanned(),
                s == null || s.bytesScanned() == null ? 0 : s.bytesScanned());
    }

    private void emit(List<InsightsRow> batch) {
        for (InsightsRow row : batch) {
            if (stopped.get()) {
                return;
            }
            String key = row.ptr().orElseGet(() -> row.fields().toString());
            if (!seen.add(key)) {
                duplicates.incrementAndGet();
                continue;
            }
            rows.incrementAndGet();
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
        }
    }

    private static boolean monotone(List<InsightsRow> rows, Order order) {
        long prev = order == Order.DESCENDING ? Long.MAX_VALUE : Long.MIN_VALUE;
        for (InsightsRow r : rows) {
            if (r.timestamp().isEmpty()) {
                return false;
            }
            long t = r.timestamp().get().toEpochMilli();
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
