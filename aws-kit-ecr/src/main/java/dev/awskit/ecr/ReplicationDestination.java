package dev.awskit.ecr;

import dev.awskit.core.AwsKitStyle;
import org.immutables.value.Value;

/** Where a replication rule copies to: a region of an account's registry. */
@Value.Immutable
@AwsKitStyle
public interface ReplicationDestination {
    String region();

    String registryId();

    static ReplicationDestination of(String region, String registryId) {
        return builder().region(region).registryId(registryId).build();
    }

    static ReplicationDestinationBuilder builder() {
        return new ReplicationDestinationBuilder();
    }
}
