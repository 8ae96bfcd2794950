package dev.awskit.ecr;

import dev.awskit.core.AwsKitStyle;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/** An ECR repository and the settings a copy carries over (describe-repositories). */
@Value.Immutable
@AwsKitStyle
public interface EcrRepository {
    String name();

    String registryId();

    String region();

    String arn();

    /** {@code <account>.dkr.ecr.<region>.amazonaws.com/<name>}. */
    String uri();

    TagMutability tagMutability();

    boolean scanOnPush();

    Encryption encryption();

    /** The KMS key of {@link Encryption#KMS} repositories. */
    Optional<String> kmsKey();

    Optional<Instant> createdAt();

    static EcrRepositoryBuilder builder() {
        return new EcrRepositoryBuilder();
    }
}
