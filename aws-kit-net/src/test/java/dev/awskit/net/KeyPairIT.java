package dev.awskit.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.testing.Service;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Key pairs (seeds 002, 003) on an EC2 server: moto, or AWSKIT_IT_ENDPOINT. The key material and the
 * public-key parsing are the server's own (moto parses imported keys with the cryptography
 * library), so what the file holds comes from the server, not from this code.
 */
@UsesServer(Service.EC2)
class KeyPairIT {
    @TempDir
    Path dir;

    private static KeyPair keyPair(AwsKit aws, TestResources res) {
        KeyPair k = Net.of(aws).keyPair(res.name());
        res.afterwards(k::delete);
        return k;
    }

    @Test
    void createIfAbsent_writesThePrivateKeyOwnerReadOnly_andARerunChangesNothing(AwsKit aws, TestResources res)
            throws IOException {
        KeyPair k = keyPair(aws, res);
        Path pem = dir.resolve("ssh").resolve("aws-admin.pem");

        KeyPairReport first = k.createIfAbsent(pem);

        assertThat(first.outcome()).isEqualTo(KeyPairReport.Outcome.CREATED);
        assertThat(first.file()).contains(pem);
        assertThat(k.exists()).isTrue();
        String material = Files.readString(pem, StandardCharsets.US_ASCII);
        assertThat(material).startsWith("-----BEGIN ").contains("PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pem)))
                .isEqualTo("r--------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pem.getParent())))
                .isEqualTo("rwx------");
        assertThat(first.toString()).doesNotContain("PRIVATE KEY").contains(k.name());
        try (var files = Files.list(pem.getParent())) {
            assertThat(files).containsExactly(pem); // no temporary file left
        }

        KeyPairReport again = k.createIfAbsent(pem);

        assertThat(again.outcome()).isEqualTo(KeyPairReport.Outcome.ALREADY_EXISTS);
        assertThat(Files.readString(pem, StandardCharsets.US_ASCII)).isEqualTo(material);
        assertThat(aws.client(Ec2Client.class)
                        .describeKeyPairs(r -> r.keyNames(k.name()))
                        .keyPairs())
                .hasSize(1);
    }

    @Test
    void createIfAbsent_whenTheKeyPairExistsButTheFileDoesNot_refusesAndSaysWhy(AwsKit aws, TestResources res) {
        KeyPair k = keyPair(aws, res);
        k.createIfAbsent(dir.resolve("first.pem"));
        Path other = dir.resolve("lost.pem");

        assertThatThrownBy(() -> k.createIfAbsent(other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Key pair '" + k.name() + "' exists in "
                        + aws.region().id() + " but " + other
                        + " does not: EC2 returns a private key only when it creates the key pair. Point to the file"
                        + " you saved then, or delete the key pair (aws ec2 delete-key-pair --key-name " + k.name()
                        + ") and create it again.");
        assertThat(other).doesNotExist();
    }

    @Test
    void createIfAbsent_whenTheFileExistsButTheKeyPairDoesNot_neverOverwritesIt(AwsKit aws, TestResources res)
            throws IOException {
        KeyPair k = keyPair(aws, res);
        Path pem = dir.resolve("mine.pem");
        Files.writeString(pem, "someone else's key\n");

        assertThatThrownBy(() -> k.createIfAbsent(pem))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(pem + " exists but key pair '" + k.name() + "' does not in "
                        + aws.region().id()
                        + ": the file is not this key pair's private key and is never overwritten. Choose another"
                        + " file, or import that key's public half with importPublicKey(...).");
        assertThat(Files.readString(pem)).isEqualTo("someone else's key\n");
        assertThat(k.exists()).isFalse();
    }

    @Test
    void createIfAbsent_whenTheParentIsAFile_refusesBeforeCreatingAnything(AwsKit aws, TestResources res)
            throws IOException {
        KeyPair k = keyPair(aws, res);
        Path notADir = Files.writeString(dir.resolve("plain"), "x");

        assertThatThrownBy(() -> k.createIfAbsent(notADir.resolve("k.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(notADir + " is not a directory: cannot write " + notADir.resolve("k.pem"));
        assertThat(k.exists()).isFalse();
    }

    @Test
    void createIfAbsent_whenWritingTheFileFails_deletesTheNewKeyPairAgain(AwsKit aws, TestResources res) {
        Path proc = Path.of("/proc");
        Assumptions.assumeTrue(Files.isDirectory(proc.resolve("self")), "needs Linux /proc (cannot mkdir in it)");
        KeyPair k = keyPair(aws, res);
        Path pem = proc.resolve("awskit-" + k.name()).resolve("k.pem");

        assertThatThrownBy(() -> k.createIfAbsent(pem))
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("Created key pair '" + k.name() + "' in "
                        + aws.region().id() + " but could not write its private key to " + pem + " (")
                .hasMessageEndingWith("); the key pair was deleted again, so nothing is left half-done. Make the"
                        + " directory writable and create it again.")
                .hasMessageNotContaining("PRIVATE KEY");
        assertThat(k.exists()).isFalse();
    }

    @Test
    void importPublicKey_importsAnOpenSshKey_andARerunChangesNothing(AwsKit aws, TestResources res)
            throws IOException, GeneralSecurityException {
        KeyPair k = keyPair(aws, res);
        Path pub = Files.writeString(dir.resolve("id_ed25519.pub"), ed25519PublicKeyLine() + " me@laptop\n");

        KeyPairReport imported = k.importPublicKey(pub);
        KeyPairReport again = k.importPublicKey(pub);

        assertThat(imported.outcome()).isEqualTo(KeyPairReport.Outcome.IMPORTED);
        assertThat(again.outcome()).isEqualTo(KeyPairReport.Outcome.ALREADY_EXISTS);
        assertThat(k.exists()).isTrue();
        assertThat(k.delete()).isTrue();
        assertThat(k.delete()).isFalse();
    }

    /** An OpenSSH {@code ssh-ed25519} line (RFC 8709 wire format) for a fresh JDK key. */
    static String ed25519PublicKeyLine() throws GeneralSecurityException, IOException {
        byte[] x509 = KeyPairGenerator.getInstance("Ed25519")
                .generateKeyPair()
                .getPublic()
                .getEncoded();
        byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length); // SubjectPublicKeyInfo ends with it
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(wire)) {
            byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
            out.writeInt(type.length);
            out.write(type);
            out.writeInt(raw.length);
            out.write(raw);
        }
        return "ssh-ed25519 " + Base64.getEncoder().encodeToString(wire.toByteArray());
    }
}
