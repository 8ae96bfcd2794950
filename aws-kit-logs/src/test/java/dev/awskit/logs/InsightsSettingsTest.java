package dev.awskit.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The settings of an Insights run, fluent or as a request: written once, checked together. No network. */
class InsightsSettingsTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    private final AwsKit kit = AwsKit.builder()
            .region("us-east-1")
            .credentials("awskit-test-key", "test-secret")
            .endpoint("http://127.0.0.1:9")
            .build();

    @AfterEach
    void close() {
        kit.close();
    }

    private InsightsQuery q() {
        return Logs.of(kit).insights("fields @message");
    }

    @Test
    void fluentQuery_secondWriteNamesBothValues() {
        // before, each of these silently kept the last value
        assertThatThrownBy(() -> q().concurrency(4).concurrency(8))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("concurrency was already set to 4; cannot set it to 8");
        assertThatThrownBy(() -> q().rowsPerQuery(100).rowsPerQuery(200))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("rowsPerQuery was already set to 100; cannot set it to 200");
        assertThatThrownBy(() -> q().pollInterval(Duration.ofMillis(50)).pollInterval(Duration.ofMillis(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("pollInterval was already set to PT0.05S; cannot set it to PT0.06S");
        assertThatThrownBy(() -> q().queryTimeout(Duration.ofMinutes(1)).queryTimeout(Duration.ofMinutes(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("queryTimeout was already set to PT1M; cannot set it to PT2M");
        assertThatThrownBy(() -> q().orderByTimestamp(InsightsQuery.Order.ASCENDING)
                        .orderByTimestamp(InsightsQuery.Order.DESCENDING))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("orderByTimestamp was already set to ASCENDING; cannot set it to DESCENDING");
        assertThatThrownBy(() -> q().onReport(r -> {}).onReport(r -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("onReport was already set to a listener; cannot set it to a listener");
    }

    @Test
    void betweenAndLast_areOneSetting_theTimeRange() {
        assertThatThrownBy(() -> q().between(T, T.plusSeconds(60)).between(T, T.plusSeconds(120)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("time range was already set to between(2024-01-01T00:00:00Z, 2024-01-01T00:01:00Z);"
                        + " cannot set it to between(2024-01-01T00:00:00Z, 2024-01-01T00:02:00Z)");
        assertThatThrownBy(() -> q().between(T, T.plusSeconds(60)).last(Duration.ofHours(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("time range was already set to between(2024-01-01T00:00:00Z,"
                        + " 2024-01-01T00:01:00Z); cannot set it to between(");
    }

    @Test
    void logGroups_accumulate() {
        InsightsRequest r = InsightsRequest.builder()
                .query("fields @message")
                .logGroups("a")
                .logGroups("b", "c")
                .between(T, T.plusSeconds(60))
                .build();
        assertThat(r.logGroups()).containsExactly("a", "b", "c");
    }

    @Test
    void pollIntervalNotShorterThanQueryTimeout_isRefused() {
        assertThatThrownBy(() -> q()
                        .logGroups("app")
                        .between(T, T.plusSeconds(60))
                        .pollInterval(Duration.ofSeconds(30))
                        .queryTimeout(Duration.ofSeconds(30))
                        .stream())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("pollInterval (PT30S) is not shorter than queryTimeout (PT30S): every query would be"
                        + " stopped before its first poll; lower pollInterval or raise queryTimeout");
    }

    @Test
    void request_withoutQuery_isRefused() {
        assertThatThrownBy(() -> InsightsRequest.builder()
                        .logGroups("app")
                        .last(Duration.ofHours(1))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no query: call query(\"fields @timestamp, @message\") first");
        assertThatThrownBy(() ->
                        Logs.of(kit).insights(b -> b.query("fields @message").logGroups("app")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no time range: call between(from, to) or last(Duration) before stream()");
        assertThatThrownBy(() -> InsightsRequest.builder().query("a").query("b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("query was already set to a; cannot set it to b");
    }

    @Test
    void request_keepsWhatWasGiven() {
        InsightsRequest r = InsightsRequest.builder()
                .query("  fields @message ")
                .logGroups("app")
                .between(T, T.plusSeconds(60))
                .concurrency(2)
                .rowsPerQuery(500)
                .orderByTimestamp(InsightsQuery.Order.DESCENDING)
                .build();
        assertThat(r.query()).isEqualTo("fields @message");
        assertThat(r.from()).isEqualTo(T);
        assertThat(r.to()).isEqualTo(T.plusSeconds(60));
        assertThat(r.concurrency()).isEqualTo(2);
        assertThat(r.rowsPerQuery()).isEqualTo(500);
        assertThat(r.pollInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(r.queryTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(r.order()).contains(InsightsQuery.Order.DESCENDING);
        assertThat(r.toString())
                .isEqualTo("InsightsRequest{fields @message, logGroups=[app], from=2024-01-01T00:00:00Z,"
                        + " to=2024-01-01T00:01:00Z}");
    }
}
