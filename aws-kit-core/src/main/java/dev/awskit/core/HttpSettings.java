package dev.awskit.core;

import dev.awskit.core.internal.Setting;
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
        this.connectTimeout = b.connectTimeout.get();
        this.socketTimeout = b.socketTimeout.get();
        this.apiCallAttemptTimeout = b.apiCallAttemptTimeout.get();
        this.maxConnections = b.maxConnections.get();
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

    /**
     * Builds {@link HttpSettings}; setters reject bad values at once, and each may be called once (a
     * second call is an {@link IllegalStateException} naming both values).
     */
    public static final class Builder {
        private final Setting<Duration> connectTimeout = Setting.of("connectTimeout", Duration.ofSeconds(2));
        private final Setting<Duration> socketTimeout = Setting.of("socketTimeout", Duration.ofSeconds(30));
        private final Setting<Duration> apiCallAttemptTimeout = Setting.of("apiCallAttemptTimeout", Duration.ZERO);
        private final Setting<Integer> maxConnections = Setting.of("maxConnections", 64);

        private Builder() {}

        public Builder connectTimeout(Duration d) {
            this.connectTimeout.set(positive("connectTimeout", d));
            return this;
        }

        public Builder socketTimeout(Duration d) {
            this.socketTimeout.set(positive("socketTimeout", d));
            return this;
        }

        public Builder apiCallAttemptTimeout(Duration d) {
            this.apiCallAttemptTimeout.set(positive("apiCallAttemptTimeout", d));
            return this;
        }

        public Builder maxConnections(int n) {
            if (n < 1 || n > 10_000) {
                throw new IllegalArgumentException("maxConnections must be 1..10000, was " + n);
            }
            this.maxConnections.set(n);
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalStateException when {@code apiCallAttemptTimeout} is shorter than {@code
         *     connectTimeout}: an attempt would end before a new connection could be made
         */
        public HttpSettings build() {
            Duration attempt = apiCallAttemptTimeout.get();
            if (!attempt.isZero() && attempt.compareTo(connectTimeout.get()) < 0) {
                throw new IllegalStateException("apiCallAttemptTimeout (" + attempt
                        + ") is shorter than connectTimeout ("
                        + connectTimeout.get() + "): an attempt would end before a new connection could be made;"
                        + " raise apiCallAttemptTimeout or lower connectTimeout");
            }
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
