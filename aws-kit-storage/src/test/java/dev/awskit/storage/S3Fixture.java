package dev.awskit.storage;

import dev.awskit.core.AwsKit;
import dev.awskit.testing.TestResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Helpers of the ITs: buckets that clean themselves up, local trees, object contents. */
final class S3Fixture {
    private S3Fixture() {}

    /**
     * Skips the calling test when the server accepts a request signed with wrong credentials: moto
     * (without enforced auth) and some emulators never check SigV4 signatures, so what AWS and
     * S3Proxy answer (SignatureDoesNotMatch, InvalidAccessKeyId) cannot be shown there.
     */
    static void assumeServerChecksSignatures(AwsKit wrong, String bucket) {
        boolean accepted;
        try {
            wrong.client(software.amazon.awssdk.services.s3.S3Client.class).headBucket(r -> r.bucket(bucket));
            accepted = true;
        } catch (software.amazon.awssdk.core.exception.SdkException expected) {
            accepted = false;
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(
                accepted,
                "this S3 server accepts a request signed with wrong credentials (it does not check SigV4"
                        + " signatures), so the credentials errors AWS and S3Proxy return cannot be shown on it");
    }

    static String bucket(AwsKit aws, TestResources res) {
        String name = res.bucketName();
        Storage.of(aws).bucket(name).create();
        res.afterwards(() -> Storage.of(aws).bucket(name).delete(true));
        return name;
    }

    static void write(Path root, String rel, String content) {
        write(root, rel, content.getBytes(StandardCharsets.UTF_8));
    }

    static void write(Path root, String rel, byte[] content) {
        try {
            Path p = root.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void put(AwsKit aws, String bucket, String key, String content) {
        aws.client(S3Client.class).putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    static String get(AwsKit aws, String bucket, String key) {
        return aws.client(S3Client.class)
                .getObjectAsBytes(b -> b.bucket(bucket).key(key))
                .asUtf8String();
    }

    /** Every key of the bucket with its size. */
    static Map<String, Long> keys(AwsKit aws, String bucket) {
        Map<String, Long> out = new TreeMap<>();
        for (S3Object o : aws.client(S3Client.class)
                .listObjectsV2Paginator(b -> b.bucket(bucket))
                .contents()) {
            out.put(o.key(), o.size());
        }
        return out;
    }

    /** Every regular file under root, relative, with its content. */
    static Map<String, String> files(Path root) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                try {
                    out.put(
                            root.relativize(p).toString().replace('\\', '/'),
                            new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
