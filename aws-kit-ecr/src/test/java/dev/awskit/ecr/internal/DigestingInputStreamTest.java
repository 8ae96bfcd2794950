package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DigestingInputStreamTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);
    private static final String HELLO_DIGEST =
            "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @Test
    void digestOf_isSha256WithPrefix() {
        assertThat(DigestingInputStream.digestOf(HELLO)).isEqualTo(HELLO_DIGEST);
    }

    @Test
    void read_whenContentMatches_endsNormallyAndCountsBytes() throws Exception {
        AtomicLong counted = new AtomicLong();
        try (InputStream in = new DigestingInputStream(
                new ByteArrayInputStream(HELLO), HELLO_DIGEST, 5, "blob", counted::addAndGet)) {
            assertThat(in.readAllBytes()).isEqualTo(HELLO);
        }
        assertThat(counted).hasValue(5);
    }

    @Test
    void read_whenContentDiffers_failsAtTheEndNamingBothDigests() {
        byte[] other = "hellO".getBytes(StandardCharsets.UTF_8);
        InputStream in = new DigestingInputStream(new ByteArrayInputStream(other), HELLO_DIGEST, 5, "blob x", n -> {});

        assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
                .isInstanceOf(DigestingInputStream.BlobMismatchException.class)
                .hasMessageStartingWith("blob x: digest mismatch, expected " + HELLO_DIGEST + " but the 5 bytes"
                        + " received hash to sha256:")
                .hasMessageEndingWith("(corrupted in transit or at the source)");
    }

    @Test
    void read_whenStreamIsShort_failsWithBothSizes() {
        InputStream in = new DigestingInputStream(new ByteArrayInputStream(HELLO), HELLO_DIGEST, 6, "blob y", n -> {});

        assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
                .isInstanceOf(DigestingInputStream.BlobMismatchException.class)
                .hasMessage("blob y: expected 6 bytes (" + HELLO_DIGEST + ") but the stream ended after 5");
    }

    @Test
    void read_whenStreamIsLonger_failsAsSoonAsItPassesTheSize() {
        InputStream in = new DigestingInputStream(new ByteArrayInputStream(HELLO), HELLO_DIGEST, 4, "blob z", n -> {});

        assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
                .isInstanceOf(DigestingInputStream.BlobMismatchException.class)
                .hasMessageStartingWith("blob z: more bytes than the descriptor's size 4");
    }
}
