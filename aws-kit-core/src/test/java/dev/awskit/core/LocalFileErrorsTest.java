package dev.awskit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/** A local file-system failure is never transient: neither retry owner tries it again. */
class LocalFileErrorsTest {
    private static final RetryPolicy FAST = RetryPolicy.builder()
            .maxAttempts(5)
            .baseDelay(Duration.ofMillis(1))
            .maxDelay(Duration.ofMillis(2))
            .build();

    /** The failures a download or an upload meets on the local disk, as the JDK raises them on Linux. */
    static List<Throwable> localFailures() {
        return List.of(
                new NoSuchFileException("/data/part-0001.csv"),
                new AccessDeniedException("/data/readonly/part-0001.csv"),
                new FileAlreadyExistsException("/data/out"),
                new DirectoryNotEmptyException("/data/out"),
                new FileSystemException("/data/out/a.part", null, "Read-only file system"),
                new IOException("No space left on device"),
                new IOException("Disk quota exceeded"),
                new FileNotFoundException("/data/part-0001.csv (Permission denied)"),
                new UncheckedIOException(new IOException("No space left on device")),
                new UncheckedIOException(new NoSuchFileException("/data/part-0001.csv")),
                // how the SDK reports a vanished upload source: a client exception around the cause
                SdkClientException.builder()
                        .message("Unable to execute HTTP request: /data/part-0001.csv")
                        .cause(new UncheckedIOException(new NoSuchFileException("/data/part-0001.csv")))
                        .build(),
                SdkClientException.builder()
                        .message("Unable to write the response")
                        .cause(new IOException("No space left on device"))
                        .build());
    }

    @Test
    void localFileSystemErrors_areNotTransient_norRetryable() {
        for (Throwable t : localFailures()) {
            assertThat(AwsErrors.isLocalFileSystemError(t)).as("%s", t).isTrue();
            assertThat(AwsErrors.isTransientIo(t)).as("%s", t).isFalse();
            assertThat(AwsErrors.isRetryable(t)).as("%s", t).isFalse();
            assertThat(RetryPolicy.standard().shouldRetry(t)).as("%s", t).isFalse();
            assertThat(RetryPolicy.patient().shouldRetry(t)).as("%s", t).isFalse();
        }
    }

    @Test
    void networkIoErrors_stayTransient() {
        Throwable reset = SdkClientException.builder()
                .message("Unable to execute HTTP request: Connection reset")
                .cause(new SocketException("Connection reset"))
                .build();
        assertThat(AwsErrors.isLocalFileSystemError(reset)).isFalse();
        assertThat(AwsErrors.isTransientIo(reset)).isTrue();
        assertThat(RetryPolicy.standard().shouldRetry(reset)).isTrue();
    }

    @Test
    void aFullDisk_isTriedOnceByTheKitPolicy() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> FAST.run("download s3://b/big.bin to /data/big.bin", () -> {
                    calls.incrementAndGet();
                    throw new UncheckedIOException(new IOException("No space left on device"));
                }))
                .isInstanceOf(AwsKitException.class)
                .hasMessage("download s3://b/big.bin to /data/big.bin failed: UncheckedIOException:"
                        + " java.io.IOException: No space left on device")
                .satisfies(e -> assertThat(((AwsKitException) e).retryable()).isFalse());
        assertThat(calls).hasValue(1);
    }

    @Test
    void aVanishedFile_isNotRetriedByTheSdkStrategy() {
        RetryStrategy sdk = FAST.toSdkRetryStrategy();
        for (Throwable t : localFailures()) {
            RetryToken token = sdk.acquireInitialToken(AcquireInitialTokenRequest.create("s3"))
                    .token();
            assertThatThrownBy(() -> sdk.refreshRetryToken(RefreshRetryTokenRequest.builder()
                            .token(token)
                            .failure(t)
                            .build()))
                    .as("%s", t)
                    .isInstanceOf(TokenAcquisitionFailedException.class);
        }
    }
}
