package dev.awskit.logs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated Logs Insights backend in WireMock, speaking the CloudWatch Logs JSON 1.1 protocol
 * ({@code X-Amz-Target: Logs_20140328.StartQuery}, {@code GetQueryResults}, {@code StopQuery}). It
 * exists only for what moto (the independent server of {@code LogsInsightsIT}) does not model: the
 * row cap of one query, {@code statistics}, the Scheduled/Running/Timeout/Failed/Cancelled/Unknown
 * statuses, the concurrency quota, and faults on those paths.
 *
 * <p>What it follows, from the AWS documentation:
 *
 * <ul>
 *   <li>CloudWatch Logs quotas (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html)
 *       and the StartQuery API reference
 *       (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartQuery.html): a
 *       query returns at most 10,000 rows ({@code limit}, default here 1,000 when neither the request
 *       nor the query text sets one); up to 30 concurrent queries, more fail StartQuery with
 *       {@code LimitExceededException}; StartQuery and GetQueryResults have a per-second call quota,
 *       which the kit's regulator keeps (this fake does not throttle).
 *   <li>The GetQueryResults API reference
 *       (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetQueryResults.html):
 *       {@code statistics.recordsMatched} counts every matching event, also those past the cap;
 *       {@code status} is one of Scheduled, Running, Complete, Failed, Cancelled, Timeout, Unknown;
 *       results of a query that is not Complete are partial and must be ignored.
 *   <li>{@code startTime}/{@code endTime} are epoch seconds and "the range is inclusive". Whether the
 *       whole end second is in is not documented: by default the fake includes it ({@code end +
 *       0.999 s}); {@link #endAtFirstMillisecond()} stops at {@code end.000}, as moto does.
 *   <li>The limit command (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Limit.html):
 *       {@code | limit n} in the text caps the rows.
 * </ul>
 *
 * <p>It understands the query commands the tests use: {@code filter @logStream like /re/}, {@code sort
 * @timestamp asc|desc}, {@code limit n}, {@code stats count(*) by field}.
 */
final class FakeInsights implements AutoCloseable {
    static final DateTimeFormatter AWS_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILTER = Pattern.compile("filter\\s+@logStream\\s+like\\s+/(.*?)/");
    private static final Pattern SORT = Pattern.compile("sort\\s+@timestamp\\s*(asc|desc)?");
    private static final Pattern LIMIT = Pattern.compile("\\|\\s*limit\\s+(\\d+)");
    private static final Pattern STATS = Pattern.compile("stats\\s+count\\(\\*\\)\\s+by\\s+(@?\\w+)");

    record Event(long ts, String stream, String message, String ptr) {}

    private static final class Query {
        final int index;
        final long start;
        final long end;
        final String text;
        final int limit;
        int polls;
        String status = "Scheduled";

        Query(int index, long start, long end, String text, int limit) {
            this.index = index;
            this.start = start;
            this.end = end;
            this.text = text;
            this.limit = limit;
        }
    }

    private final WireMockServer server;
    private final List<Event> events = new ArrayList<>();
    private final Map<String, Query> queries = new LinkedHashMap<>();
    private final List<String> stopped = new ArrayList<>();
    private final Set<String> completed = new HashSet<>();
    private final Set<String> statusesSeen = new HashSet<>();
    private int limitExceededLeft;
    private int timeoutsLeft;
    private int unknownsLeft;
    private IntPredicate neverCompletes = i -> false;
    private String failingQueryText;
    private int getResultsCalls;
    private boolean endAtFirstMillisecond;
    private boolean noStatistics;
    private boolean noPtr;

    FakeInsights() {
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .extensions(new Transformer()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers("fake-insights")));
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    synchronized void add(Event e) {
        events.add(e);
    }

    /** The next {@code n} StartQuery calls fail with LimitExceededException. */
    synchronized void limitExceeded(int n) {
        limitExceededLeft = n;
    }

    /** The next {@code n} queries end in status Timeout. */
    synchronized void timeouts(int n) {
        timeoutsLeft = n;
    }

    /** The next {@code n} GetQueryResults answers say Unknown. */
    synchronized void unknowns(int n) {
        unknownsLeft = n;
    }

    /** Queries whose start index (0-based) matches stay Running until stopped. */
    synchronized void neverComplete(IntPredicate which) {
        neverCompletes = which;
    }

    /** Queries with this text end in status Failed. */
    synchronized void failQueries(String text) {
        failingQueryText = text;
    }

    /** {@code endTime} includes only its first millisecond ({@code end.000}), as moto does. */
    synchronized void endAtFirstMillisecond() {
        endAtFirstMillisecond = true;
    }

    /** GetQueryResults answers carry no {@code statistics}, as moto's do. */
    synchronized void noStatistics() {
        noStatistics = true;
    }

    /** Rows carry no {@code @ptr} (as for a query whose display drops it). */
    synchronized void noPtr() {
        noPtr = true;
    }

    synchronized int started() {
        return queries.size();
    }

    synchronized List<String> stoppedIds() {
        return new ArrayList<>(stopped);
    }

    /** Queries started that neither completed nor were stopped. */
    synchronized List<String> abandoned() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Query> e : queries.entrySet()) {
            if (!completed.contains(e.getKey())
                    && !stopped.contains(e.getKey())
                    && !e.getValue().status.equals("Timeout")
                    && !e.getValue().status.equals("Failed")) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    synchronized Set<String> statusesSeen() {
        return new HashSet<>(statusesSeen);
    }

    @Override
    public void close() {
        server.stop();
    }

    private synchronized ResponseDefinition handle(Request req) {
        String target = req.getHeader("X-Amz-Target");
        JsonNode body;
        try {
            body = JSON.readTree(req.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        switch (target == null ? "" : target) {
            case "Logs_20140328.StartQuery":
                return startQuery(body);
            case "Logs_20140328.GetQueryResults":
                return getQueryResults(body.path("queryId").asText());
            case "Logs_20140328.StopQuery": {
                String id = body.path("queryId").asText();
                Query q = queries.get(id);
                if (q == null || !(q.status.equals("Running") || q.status.equals("Scheduled"))) {
                    return error("InvalidParameterException", "Query " + id + " is not running");
                }
                q.status = "Cancelled";
                stopped.add(id);
                return ok(JSON.createObjectNode().put("success", true));
            }
            default:
                return error("UnknownOperationException", "unknown target " + target);
        }
    }

    private ResponseDefinition startQuery(JsonNode body) {
        long active = queries.values().stream()
                .filter(q -> q.status.equals("Scheduled") || q.status.equals("Running"))
                .count();
        if (limitExceededLeft > 0 || active >= 30) {
            limitExceededLeft = Math.max(0, limitExceededLeft - 1);
            return error("LimitExceededException", "Account maximum query concurrency limit of [30] reached.");
        }
        String text = body.path("queryString").asText();
        int limit = body.has("limit") ? body.get("limit").asInt() : 1000;
        Matcher lm = LIMIT.matcher(text);
        if (lm.find()) {
            limit = Integer.parseInt(lm.group(1));
        }
        limit = Math.min(limit, 10_000);
        String id = UUID.randomUUID().toString();
        queries.put(
                id,
                new Query(
                        queries.size(),
                        body.path("startTime").asLong(),
                        body.path("endTime").asLong(),
                        text,
                        limit));
        return ok(JSON.createObjectNode().put("queryId", id));
    }

    private ResponseDefinition getQueryResults(String id) {
        getResultsCalls++;
        Query q = queries.get(id);
        if (q == null) {
            return error("ResourceNotFoundException", "Query does not exist");
        }
        if (unknownsLeft > 0 && !q.status.equals("Complete")) {
            unknownsLeft--;
            statusesSeen.add("Unknown");
            return ok(result(List.of(), 0, "Unknown"));
        }
        q.polls++;
        if (q.status.equals("Scheduled")) {
            q.status = "Running";
            statusesSeen.add("Scheduled");
            return ok(result(List.of(), 0, "Scheduled"));
        }
        List<Map<String, String>> all = evaluate(q);
        int matched = matchedCount(q);
        if (q.status.equals("Running") && (q.polls < 3 || neverCompletes.test(q.index))) {
            statusesSeen.add("Running");
            return ok(result(all.subList(0, Math.min(5, all.size())), matched, "Running"));
        }
        if (q.status.equals("Running")) {
            if (q.text.equals(failingQueryText)) {
                q.status = "Failed";
            } else if (timeoutsLeft > 0) {
                timeoutsLeft--;
                q.status = "Timeout";
            } else {
                q.status = "Complete";
                completed.add(id);
            }
        }
        statusesSeen.add(q.status);
        if (!q.status.equals("Complete")) {
            return ok(result(List.of(), matched, q.status));
        }
        return ok(result(all.subList(0, Math.min(q.limit, all.size())), matched, "Complete"));
    }

    private List<Event> matching(Query q) {
        Matcher f = FILTER.matcher(q.text);
        Pattern stream = f.find() ? Pattern.compile(f.group(1)) : null;
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (e.ts >= q.start * 1000
                    && e.ts <= q.end * 1000 + (endAtFirstMillisecond ? 0 : 999)
                    && (stream == null || stream.matcher(e.stream).find())) {
                out.add(e);
            }
        }
        return out;
    }

    private int matchedCount(Query q) {
        return matching(q).size();
    }

    private List<Map<String, String>> evaluate(Query q) {
        List<Event> m = matching(q);
        Matcher stats = STATS.matcher(q.text);
        if (stats.find()) {
            String by = stats.group(1);
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Event e : m) {
                String key = by.equals("@logStream") ? e.stream : e.message;
                counts.merge(key, 1, Integer::sum);
            }
            List<Map<String, String>> rows = new ArrayList<>();
            counts.forEach((k, v) -> {
                Map<String, String> row = new LinkedHashMap<>();
                row.put(by, k);
                row.put("count(*)", String.valueOf(v));
                rows.add(row);
            });
            return rows;
        }
        Matcher sort = SORT.matcher(q.text);
        if (sort.find()) {
            Comparator<Event> c = Comparator.comparingLong(Event::ts);
            m.sort("asc".equals(sort.group(1)) ? c : c.reversed());
        } else {
            // no sort: an order that has nothing to do with time
            m.sort(Comparator.comparingInt(e -> e.ptr.hashCode() * 31 + 7));
        }
        List<Map<String, String>> rows = new ArrayList<>(m.size());
        for (Event e : m) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("@timestamp", AWS_TIME.format(Instant.ofEpochMilli(e.ts)));
            row.put("@message", e.message);
            row.put("@logStream", e.stream);
            if (!noPtr) {
                row.put("@ptr", e.ptr);
            }
            rows.add(row);
        }
        return rows;
    }

    private ObjectNode result(List<Map<String, String>> rows, int matched, String status) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode results = n.putArray("results");
        for (Map<String, String> row : rows) {
            ArrayNode r = results.addArray();
            row.forEach((k, v) -> r.addObject().put("field", k).put("value", v));
        }
        if (!noStatistics) {
            n.putObject("statistics")
                    .put("recordsMatched", (double) matched)
                    .put("recordsScanned", (double) matched * 1.5)
                    .put("bytesScanned", (double) matched * 200);
        }
        n.put("status", status);
        return n;
    }

    private static ResponseDefinition ok(JsonNode body) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(body.toString())
                .build();
    }

    private static ResponseDefinition error(String type, String message) {
        ObjectNode n = JSON.createObjectNode().put("__type", type).put("message", message);
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(n.toString())
                .build();
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            return handle(serveEvent.getRequest());
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return "fake-insights";
        }
    }
}
