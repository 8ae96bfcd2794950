package dev.awskit.kinesis;

import dev.awskit.core.AwsKitException;
import dev.awskit.core.Wait;
import dev.awskit.kinesis.internal.Streams;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.kinesis.model.CreateStreamRequest;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * One stream by name: create, await, describe, list shards, reshard, delete. Seed 004's LocalStack
 * init hook ({@code aws kinesis create-stream ...; aws kinesis list-streams}) as calls:
 *
 * <pre>{@code
 * Kinesis k = Kinesis.of(aws);
 * k.stream("my-event-dev").createIfAbsent(1).awaitActive();
 * k.streams().forEach(System.out::println);
 * }</pre>
 */
public final class KinesisStream {
    private static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    private final Streams streams;
    private final String name;

    private KinesisStream(Streams streams, String name) {
        this.streams = streams;
        this.name = name;
    }

    static KinesisStream of(Streams streams, String name) {
        return new KinesisStream(streams, Kinesis.checkStreamName(name));
    }

    public String name() {
        return name;
    }

    /**
     * Creates the stream with {@code shards} provisioned shards ({@code aws kinesis create-stream}).
     * Returns at once; follow with {@link #awaitActive()}.
     *
     * @throws AwsKitException when the stream already exists, or the call fails
     */
    public KinesisStream create(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, was " + shards);
        }
        return create(r -> r.shardCount(shards));
    }

    /** Creates the stream with any CreateStream options (on-demand mode, tags...); the name is set. */
    public KinesisStream create(Consumer<CreateStreamRequest.Builder> request) {
        try {
            streams.call("CreateStream", name, () -> streams.client().createStream(b -> {
                request.accept(b);
                b.streamName(name);
            }));
        } catch (AwsKitException e) {
            if (e.getCause() instanceof ResourceInUseException) {
                throw new AwsKitException(
                        "Kinesis stream '" + name + "' already exists in " + streams.region()
                                + "; use createIfAbsent(...) or delete it first",
                        e.getCause(),
                        1,
                        false);
            }
            throw e;
        }
        return this;
    }

    /** {@link #create(int)} unless the stream exists already (then nothing changes). */
    public KinesisStream createIfAbsent(int shards) {
        if (!exists()) {
            try {
                create(shards);
            } catch (AwsKitException e) {
                if (!(e.getCause() instanceof ResourceInUseException)) {
                    throw e;
                }
            }
        }
        return this;
    }

    /** Whether the stream exists (in any status). */
    public boolean exists() {
        try {
            describe();
            return true;
        } catch (StreamNotFoundException e) {
            return false;
        }
    }

    /**
     * Waits until the stream is ACTIVE, polling from 50 ms on (not the SDK waiter's 10 s first
     * delay), for up to 5 minutes.
     */
    public StreamSummary awaitActive() {
        return awaitActive(DEFAULT_WAIT);
    }

    /** {@link #awaitActive()} with a timeout. */
    public StreamSummary awaitActive(Duration timeout) {
        return Wait.until("Kinesis stream '" + name + "' in " + streams.region() + " to be ACTIVE")
                .timeout(timeout)
                .firstDelay(Duration.ofMillis(50))
                .maxDelay(Duration.ofSeconds(2))
                .pollWithState(() -> {
                    StreamSummary s = describe();
                    return "ACTIVE".equals(s.status()) ? Wait.Outcome.done(s) : Wait.Outcome.notYet(s.status());
                });
    }

    /** {@code aws kinesis describe-stream-summary}. */
    public StreamSummary describe() {
        return toSummary(streams.summary(name));
    }

    /** Every shard, open and closed ({@code aws kinesis list-shards}). */
    public List<ShardInfo> shards() {
        return streams.listShards(name).stream().map(KinesisStream::toInfo).toList();
    }

    /** The open shards only. */
    public List<ShardInfo> openShards() {
        return shards().stream().filter(s -> !s.closed()).toList();
    }

    /**
     * Splits an open shard in two at the middle of its hash key range. The stream is UPDATING until
     * the children exist; follow with {@link #awaitActive()}.
     */
    public KinesisStream split(String shardId) {
        ShardInfo s = shards().stream()
                .filter(x -> x.shardId().equals(shardId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "Stream '" + name + "' has no shard '" + shardId + "'; its shards: "
                                + shards().stream().map(ShardInfo::shardId).toList()));
        if (s.closed()) {
            throw new IllegalArgumentException("Shard '" + shardId + "' of stream '" + name + "' is closed");
        }
        BigInteger mid = new BigInteger(s.startingHashKey())
                .add(new BigInteger(s.endingHashKey()))
                .add(BigInteger.ONE)
                .shiftRight(1);
        streams.call("SplitShard", name, () -> streams.client()
                .splitShard(r -> r.streamName(name).shardToSplit(shardId).newStartingHashKey(mid.toString())));
        return this;
    }

    /**
     * Merges two open shards with adjacent hash key ranges into one; follow with {@link
     * #awaitActive()}.
     */
    public KinesisStream merge(String shardId, String adjacentShardId) {
        streams.call("MergeShards", name, () -> streams.client()
                .mergeShards(r -> r.streamName(name).shardToMerge(shardId).adjacentShardToMerge(adjacentShardId)));
        return this;
    }

    /** Reshards to {@code target} open shards with uniform scaling; follow with {@link #awaitActive()}. */
    public KinesisStream updateShardCount(int target) {
        if (target < 1) {
            throw new IllegalArgumentException("target shard count must be at least 1, was " + target);
        }
        streams.call("UpdateShardCount", name, () -> streams.client()
                .updateShardCount(
                        r -> r.streamName(name).targetShardCount(target).scalingType(ScalingType.UNIFORM_SCALING)));
        return this;
    }

    /**
     * Deletes the stream and its registered consumers ({@code aws kinesis delete-stream
     * --enforce-consumer-deletion}).
     *
     * @return false when there was no such stream
     */
    public boolean delete() {
        try {
            streams.client().deleteStream(r -> r.streamName(name).enforceConsumerDeletion(true));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            return streams.call("DeleteStream", name, () -> {
                throw e;
            });
        }
    }

    /** Waits until the stream no longer exists. */
    public void awaitDeleted(Duration timeout) {
        Wait.until("Kinesis stream '" + name + "' in " + streams.region() + " to be deleted")
                .timeout(timeout)
                .firstDelay(Duration.ofMillis(50))
                .maxDelay(Duration.ofSeconds(2))
                .pollWithState(() -> {
                    try {
                        return Wait.Outcome.notYet(describe().status());
                    } catch (StreamNotFoundException e) {
                        return Wait.Outcome.done(Boolean.TRUE);
                    }
                });
    }

    static StreamSummary toSummary(StreamDescriptionSummary s) {
        return StreamSummary.builder()
                .name(s.streamName())
                .arn(s.streamARN())
                .status(
                        s.streamStatus() == StreamStatus.UNKNOWN_TO_SDK_VERSION
                                ? s.streamStatusAsString()
                                : s.streamStatus().toString())
                .openShards(s.openShardCount() != null ? s.openShardCount() : 0)
                .retention(Duration.ofHours(s.retentionPeriodHours() != null ? s.retentionPeriodHours() : 24))
                .maxRecordSizeKiB(s.maxRecordSizeInKiB() != null ? s.maxRecordSizeInKiB() : 1024)
                .mode(Optional.ofNullable(s.streamModeDetails()).map(m -> m.streamModeAsString()))
                .createdAt(Optional.ofNullable(s.streamCreationTimestamp()))
                .encryption(Optional.ofNullable(s.encryptionTypeAsString()))
                .build();
    }

    static ShardInfo toInfo(Shard s) {
        return ShardInfo.builder()
                .shardId(s.shardId())
                .parentShardId(Optional.ofNullable(s.parentShardId()))
                .adjacentParentShardId(Optional.ofNullable(s.adjacentParentShardId()))
                .startingHashKey(s.hashKeyRange().startingHashKey())
                .endingHashKey(s.hashKeyRange().endingHashKey())
                .startingSequenceNumber(s.sequenceNumberRange().startingSequenceNumber())
                .endingSequenceNumber(
                        Optional.ofNullable(s.sequenceNumberRange().endingSequenceNumber()))
                .build();
    }

    @Override
    public String toString() {
        return "KinesisStream{" + name + " in " + streams.region() + "}";
    }
}
