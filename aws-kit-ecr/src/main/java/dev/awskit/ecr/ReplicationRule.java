package dev.awskit.ecr;

import dev.awskit.core.AwsKitStyle;
import java.util.List;
import org.immutables.value.Value;

/** One replication rule: its destinations and the repository-name prefixes it applies to (all when empty). */
@Value.Immutable
@AwsKitStyle
public interface ReplicationRule {
    List<ReplicationDestination> destinations();

    List<String> prefixes();

    static ReplicationRuleBuilder builder() {
        return new ReplicationRuleBuilder();
    }
}
