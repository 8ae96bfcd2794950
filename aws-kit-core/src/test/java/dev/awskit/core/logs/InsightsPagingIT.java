package dev.awskit.core.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.RetryPolicy;
import dev.awskit.core.Wait;
import dev.awskit.core.logs.InsightsQuery.Order;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * Logs Insights paging over the Logs JSON 1.1 protocol: the simulated backend ({@link FakeInsights},
 * 35,000 matching rows, 25 per timestamp) or, when {@code AWSKIT_IT_ENDPOINT} is set, that endpoint
 * with a smaller log group written through PutLogEvents. Fault injection only exists on the fake;
 * on a real endpoint those tests check the plain query instead.
 */
class InsightsPagingIT {
    static final String ENDPOINT = System.getenv("AWSKIT_IT_ENDPOINT");
    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    static final Instant T1 = T0.plusSeconds(3600);
    static final String QUERY =
            "fields @timestamp, @message, @logStream | filter @logStream like /app/ | sort @timestamp desc";

    FakeInsights fake;
    AwsKit kit;
    String group;
    Set<String> expectedPtrs = new HashSet<>();
    int expected;

    @BeforeEach
    void setUp() {
        if (ENDPOINT == null) {
            fake = new FakeInsights();
            kit = AwsKit.builder()
                    .region("us-east-1")
                    .credentials("AKIAIOSFODNN7EXAMPLE", "test-secret")
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
                    fake.add(new FakeInsights.Event(ts, "app-" + (j % 3), "event " + ptr, ptr));
                    expectedPtrs.add(ptr);
                }
                if (i % 7 == 0) {
                    for (int j = 0; j < 15; j++) {
                        fake.add(new FakeInsights.Event(ts, "other", "noise", "noise-" + (n++)));
                    }
                }
            }
            expected = expectedPtrs.size();
        } else {
            String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
            kit = AwsKit.builder()
                    .region(region)
                    .credentials(
                            System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "test"),
                            System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "test"))
                    .endpoint(ENDPOINT)
                    .build();
            group = "awskit-it-" + UUID.randomUUID().toString().substring(0, 8);
            CloudWatchLogsClient logs = kit.client(CloudWatchLogsClient.class);
            logs.createLogGroup(r -> r.logGroupName(group));
            logs.createLogStream(r -> r.logGroupName(group).logStreamName("app-0"));
            // recent timestamps: the service refuses events older than 14 days
            Instant base = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            List<InputLogEvent> batch = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                batch.add(InputLogEvent.builder()
                        .timestamp(base.toEpochMilli() + (i / 20) * 1000L + 250)
                        .message("event " + i)
                        .build());
            }
            logs.putLogEvents(r -> r.logGroupName(group).logStreamName("app-0").logEvents(batch));
            expected = 2000;
        }
    }

    @AfterEach
    void tearDown() {
        try {
            if (fake == null) {
                kit.client(CloudWatchLogsClient.class).deleteLogGroup(r -> r.logGroupName(group));
            }
        } finally {
            kit.close();
            if (fake != null) {
                fake.close();
            }
        }
    }

    private InsightsQuery query(String text) {
        InsightsQuery q = kit.logs().insights(text).logGroups(group).pollInterval(Duration.ofMillis(20));
        return fake != null ? q.between(T0, T1) : q.last(Duration.ofMinutes(30));
    }

    /** On a real endpoint: query until ingestion caught up, then check every row came once. */
    private InsightsResult plainCheck() {
        InsightsResult r = Wait.until("Logs Insights to see the " + expected + " events of " + group)
                .timeout(Duration.ofMinutes(3))
                .firstDelay(Duration.ofSeconds(1))
                .poll(() -> {
                    InsightsResult got = query(QUERY).run();
                    return got.rows().size() >= expected ? Optional.of(got) : Optional.empty();
                });
        assertThat(r.rows()).hasSize(expected);
        assertThat(r.rows().stream().map(row -> row.ptr().orElseThrow()).distinct())
                .hasSize(expected);
        return r;
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
        if (fake == null) {
            plainCheck();
            return;
        }
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
        if (fake == null) {
            plainCheck();
            return;
        }
        InsightsResult r = query("fields @timestamp, @message | filter @logStream like /app/")
                .run();

        assertEachExactlyOnce(r.rows());
        assertThat(r.report().queries()).isLessThanOrEqualTo(budget(35_000));
        assertThat(r.report().duplicatesDropped()).isPositive();
    }

    @Test
    void stream_whenSortedAscWithOwnLimit_returnsEachRowExactlyOnce() {
        if (fake == null) {
            plainCheck();
            return;
        }
        InsightsResult r = query("fields @timestamp, @message | filter @logStream like /app/ | sort @timestamp asc"
                        + " | limit 10000")
                .run();

        assertEachExactlyOnce(r.rows());
        assertThat(r.report().queries()).isLessThanOrEqualTo(budget(35_000));
    }

    @Test
    void orderByTimestamp_deliversRowsInTimeOrderWithTypedTimestamps() {
        List<InsightsRow> rows =
                query(QUERY).orderByTimestamp(Order.ASCENDING).run().rows();

        assertThat(rows).hasSize(expected);
        List<Instant> times =
                rows.stream().map(r -> r.timestamp().orElseThrow()).collect(Collectors.toList());
        assertThat(times).isSorted();
        if (fake != null) {
            assertThat(times.get(0)).isEqualTo(T0.plusMillis(123));
            assertThat(rows.get(0).logStream().orElseThrow()).startsWith("app-");
        }
    }

    @Test
    void stream_whenStartQueryHitsLimitExceededAndAQueryTimesOut_retriesAndStillReturnsEachRowOnce() {
        if (fake == null) {
            plainCheck();
            return;
        }
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
        if (fake == null) {
            try (Stream<InsightsRow> s = query(QUERY).stream()) {
                assertThat(s.limit(5).count()).isEqualTo(5);
            }
            return;
        }
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
        if (fake == null) {
            InsightsResult r = query("stats count(*) by @logStream").run();
            assertThat(r.report().queries()).isEqualTo(1);
            return;
        }
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
        if (fake != null) {
            assertThat(r.rows()).hasSize(3);
            assertThat(r.rows().stream()
                            .mapToInt(
                                    row -> Integer.parseInt(row.get("count(*)").orElseThrow()))
                            .sum())
                    .isEqualTo(35_000);
        }
    }

    @Test
    void stream_whenOneSecondHoldsMoreRowsThanAQueryReturns_failsNamingTheSecond() {
        if (fake == null) {
            plainCheck();
            return;
        }
        assertThatThrownBy(() -> query(QUERY).rowsPerQuery(10).run())
                .isInstanceOf(AwsKitException.class)
                .hasMessageContaining("More than 10 rows (25) match in the single second 2024-03-01T")
                .hasMessageContaining("Narrow the query with a filter (e.g. on @logStream) and run it per part.");
        assertThat(fake.abandoned()).isEmpty();
    }

    @Test
    void stream_whenQueryFails_throwsNamingTheQueryAndRegion() {
        if (fake == null) {
            plainCheck();
            return;
        }
        String bad = "fields @timestamp | filter @logStream like /app/ | sort @timestamp desc | parse oops";
        fake.failQueries(bad);

        assertThatThrownBy(() -> query(bad).run())
                .isInstanceOf(AwsKitException.class)
                .hasMessageContaining(
                        "ended in status Failed. Check the query in the console's Logs Insights page: " + bad)
                .hasMessageContaining("(region us-east-1)");
    }
}
