package dev.awskit.logs;

import dev.awskit.core.AwsKitStyle;
import java.time.Duration;
import org.immutables.value.Value;

/**
 * What an Insights run did. The statistics are summed over every query, so they count the
 * boundary seconds that neighbouring windows share once per window.
 */
@Value.Immutable
@AwsKitStyle
public abstract class InsightsReport {
    /** StartQuery calls that were accepted, retries included. */
    public abstract int queries();

    /** Queries started again after LimitExceededException or a Timeout status. */
    public abstract int retries();

    /** Queries stopped with StopQuery (the stream was closed early, a run failed, a query overran). */
    public abstract int stopped();

    /** Windows that were split because they hit the row cap. */
    public abstract int splits();

    /** Distinct rows delivered. */
    public abstract long rows();

    /** Rows dropped because another window had already returned them (same {@code @ptr}). */
    public abstract long duplicatesDropped();

    /**
     * Row keys ({@code @ptr}) held for deduplication at the end of the run. Windows own disjoint
     * seconds and a row with a {@code @timestamp} is delivered only by the window that owns it, so
     * only rows without a usable {@code @timestamp} are held: 0 for a query that returns
     * {@code @timestamp}.
     */
    @Value.Default
    public long deduplicationKeys() {
        return 0;
    }

    /** Summed {@code statistics.recordsMatched}; 0 when the server sends no statistics. */
    public abstract double recordsMatched();

    public abstract double recordsScanned();

    public abstract double bytesScanned();

    /**
     * Whether every row was delivered: every window finished, or the query's own {@code limit} was
     * reached. False when the stream was closed early or failed.
     */
    public abstract boolean complete();

    public abstract Duration duration();

    public static InsightsReportBuilder builder() {
        return new InsightsReportBuilder();
    }

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "InsightsReport{%s rows, %d queries (%d retries, %d splits, %d stopped), %d duplicates dropped (%d keys held),"
                        + " matched %.0f,"
                        + " scanned %.0f records / %.0f bytes, %s, took %d ms}",
                rows(),
                queries(),
                retries(),
                splits(),
                stopped(),
                duplicatesDropped(),
                deduplicationKeys(),
                recordsMatched(),
                recordsScanned(),
                bytesScanned(),
                complete() ? "complete" : "INCOMPLETE",
                duration().toMillis());
    }
}
