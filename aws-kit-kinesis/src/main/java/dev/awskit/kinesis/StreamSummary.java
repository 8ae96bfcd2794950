package dev.awskit.kinesis;

import dev.awskit.core.AwsKitStyle;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/** What {@code aws kinesis describe-stream-summary} tells about a stream. */
@Value.Immutable
@AwsKitStyle
public interface StreamSummary {
    String name();

    String arn();

    /** CREATING, ACTIVE, UPDATING or DELETING. */
    String status();

    int openShards();

    Duration retention();

    /** The largest record the stream accepts, data plus partition key (1024 KiB unless raised). */
    int maxRecordSizeKiB();

    /** PROVISIONED or ON_DEMAND, when the service says. */
    Optional<String> mode();

    Optional<Instant> createdAt();

    /** NONE or KMS, when the service says. */
    Optional<String> encryption();

    static StreamSummaryBuilder builder() {
        return new StreamSummaryBuilder();
    }
}
