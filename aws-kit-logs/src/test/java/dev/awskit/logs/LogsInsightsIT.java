package dev.awskit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.Targets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * Logs Insights paging against an independent server: the shared moto_server (or {@code
 * AWSKIT_IT_ENDPOINT}). 12,000 events written with PutLogEvents over 40 seconds, 300 a second, many
 * of them on a second's first (and last) millisecond; the expected rows are the events written.
 *
 * <p>Where moto differs from AWS (moto 5.2): it has no row cap (it ignores StartQuery's {@code limit}
 * and returns every match), sends no {@code statistics}, ignores {@code filter} (every stream here
 * matches it, so the answer is the same), and its {@code endTime} includes only the end second's first
 * millisecond. The kit follows AWS: {@code rowsPerQuery(1000)} makes every page that comes back with
 * 1,000 rows or more and no statistics count as possibly truncated, so the windowed paging runs here
 * on moto's own time-range semantics; the 10,000-row cap and {@code statistics} are covered by
 * {@link InsightsPagingIT} on a fake that follows the AWS documentation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogsInsightsIT {
    static final String SEED_000 =
            "fields @timestamp, @message, @logStream | filter @logStream like /web/" + " | sort @timestamp desc";

    Target server;
    AwsKit kit;
    String group;
    Instant base;
    /** message -> timestamp (ms) of every event written. */
    final Map<String, Long> written = new HashMap<>();

    @BeforeAll
    void writeEvents() {
        server = Targets.require(Service.LOGS);
        System.out.println("[LogsInsightsIT] against " + server);
        kit = server.kitBuilder().build();
        group = "awskit-insights-it-" + Long.toString(System.nanoTime(), 36);
        CloudWatchLogsClient logs = kit.client(CloudWatchLogsClient.class);
        logs.createLogGroup(r -> r.logGroupName(group));
        // recent timestamps: services refuse events older than 14 days
        base = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        Map<String, List<InputLogEvent>> byStream = new HashMap<>();
        for (int second = 0; second < 40; second++) {
            for (int i = 0; i < 300; i++) {
                // 60 on the second's first millisecond, 40 on its last, the rest spread over it
                int ms = i < 60 ? 0 : i < 100 ? 999 : (i * 7) % 1000;
                long ts = base.toEpochMilli() + second * 1000L + ms;
                String message = "event " + second + "-" + i;
                String stream = "web-" + (i % 2);
                byStream.computeIfAbsent(stream, s -> new ArrayList<>())
                        .add(InputLogEvent.builder()
                                .timestamp(ts)
                                .message(message)
                                .build());
                written.put(message, ts);
            }
        }
        byStream.forEach((stream, events) -> {
            logs.createLogStream(r -> r.logGroupName(group).logStreamName(stream));
            events.sort(Comparator.comparingLong(InputLogEvent::timestamp)); // PutLogEvents wants time order
            for (int from = 0; from < events.size(); from += 5_000) {
                List<InputLogEvent> batch = events.subList(from, Math.min(events.size(), from + 5_000));
                logs.putLogEvents(
                        r -> r.logGroupName(group).logStreamName(stream).logEvents(batch));
            }
        });
    }

    @AfterAll
    void deleteGroup() {
        if (kit != null) {
            try {
                kit.client(CloudWatchLogsClient.class).deleteLogGroup(r -> r.logGroupName(group));
            } finally {
                kit.close();
            }
        }
    }

    private InsightsQuery query(String text) {
        return Logs.of(kit)
                .insights(text)
                .logGroups(group)
                .between(base.minusSeconds(5), base.plusSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .rowsPerQuery(1000);
    }

    /** Runs the query; on a real service again until it sees every event (ingestion takes seconds). */
    private InsightsResult runUntilIngested(Supplier<InsightsQuery> q, int atLeast) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            InsightsResult r = q.get().run();
            if (server.kind() == Target.Kind.LOCAL_EMULATOR
                    || r.rows().size() >= atLeast
                    || System.nanoTime() > deadline) {
                return r;
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private void assertEveryEventExactlyOnce(InsightsResult r) {
        List<String> messages =
                r.rows().stream().map(row -> row.message().orElseThrow()).collect(Collectors.toList());
        assertThat(messages).doesNotHaveDuplicates();
        assertThat(Set.copyOf(messages)).isEqualTo(written.keySet());
        for (InsightsRow row : r.rows()) {
            assertThat(row.timestamp().orElseThrow().toEpochMilli())
                    .as("timestamp of %s", row.message().orElseThrow())
                    .isEqualTo(written.get(row.message().orElseThrow()));
        }
        assertThat(r.report().complete()).isTrue();
        assertThat(r.report().rows()).isEqualTo(written.size());
    }

    @Test
    void seed000_sortedDesc_returnsEveryEventExactlyOnceOverManyWindows() {
        InsightsResult r = runUntilIngested(() -> query(SEED_000), written.size());

        assertEveryEventExactlyOnce(r);
        assertThat(r.report().queries()).isGreaterThan(1);
        // every row carries @timestamp: windows own disjoint seconds, nothing is held to deduplicate
        assertThat(r.report().deduplicationKeys()).isZero();
    }

    @Test
    void sortedAsc_returnsEveryEventExactlyOnce() {
        InsightsResult r = runUntilIngested(
                () -> query(
                        "fields @timestamp, @message, @logStream | filter @logStream like /web/ | sort @timestamp asc"),
                written.size());

        assertEveryEventExactlyOnce(r);
    }

    @Test
    void unsorted_returnsEveryEventExactlyOnce() {
        InsightsResult r = runUntilIngested(
                () -> query("fields @timestamp, @message, @logStream | filter @logStream like /web/"), written.size());

        assertEveryEventExactlyOnce(r);
    }

    @Test
    void seed000WithItsLimit_returnsExactlyTheNewestRows() {
        // seed 000 as written ends in "| limit 10000": the user's limit caps the whole answer
        InsightsResult full = runUntilIngested(
                () -> Logs.of(kit)
                        .insights(SEED_000 + " | limit 10000")
                        .logGroups(group)
                        .between(base.minusSeconds(5), base.plusSeconds(60))
                        .pollInterval(Duration.ofMillis(50)),
                10_000);
        InsightsResult paged = runUntilIngested(() -> query(SEED_000 + " | limit 2500"), 2_500);

        assertNewest(full, 10_000);
        assertNewest(paged, 2_500);
    }

    /** Exactly {@code n} distinct written events, and every event newer than the oldest of them. */
    private void assertNewest(InsightsResult r, int n) {
        List<String> messages =
                r.rows().stream().map(row -> row.message().orElseThrow()).collect(Collectors.toList());
        assertThat(messages).hasSize(n).doesNotHaveDuplicates();
        assertThat(written.keySet()).containsAll(messages);
        long oldest = messages.stream().mapToLong(written::get).min().orElseThrow();
        Set<String> newer = written.entrySet().stream()
                .filter(e -> e.getValue() > oldest)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(messages).containsAll(newer);
        assertThat(r.report().complete()).isTrue();
    }
}
