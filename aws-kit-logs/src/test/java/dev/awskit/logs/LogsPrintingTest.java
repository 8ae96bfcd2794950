package dev.awskit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What JShell shows for the facade and for a query that was built but not run; no server. */
class LogsPrintingTest {
    private static final String SECRET = "awskit-test/secret+value";

    private static AwsKit kit() {
        return AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", SECRET)
                .endpoint("logs", "http://127.0.0.1:9")
                .environment(
                        Map.of("AWS_CONFIG_FILE", "/nonexistent/c", "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/k"))
                .build();
    }

    @Test
    void facade_namesRegionAndLogsEndpoint_notTheWholeKit() {
        try (AwsKit aws = kit()) {
            assertThat(Logs.of(aws)).hasToString("Logs[region us-east-1, endpoint http://127.0.0.1:9]");
            assertThat(Logs.of(aws).toString()).doesNotContain(SECRET);
        }
    }

    @Test
    void queryNotRun_saysWhatItWouldAsk_onOneLine_andThatRunStartsIt() {
        try (AwsKit aws = kit()) {
            InsightsQuery q = Logs.of(aws)
                    .insights("fields @timestamp, @message\n| filter @logStream like /web/\n| sort @timestamp desc")
                    .logGroups("app")
                    .between(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-02T00:00:00Z"))
                    .rowsPerQuery(2000);
            assertThat(q)
                    .hasToString("InsightsQuery{fields @timestamp, @message | filter @logStream like /web/ | sort"
                            + " @timestamp desc, log groups [app], 2025-01-01T00:00:00Z .. 2025-01-02T00:00:00Z,"
                            + " rows per query 2000, not run: call run()}");
            assertThat(Logs.of(aws).insights("fields @message"))
                    .hasToString(
                            "InsightsQuery{fields @message, log groups [], no time range yet, not run: call run()}");
        }
    }
}
