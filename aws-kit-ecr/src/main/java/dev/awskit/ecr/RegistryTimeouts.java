package dev.awskit.ecr;

import dev.awskit.core.AwsKitStyle;
import java.time.Duration;
import org.immutables.value.Value;

/**
 * How long registry requests may take, as three bounds that never limit the size of a blob: the
 * TCP connect, the time to the first byte of an answer (for an upload: counted from the body's
 * last byte), and the longest wait for the next byte while a body is read or sent. A 10 GB layer
 * that moves steadily never times out; a read that stalls fails after {@link #idle()}.
 *
 * <pre>{@code
 * Registry r = Registry.at(url, user, password)
 *     .withTimeouts(RegistryTimeouts.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30)));
 * }</pre>
 */
@Value.Immutable
@AwsKitStyle
public interface RegistryTimeouts {
    /** TCP connect (and TLS handshake); default 10 s. */
    @Value.Default
    default Duration connect() {
        return Duration.ofSeconds(10);
    }

    /**
     * From sending a request (an upload: from sending its last byte) to the answer's headers;
     * default 60 s.
     */
    @Value.Default
    default Duration firstByte() {
        return Duration.ofSeconds(60);
    }

    /** The longest time a body being read or sent may make no progress; default 60 s. */
    @Value.Default
    default Duration idle() {
        return Duration.ofSeconds(60);
    }

    @Value.Check
    default void check() {
        for (Duration d : new Duration[] {connect(), firstByte(), idle()}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("registry timeouts must be positive, got connect " + connect()
                        + ", firstByte " + firstByte() + ", idle " + idle());
            }
        }
    }

    /** 10 s to connect, 60 s to the first byte, 60 s without progress. */
    static RegistryTimeouts defaults() {
        return builder().build();
    }

    static RegistryTimeouts of(Duration connect, Duration firstByte, Duration idle) {
        return builder().connect(connect).firstByte(firstByte).idle(idle).build();
    }

    static RegistryTimeoutsBuilder builder() {
        return new RegistryTimeoutsBuilder();
    }
}
