package dev.awskit.net.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateKeyFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeNew_neverReplacesAFileThatExists() throws IOException {
        Path f = Files.writeString(dir.resolve("k.pem"), "old");

        assertThatThrownBy(() -> PrivateKeyFiles.writeNew(f, "new".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(f)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void expandHome_readsALeadingTildeAsTheShellDoes() {
        Path home = Path.of(System.getProperty("user.home"));
        assertThat(PrivateKeyFiles.expandHome(Path.of("~/.ssh/a.pem"))).isEqualTo(home.resolve(".ssh/a.pem"));
        assertThat(PrivateKeyFiles.expandHome(Path.of("~"))).isEqualTo(home);
        assertThat(PrivateKeyFiles.expandHome(Path.of("a/~/b"))).isEqualTo(Path.of("a/~/b"));
        assertThat(PrivateKeyFiles.expandHome(Path.of("~bob/x"))).isEqualTo(Path.of("~bob/x"));
    }

    @Test
    void readPublicKey_refusesAPrivateKeyWithoutEchoingIt() throws IOException {
        Path f = Files.writeString(
                dir.resolve("id_rsa"), "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END\n");

        assertThatThrownBy(() -> PrivateKeyFiles.readPublicKey(f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(f + " holds a private key: import the public half (the .pub file, or ssh-keygen -y -f " + f
                        + "), never the private key");
    }

    @Test
    void readPublicKey_acceptsOneOpenSshLineWithAComment_andTrimsIt() throws IOException {
        Path f = Files.writeString(dir.resolve("k.pub"), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA== me@host\n");
        assertThat(new String(PrivateKeyFiles.readPublicKey(f), StandardCharsets.US_ASCII))
                .isEqualTo("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA== me@host");
    }

    @Test
    void readPublicKey_fuzzed_givesAKeyOrAClearIllegalArgumentException() throws IOException {
        Random r = new Random(20261203L);
        String alphabet = "ssh-rsaed25519AZaz09+/= \n\r\t-BEGINPRIVATEKEY@.\u00e9";
        Path f = dir.resolve("fuzz.pub");
        for (int i = 0; i < 2000; i++) {
            StringBuilder b = new StringBuilder(i % 3 == 0 ? "ssh-ed25519 " : "");
            int n = r.nextInt(80);
            for (int j = 0; j < n; j++) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            Files.writeString(f, b, StandardCharsets.UTF_8);
            try {
                byte[] key = PrivateKeyFiles.readPublicKey(f);
                assertThat(new String(key, StandardCharsets.US_ASCII))
                        .startsWith("ssh-")
                        .doesNotContain("\n");
            } catch (IllegalArgumentException e) {
                // one of the two fixed messages: the file's content is never echoed
                assertThat(e.getMessage())
                        .isIn(
                                f + " is not one OpenSSH public key line (expected 'ssh-rsa AAAA...', 'ssh-ed25519"
                                        + " AAAA...' or 'ecdsa-sha2-nistp256 AAAA...', optionally followed by a"
                                        + " comment)",
                                f + " holds a private key: import the public half (the .pub file, or ssh-keygen -y"
                                        + " -f " + f + "), never the private key");
            }
        }
    }

    @Test
    void readPublicKey_refusesAHugeFileBeforeReadingIt() throws IOException {
        Path f = Files.write(dir.resolve("big.pub"), new byte[1 << 20]);
        assertThatThrownBy(() -> PrivateKeyFiles.readPublicKey(f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(f + " is larger than 16384 bytes: not an OpenSSH public key");
    }
}
