package dev.awskit.logs;

import dev.awskit.core.AwsKit;
import dev.awskit.logs.internal.DefaultLogs;
import java.util.Objects;

/**
 * CloudWatch Logs chores. Today: Logs Insights queries that return every matching row, past the
 * 10,000-row cap of a single query.
 *
 * <pre>{@code
 * Logs.of(aws).insights("fields @timestamp, @message, @logStream | filter @logStream like /web/ | sort @timestamp desc")
 *     .logGroups("app").between(from, to).stream()
 *     .forEach(row -> System.out.println(row.timestamp().orElseThrow() + " " + row.message().orElse("")));
 * }</pre>
 *
 * <p>One regulator per kit keeps StartQuery and GetQueryResults at or under 10 calls a second (the
 * documented quota) across every query of every {@code Logs} facade of that kit.
 */
public final class Logs {
    /** The documented Logs Insights quota for StartQuery and GetQueryResults: 10 calls a second. */
    public static final double DEFAULT_TPS = 10.0;

    private final DefaultLogs impl;

    private Logs(DefaultLogs impl) {
        this.impl = impl;
    }

    /**
     * The facade over {@code kit}'s CloudWatch Logs client. Every facade of one kit shares the kit's
     * 10-calls-a-second regulator, so create one wherever you need it.
     */
    public static Logs of(AwsKit kit) {
        Objects.requireNonNull(kit, "kit");
        return new Logs(kit.shared(DefaultLogs.class, () -> new DefaultLogs(kit, DEFAULT_TPS)));
    }

    /**
     * A Logs Insights query, in the Logs Insights query language. Nothing runs until {@link
     * InsightsQuery#stream()} or {@link InsightsQuery#run()}.
     */
    public InsightsQuery insights(String query) {
        return impl.insights(query);
    }

    @Override
    public String toString() {
        return impl.toString();
    }
}
