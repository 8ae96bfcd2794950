package dev.awskit.core.iam;

import dev.awskit.core.AwsKit;
import dev.awskit.core.RetryPolicy;
import dev.awskit.core.iam.internal.Checkpoints;
import dev.awskit.core.iam.internal.DefaultIam;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One user with one key in a credentials file, on the WireMock fake or, when {@code
 * AWSKIT_IT_ENDPOINT} is set, on that endpoint (LocalStack, moto, real AWS): then the user is created
 * there through IAM and deleted at the end, and the fault-injection calls do nothing.
 */
final class RotationFixture implements AutoCloseable {
    static final String ENDPOINT = System.getenv("AWSKIT_IT_ENDPOINT");
    static final String OTHER_PROFILE_SECRET = "otherProfileSecret/KEEP";

    final FakeIamSts fake;
    final AwsKit kit;
    final Path dir;
    final Path file;
    final String user;
    final String userArn;
    final String oldId;
    final String oldSecret;
    final byte[] original;

    RotationFixture(Path dir) {
        this.dir = dir;
        if (ENDPOINT == null) {
            fake = new FakeIamSts();
            kit = AwsKit.builder()
                    .region("us-east-1")
                    .credentials("AKIAIOSFODNN7EXAMPLE", "test-secret")
                    .endpoint(fake.endpoint())
                    .retryPolicy(RetryPolicy.builder()
                            .baseDelay(Duration.ofMillis(10))
                            .maxDelay(Duration.ofMillis(50))
                            .build())
                    .build();
            user = "alice";
            userArn = fake.addUser(user);
            oldId = "AKIAOLDKEY000EXAMPLE";
            oldSecret = "old/Secret+Key0";
            fake.addKey(user, oldId, oldSecret);
        } else {
            fake = null;
            String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
            String id = System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "test");
            String secret = System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "test");
            kit = AwsKit.builder()
                    .region(region)
                    .credentials(id, secret)
                    .endpoint(ENDPOINT)
                    .build();
            user = "awskit-it-" + UUID.randomUUID().toString().substring(0, 8);
            IamClient iam = kit.client(IamClient.class);
            userArn = iam.createUser(r -> r.userName(user)).user().arn();
            AccessKey k = iam.createAccessKey(r -> r.userName(user)).accessKey();
            oldId = k.accessKeyId();
            oldSecret = k.secretAccessKey();
        }
        file = dir.resolve("credentials");
        String text = "# written by hand, keep this comment\n"
                + "[other]\n"
                + "aws_access_key_id = AKIAOTHERPROFILE0001\n"
                + "aws_secret_access_key = " + OTHER_PROFILE_SECRET + "\n"
                + "\n"
                + "[dev]\n"
                + "region = us-east-1\n"
                + "aws_access_key_id   =  " + oldId + "   ; the dev key\n"
                + "aws_secret_access_key=" + oldSecret + "\n"
                + "\n"
                + "[copy]\n"
                + "aws_secret_access_key = " + oldSecret + "\n"
                + "aws_access_key_id = " + oldId + "\n";
        original = text.getBytes(StandardCharsets.UTF_8);
        try {
            Files.write(file, original);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Iam iam() {
        return iam(Checkpoints.NONE);
    }

    Iam iam(Checkpoints hooks) {
        return new DefaultIam(kit, file, Clock.systemUTC(), hooks);
    }

    /** A second key for the user (the two-key limit). */
    String addSecondKey() {
        if (fake != null) {
            fake.addKey(user, "AKIASECONDKEY0EXAMPLE", "second/secret");
            return "AKIASECONDKEY0EXAMPLE";
        }
        return kit.client(IamClient.class)
                .createAccessKey(r -> r.userName(user))
                .accessKey()
                .accessKeyId();
    }

    /** Whether the pair is accepted: the fake's state, or STS GetCallerIdentity on the endpoint. */
    boolean works(String id, String secret) {
        if (fake != null) {
            return fake.works(id, secret);
        }
        try (AwsKit k = AwsKit.builder()
                .region(kit.region())
                .credentials(id, secret)
                .endpoint(ENDPOINT)
                .build()) {
            return userArn.equals(k.client(StsClient.class).getCallerIdentity().arn());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Active, Inactive or Deleted. */
    String status(String keyId) {
        if (fake != null) {
            return fake.statusOf(keyId);
        }
        return kit.client(IamClient.class).listAccessKeys(r -> r.userName(user)).accessKeyMetadata().stream()
                .filter(k -> k.accessKeyId().equals(keyId))
                .map(k -> k.status() == StatusType.ACTIVE ? "Active" : "Inactive")
                .findFirst()
                .orElse("Deleted");
    }

    int keyCount() {
        if (fake != null) {
            return fake.keysOf(user).size();
        }
        return kit.client(IamClient.class)
                .listAccessKeys(r -> r.userName(user))
                .accessKeyMetadata()
                .size();
    }

    String fileText() {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void note(String why) {
        System.out.println("[aws-kit IT] " + why);
    }

    @Override
    public void close() {
        try {
            if (fake == null) {
                IamClient iam = kit.client(IamClient.class);
                try {
                    iam.listAccessKeys(r -> r.userName(user))
                            .accessKeyMetadata()
                            .forEach(k ->
                                    iam.deleteAccessKey(r -> r.userName(user).accessKeyId(k.accessKeyId())));
                    iam.deleteUser(r -> r.userName(user));
                } catch (RuntimeException e) {
                    note("cleanup of user " + user + " failed: " + e);
                }
            }
        } finally {
            kit.close();
            if (fake != null) {
                fake.close();
            }
        }
    }
}
