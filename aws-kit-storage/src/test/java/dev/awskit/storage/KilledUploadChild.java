package dev.awskit.storage;

import dev.awskit.core.AwsKit;
import java.nio.file.Path;

/**
 * A sync run in a JVM of its own that {@link BucketUploadsIT} kills with {@code kill -9} in the
 * middle of a multipart upload: after CreateMultipartUpload and the first UploadPart were answered,
 * it says {@code PART-UPLOADED} on stdout and blocks that part's thread, so the upload can neither
 * complete nor be aborted by the kit. Arguments: endpoint, region, access key, secret, local
 * directory, bucket. (Path-style addressing comes from the module's StorageClientCustomizer.)
 */
public final class KilledUploadChild {
    private KilledUploadChild() {}

    public static void main(String[] args) throws Exception {
        RequestCounter requests = new RequestCounter().afterResponse((op, attributes) -> {
            if (op.equals("UploadPart")) {
                System.out.println("PART-UPLOADED");
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try (AwsKit aws = AwsKit.builder()
                .region(args[1])
                .credentials(args[2], args[3])
                .endpoint("s3", args[0])
                .customize(requests)
                .build()) {
            Storage.of(aws)
                    .sync(Path.of(args[4]), "s3://" + args[5])
                    .multipartThreshold(5L * 1024 * 1024)
                    .partSize(5L * 1024 * 1024)
                    .concurrency(1)
                    .run();
        }
        System.out.println("FINISHED"); // never reached while the test works
    }
}
