package dev.awskit.logs;

import dev.awskit.core.internal.Setting;
import dev.awskit.core.internal.Texts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One Logs Insights run as an immutable value: {@link Logs#insights(InsightsRequest)} runs it and
 * returns every row, {@link Logs#insights(java.util.function.Consumer)} builds and runs it in one
 * call. The fluent {@link Logs#insights(String)} query builds the same value, so both paths query
 * alike.
 *
 * <pre>{@code
 * InsightsResult r = Logs.of(aws).insights(q -> q
 *     .query("fields @timestamp, @message | sort @timestamp desc")
 *     .logGroups("app").last(Duration.ofHours(1)));
 * }</pre>
 */
public final class InsightsRequest {
    private final String query;
    private final List<String> logGroups;
    private final Instant from;
    private final Instant to;
    private final int concurrency;
    private final int rowsPerQuery;
    private final Duration pollInterval;
    private final Duration queryTimeout;
    private final InsightsQuery.Order order;
    private final Consumer<InsightsReport> onReport;

    private InsightsRequest(Builder b) {
        this.query = b.query.get();
        this.logGroups = List.copyOf(b.logGroups);
        this.from = b.between.get()[0];
        this.to = b.between.get()[1];
        this.concurrency = b.concurrency.get();
        this.rowsPerQuery = b.rowsPerQuery.get();
        this.pollInterval = b.pollInterval.get();
        this.queryTimeout = b.queryTimeout.get();
        this.order = b.order.get();
        this.onReport = b.onReport.get();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The query, in the Logs Insights query language. */
    public String query() {
        return query;
    }

    public List<String> logGroups() {
        return logGroups;
    }

    /** The start of the time range (inclusive, one-second granularity). */
    public Instant from() {
        return from;
    }

    /** The end of the time range (inclusive, one-second granularity). */
    public Instant to() {
        return to;
    }

    public int concurrency() {
        return concurrency;
    }

    public int rowsPerQuery() {
        return rowsPerQuery;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration queryTimeout() {
        return queryTimeout;
    }

    /** The order of the rows, when they are to be ordered by {@code @timestamp}. */
    public Optional<InsightsQuery.Order> order() {
        return Optional.ofNullable(order);
    }

    /** Called once with the report when the run ends. */
    public Consumer<InsightsReport> onReport() {
        return onReport;
    }

    @Override
    public String toString() {
        return "InsightsRequest{" + query + ", logGroups=" + logGroups + ", from=" + from + ", to=" + to + "}";
    }

    /**
     * Builds an {@link InsightsRequest}. Each setting may be set once (a second write is an {@link
     * IllegalStateException} naming both values; {@code between} and {@code last} are one setting,
     * the time range), except {@link #logGroups}, which accumulates. {@link #build()} checks that
     * the query, a log group and the time range are there.
     */
    public static final class Builder {
        private final Setting<String> query = Setting.of("query");
        private final List<String> logGroups = new ArrayList<>();
        private final Setting<Instant[]> between =
                Setting.of("time range", null, r -> "between(" + r[0] + ", " + r[1] + ")");
        private final Setting<Integer> concurrency = Setting.of("concurrency", 4);
        private final Setting<Integer> rowsPerQuery = Setting.of("rowsPerQuery", 10_000);
        private final Setting<Duration> pollInterval = Setting.of("pollInterval", Duration.ofMillis(200));
        private final Setting<Duration> queryTimeout = Setting.of("queryTimeout", Duration.ofMinutes(15));
        private final Setting<InsightsQuery.Order> order = Setting.of("orderByTimestamp");
        private final Setting<Consumer<InsightsReport>> onReport = Setting.of("onReport", r -> {}, l -> "a listener");

        private Builder() {}

        /** The query, e.g. {@code fields @timestamp, @message | sort @timestamp desc}. */
        public Builder query(String query) {
            if (query == null || query.isBlank()) {
                throw new IllegalArgumentException(
                        "query must not be empty; expected e.g. \"fields @timestamp, @message | sort @timestamp desc\"");
            }
            this.query.set(query.strip());
            return this;
        }

        /** Log groups (names) to query; accumulates. */
        public Builder logGroups(String first, String... more) {
            List<String> all = new ArrayList<>();
            all.add(first);
            all.addAll(List.of(more));
            return logGroups(all);
        }

        public Builder logGroups(Collection<String> names) {
            for (String n : names) {
                if (n == null || n.isBlank()) {
                    throw new IllegalArgumentException(
                            "log group name must not be empty; expected e.g. /aws/lambda/app");
                }
                logGroups.add(n.strip());
            }
            return this;
        }

        /** The time range, both ends inclusive at one-second granularity; required. */
        public Builder between(Instant from, Instant to) {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("between(" + from + ", " + to + "): 'to' is before 'from'");
            }
            between.set(new Instant[] {from, to});
            return this;
        }

        /** {@code between(now - duration, now)}. */
        public Builder last(Duration duration) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("last(" + duration + "): expected a positive duration");
            }
            Instant now = Instant.now();
            return between(now.minus(duration), now);
        }

        /** Queries run at once at most, 1..100; default 4. */
        public Builder concurrency(int queries) {
            if (queries < 1 || queries > 100) {
                throw new IllegalArgumentException("concurrency must be 1..100 queries, was " + queries);
            }
            concurrency.set(queries);
            return this;
        }

        /** Rows one query may return, 1..10,000; default 10,000. */
        public Builder rowsPerQuery(int rows) {
            if (rows < 1 || rows > 10_000) {
                throw new IllegalArgumentException("rowsPerQuery must be 1..10000, was " + rows);
            }
            rowsPerQuery.set(rows);
            return this;
        }

        /** The first pause between GetQueryResults polls; default 200 ms. */
        public Builder pollInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive, was " + interval);
            }
            pollInterval.set(interval);
            return this;
        }

        /** How long one query may stay Scheduled or Running; default 15 minutes. */
        public Builder queryTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("queryTimeout must be positive, was " + timeout);
            }
            queryTimeout.set(timeout);
            return this;
        }

        /** Delivers rows ordered by {@code @timestamp} (holds them all in memory until the end). */
        public Builder orderByTimestamp(InsightsQuery.Order order) {
            this.order.set(Objects.requireNonNull(order, "order"));
            return this;
        }

        /** Called once with the report when the run ends. */
        public Builder onReport(Consumer<InsightsReport> listener) {
            onReport.set(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * What the query would ask, on one line, for printing: {@code fields @message | sort @timestamp
         * desc, log groups [app], 2025-01-01T00:00:00Z .. 2025-01-02T00:00:00Z}.
         */
        @Override
        public String toString() {
            String q = query.isSet() ? query.get().strip().replaceAll("\\s+", " ") : "(no query yet)";
            return Texts.clip(q, 120) + ", log groups " + logGroups
                    + (between.isSet() ? ", " + between.get()[0] + " .. " + between.get()[1] : ", no time range yet")
                    + (rowsPerQuery.get() != 10_000 ? ", rows per query " + rowsPerQuery.get() : "");
        }

        /**
         * The request.
         *
         * @throws IllegalStateException without a query, a log group or a time range, or with a
         *     {@code pollInterval} not shorter than {@code queryTimeout} (no poll could happen
         *     before the query is stopped)
         */
        public InsightsRequest build() {
            if (!query.isSet()) {
                throw new IllegalStateException("no query: call query(\"fields @timestamp, @message\") first");
            }
            if (logGroups.isEmpty()) {
                throw new IllegalStateException("no log group: call logGroups(\"app\") before stream()");
            }
            if (!between.isSet()) {
                throw new IllegalStateException(
                        "no time range: call between(from, to) or last(Duration) before stream()");
            }
            if (pollInterval.get().compareTo(queryTimeout.get()) >= 0) {
                throw new IllegalStateException("pollInterval (" + pollInterval.get() + ") is not shorter than"
                        + " queryTimeout (" + queryTimeout.get() + "): every query would be stopped before its first"
                        + " poll; lower pollInterval or raise queryTimeout");
            }
            return new InsightsRequest(this);
        }
    }
}
