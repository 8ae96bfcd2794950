package dev.awskit.ecr;

import dev.awskit.core.AwsKitStyle;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What {@code create-repository} should create: name, tag mutability, scan on push, encryption
 * (AES256 unless a KMS key is given), an optional lifecycle policy (JSON) and tags.
 *
 * <pre>{@code
 * ecr.repositories().create(r -> r.name("team/app").tagMutability(TagMutability.IMMUTABLE).scanOnPush(true));
 * }</pre>
 */
@Value.Immutable
@AwsKitStyle
public interface CreateRepository {
    String name();

    /** The account of the registry, when not the caller's own. */
    Optional<String> registryId();

    @Value.Default
    default TagMutability tagMutability() {
        return TagMutability.MUTABLE;
    }

    @Value.Default
    default boolean scanOnPush() {
        return false;
    }

    @Value.Default
    default Encryption encryption() {
        return kmsKey().isPresent() ? Encryption.KMS : Encryption.AES256;
    }

    /** A KMS key (id, alias or ARN) in the repository's region. */
    Optional<String> kmsKey();

    /** A lifecycle policy document (JSON), put right after the repository is created. */
    Optional<String> lifecyclePolicy();

    Map<String, String> tags();

    @Value.Check
    default void check() {
        ImageRef.parse(name() + ":x");
        if (encryption() == Encryption.AES256 && kmsKey().isPresent()) {
            throw new IllegalArgumentException("kmsKey '" + kmsKey().get() + "' was given for repository " + name()
                    + " with AES256 encryption; use encryption(KMS) or drop the key");
        }
        registryId().ifPresent(id -> {
            if (!id.matches("\\d{12}")) {
                throw new IllegalArgumentException("registryId '" + id + "' must be a 12-digit account id");
            }
        });
    }

    static CreateRepositoryBuilder builder() {
        return new CreateRepositoryBuilder();
    }
}
