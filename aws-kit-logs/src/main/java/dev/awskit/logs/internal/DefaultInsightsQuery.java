package dev.awskit.logs.internal;

import dev.awskit.core.AwsKit;
import dev.awskit.logs.InsightsQuery;
import dev.awskit.logs.InsightsReport;
import dev.awskit.logs.InsightsRequest;
import dev.awskit.logs.InsightsResult;
import dev.awskit.logs.InsightsRow;
import io.github.resilience4j.ratelimiter.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The fluent settings of one Insights run: they fill an {@link InsightsRequest.Builder}, and {@link
 * #stream()} builds the request and runs it exactly as {@code Logs.insights(InsightsRequest)} does.
 * {@link InsightsRunner} does the work, reading the fields fixed from the request.
 */
final class DefaultInsightsQuery implements InsightsQuery {
    final AwsKit kit;
    final RateLimiter limiter;
    private final InsightsRequest.Builder builder;
    private boolean started;

    // fixed from the request when the run starts; InsightsRunner reads them
    String query;
    QueryText text;
    List<String> logGroups;
    Instant from;
    Instant to;
    int concurrency;
    int rowsPerQuery;
    Duration pollInterval;
    Duration queryTimeout;
    Order order;
    Consumer<InsightsReport> listener;

    DefaultInsightsQuery(AwsKit kit, RateLimiter limiter, String query) {
        this.kit = kit;
        this.limiter = limiter;
        this.builder = InsightsRequest.builder().query(query);
        QueryText.parse(query.strip()); // a malformed query fails here, not at stream()
    }

    /** A run of {@code request}: the one path of the fluent query and the request value. */
    static Stream<InsightsRow> stream(AwsKit kit, RateLimiter limiter, InsightsRequest request) {
        DefaultInsightsQuery q = new DefaultInsightsQuery(kit, limiter, request.query());
        return q.start(request);
    }

    static InsightsResult run(AwsKit kit, RateLimiter limiter, InsightsRequest request) {
        DefaultInsightsQuery q = new DefaultInsightsQuery(kit, limiter, request.query());
        return q.collect(request);
    }

    @Override
    public InsightsQuery logGroups(String first, String... more) {
        builder.logGroups(first, more);
        return this;
    }

    @Override
    public InsightsQuery logGroups(Collection<String> names) {
        builder.logGroups(names);
        return this;
    }

    @Override
    public InsightsQuery between(Instant from, Instant to) {
        builder.between(from, to);
        return this;
    }

    @Override
    public InsightsQuery last(Duration duration) {
        builder.last(duration);
        return this;
    }

    @Override
    public InsightsQuery concurrency(int queries) {
        builder.concurrency(queries);
        return this;
    }

    @Override
    public InsightsQuery rowsPerQuery(int rows) {
        builder.rowsPerQuery(rows);
        return this;
    }

    @Override
    public InsightsQuery pollInterval(Duration interval) {
        builder.pollInterval(interval);
        return this;
    }

    @Override
    public InsightsQuery queryTimeout(Duration timeout) {
        builder.queryTimeout(timeout);
        return this;
    }

    @Override
    public InsightsQuery orderByTimestamp(Order order) {
        builder.orderByTimestamp(order);
        return this;
    }

    @Override
    public InsightsQuery onReport(Consumer<InsightsReport> listener) {
        builder.onReport(listener);
        return this;
    }

    @Override
    public Stream<InsightsRow> stream() {
        checkNotStarted();
        return start(builder.build());
    }

    @Override
    public InsightsResult run() {
        checkNotStarted();
        return collect(builder.build());
    }

    private void checkNotStarted() {
        if (started) {
            throw new IllegalStateException("this query was already run; call insights(...) again for a new run");
        }
    }

    private InsightsResult collect(InsightsRequest request) {
        AtomicReference<InsightsReport> report = new AtomicReference<>();
        List<InsightsRow> rows;
        try (Stream<InsightsRow> s = start(request, r -> {
            report.set(r);
            request.onReport().accept(r);
        })) {
            rows = s.collect(Collectors.toList());
        }
        return InsightsResult.of(rows, report.get());
    }

    private Stream<InsightsRow> start(InsightsRequest request) {
        return start(request, request.onReport());
    }

    private Stream<InsightsRow> start(InsightsRequest request, Consumer<InsightsReport> listener) {
        started = true;
        this.query = request.query();
        this.text = QueryText.parse(query);
        this.logGroups = request.logGroups();
        this.from = request.from();
        this.to = request.to();
        this.concurrency = request.concurrency();
        this.rowsPerQuery = request.rowsPerQuery();
        this.pollInterval = request.pollInterval();
        this.queryTimeout = request.queryTimeout();
        this.order = request.order().orElse(null);
        this.listener = listener;
        return new InsightsRunner(this).stream();
    }

    /** What the query would ask, and whether it ran: {@code InsightsQuery{..., not run: call run()}}. */
    @Override
    public String toString() {
        return dev.awskit.core.internal.Texts.operation("InsightsQuery", builder.toString(), started ? 1 : 0);
    }
}
