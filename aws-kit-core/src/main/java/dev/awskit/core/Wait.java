package dev.awskit.core;

import dev.awskit.core.internal.Setting;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Polls until a condition holds, with a timeout and backoff, and says what it waited for when it
 * gives up. Use SDK waiters where they exist; this is for everything else (an emulator's stream,
 * a NAT gateway state, an ECS deployment).
 *
 * <pre>{@code
 * StreamDescription d = Wait.until("stream my-event-dev to be ACTIVE")
 *     .timeout(Duration.ofMinutes(2))
 *     .poll(() -> { var s = describe(); return s.status() == ACTIVE ? Optional.of(s) : Optional.empty(); });
 * }</pre>
 */
public final class Wait {
    private final String what;
    private final Setting<Duration> timeout = Setting.of("timeout", Duration.ofMinutes(5));
    private final Setting<Duration> firstDelay = Setting.of("firstDelay", Duration.ofMillis(50));
    private final Setting<Duration> maxDelay = Setting.of("maxDelay", Duration.ofSeconds(5));

    private Wait(String what) {
        this.what = what;
    }

    /** Starts a wait; {@code what} reads after "waiting for", e.g. {@code "bucket logs to exist"}. */
    public static Wait until(String what) {
        return new Wait(Objects.requireNonNull(what, "what"));
    }

    public Wait timeout(Duration timeout) {
        this.timeout.set(positive("timeout", timeout));
        return this;
    }

    /** The first pause between polls; pauses double up to {@link #maxDelay(Duration)}. */
    public Wait firstDelay(Duration firstDelay) {
        this.firstDelay.set(positive("firstDelay", firstDelay));
        return this;
    }

    public Wait maxDelay(Duration maxDelay) {
        this.maxDelay.set(positive("maxDelay", maxDelay));
        return this;
    }

    /**
     * Polls {@code probe} until it returns a value.
     *
     * @throws WaitTimeoutException after the timeout, naming what was awaited and how long
     */
    public <T> T poll(Supplier<Optional<T>> probe) {
        return pollWithState(() -> probe.get().map(Outcome::done).orElseGet(() -> Outcome.notYet(null)));
    }

    /**
     * Polls {@code probe}; an {@link Outcome#notYet(String)} carries the state seen, which the
     * timeout message reports ("last seen: CREATING").
     */
    public <T> T pollWithState(Supplier<Outcome<T>> probe) {
        Duration timeout = this.timeout.get();
        Duration maxDelay = this.maxDelay.get();
        if (maxDelay.compareTo(firstDelay.get()) < 0) {
            throw new IllegalStateException(
                    "maxDelay (" + maxDelay + ") is shorter than firstDelay (" + firstDelay.get()
                            + "): pauses start at firstDelay and double up to maxDelay; raise maxDelay or lower firstDelay");
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long delay = firstDelay.get().toNanos();
        AtomicReference<String> lastState = new AtomicReference<>();
        int attempts = 0;
        while (true) {
            attempts++;
            Outcome<T> outcome = probe.get();
            if (outcome.isDone()) {
                return outcome.value;
            }
            if (outcome.state != null) {
                lastState.set(outcome.state);
            }
            long now = System.nanoTime();
            if (now >= deadline) {
                Duration waited = Duration.ofNanos(now - start);
                throw new WaitTimeoutException(
                        "Timed out after " + seconds(waited) + " waiting for " + what
                                + (lastState.get() != null ? "; last seen: " + lastState.get() : "")
                                + ". Check the resource, or wait longer with timeout(...).",
                        waited,
                        attempts);
            }
            sleep(Math.min(delay, deadline - now));
            delay = Math.min(delay * 2, maxDelay.toNanos());
        }
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsKitException("Interrupted while waiting", e, 1, false);
        }
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    private static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
        return d;
    }

    /** The result of one poll: done with a value, or not yet with the state seen. */
    public static final class Outcome<T> {
        private final boolean done;
        private final T value;
        private final String state;

        private Outcome(boolean done, T value, String state) {
            this.done = done;
            this.value = value;
            this.state = state;
        }

        public static <T> Outcome<T> done(T value) {
            return new Outcome<>(true, value, null);
        }

        public static <T> Outcome<T> notYet(String stateSeen) {
            return new Outcome<>(false, null, stateSeen);
        }

        public boolean isDone() {
            return done;
        }
    }
}
