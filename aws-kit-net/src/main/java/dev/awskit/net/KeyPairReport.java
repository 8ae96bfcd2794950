package dev.awskit.net;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link KeyPair#createIfAbsent(Path)} or {@link KeyPair#importPublicKey(Path)} did. Never holds
 * the private key.
 */
public final class KeyPairReport {
    /** What happened. */
    public enum Outcome {
        /** The key pair was created and its private key written to the file. */
        CREATED,
        /** The public key was imported as a new key pair. */
        IMPORTED,
        /** The key pair existed (and, for a create, so did the file): nothing was changed. */
        ALREADY_EXISTS
    }

    private final String name;
    private final String region;
    private final Outcome outcome;
    private final String keyPairId;
    private final String fingerprint;
    private final Path file;

    KeyPairReport(String name, String region, Outcome outcome, String keyPairId, String fingerprint, Path file) {
        this.name = Objects.requireNonNull(name, "name");
        this.region = Objects.requireNonNull(region, "region");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.keyPairId = keyPairId;
        this.fingerprint = fingerprint;
        this.file = file;
    }

    /** The key pair's name. */
    public String name() {
        return name;
    }

    /** The region the key pair lives in (key pairs are regional). */
    public String region() {
        return region;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** {@code key-0123...}, when the server gave one. */
    public Optional<String> keyPairId() {
        return Optional.ofNullable(keyPairId);
    }

    /** The fingerprint EC2 reports for the key pair, when it gave one. */
    public Optional<String> fingerprint() {
        return Optional.ofNullable(fingerprint);
    }

    /** The private-key file written (CREATED) or found (ALREADY_EXISTS), or the public key imported. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    @Override
    public String toString() {
        return "KeyPairReport{" + name + " in " + region + ": " + outcome
                + (keyPairId != null ? ", id=" + keyPairId : "")
                + (fingerprint != null ? ", fingerprint=" + fingerprint : "")
                + (file != null ? ", file=" + file : "") + "}";
    }
}
