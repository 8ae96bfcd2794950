package dev.awskit.net;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.net.internal.PrivateKeyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.ImportKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.KeyFormat;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;

/**
 * An EC2 key pair by name, in the kit's region (seeds 002 and 003: {@code aws ec2 create-key-pair
 * --query KeyMaterial --output text > aws-admin.pem}, then {@code chmod 400 aws-admin.pem} after
 * ssh's "UNPROTECTED PRIVATE KEY FILE!"). Nothing is called until a method is.
 *
 * <pre>{@code
 * Net.of(aws).keyPair("aws-admin").createIfAbsent(Path.of("~/.ssh/aws-admin.pem"));
 * Net.of(aws).keyPair("laptop").importPublicKey(Path.of("~/.ssh/id_ed25519.pub"));
 * }</pre>
 *
 * <p>A leading {@code ~/} in a path is the user's home directory, as in a shell.
 */
public final class KeyPair {
    /** The type of a key pair EC2 creates. */
    public enum KeyType {
        RSA("rsa"),
        ED25519("ed25519");

        private final String wire;

        KeyType(String wire) {
            this.wire = wire;
        }
    }

    /** EC2's key-pair names: 1-255 ASCII characters. */
    private static final Pattern NAME = Pattern.compile("[\\x20-\\x7E]{1,255}");

    private final AwsKit kit;
    private final String name;

    KeyPair(AwsKit kit, String name) {
        this.kit = Objects.requireNonNull(kit, "kit");
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches() || !name.strip().equals(name)) {
            throw new IllegalArgumentException("key pair name '" + printable(name)
                    + "' must be 1-255 printable ASCII characters without leading or trailing spaces");
        }
        this.name = name;
    }

    /** The key pair's name. */
    public String name() {
        return name;
    }

    /** Whether EC2 has a key pair of this name in the kit's region. */
    public boolean exists() {
        return find().isPresent();
    }

    /** {@link #createIfAbsent(Path, KeyType)} of an RSA key pair. */
    public KeyPairReport createIfAbsent(Path privateKeyFile) {
        return createIfAbsent(privateKeyFile, KeyType.RSA);
    }

    /**
     * Creates the key pair and writes its private key (PEM) to {@code privateKeyFile} with mode 0400
     * (owner read only), atomically: the file appears whole or not at all, and an existing file is
     * never overwritten. When the key pair already exists and so does the file, nothing happens
     * ({@code ALREADY_EXISTS}).
     *
     * @throws IllegalStateException when the key pair exists but the file does not (EC2 gives a
     *     private key only once, when it creates the pair), or the file exists but the key pair
     *     does not (it is not this pair's key); the message says what to do
     * @throws AwsKitException when EC2 refuses, or the file cannot be written (the new key pair is
     *     then deleted again, so nothing is left half-done)
     */
    public KeyPairReport createIfAbsent(Path privateKeyFile, KeyType type) {
        Objects.requireNonNull(type, "type");
        Path file = PrivateKeyFiles.expandHome(Objects.requireNonNull(privateKeyFile, "privateKeyFile"));
        Optional<KeyPairInfo> existing = find();
        boolean fileThere = Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (existing.isPresent()) {
            if (!fileThere) {
                throw new IllegalStateException("Key pair '" + name + "' exists in " + kit.region() + " but " + file
                        + " does not: EC2 returns a private key only when it creates the key pair. Point to the"
                        + " file you saved then, or delete the key pair (aws ec2 delete-key-pair --key-name "
                        + name + ") and create it again.");
            }
            return report(
                    KeyPairReport.Outcome.ALREADY_EXISTS,
                    existing.get().keyPairId(),
                    existing.get().keyFingerprint(),
                    file);
        }
        if (fileThere) {
            throw new IllegalStateException(file + " exists but key pair '" + name + "' does not in " + kit.region()
                    + ": the file is not this key pair's private key and is never overwritten. Choose another"
                    + " file, or import that key's public half with importPublicKey(...).");
        }
        PrivateKeyFiles.checkWritable(file);
        CreateKeyPairResponse created;
        try {
            created =
                    ec2().createKeyPair(r -> r.keyName(name).keyType(type.wire).keyFormat(KeyFormat.PEM));
        } catch (SdkException e) {
            throw refused("create", e);
        }
        try {
            PrivateKeyFiles.writeNew(file, created.keyMaterial().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | UncheckedIOException | SecurityException e) {
            String rollback = deleteAfterFailedWrite();
            throw new AwsKitException(
                    "Created key pair '" + name + "' in " + kit.region() + " but could not write its private key to "
                            + file + " (" + e.getMessage() + "); " + rollback
                            + ". Make the directory writable and create it again.",
                    e);
        }
        return report(KeyPairReport.Outcome.CREATED, created.keyPairId(), created.keyFingerprint(), file);
    }

    /**
     * Imports the public key in {@code publicKeyFile} (OpenSSH {@code ssh-rsa}/{@code ssh-ed25519}
     * line, as in {@code ~/.ssh/id_ed25519.pub}) as this key pair; when the key pair exists already
     * nothing is changed ({@code ALREADY_EXISTS}).
     *
     * @throws IllegalArgumentException when the file does not hold one OpenSSH public key (a private
     *     key is refused without echoing it)
     */
    public KeyPairReport importPublicKey(Path publicKeyFile) {
        Path file = PrivateKeyFiles.expandHome(Objects.requireNonNull(publicKeyFile, "publicKeyFile"));
        byte[] material = PrivateKeyFiles.readPublicKey(file);
        Optional<KeyPairInfo> existing = find();
        if (existing.isPresent()) {
            return report(
                    KeyPairReport.Outcome.ALREADY_EXISTS,
                    existing.get().keyPairId(),
                    existing.get().keyFingerprint(),
                    file);
        }
        ImportKeyPairResponse r;
        try {
            r = ec2().importKeyPair(b -> b.keyName(name).publicKeyMaterial(SdkBytes.fromByteArray(material)));
        } catch (SdkException e) {
            throw refused("import", e);
        }
        return report(KeyPairReport.Outcome.IMPORTED, r.keyPairId(), r.keyFingerprint(), file);
    }

    /**
     * Deletes the key pair (the instances launched with it keep working; a private-key file is left
     * alone). Returns false when there was none.
     */
    public boolean delete() {
        if (find().isEmpty()) {
            return false;
        }
        try {
            ec2().deleteKeyPair(r -> r.keyName(name));
        } catch (SdkException e) {
            throw refused("delete", e);
        }
        return true;
    }

    private KeyPairReport report(KeyPairReport.Outcome outcome, String id, String fingerprint, Path file) {
        return KeyPairReport.of(name, kit.region().id(), outcome, id, fingerprint, file);
    }

    private Optional<KeyPairInfo> find() {
        try {
            return ec2().describeKeyPairs(r -> r.keyNames(name)).keyPairs().stream()
                    .filter(k -> name.equals(k.keyName()))
                    .findFirst();
        } catch (SdkException e) {
            if (AwsErrors.errorCode(e).filter("InvalidKeyPair.NotFound"::equals).isPresent()) {
                return Optional.empty();
            }
            throw refused("describe", e);
        }
    }

    private String deleteAfterFailedWrite() {
        try {
            ec2().deleteKeyPair(r -> r.keyName(name));
            return "the key pair was deleted again, so nothing is left half-done";
        } catch (RuntimeException d) {
            return "deleting the key pair again failed too (" + d.getMessage() + "): delete it with aws ec2"
                    + " delete-key-pair --key-name " + name;
        }
    }

    private AwsKitException refused(String what, SdkException e) {
        boolean duplicate = AwsErrors.errorCode(e)
                .filter("InvalidKeyPair.Duplicate"::equals)
                .isPresent();
        AwsKitException wrapped = AwsKitException.of("ec2 " + what + " key pair '" + name + "' in " + kit.region(), e);
        if (!duplicate) {
            return wrapped;
        }
        return new AwsKitException(
                wrapped.getMessage() + ". It exists already (created meanwhile, or by a request whose answer was"
                        + " lost), and EC2 never returns its private key again: delete it (aws ec2 delete-key-pair"
                        + " --key-name " + name + ") and create it again.",
                e,
                wrapped.attempts(),
                false);
    }

    private Ec2Client ec2() {
        return kit.client(Ec2Client.class);
    }

    private static String printable(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }

    @Override
    public String toString() {
        return "KeyPair[" + name + " in " + kit.region() + "]";
    }
}
