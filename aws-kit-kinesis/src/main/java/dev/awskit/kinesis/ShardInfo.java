package dev.awskit.kinesis;

import dev.awskit.core.AwsKitStyle;
import java.util.Optional;
import org.immutables.value.Value;

/** A shard: its id, parents, hash key range and sequence number range. */
@Value.Immutable
@AwsKitStyle
public interface ShardInfo {
    String shardId();

    /** The shard this one was split from or merged from. */
    Optional<String> parentShardId();

    /** The other parent of a merge. */
    Optional<String> adjacentParentShardId();

    /** Decimal, inclusive. */
    String startingHashKey();

    /** Decimal, inclusive. */
    String endingHashKey();

    String startingSequenceNumber();

    /** Present once the shard is closed (split, merged or resharded away). */
    Optional<String> endingSequenceNumber();

    /** Whether the shard no longer takes writes. */
    @Value.Derived
    default boolean closed() {
        return endingSequenceNumber().isPresent();
    }

    static ShardInfoBuilder builder() {
        return new ShardInfoBuilder();
    }
}
