package dev.awskit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CHECKSUM against moto's S3, which (like AWS) answers {@code HeadObject} with {@code partNumber=1}
 * with the first part's exact size; S3Proxy answers 501 there (see {@link SyncDefectsIT}). moto is
 * the one shared control-plane server, so its S3 is reached through the same endpoint.
 */
@UsesServer(Service.DYNAMODB)
class ChecksumOnMotoIT {
    @TempDir
    Path tmp;

    @Test
    void checksum_withHeadObjectPartNumber_recognisesMultipartEtagsOfAnyPartSize(
            Target target, AwsKit clean, TestResources res) throws Exception {
        RequestCounter requests = new RequestCounter();
        String b = S3Fixture.bucket(clean, res);
        try (AwsKit aws = target.kitBuilder().customize(requests).build()) {
            SyncDefectsIT.checksumSeesNoChange(aws, b, tmp, requests);

            if (target.kind() == Target.Kind.LOCAL_EMULATOR) {
                // moto answers partNumber=1 as AWS does: one HeadObject per multipart object and
                // direction told the part size exactly (another endpoint may not, and fall back)
                assertThat(requests.count("HeadObject")).isEqualTo(6);
            }
        }
    }
}
