package dev.awskit.logs.internal;

import dev.awskit.core.AwsKit;
import dev.awskit.logs.InsightsQuery;
import dev.awskit.logs.InsightsReport;
import dev.awskit.logs.InsightsResult;
import dev.awskit.logs.InsightsRow;
import io.github.resilience4j.ratelimiter.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The fluent settings of one Insights run; {@link InsightsRunner} does the work. */
final class DefaultInsightsQuery implements InsightsQuery {
    final AwsKit kit;
    final RateLimiter limiter;
    final String query;
    final QueryText text;
    final List<String> logGroups = new ArrayList<>();
    Instant from;
    Instant to;
    int concurrency = 4;
    int rowsPerQuery = 10_000;
    Duration pollInterval = Duration.ofMillis(200);
    Duration queryTimeout = Duration.ofMinutes(15);
    Order order;
    Consumer<InsightsReport> listener = r -> {};
    private boolean started;

    DefaultInsightsQuery(AwsKit kit, RateLimiter limiter, String query, QueryText text) {
        this.kit = kit;
        this.limiter = limiter;
        this.query = query;
        this.text = text;
    }

    @Override
    public InsightsQuery logGroups(String first, String... more) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(more));
        return logGroups(all);
    }

    @Override
    public InsightsQuery logGroups(Collection<String> names) {
        for (String n : names) {
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("log group name must not be empty; expected e.g. /aws/lambda/app");
            }
            logGroups.add(n.strip());
        }
        return this;
    }

    @Override
    public InsightsQuery between(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("between(" + from + ", " + to + "): 'to' is before 'from'");
        }
        this.from = from;
        this.to = to;
        return this;
    }

    @Override
    public InsightsQuery last(Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("last(" + duration + "): expected a positive duration");
        }
        Instant now = Instant.now();
        return between(now.minus(duration), now);
    }

    @Override
    public InsightsQuery concurrency(int queries) {
        if (queries < 1 || queries > 100) {
            throw new IllegalArgumentException("concurrency must be 1..100 queries, was " + queries);
        }
        this.concurrency = queries;
        return this;
    }

    @Override
    public InsightsQuery rowsPerQuery(int rows) {
        if (rows < 1 || rows > 10_000) {
            throw new IllegalArgumentException("rowsPerQuery must be 1..10000, was " + rows);
        }
        this.rowsPerQuery = rows;
        return this;
    }

    @Override
    public InsightsQuery pollInterval(Duration interval) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, was " + interval);
        }
        this.pollInterval = interval;
        return this;
    }

    @Override
    public InsightsQuery queryTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("queryTimeout must be positive, was " + timeout);
        }
        this.queryTimeout = timeout;
        return this;
    }

    @Override
    public InsightsQuery orderByTimestamp(Order order) {
        this.order = Objects.requireNonNull(order, "order");
        return this;
    }

    @Override
    public InsightsQuery onReport(Consumer<InsightsReport> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    @Override
    public Stream<InsightsRow> stream() {
        if (started) {
            throw new IllegalStateException("this query was already run; call insights(...) again for a new run");
        }
        if (logGroups.isEmpty()) {
            throw new IllegalStateException("no log group: call logGroups(\"app\") before stream()");
        }
        if (from == null) {
            throw new IllegalStateException("no time range: call between(from, to) or last(Duration) before stream()");
        }
        started = true;
        return new InsightsRunner(this).stream();
    }

    @Override
    public InsightsResult run() {
        AtomicReference<InsightsReport> report = new AtomicReference<>();
        Consumer<InsightsReport> user = listener;
        listener = r -> {
            report.set(r);
            user.accept(r);
        };
        List<InsightsRow> rows;
        try (Stream<InsightsRow> s = stream()) {
            rows = s.collect(Collectors.toList());
        }
        return InsightsResult.of(rows, report.get());
    }

    @Override
    public String toString() {
        // one line however long or multi-line the query text is
        String what = dev.awskit.core.internal.Texts.clip(query.strip().replaceAll("\\s+", " "), 120)
                + ", log groups " + logGroups
                + (from == null ? ", no time range yet" : ", " + from + " .. " + to)
                + (rowsPerQuery != 10_000 ? ", rows per query " + rowsPerQuery : "");
        return dev.awskit.core.internal.Texts.operation("InsightsQuery", what, started ? 1 : 0);
    }
}
