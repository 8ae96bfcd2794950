package dev.awskit.iam;

import dev.awskit.core.AwsKitStyle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What {@link Iam#rotateAccessKey(RotateAccessKeyRequest)} rotates and how.
 *
 * <pre>{@code
 * Iam.of(aws).rotateAccessKey(k -> k.profile("dev").deleteOld());
 * }</pre>
 */
@Value.Immutable
@AwsKitStyle
public interface RotateAccessKeyRequest {
    /** The profile of the credentials file whose key is rotated; default: the kit's profile. */
    Optional<String> profile();

    /**
     * The shared credentials file; default: {@code AWS_SHARED_CREDENTIALS_FILE}, else {@code
     * ~/.aws/credentials}.
     */
    Optional<Path> credentialsFile();

    /**
     * When the user already holds two keys, delete the one that is not the profile's before
     * creating the new one. Off by default: the rotation refuses and names the other key.
     */
    @Value.Default
    default boolean deleteOtherKey() {
        return false;
    }

    /** Delete the old key after deactivating it. Off by default: deactivate now, delete later. */
    @Value.Default
    default boolean deleteOld() {
        return false;
    }

    /** Copy the previous credentials file to {@code credentials.bak-<UTC time>} (mode 0600). On by default. */
    @Value.Default
    default boolean backup() {
        return true;
    }

    /** Also update every other profile of the file that holds the old key. Off by default. */
    @Value.Default
    default boolean updateAllProfiles() {
        return false;
    }

    /**
     * How long to keep trying the new key (STS GetCallerIdentity) while IAM propagates it; an
     * {@code InvalidClientTokenId} for a few seconds is normal. Default 60 s.
     */
    @Value.Default
    default Duration verifyTimeout() {
        return Duration.ofSeconds(60);
    }

    @Value.Check
    default void check() {
        profile().ifPresent(p -> {
            if (p.isBlank() || p.contains("]") || p.contains("\n")) {
                throw new IllegalArgumentException("profile '" + p + "' is not a profile name; expected e.g. dev");
            }
        });
        if (verifyTimeout().isNegative() || verifyTimeout().isZero()) {
            throw new IllegalArgumentException("verifyTimeout must be positive, was " + verifyTimeout());
        }
    }

    static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link RotateAccessKeyRequest}: the generated {@link RotateAccessKeyRequestBuilder}'s
     * setters plus shortcuts for the usual flags.
     */
    final class Builder extends RotateAccessKeyRequestBuilder {
        Builder() {}

        /** {@code deleteOtherKey(true)}. */
        public Builder deleteOtherKey() {
            deleteOtherKey(true);
            return this;
        }

        /** {@code deleteOld(true)}. */
        public Builder deleteOld() {
            deleteOld(true);
            return this;
        }

        /** {@code backup(false)}. */
        public Builder noBackup() {
            backup(false);
            return this;
        }

        /** {@code updateAllProfiles(true)}. */
        public Builder updateAllProfiles() {
            updateAllProfiles(true);
            return this;
        }
    }
}
