package dev.awskit.kinesis;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.kinesis.internal.Streams;
import java.util.Iterator;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The Kinesis facade: streams, a batching producer and a pull consumer.
 *
 * <pre>{@code
 * Kinesis k = Kinesis.of(aws);
 * k.stream("my-event-dev").createIfAbsent(1).awaitActive();
 * try (KinesisProducer p = k.producer("my-event-dev").build()) {
 *     p.send("user-42", bytes);
 * }
 * try (KinesisConsumer c = k.consumer("my-event-dev").from(StartPosition.trimHorizon()).build()) {
 *     c.readAvailable().forEach(r -> System.out.println(r.partitionKey()));
 * }
 * }</pre>
 */
public final class Kinesis {
    private final AwsKit kit;
    private final Streams streams;

    private Kinesis(AwsKit kit) {
        this.kit = kit;
        this.streams = new Streams(kit);
    }

    /** Kinesis on the kit's account, region and endpoint. */
    public static Kinesis of(AwsKit kit) {
        return new Kinesis(Objects.requireNonNull(kit, "kit"));
    }

    /** A producer for {@code streamName}; configure it, then {@code build()}. */
    public KinesisProducer.Builder producer(String streamName) {
        return new KinesisProducer.Builder(kit, streamName);
    }

    /** A pull consumer for {@code streamName}; configure it, then {@code build()}. */
    public KinesisConsumer.Builder consumer(String streamName) {
        return new KinesisConsumer.Builder(kit, streamName);
    }

    /**
     * A worker of the consumer group {@code groupName} (the KCL application name and lease table):
     * configure it, then {@code start()}. Needs the KCL on the class path (see {@link ConsumerGroup}).
     */
    public ConsumerGroup.Builder consumerGroup(String groupName) {
        return new ConsumerGroup.Builder(kit, groupName);
    }

    /** A stream by name (nothing is called until you use it). */
    public KinesisStream stream(String streamName) {
        return KinesisStream.of(streams, streamName);
    }

    /**
     * The names of every stream in the region, lazily over all pages ({@code aws kinesis list-streams}).
     *
     * @throws AwsKitException (when the stream is consumed) when Kinesis cannot be reached or
     *     refuses the call; the message names the region and what to do, the SDK exception is the
     *     cause
     */
    public Stream<String> streams() {
        Iterator<String> names = streams.call("ListStreams", null, () -> kit.client(KinesisClient.class)
                .listStreamsPaginator(r -> {})
                .streamNames()
                .iterator());
        Iterator<String> guarded = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return streams.call("ListStreams", null, names::hasNext);
            }

            @Override
            public String next() {
                return streams.call("ListStreams", null, names::next);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(guarded, Spliterator.ORDERED), false);
    }

    static String checkStreamName(String name) {
        if (name == null || !name.matches("[a-zA-Z0-9_.-]{1,128}")) {
            String shown = name == null || name.length() <= 140 ? name : name.substring(0, 140) + "...";
            throw new IllegalArgumentException("stream name '" + shown
                    + "' is invalid: Kinesis stream names are 1-128 characters of a-z A-Z 0-9 _ . -");
        }
        return name;
    }

    /** {@code Kinesis[region us-east-1, endpoint http://127.0.0.1:4567]}: where the Kinesis calls go. */
    @Override
    public String toString() {
        return "Kinesis[" + kit.summary("kinesis") + "]";
    }
}
