package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import java.nio.file.Path;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What {@link KeyPair#createIfAbsent(Path)} or {@link KeyPair#importPublicKey(Path)} did. Never holds
 * the private key.
 */
@Value.Immutable
@AwsKitStyle
public abstract class KeyPairReport {
    /** What happened. */
    public enum Outcome {
        /** The key pair was created and its private key written to the file. */
        CREATED,
        /** The public key was imported as a new key pair. */
        IMPORTED,
        /** The key pair existed (and, for a create, so did the file): nothing was changed. */
        ALREADY_EXISTS
    }

    KeyPairReport() {}

    /** The key pair's name. */
    public abstract String name();

    /** The region the key pair lives in (key pairs are regional). */
    public abstract String region();

    public abstract Outcome outcome();

    /** {@code key-0123...}, when the server gave one. */
    public abstract Optional<String> keyPairId();

    /** The fingerprint EC2 reports for the key pair, when it gave one. */
    public abstract Optional<String> fingerprint();

    /** The private-key file written (CREATED) or found (ALREADY_EXISTS), or the public key imported. */
    public abstract Optional<Path> file();

    static KeyPairReport of(
            String name, String region, Outcome outcome, String keyPairId, String fingerprint, Path file) {
        return new KeyPairReportBuilder()
                .name(name)
                .region(region)
                .outcome(outcome)
                .keyPairId(Optional.ofNullable(keyPairId))
                .fingerprint(Optional.ofNullable(fingerprint))
                .file(Optional.ofNullable(file))
                .build();
    }

    @Override
    public String toString() {
        return "KeyPairReport{" + name() + " in " + region() + ": " + outcome()
                + keyPairId().map(k -> ", id=" + k).orElse("")
                + fingerprint().map(f -> ", fingerprint=" + f).orElse("")
                + file().map(f -> ", file=" + f).orElse("") + "}";
    }
}
