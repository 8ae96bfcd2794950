package dev.awskit.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.logs.internal.DefaultLogs;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InsightsQueryTest {
    private final AwsKit kit = AwsKit.builder()
            .region("us-east-1")
            .credentials("awskit-test-key", "test-secret")
            .endpoint("http://127.0.0.1:9")
            .build();

    @AfterEach
    void close() {
        kit.close();
    }

    @Test
    void parseTimestamp_readsAwsFormatIsoAndEpochMillis() {
        Instant expected = Instant.parse("2024-03-01T00:00:02.694Z");
        assertThat(InsightsRow.parseTimestamp("2024-03-01 00:00:02.694")).isEqualTo(expected);
        assertThat(InsightsRow.parseTimestamp("1709251202694")).isEqualTo(expected);
        assertThat(InsightsRow.parseTimestamp("2024-03-01T00:00:02.694Z")).isEqualTo(expected);
        assertThat(InsightsRow.parseTimestamp("2024-03-01 00:00:02")).isEqualTo(expected.minusMillis(694));
    }

    @Test
    void parseTimestamp_whenGarbage_namesTheValueAndTheForms() {
        assertThatThrownBy(() -> InsightsRow.parseTimestamp("yesterday"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'yesterday' is not a Logs Insights timestamp; expected 2024-01-02 03:04:05.678 or epoch"
                        + " milliseconds");
    }

    @Test
    void row_exposesTypedFieldsAndPrintsThem() {
        InsightsRow r = InsightsRow.of(Map.of("@timestamp", "2024-03-01 00:00:00.000", "@ptr", "p1"));
        assertThat(r.timestamp()).contains(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(r.ptr()).contains("p1");
        assertThat(r.message()).isEmpty();
        assertThat(r.toString()).startsWith("InsightsRow{").contains("@ptr=p1");
    }

    @Test
    void stream_whenNoLogGroup_saysWhatToCall() {
        InsightsQuery q = Logs.of(kit).insights("fields @message").last(Duration.ofHours(1));
        assertThatThrownBy(q::stream)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no log group: call logGroups(\"app\") before stream()");
    }

    @Test
    void stream_whenNoTimeRange_saysWhatToCall() {
        InsightsQuery q = Logs.of(kit).insights("fields @message").logGroups("app");
        assertThatThrownBy(q::stream)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no time range: call between(from, to) or last(Duration) before stream()");
    }

    @Test
    void setters_rejectBadValuesNamingThem() {
        InsightsQuery q = Logs.of(kit).insights("fields @message");
        assertThatThrownBy(() -> q.concurrency(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("concurrency must be 1..100 queries, was 0");
        assertThatThrownBy(() -> q.rowsPerQuery(10_001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rowsPerQuery must be 1..10000, was 10001");
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        assertThatThrownBy(() -> q.between(now, now.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("between(2024-01-01T00:00:00Z, 2023-12-31T23:59:59Z): 'to' is before 'from'");
        assertThatThrownBy(() -> Logs.of(kit).insights(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("query must not be empty");
        assertThatThrownBy(() -> new DefaultLogs(kit, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tps must be in (0, 1000], was 0.0");
    }

    @Test
    void logsFacades_ofOneKit_shareOneRegulator() {
        Logs.of(kit);
        DefaultLogs first = kit.shared(DefaultLogs.class, () -> {
            throw new AssertionError("Logs.of(kit) did not keep its regulator on the kit");
        });
        Logs.of(kit);
        assertThat(kit.shared(DefaultLogs.class, () -> null)).isSameAs(first);
    }
}
