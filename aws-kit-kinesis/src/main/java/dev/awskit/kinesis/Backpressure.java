package dev.awskit.kinesis;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link KinesisProducer#send} does when the buffer is full: wait for room up to a timeout, or
 * fail the record at once. Either way memory is bounded.
 */
public final class Backpressure {
    private final Duration timeout;

    private Backpressure(Duration timeout) {
        this.timeout = timeout;
    }

    /** The caller of {@code send} waits up to {@code timeout} for room, then gets a failed future. */
    public static Backpressure block(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("block timeout must be positive, was " + timeout);
        }
        return new Backpressure(timeout);
    }

    /** {@code send} returns a failed future at once when the buffer is full. */
    public static Backpressure failFast() {
        return new Backpressure(Duration.ZERO);
    }

    /** How long {@code send} may wait for room; zero for fail-fast. */
    public Duration timeout() {
        return timeout;
    }

    public boolean blocks() {
        return !timeout.isZero();
    }

    @Override
    public String toString() {
        return blocks() ? "block(" + timeout + ")" : "failFast()";
    }
}
