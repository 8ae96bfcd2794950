package dev.awskit.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.storage.Bucket;
import dev.awskit.storage.Storage;
import dev.awskit.storage.SyncReport;
import dev.awskit.testing.Service;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user excludes {@code netty-nio-client} (sync-only use): aws-kit's storage sync runs on Apache 5
 * alone against S3Proxy (or AWSKIT_IT_ENDPOINT).
 */
@UsesServer(Service.S3)
class SyncWithoutNettyIT {

    @Test
    void storageSync_upAndDown_withoutNetty(AwsKit aws, TestResources res, @TempDir Path dir) throws IOException {
        Path up = Files.createDirectories(dir.resolve("up"));
        Files.writeString(up.resolve("a.txt"), "alpha", UTF_8);
        Files.writeString(Files.createDirectories(up.resolve("sub")).resolve("b.txt"), "beta", UTF_8);
        Bucket bucket = Storage.of(aws).bucket(res.bucketName()).create();
        res.afterwards(() -> bucket.delete(true));

        SyncReport upload = Storage.of(aws).sync(up, "s3://" + bucket.name()).run();
        Path down = dir.resolve("down");
        SyncReport download = Storage.of(aws).sync("s3://" + bucket.name(), down).run();

        assertThat(upload.copied()).isEqualTo(2);
        assertThat(download.copied()).isEqualTo(2);
        assertThat(Files.readString(down.resolve("a.txt"), UTF_8)).isEqualTo("alpha");
        assertThat(Files.readString(down.resolve("sub/b.txt"), UTF_8)).isEqualTo("beta");
    }
}
