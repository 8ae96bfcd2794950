package dev.awskit.kinesis.internal;

import dev.awskit.core.AwsKitException;
import dev.awskit.core.WaitTimeoutException;
import dev.awskit.core.internal.Texts;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/** Enhanced fan-out helpers shared by the consumer group and the standalone consumer. */
public final class EnhancedFanOut {
    private static final Logger LOG = LoggerFactory.getLogger(EnhancedFanOut.class);

    private EnhancedFanOut() {}

    /** RegisterStreamConsumer's ConsumerName: 1-128 characters of a-z A-Z 0-9 _ . - */
    public static String checkConsumerName(String name) {
        if (name == null || !name.matches("[a-zA-Z0-9_.-]{1,128}")) {
            throw new IllegalArgumentException("enhanced fan-out consumer name '" + Texts.clip(String.valueOf(name))
                    + "' is invalid: 1-128 characters of a-z A-Z 0-9 _ . - (e.g. orders-app)");
        }
        return name;
    }

    /**
     * The ARN of the stream consumer {@code consumerName}, registered if it does not exist yet
     * (idempotent: DescribeStreamConsumer first, RegisterStreamConsumer only when it is missing, and a
     * concurrent registration by another process is taken as success), once it is ACTIVE.
     *
     * @throws WaitTimeoutException when it is not ACTIVE within {@code timeout}
     */
    public static String register(Streams streams, String stream, String consumerName, Duration timeout) {
        KinesisClient k = streams.client();
        String streamArn = streams.summary(stream).streamARN();
        ConsumerDescription d = describe(streams, stream, streamArn, consumerName);
        if (d == null) {
            try {
                streams.call(
                        "RegisterStreamConsumer",
                        stream,
                        () -> k.registerStreamConsumer(
                                r -> r.streamARN(streamArn).consumerName(consumerName)));
                LOG.info("registered enhanced fan-out consumer {} on stream {}", consumerName, stream);
            } catch (AwsKitException e) {
                if (!(e.getCause() instanceof ResourceInUseException)) {
                    throw e;
                }
                // registered meanwhile by another process: fine
            }
            d = describe(streams, stream, streamArn, consumerName);
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int attempts = 1;
        while (d == null || d.consumerStatus() != ConsumerStatus.ACTIVE) {
            if (d != null && d.consumerStatus() == ConsumerStatus.DELETING) {
                throw new AwsKitException("enhanced fan-out consumer " + consumerName + " of Kinesis stream '" + stream
                        + "' in " + streams.region() + " is being deleted; wait until it is gone, or use another name");
            }
            if (System.nanoTime() > deadline) {
                throw new WaitTimeoutException(
                        "enhanced fan-out consumer " + consumerName + " of Kinesis stream '" + stream + "' in "
                                + streams.region() + " is not ACTIVE after " + timeout + " (status "
                                + (d == null ? "unknown" : d.consumerStatusAsString())
                                + "); try again later or check it with aws kinesis describe-stream-consumer",
                        Duration.ofNanos(System.nanoTime() - start),
                        attempts);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AwsKitException("Interrupted while waiting for consumer " + consumerName, e, attempts, false);
            }
            attempts++;
            d = describe(streams, stream, streamArn, consumerName);
        }
        return d.consumerARN();
    }

    private static ConsumerDescription describe(Streams streams, String stream, String streamArn, String name) {
        try {
            return streams.client()
                    .describeStreamConsumer(r -> r.streamARN(streamArn).consumerName(name))
                    .consumerDescription();
        } catch (ResourceNotFoundException e) {
            return null; // not registered (yet)
        } catch (RuntimeException e) {
            return streams.call("DescribeStreamConsumer", stream, () -> {
                throw e;
            });
        }
    }
}
