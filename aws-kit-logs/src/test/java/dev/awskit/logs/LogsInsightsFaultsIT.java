package dev.awskit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.testing.FaultProxy;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * A multi-window Logs Insights query (aws-kit-core's {@code dev.awskit.logs}) through the
 * {@link FaultProxy} at 10 % faults on StartQuery, GetQueryResults and StopQuery: throttling, 500s,
 * resets before and after the server acted, bodies cut half-way. Every written event comes back
 * exactly once with a complete report, or the run fails with an {@link AwsKitException} that names
 * the query; never a report that says complete with rows missing or repeated.
 *
 * <p>It lives here, not in aws-kit-core, because aws-kit-core cannot depend on this module (this
 * module depends on it). On moto (no row cap, no statistics) {@code rowsPerQuery(200)} makes every
 * page of 200 rows or more count as possibly truncated, so the query is split into many windows.
 */
@UsesServer(Service.LOGS)
class LogsInsightsFaultsIT {

    @Test
    void insights_throughTenPercentFaults_returnsEveryEventOnceOrFailsClearly(
            AwsKit aws, Target target, TestResources res) {
        String group = res.name();
        CloudWatchLogsClient logs = aws.client(CloudWatchLogsClient.class);
        logs.createLogGroup(r -> r.logGroupName(group));
        res.afterwards(() -> logs.deleteLogGroup(r -> r.logGroupName(group)));
        Instant base = Instant.now().minus(15, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Long> written = new HashMap<>();
        List<InputLogEvent> events = new ArrayList<>();
        for (int second = 0; second < 30; second++) {
            for (int i = 0; i < 80; i++) {
                int ms = i < 20 ? 0 : i < 30 ? 999 : (i * 13) % 1000; // many on a second's edges
                long ts = base.toEpochMilli() + second * 1000L + ms;
                String message = "fault-event " + second + "-" + i;
                events.add(
                        InputLogEvent.builder().timestamp(ts).message(message).build());
                written.put(message, ts);
            }
        }
        events.sort(Comparator.comparingLong(InputLogEvent::timestamp));
        logs.createLogStream(r -> r.logGroupName(group).logStreamName("web-1"));
        logs.putLogEvents(r -> r.logGroupName(group).logStreamName("web-1").logEvents(events));
        if (target.kind() != Target.Kind.LOCAL_EMULATOR) {
            waitForIngestion(aws, group, base, written.size());
        }

        List<String> queries = List.of(
                // seed 000's query: on moto its first page holds everything, the rest is one window
                "fields @timestamp, @message, @logStream | filter @logStream like /web/ | sort @timestamp desc",
                // asc: the same from the other end
                "fields @timestamp, @message, @logStream | filter @logStream like /web/ | sort @timestamp asc",
                // unsorted: capped windows are cut in parts, recursively (a dozen windows and more)
                "fields @timestamp, @message, @logStream | filter @logStream like /web/",
                "fields @timestamp, @message | filter @logStream like /web/");
        try (FaultProxy proxy = FaultProxy.builder(target.endpoint())
                        .seed(11)
                        .fault(FaultProxy.Fault.THROTTLE, 0.03)
                        .fault(FaultProxy.Fault.ERROR_500, 0.02)
                        .fault(FaultProxy.Fault.RESET_BEFORE, 0.02)
                        .fault(FaultProxy.Fault.RESET_AFTER, 0.02)
                        .fault(FaultProxy.Fault.CUT_BODY, 0.01)
                        .only(req -> req.operation().equals("StartQuery")
                                || req.operation().equals("GetQueryResults")
                                || req.operation().equals("StopQuery"))
                        .start();
                AwsKit kit = target.withEndpoint(proxy.endpoint()).kit()) {
            for (String query : queries) {
                AtomicReference<InsightsReport> report = new AtomicReference<>();
                List<InsightsRow> rows = new ArrayList<>();
                AwsKitException failed = null;
                try (Stream<InsightsRow> s = Logs.of(kit)
                        .insights(query)
                        .logGroups(group)
                        .between(base.minusSeconds(2), base.plusSeconds(35))
                        .rowsPerQuery(200) // more than one second holds (80 + 20 on the next one's edge)
                        .pollInterval(Duration.ofMillis(20))
                        .onReport(report::set)
                        .stream()) {
                    s.forEach(rows::add);
                } catch (AwsKitException e) {
                    failed = e;
                }
                System.out.println("[LogsInsightsFaultsIT] " + proxy.requests() + " requests so far, "
                        + proxy.injected() + " faults injected; " + query + ": "
                        + (failed == null ? report.get() : "failed: " + failed.getMessage()));
                if (failed != null) {
                    // a clear error naming the query and where; the report does not claim completeness
                    assertThat(failed).hasMessageContaining("Logs Insights").hasMessageContaining(group);
                    assertThat(report.get().complete()).isFalse();
                    continue;
                }
                List<String> messages =
                        rows.stream().map(r -> r.message().orElseThrow()).collect(Collectors.toList());
                assertThat(messages).as(query).doesNotHaveDuplicates();
                assertThat(Set.copyOf(messages)).as(query).isEqualTo(written.keySet());
                assertThat(report.get().complete()).isTrue();
                assertThat(report.get().queries()).isGreaterThan(1);
            }
            assertThat(proxy.injected()).as("faults injected").isGreaterThanOrEqualTo(5);
        }
    }

    /** A real service ingests within seconds: wait until a plain query sees every event. */
    private static void waitForIngestion(AwsKit aws, String group, Instant base, int count) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            int seen = Logs.of(aws)
                    .insights("fields @timestamp, @message | sort @timestamp desc")
                    .logGroups(group)
                    .between(base.minusSeconds(2), base.plusSeconds(35))
                    .run()
                    .rows()
                    .size();
            if (seen >= count) {
                return;
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
