package dev.awskit.ecr;

import dev.awskit.core.AwsKitStyle;
import java.util.List;
import org.immutables.value.Value;

/** A registry's replication rules in one region (describe-registry / put-replication-configuration). */
@Value.Immutable
@AwsKitStyle
public interface ReplicationConfiguration {
    String registryId();

    String region();

    List<ReplicationRule> rules();

    static ReplicationConfigurationBuilder builder() {
        return new ReplicationConfigurationBuilder();
    }
}
