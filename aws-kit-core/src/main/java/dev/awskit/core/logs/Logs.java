package dev.awskit.core.logs;

import dev.awskit.core.AwsKit;
import dev.awskit.core.logs.internal.DefaultLogs;
import java.util.Objects;

/**
 * CloudWatch Logs chores. Today: Logs Insights queries that return every matching row, past the
 * 10,000-row cap of a single query.
 *
 * <pre>{@code
 * aws.logs().insights("fields @timestamp, @message, @logStream | filter @logStream like /web/ | sort @timestamp desc")
 *     .logGroups("app").between(from, to).stream()
 *     .forEach(row -> System.out.println(row.timestamp().orElseThrow() + " " + row.message().orElse("")));
 * }</pre>
 *
 * <p>One facade holds the regulator that keeps StartQuery and GetQueryResults at or under 10 calls
 * a second (the documented quota) across every query it runs; {@link AwsKit#logs()} caches one per
 * kit.
 */
public interface Logs {
    /** The documented Logs Insights quota for StartQuery and GetQueryResults: 10 calls a second. */
    double DEFAULT_TPS = 10.0;

    /** A facade with its own 10-calls-a-second regulator. Prefer {@link AwsKit#logs()}. */
    static Logs of(AwsKit kit) {
        return new DefaultLogs(Objects.requireNonNull(kit, "kit"), DEFAULT_TPS);
    }

    /**
     * A Logs Insights query, in the Logs Insights query language. Nothing runs until {@link
     * InsightsQuery#stream()} or {@link InsightsQuery#run()}.
     */
    InsightsQuery insights(String query);
}
