package dev.awskit.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the HTTP clients the kit shares among all its SDK clients.
 *
 * <pre>{@code
 * AwsKit.builder().http(HttpSettings.builder().maxConnections(128).build())
 * }</pre>
 */
public final class HttpSettings {
    private static final HttpSettings DEFAULTS = builder().build();

    private final Duration connectTimeout;
    private final Duration socketTimeout;
    private final Duration apiCallAttemptTimeout;
    private final int maxConnections;

    private HttpSettings(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.socketTimeout = b.socketTimeout;
        this.apiCallAttemptTimeout = b.apiCallAttemptTimeout;
        this.maxConnections = b.maxConnections;
    }

    /** 2 s connect, 30 s socket, no per-attempt limit, 64 connections. */
    public static HttpSettings defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration socketTimeout() {
        return socketTimeout;
    }

    /** Per-attempt time limit, or {@link Duration#ZERO} for none. */
    public Duration apiCallAttemptTimeout() {
        return apiCallAttemptTimeout;
    }

    public int maxConnections() {
        return maxConnections;
    }

    @Override
    public String toString() {
        return "HttpSettings{connectTimeout=" + connectTimeout + ", socketTimeout=" + socketTimeout
                + ", apiCallAttemptTimeout=" + apiCallAttemptTimeout + ", maxConnections=" + maxConnections + "}";
    }

    /** Builds {@link HttpSettings}; setters reject bad values at once. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration socketTimeout = Duration.ofSeconds(30);
        private Duration apiCallAttemptTimeout = Duration.ZERO;
        private int maxConnections = 64;

        private Builder() {}

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive("connectTimeout", d);
            return this;
        }

        public Builder socketTimeout(Duration d) {
            this.socketTimeout = positive("socketTimeout", d);
            return this;
        }

        public Builder apiCallAttemptTimeout(Duration d) {
            this.apiCallAttemptTimeout = positive("apiCallAttemptTimeout", d);
            return this;
        }

        public Builder maxConnections(int n) {
            if (n < 1 || n > 10_000) {
                throw new IllegalArgumentException("maxConnections must be 1..10000, was " + n);
            }
            this.maxConnections = n;
            return this;
        }

        public HttpSettings build() {
            return new HttpSettings(this);
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
