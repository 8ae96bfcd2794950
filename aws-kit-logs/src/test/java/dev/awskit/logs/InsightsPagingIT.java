package dev.awskit.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.RetryPolicy;
import dev.awskit.core.Wait;
import dev.awskit.logs.InsightsQuery.Order;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Logs Insights paging against the simulated backend ({@link FakeInsights}: 35,000 matching rows,
 * 25 per timestamp, and rows around one second's boundary), for what moto does not model: the
 * 10,000-row cap, {@code statistics}, the query statuses and the concurrency quota. The same paging
 * runs against moto (or {@code AWSKIT_IT_ENDPOINT}) in {@link LogsInsightsIT}.
 */
class InsightsPagingIT {
    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    static final Instant T1 = T0.plusSeconds(3600);
    static final String QUERY =
            "fields @timestamp, @message, @logStream | filter @logStream like /app/ | sort @timestamp desc";

    FakeInsights fake;
    AwsKit kit;
    String group;
    final List<FakeInsights.Event> events = new ArrayList<>();
    Set<String> expectedPtrs = new HashSet<>();
    int expected;

    @BeforeEach
    void setUp() {
        fake = new FakeInsights();
        kit = AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", "test-secret")
                .endpoint(fake.endpoint())
                .retryPolicy(RetryPolicy.builder()
                        .baseDelay(Duration.ofMillis(10))
                        .maxDelay(Duration.ofMillis(100))
                        .build())
                .build();
        group = "app";
        int n = 0;
        // 1,400 timestamps x 25 rows = 35,000 matching rows, plus 3,000 that the filter drops
        for (int i = 0; i < 1400; i++) {
            long ts = T0.toEpochMilli() + i * 2571L + 123;
            for (int j = 0; j < 25; j++) {
                String ptr = "ptr-" + (n++);
                events.add(new FakeInsights.Event(ts, "app-" + (j % 3), "event " + ptr, ptr));
                expectedPtrs.add(ptr);
            }
            if (i % 7 == 0) {
                for (int j = 0; j < 15; j++) {
                    events.add(new FakeInsights.Event(ts, "other", "noise", "noise-" + (n++)));
                }
            }
        }
    }

    /** Hands the events to the fake (tests may replace them first). */
    private void load() {
        events.forEach(fake::add);
        expected = expectedPtrs.size();
    }

    @AfterEach
    void tearDown() {
        try {
            kit.close();
        } finally {
            fake.close();
        }
    }

    private InsightsQuery query(String text) {
        if (expected == 0) {
            load();
        }
        return Logs.of(kit)
                .insights(text)
                .logGroups(group)
                .pollInterval(Duration.ofMillis(20))
                .between(T0, T1);
    }

    private static int budget(int rows) {
        return (int) Math.floor(1.5 * Math.ceil(rows / 10_000.0));
    }

    private void assertEachExactlyOnce(List<InsightsRow> rows) {
        List<String> ptrs = rows.stream().map(r -> r.ptr().orElseThrow()).collect(Collectors.toList());
        assertThat(ptrs).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ptrs)).isEqualTo(expectedPtrs);
    }

    @Test
    void stream_whenSortedDescAndPast10000Rows_returnsEachRowExactlyOnceWithinTheQueryBudget() {
        AtomicReference<InsightsReport> report = new AtomicReference<>();
        List<InsightsRow> rows;
        try (Stream<InsightsRow> s = query(QUERY).onReport(report::set).stream()) {
            rows = s.collect(Collectors.toList());
        }

        assertEachExactlyOnce(rows);
        InsightsReport r = report.get();
        assertThat(r.rows()).isEqualTo(35_000);
        assertThat(r.complete()).isTrue();
        assertThat(r.queries()).isLessThanOrEqualTo(budget(35_000)).isGreaterThanOrEqualTo(4);
        assertThat(r.recordsMatched()).isGreaterThanOrEqualTo(35_000);
        assertThat(fake.statusesSeen()).contains("Scheduled", "Running", "Complete");
        assertThat(fake.abandoned()).isEmpty();
    }

    @Test
    void stream_whenUnsorted_returnsEachRowExactlyOnceWithinTheQueryBudget() {
        InsightsResult r = query("fields @timestamp, @message | filter @logStream like /app/")
                .run();

        assertEachExactlyOnce(r.rows());
        assertThat(r.report().queries()).isLessThanOrEqualTo(budget(35_000));
        // a capped unsorted page is not delivered: its parts return those rows again, each once
        assertThat(r.report().duplicatesDropped()).isZero();
    }

    @Test
    void stream_whenTheQueryHasItsOwnLimit_deliversExactlyThatManyOfTheFirstRowsInItsOrder() {
        // issue 11: a user's "| limit N" caps the total at N (the kit used to split and return all 35,000)
        InsightsResult asc = query("fields @timestamp, @message | filter @logStream like /app/ | sort @timestamp asc"
                        + " | limit 10000")
                .run();
        InsightsResult small = query(QUERY + " | limit 100").run();
        InsightsResult big = query(QUERY + " | limit 15000").run();

        // 25 rows per timestamp: the oldest 400 timestamps hold exactly 10,000 rows, the newest 600 15,000
        assertThat(asc.rows()).hasSize(10_000);
        assertThat(ptrs(asc.rows())).isEqualTo(ptrsOf(events.subList(0, eventIndexAfter(400)), "app"));
        assertThat(asc.report().complete()).isTrue();
        assertThat(small.rows()).hasSize(100);
        assertThat(small.report().queries()).isEqualTo(1);
        assertThat(timestamps(small.rows()))
                .allMatch(t -> !t.isBefore(newestTimestamps(4).get(3)));
        assertThat(big.rows()).hasSize(15_000);
        assertThat(ptrs(big.rows()))
                .isEqualTo(ptrsAtOrAfter(newestTimestamps(600).get(599)));
        assertThat(big.report().complete()).isTrue();
    }

    private static Set<String> ptrs(List<InsightsRow> rows) {
        List<String> all = rows.stream().map(r -> r.ptr().orElseThrow()).collect(Collectors.toList());
        assertThat(all).doesNotHaveDuplicates();
        return new HashSet<>(all);
    }

    private static List<Instant> timestamps(List<InsightsRow> rows) {
        return rows.stream().map(r -> r.timestamp().orElseThrow()).collect(Collectors.toList());
    }

    /** The index in {@link #events} of the first event of the {@code n}th distinct timestamp. */
    private int eventIndexAfter(int n) {
        long distinct = 0;
        long prev = Long.MIN_VALUE;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).ts() != prev) {
                prev = events.get(i).ts();
                if (distinct++ == n) {
                    return i;
                }
            }
        }
        return events.size();
    }

    private static Set<String> ptrsOf(List<FakeInsights.Event> list, String streamPrefix) {
        return list.stream()
                .filter(e -> e.stream().startsWith(streamPrefix))
                .map(FakeInsights.Event::ptr)
                .collect(Collectors.toSet());
    }

    /** The newest {@code n} distinct timestamps of the matching events, newest first. */
    private List<Instant> newestTimestamps(int n) {
        return events.stream()
                .filter(e -> e.stream().startsWith("app"))
                .map(e -> Instant.ofEpochMilli(e.ts()))
                .distinct()
                .sorted(java.util.Comparator.reverseOrder())
                .limit(n)
                .collect(Collectors.toList());
    }

    private Set<String> ptrsAtOrAfter(Instant t) {
        return events.stream()
                .filter(e -> e.stream().startsWith("app") && e.ts() >= t.toEpochMilli())
                .map(FakeInsights.Event::ptr)
                .collect(Collectors.toSet());
    }

    /**
     * More than a page of rows around one second's boundary, many sharing its first millisecond: the
     * first page (sorted desc) ends inside the older second, so the rest must be read through that
     * second's end. Seed 000's query (less its limit).
     */
    private void boundaryEvents() {
        events.clear();
        expectedPtrs.clear();
        long a = T0.plusSeconds(1800).toEpochMilli(); // second A; B = A + 1 s
        int n = 0;
        for (int i = 0; i < 6000; i++) {
            long ts = i < 500 ? a + 999 : a + (i % 1000); // 500 at A.999, the rest spread over A
            events.add(new FakeInsights.Event(ts, "web-" + (i % 2), "a " + i, "pa-" + n++));
        }
        for (int i = 0; i < 6000; i++) {
            long ts = i < 1500 ? a + 1000 : a + 1000 + (i % 1000); // 1,500 at B.000, the boundary millisecond
            events.add(new FakeInsights.Event(ts, "web-" + (i % 2), "b " + i, "pb-" + n++));
        }
        for (int i = 0; i < 300; i++) { // and a few elsewhere in the hour
            events.add(new FakeInsights.Event(T0.toEpochMilli() + i * 11_000L, "web-1", "x " + i, "px-" + n++));
        }
        events.forEach(e -> expectedPtrs.add(e.ptr()));
    }

    static final String SEED_000 =
            "fields @timestamp, @message, @logStream | filter @logStream like /web/" + " | sort @timestamp desc";

    @Test
    void stream_whenTheEndParameterStopsAtItsFirstMillisecond_losesNoRowAroundACappedBoundary() {
        // issue 11: after a capped page the kit queried [start, A] and lost A.001..A.999 on a server
        // whose end is the instant end.000 (moto's reading of "inclusive"), while reporting complete
        boundaryEvents();
        fake.endAtFirstMillisecond();

        InsightsResult r = query(SEED_000).run();

        assertEachExactlyOnce(r.rows());
        assertThat(r.report().complete()).isTrue();
        assertThat(r.report().splits()).isPositive();
    }

    @Test
    void stream_whenTheEndParameterIncludesItsWholeSecond_losesNoRowAroundACappedBoundary() {
        boundaryEvents();

        InsightsResult r = query(SEED_000).run();

        assertEachExactlyOnce(r.rows());
        assertThat(r.report().complete()).isTrue();
    }

    @Test
    void stream_whenAFullPageComesWithoutStatistics_treatsItAsTruncated() {
        // issue 11: no statistics read as recordsMatched 0, so a capped page looked complete
        fake.noStatistics();

        AtomicReference<InsightsReport> report = new AtomicReference<>();
        List<InsightsRow> rows;
        try (Stream<InsightsRow> s = query(QUERY).onReport(report::set).stream()) {
            rows = s.collect(Collectors.toList());
        }

        assertEachExactlyOnce(rows);
        assertThat(report.get().complete()).isTrue();
        assertThat(report.get().splits()).isPositive();
    }

    @Test
    void stream_whenRowsCarryTimestamps_holdsNoDeduplicationKeys() {
        // issue 11: every @ptr was kept for the whole run (35,000 keys); windows now own disjoint
        // seconds, so a row with a @timestamp needs no key (only rows without one are held)
        InsightsResult desc = query(QUERY).run();
        InsightsResult unsorted = query("fields @timestamp, @message | filter @logStream like /app/")
                .run();

        assertEachExactlyOnce(desc.rows());
        assertEachExactlyOnce(unsorted.rows());
        assertThat(desc.report().splits()).isPositive();
        assertThat(desc.report().deduplicationKeys()).isZero();
        assertThat(unsorted.report().deduplicationKeys()).isZero();
    }

    @Test
    void stream_whenRowsHaveNoPtr_neverMergesEqualRows() {
        // issue 11: rows without @ptr were keyed by their fields, so equal log lines became one
        events.clear();
        expectedPtrs.clear();
        for (int i = 0; i < 3; i++) {
            events.add(new FakeInsights.Event(T0.toEpochMilli() + 5000, "app-1", "same line", "p" + i));
        }
        events.add(new FakeInsights.Event(T0.toEpochMilli() + 9000, "app-1", "other line", "p9"));
        fake.noPtr();

        InsightsResult r = query(QUERY).run();

        assertThat(r.rows())
                .extracting(row -> row.message().orElseThrow())
                .containsExactly("other line", "same line", "same line", "same line");
        assertThat(r.rows()).allMatch(row -> row.ptr().isEmpty());
    }

    @Test
    void stream_whenDroppedWithoutClose_stopsItsQueries() {
        // issue 11: an abandoned stream kept its workers waiting for a reader forever
        fake.neverComplete(i -> i > 0); // the first query completes, its parts keep running
        readFiveAndDrop();

        Wait.until("an abandoned stream's queries to be stopped")
                .timeout(Duration.ofSeconds(60))
                .poll(() -> {
                    System.gc();
                    return !fake.stoppedIds().isEmpty() && fake.abandoned().isEmpty()
                            ? Optional.of(true)
                            : Optional.empty();
                });
        assertThat(fake.stoppedIds()).isNotEmpty();
    }

    /** Reads a few rows and lets the stream become unreachable, without close(). */
    private void readFiveAndDrop() {
        java.util.Iterator<InsightsRow> it =
                query(QUERY).concurrency(3).stream().iterator();
        for (int i = 0; i < 5; i++) {
            assertThat(it.next()).isNotNull();
        }
        Wait.until("the parts to start")
                .timeout(Duration.ofSeconds(30))
                .poll(() -> fake.started() >= 3 ? Optional.of(true) : Optional.empty());
    }

    @Test
    void orderByTimestamp_deliversRowsInTimeOrderWithTypedTimestamps() {
        List<InsightsRow> rows =
                query(QUERY).orderByTimestamp(Order.ASCENDING).run().rows();

        assertThat(rows).hasSize(expected);
        List<Instant> times =
                rows.stream().map(r -> r.timestamp().orElseThrow()).collect(Collectors.toList());
        assertThat(times).isSorted();
        assertThat(times.get(0)).isEqualTo(T0.plusMillis(123));
        assertThat(rows.get(0).logStream().orElseThrow()).startsWith("app-");
    }

    @Test
    void stream_whenStartQueryHitsLimitExceededAndAQueryTimesOut_retriesAndStillReturnsEachRowOnce() {
        fake.limitExceeded(2);
        fake.timeouts(1);
        fake.unknowns(1);

        InsightsResult r = query(QUERY).run();

        assertEachExactlyOnce(r.rows());
        assertThat(r.report().retries()).isEqualTo(3);
        assertThat(fake.statusesSeen()).contains("Scheduled", "Running", "Complete", "Timeout", "Unknown");
    }

    @Test
    void close_whenStreamClosedEarly_stopsEveryRunningQuery() {
        fake.neverComplete(i -> i > 0); // the first query completes, the parts keep running
        AtomicReference<InsightsReport> report = new AtomicReference<>();
        try (Stream<InsightsRow> s = query(QUERY).concurrency(3).onReport(report::set).stream()) {
            assertThat(s.limit(5).count()).isEqualTo(5);
            Wait.until("the parts to start")
                    .timeout(Duration.ofSeconds(30))
                    .poll(() -> fake.started() >= 3 ? Optional.of(true) : Optional.empty());
        }

        int started = fake.started();
        assertThat(fake.abandoned()).isEmpty();
        assertThat(fake.stoppedIds()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(report.get().complete()).isFalse();
        assertThat(report.get().stopped()).isEqualTo(fake.stoppedIds().size());
        assertThat(fake.started()).as("nothing starts after close").isEqualTo(started);
    }

    @Test
    void stream_whenAggregateQueryWouldNeedSplitting_refusesWithAClearMessage() {
        assertThatThrownBy(() -> query("filter @logStream like /app/ | stats count(*) by @message")
                        .run())
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("The aggregate query returned 10000 rows, the most one query returns, over"
                        + " [2024-03-01T00:00:00Z .. 2024-03-01T01:00:00Z] of log groups [app] (region us-east-1)."
                        + " Splitting the time range would split its groups, so aws-kit does not");
    }

    @Test
    void stream_whenAggregateQueryFits_returnsItsGroupsFromOneQuery() {
        InsightsResult r = query("filter @logStream like /app/ | stats count(*) by @logStream")
                .run();

        assertThat(r.report().queries()).isEqualTo(1);
        assertThat(r.rows()).hasSize(3);
        assertThat(r.rows().stream()
                        .mapToInt(row -> Integer.parseInt(row.get("count(*)").orElseThrow()))
                        .sum())
                .isEqualTo(35_000);
    }

    @Test
    void stream_whenOneSecondHoldsMoreRowsThanAQueryReturns_failsNamingTheSecond() {
        assertThatThrownBy(() -> query(QUERY).rowsPerQuery(10).run())
                .isInstanceOf(AwsKitException.class)
                .hasMessageContaining("More than 10 rows (25) match in the single second 2024-03-01T")
                .hasMessageContaining("Narrow the query with a filter (e.g. on @logStream) and run it per part.");
        assertThat(fake.abandoned()).isEmpty();
    }

    @Test
    void stream_whenQueryFails_throwsNamingTheQueryAndRegion() {
        String bad = "fields @timestamp | filter @logStream like /app/ | sort @timestamp desc | parse oops";
        fake.failQueries(bad);

        assertThatThrownBy(() -> query(bad).run())
                .isInstanceOf(AwsKitException.class)
                .hasMessageContaining(
                        "ended in status Failed. Check the query in the console's Logs Insights page: " + bad)
                .hasMessageContaining("(region us-east-1)");
    }
}
