package dev.awskit.logs;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A Logs Insights query over a time range, returning every matching row.
 *
 * <p>How: the range is queried; when a window may be truncated (it returned the 10,000-row cap and
 * {@code statistics.recordsMatched} is larger, or no statistics came), the rows already known
 * complete are kept (for a query sorted by {@code @timestamp}) and the rest of the window is split
 * into parts sized from the match count, recursively, down to one second. Windows run in parallel
 * under {@link #concurrency(int)}, and StartQuery/GetQueryResults calls share the facade's
 * 10-a-second regulator. Windows own disjoint whole seconds and each is queried through the first
 * millisecond of the next second (whatever the server's reading of the inclusive {@code endTime}),
 * leaving that second's rows to its owner: no row is lost at a boundary and none is met twice. Rows
 * without a usable {@code @timestamp} are deduplicated by {@code @ptr}; rows without {@code @ptr} are
 * never merged.
 *
 * <p>The query's own {@code | limit N} caps the whole answer at N rows (for a sorted query, the
 * first N of its order). Aggregate queries ({@code stats ...}) and {@code dedup} are never split,
 * since splitting would split their groups: when one returns a full page it fails with a message
 * saying so.
 *
 * <p>Setters return this query; it is not thread-safe and not reusable after {@code stream()}.
 */
public interface InsightsQuery {
    /** The order of {@link #orderByTimestamp(Order)}. */
    enum Order {
        ASCENDING,
        DESCENDING
    }

    /** The log groups (names) to query; at least one. */
    InsightsQuery logGroups(String first, String... more);

    InsightsQuery logGroups(Collection<String> names);

    /** The time range, both ends inclusive at one-second granularity; required. */
    InsightsQuery between(Instant from, Instant to);

    /** {@code between(now - duration, now)}. */
    InsightsQuery last(Duration duration);

    /** Queries run at once at most; default 4 (AWS allows 30 to 100 concurrent queries per account). */
    InsightsQuery concurrency(int queries);

    /**
     * Rows one query may return, 1..10,000; default 10,000 (or the query's own {@code limit}, which
     * also caps the whole answer).
     */
    InsightsQuery rowsPerQuery(int rows);

    /** The first pause between GetQueryResults polls; pauses double up to 2 s. Default 200 ms. */
    InsightsQuery pollInterval(Duration interval);

    /** How long one query may stay Scheduled or Running before it is stopped; default 15 minutes. */
    InsightsQuery queryTimeout(Duration timeout);

    /**
     * Delivers rows ordered by {@code @timestamp}. This holds every row in memory until the last
     * query finished; without it rows stream as windows complete, in no particular order.
     */
    InsightsQuery orderByTimestamp(Order order);

    /** Called once with the report when the stream ends or is closed. */
    InsightsQuery onReport(Consumer<InsightsReport> listener);

    /**
     * Every matching row, lazily: queries start when the stream is first read. Close the stream
     * (try-with-resources) to stop queries still running when you stop early; closing calls
     * StopQuery for each of them. A stream dropped without closing is stopped the same way once the
     * garbage collector finds it unreachable.
     *
     * @throws dev.awskit.core.AwsKitException from the stream's terminal operation when a query
     *     fails, times out after the retry policy's attempts, or cannot be split further
     */
    Stream<InsightsRow> stream();

    /** Runs to completion and returns every row with the report. */
    InsightsResult run();
}
