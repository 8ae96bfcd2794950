// Chapter 75 — Logs Insights: seed 000's query, every row and not just the first 10,000.
// Runs after the setup chapter, on its `cloud` kit: the local moto_server (or AWSKIT_IT_ENDPOINT).
// moto has no 10,000-row cap and sends no statistics; the kit follows AWS, so here the cap is set
// lower (rowsPerQuery) to show the paging over many windows. On AWS the cap is the service's own.
import dev.awskit.logs.*;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

System.out.println("\n== 75 Logs Insights ==");
String logsTourGroup = "tour-app-" + Long.toString(System.nanoTime(), 36);
Instant logsTourBase = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

step("Create a log group and write 15,000 events over 30 seconds (aws logs create-log-group, put-log-events)", () -> {
    CloudWatchLogsClient logs = cloud.client(CloudWatchLogsClient.class);
    logs.createLogGroup(r -> r.logGroupName(logsTourGroup));
    for (String stream : List.of("web-1", "web-2")) {
        logs.createLogStream(r -> r.logGroupName(logsTourGroup).logStreamName(stream));
        List<InputLogEvent> events = new ArrayList<>();
        for (int i = 0; i < 7500; i++) {   // 250 a second per stream, 25 of them on the second's first millisecond
            long ts = logsTourBase.toEpochMilli() + (i / 250) * 1000L + (i % 250 < 25 ? 0 : (i % 250) * 4);
            events.add(InputLogEvent.builder().timestamp(ts).message(stream + " request " + i).build());
        }
        for (int from = 0; from < events.size(); from += 5000) {   // at most 10,000 events a call
            List<InputLogEvent> batch = events.subList(from, Math.min(events.size(), from + 5000));
            logs.putLogEvents(r -> r.logGroupName(logsTourGroup).logStreamName(stream).logEvents(batch));
        }
    }
    System.out.println("  " + logsTourGroup + ": 2 streams, 15000 events from " + logsTourBase);
});

step("Seed 000's query, every row: the kit splits the time range where a query is capped", () -> {
    // seed 000: fields @timestamp, @message, @logStream | filter @logStream like /xxxxx/ | sort @timestamp desc
    //           | limit 10000   (here without its limit, and with the streams of this chapter)
    InsightsResult all = Logs.of(cloud)
        .insights("fields @timestamp, @message, @logStream | filter @logStream like /web/ | sort @timestamp desc")
        .logGroups(logsTourGroup)
        .between(logsTourBase.minusSeconds(60), Instant.now())
        .rowsPerQuery(2000)   // on moto only: AWS caps a query at 10,000 rows by itself
        .run();
    System.out.println("  " + all.rows().size() + " rows, " + all.rows().stream().map(r -> r.ptr().orElse("")).distinct().count()
        + " distinct; newest: " + all.rows().get(0).message().orElse(""));
    System.out.println("  " + all.report());
});

step("Seed 000's query as written, with '| limit 10000': exactly the newest 10,000 rows", () -> {
    InsightsResult newest = Logs.of(cloud)
        .insights("fields @timestamp, @message, @logStream | filter @logStream like /web/ | sort @timestamp desc"
            + " | limit 10000")
        .logGroups(logsTourGroup)
        .between(logsTourBase.minusSeconds(60), Instant.now())
        .run();
    System.out.println("  " + newest.rows().size() + " rows, oldest " + newest.rows().get(newest.rows().size() - 1).timestamp().orElseThrow());
    System.out.println("  " + newest.report());
});

step("Delete the log group (aws logs delete-log-group)", () -> {
    cloud.client(CloudWatchLogsClient.class).deleteLogGroup(r -> r.logGroupName(logsTourGroup));
    System.out.println("  deleted " + logsTourGroup);
});
