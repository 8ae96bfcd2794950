package dev.awskit.core;

import dev.awskit.core.internal.Setting;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * How aws-kit retries. A user sets one policy; the kit maps it onto two owners that never stack:
 *
 * <ul>
 *   <li>the SDK's retry strategy owns a single HTTP call ({@link #toSdkRetryStrategy()}): every
 *       client of the kit gets the policy's attempts, backoff and retryable conditions, custom
 *       ones included;
 *   <li>this policy owns workflow steps, partial failures (PutRecords entries, DeleteObjects
 *       errors) and waits ({@link #execute(String, Supplier)}), never a single SDK call again: the
 *       first try runs as is, the retries on Resilience4j (which a step that succeeds at once
 *       never loads).
 * </ul>
 *
 * <p>{@link AwsKitException#attempts()} counts HTTP attempts: {@code maxAttempts(3)} against a
 * server that always throttles makes 3 requests for {@code kit.identity()} and reports 3.
 *
 * <p>Backoff is exponential with full jitter: before attempt {@code n+1} the kit sleeps a random
 * time in {@code [0, min(maxDelay, baseDelay * 2^(n-1))]}.
 *
 * <pre>{@code
 * RetryPolicy p = RetryPolicy.builder().maxAttempts(8).baseDelay(Duration.ofMillis(200))
 *     .maxTotalTime(Duration.ofMinutes(2)).build();
 * }</pre>
 */
public final class RetryPolicy {

    /** What kinds of failure a policy retries; classification is {@link AwsErrors}'s. */
    public enum Condition {
        /** Throttling codes, HTTP 429, rate-type LimitExceededException. */
        THROTTLING(AwsErrors::isThrottling),
        /** HTTP 500/502/503/504 and internal-error codes. */
        SERVER_ERROR(AwsErrors::isServerError),
        /** Connection resets, refused connections, timeouts, truncated responses. */
        TRANSIENT_IO(AwsErrors::isTransientIo),
        /** RequestTimeTooSkewed and friends: the SDK corrects the clock offset on retry. */
        CLOCK_SKEW(AwsErrors::isClockSkew);

        private final Predicate<Throwable> test;

        Condition(Predicate<Throwable> test) {
            this.test = test;
        }

        boolean matches(Throwable t) {
            return test.test(t);
        }
    }

    private static final RetryPolicy STANDARD = builder().build();
    private static final RetryPolicy PATIENT = builder()
            .maxAttempts(20)
            .baseDelay(Duration.ofMillis(500))
            .maxDelay(Duration.ofSeconds(30))
            .maxTotalTime(Duration.ofMinutes(15))
            .build();
    private static final RetryPolicy NONE = builder().maxAttempts(1).build();

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Duration maxTotalTime;
    private final Set<Condition> conditions;
    private final Predicate<Throwable> extra;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts.get();
        this.baseDelay = b.baseDelay.get();
        this.maxDelay = b.maxDelay.get();
        this.maxTotalTime = b.maxTotalTime.get();
        this.conditions = Set.copyOf(b.conditions.get());
        this.extra = b.extra;
    }

    /** 5 attempts, 100 ms base, 20 s cap, 2 min in total; retries every {@link Condition}. */
    public static RetryPolicy standard() {
        return STANDARD;
    }

    /** For waits and eventually consistent services: 20 attempts, 500 ms base, 30 s cap, 15 min. */
    public static RetryPolicy patient() {
        return PATIENT;
    }

    /** One attempt, no retries: failures surface at once. */
    public static RetryPolicy none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder(null);
    }

    /** A builder that starts from this policy's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration baseDelay() {
        return baseDelay;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    public Duration maxTotalTime() {
        return maxTotalTime;
    }

    public Set<Condition> conditions() {
        return conditions;
    }

    /** Whether this policy retries {@code failure}. */
    public boolean shouldRetry(Throwable failure) {
        for (Condition c : conditions) {
            if (c.matches(failure)) {
                return true;
            }
        }
        return extra != null && extra.test(failure);
    }

    /**
     * The sleep before attempt {@code attempt + 1}, after {@code attempt} failures (full jitter).
     */
    public Duration delayAfter(int attempt) {
        return Duration.ofNanos(
                ThreadLocalRandom.current().nextLong(ceilingAfter(attempt).toNanos() + 1));
    }

    /** The upper bound of {@link #delayAfter(int)}: {@code min(maxDelay, baseDelay * 2^(attempt-1))}. */
    public Duration ceilingAfter(int attempt) {
        int shift = Math.max(0, Math.min(attempt - 1, 30));
        long nanos = baseDelay.toNanos();
        long ceiling = nanos > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : nanos << shift;
        return Duration.ofNanos(Math.min(ceiling, maxDelay.toNanos()));
    }

    /**
     * Runs a workflow step, retrying per this policy.
     *
     * <p>For multi-step workflows and partial failures only: a single SDK call is already retried by
     * the SDK with this policy (see {@link #toSdkRetryStrategy()}), so wrapping one here would
     * multiply its requests. As a guard, a failure whose SDK call already made this policy's {@code
     * maxAttempts} attempts is not retried again.
     *
     * @param operation what the step does, for messages: {@code "CreateAccessKey for user admin"}
     * @throws AwsKitException when the step fails and is not retried, or retries are exhausted; its
     *     {@link AwsKitException#attempts()} tells how many HTTP attempts were made in all (the SDK's
     *     attempts of each try of the step, summed). {@link RuntimeException}s that are not AWS
     *     failures ({@link IllegalArgumentException} ...) pass through unchanged.
     */
    public <T> T execute(String operation, Supplier<T> step) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(step, "step");
        long start = System.nanoTime();
        long deadline = start + maxTotalTime.toNanos();
        AtomicInteger tries = new AtomicInteger(1);
        AtomicInteger httpAttempts = new AtomicInteger();
        Supplier<T> counted = () -> {
            try {
                return step.get();
            } catch (RuntimeException e) {
                httpAttempts.addAndGet(AwsErrors.attempts(e));
                throw e;
            }
        };
        try {
            // The first attempt runs as is: most steps succeed at once, and a JVM that never retries
            // never loads or builds Resilience4j (a short-lived command paid for its classes on
            // every run). The retries, if any, run on Resilience4j.
            try {
                return counted.get();
            } catch (RuntimeException first) {
                if (maxAttempts == 1 || !retries(first, 1, deadline)) {
                    throw first;
                }
                sleepBeforeRetry(1, first);
                return Retries.rest(
                        this,
                        operation,
                        () -> {
                            tries.incrementAndGet();
                            return counted.get();
                        },
                        tries,
                        deadline);
            }
        } catch (AwsKitException e) {
            // The step's own exception, subtype and message kept (a RegistryException stays one);
            // only its count grows to every HTTP attempt of every try.
            if (tries.get() > 1) {
                e.attemptsAtLeast(httpAttempts.get());
            }
            throw e;
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw e;
        } catch (RuntimeException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            int n = Math.max(1, httpAttempts.get());
            String after = n == 1 ? "" : " after " + n + " attempts in " + human(took);
            throw new AwsKitException(operation + " failed" + after + ": " + AwsErrors.describe(e), e, n);
        }
    }

    /**
     * Whether a step that failed with {@code e} on try {@code tries} is tried again: the policy
     * retries it, the SDK has not already spent this policy's attempts on the call (one owner only),
     * and half the next backoff's ceiling still fits before the deadline.
     */
    private boolean retries(Throwable e, int tries, long deadline) {
        return shouldRetry(e)
                && AwsErrors.attempts(e) < maxAttempts
                && System.nanoTime() + ceilingAfter(tries).toNanos() / 2 < deadline;
    }

    /** Sleeps {@link #delayAfter(int)}; interrupted, it keeps the interrupt and throws the failure. */
    private void sleepBeforeRetry(int attempt, RuntimeException failure) {
        try {
            Thread.sleep(delayAfter(attempt).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure; // as Resilience4j does when its own wait between retries is interrupted
        }
    }

    /**
     * Tries 2 to {@code maxAttempts} on Resilience4j, after the first failed ({@code nextTry} counts
     * the tries and their HTTP attempts). A class of its own, so that loading and verifying {@link
     * RetryPolicy} does not load Resilience4j.
     */
    private static final class Retries {
        private Retries() {}

        static <T> T rest(
                RetryPolicy policy, String operation, Supplier<T> nextTry, AtomicInteger tries, long deadline) {
            // Resilience4j numbers its own attempts from 1: its attempt n is the policy's n + 1
            IntervalBiFunction<Object> interval =
                    (attempt, outcome) -> policy.delayAfter(attempt + 1).toMillis();
            RetryConfig config = RetryConfig.custom()
                    .maxAttempts(policy.maxAttempts - 1)
                    .intervalBiFunction(interval)
                    .retryOnException(e -> policy.retries(e, tries.get(), deadline))
                    .failAfterMaxAttempts(false)
                    .build();
            return Retry.decorateSupplier(Retry.of(operation, config), nextTry).get();
        }
    }

    /** {@link #execute(String, Supplier)} for a step with no result. */
    public void run(String operation, Runnable step) {
        execute(operation, () -> {
            step.run();
            return null;
        });
    }

    /**
     * This policy as the SDK's retry strategy for single HTTP calls: the same attempts, the same
     * backoff (full jitter; throttling waits from five times the base delay), and the same answer to
     * "is this retryable" ({@link #shouldRetry(Throwable)}: the policy's {@link Condition}s and any
     * {@link Builder#retryIf(Predicate)} condition). The SDK's own client defaults are not added on
     * top ({@code useClientDefaults(false)}), so a policy that does not retry throttling makes one
     * request for a throttled call, and a local file-system error is never retried.
     *
     * <p>{@link #maxTotalTime()} bounds only the kit's workflow retries; the SDK has no such limit
     * (use {@link HttpSettings} timeouts for single calls).
     */
    public RetryStrategy toSdkRetryStrategy() {
        if (maxAttempts <= 1) {
            return DefaultRetryStrategy.doNotRetry();
        }
        Duration throttlingBase =
                baseDelay.multipliedBy(5).compareTo(maxDelay) < 0 ? baseDelay.multipliedBy(5) : maxDelay;
        return DefaultRetryStrategy.standardStrategyBuilder()
                .maxAttempts(maxAttempts)
                .backoffStrategy(BackoffStrategy.exponentialDelay(baseDelay, maxDelay))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(throttlingBase, maxDelay))
                .retryOnException(this::shouldRetry)
                .treatAsThrottling(AwsErrors::isThrottling)
                // the token bucket would stop retries under the 10 % faults our tests inject and the
                // bursts of a sync; the policy's attempts bound the work instead
                .circuitBreakerEnabled(false)
                // the client's defaults would add the SDK's own retryable-error rules back (OR-ed),
                // overriding what the user chose
                .useClientDefaults(false)
                .build();
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", baseDelay=" + baseDelay + ", maxDelay=" + maxDelay
                + ", maxTotalTime=" + maxTotalTime + ", conditions=" + conditions
                + (extra != null ? ", plus a custom condition" : "") + "}";
    }

    /**
     * Builds a {@link RetryPolicy}; setters reject bad values at once, and each may be called once
     * (a second call is an {@link IllegalStateException} naming both values). A builder from {@link
     * #toBuilder()} starts from that policy's values, and each of them may be replaced once. {@link
     * #retryIf} accumulates: every condition given is added.
     */
    public static final class Builder {
        private final Setting<Integer> maxAttempts;
        private final Setting<Duration> baseDelay;
        private final Setting<Duration> maxDelay;
        private final Setting<Duration> maxTotalTime;
        private final Setting<Set<Condition>> conditions;
        private Predicate<Throwable> extra;

        private Builder(RetryPolicy base) {
            this.maxAttempts = Setting.of("maxAttempts", base != null ? base.maxAttempts : 5);
            this.baseDelay = Setting.of("baseDelay", base != null ? base.baseDelay : Duration.ofMillis(100));
            this.maxDelay = Setting.of("maxDelay", base != null ? base.maxDelay : Duration.ofSeconds(20));
            this.maxTotalTime = Setting.of("maxTotalTime", base != null ? base.maxTotalTime : Duration.ofMinutes(2));
            this.conditions = Setting.of("retryOn", base != null ? base.conditions : EnumSet.allOf(Condition.class));
            this.extra = base != null ? base.extra : null;
        }

        /** Attempts in all, the first included; 1 means no retries. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 100) {
                throw new IllegalArgumentException("maxAttempts must be 1..100, was " + maxAttempts);
            }
            this.maxAttempts.set(maxAttempts);
            return this;
        }

        public Builder baseDelay(Duration baseDelay) {
            this.baseDelay.set(positive("baseDelay", baseDelay));
            return this;
        }

        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay.set(positive("maxDelay", maxDelay));
            return this;
        }

        /** No retry starts once this much time has passed since the first attempt. */
        public Builder maxTotalTime(Duration maxTotalTime) {
            this.maxTotalTime.set(positive("maxTotalTime", maxTotalTime));
            return this;
        }

        /** Retry only these kinds of failure (replaces the default: all of them). */
        public Builder retryOn(Condition first, Condition... more) {
            this.conditions.set(java.util.Collections.unmodifiableSet(EnumSet.of(first, more)));
            return this;
        }

        /** Also retry failures matching {@code condition} (e.g. an eventually consistent 404). */
        public Builder retryIf(Predicate<Throwable> condition) {
            Objects.requireNonNull(condition, "condition");
            this.extra = this.extra == null ? condition : this.extra.or(condition);
            return this;
        }

        /**
         * The policy.
         *
         * @throws IllegalStateException when {@code maxDelay} is shorter than {@code baseDelay}
         */
        public RetryPolicy build() {
            if (maxDelay.get().compareTo(baseDelay.get()) < 0) {
                throw new IllegalStateException("maxDelay (" + maxDelay.get() + ") must not be shorter than baseDelay ("
                        + baseDelay.get() + ")");
            }
            return new RetryPolicy(this);
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
