package dev.awskit.logs.internal;

import dev.awskit.core.AwsKit;
import dev.awskit.logs.InsightsQuery;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;

/** What {@link dev.awskit.logs.Logs} does: one kit, one regulator for StartQuery and GetQueryResults. */
public final class DefaultLogs {
    private final AwsKit kit;
    private final RateLimiter limiter;
    private final double tps;

    /** A facade whose StartQuery and GetQueryResults calls stay at or under {@code tps} a second. */
    public DefaultLogs(AwsKit kit, double tps) {
        if (!(tps > 0) || tps > 1000) {
            throw new IllegalArgumentException("tps must be in (0, 1000], was " + tps);
        }
        this.kit = kit;
        this.tps = tps;
        // permits refill every period; a period of 1/tps seconds with one permit never bursts above tps
        long periodNanos = Math.max(1_000_000L, (long) (1_000_000_000L / tps));
        this.limiter = RateLimiter.of(
                "aws-kit-logs-insights",
                RateLimiterConfig.custom()
                        .limitForPeriod(1)
                        .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                        .timeoutDuration(Duration.ofMinutes(10))
                        .build());
    }

    public InsightsQuery insights(String query) {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException(
                    "query must not be empty; expected e.g. \"fields @timestamp, @message | sort @timestamp desc\"");
        }
        String text = query.strip();
        return new DefaultInsightsQuery(kit, limiter, text, QueryText.parse(text));
    }

    @Override
    public String toString() {
        return "Logs[" + kit.summary("logs") + (tps != dev.awskit.logs.Logs.DEFAULT_TPS ? ", " + tps + " calls/s" : "")
                + "]";
    }
}
