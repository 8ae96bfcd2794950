package dev.awskit.ecr;

import dev.awskit.core.AwsKitStyle;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** An image in a repository (describe-images / list-images): digest, tags, size, push time. */
@Value.Immutable
@AwsKitStyle
public interface EcrImage {
    String repository();

    String digest();

    List<String> tags();

    Optional<Long> sizeBytes();

    Optional<Instant> pushedAt();

    Optional<String> mediaType();

    static EcrImageBuilder builder() {
        return new EcrImageBuilder();
    }
}
