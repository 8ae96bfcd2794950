package dev.awskit.iam;

import dev.awskit.core.AwsKit;
import dev.awskit.core.RetryPolicy;
import dev.awskit.iam.internal.Checkpoints;
import dev.awskit.iam.internal.DefaultIam;
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
 * One IAM user with one key, in a credentials file of profiles {@code other} and {@code dev}: on a
 * server (moto, {@code AWSKIT_IT_ENDPOINT}), where the user is created through IAM and deleted at the
 * end, or on the WireMock fake {@link FakeIamSts} for what no server models.
 */
final class RotationFixture implements AutoCloseable {
    /** The other profile's key: AWS's second documented example id, never a real key. */
    static final String OTHER_PROFILE_KEY = "awskit-other-key";

    static final String OTHER_PROFILE_SECRET = "otherProfileSecret/KEEP";

    /**
     * The documented policy "IAM: Allows IAM users to manage their own credentials", reduced to its
     * access-key statement (iam:*AccessKey* on arn:aws:iam::*:user/${aws:username}).
     * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_credentials_console.html
     */
    static final String SELF_MANAGE_KEYS_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":"
            + "\"ManageOwnAccessKeys\",\"Effect\":\"Allow\",\"Action\":[\"iam:CreateAccessKey\","
            + "\"iam:DeleteAccessKey\",\"iam:ListAccessKeys\",\"iam:UpdateAccessKey\",\"iam:GetAccessKeyLastUsed\"],"
            + "\"Resource\":\"arn:aws:iam::*:user/${aws:username}\"}]}";

    /**
     * The same actions on every resource. moto 5 matches IAM actions against the resource "*" only
     * (its access_control.py: "TODO add support for the Resource ... parts of IAM policies"), so on
     * moto the documented policy above is refused where AWS allows it; tests on moto add this one.
     */
    static final String SELF_MANAGE_KEYS_POLICY_FOR_MOTO =
            SELF_MANAGE_KEYS_POLICY.replace("arn:aws:iam::*:user/${aws:username}", "*");

    final FakeIamSts fake;
    final AwsKit kit;
    final Path dir;
    final Path file;
    final String user;
    final String userArn;
    final String oldId;
    final String oldSecret;
    byte[] original;
    private final boolean ownsKit;

    /** On the fake. */
    static RotationFixture fake(Path dir) {
        return new RotationFixture(dir);
    }

    /** On a server, driven by {@code admin} (not closed here); the user gets {@code policy} when not null. */
    static RotationFixture onServer(Path dir, AwsKit admin, String policy) {
        return new RotationFixture(dir, admin, policy);
    }

    private RotationFixture(Path dir) {
        this.dir = dir;
        fake = new FakeIamSts();
        kit = AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", "test-secret")
                .endpoint(fake.endpoint())
                .retryPolicy(fastRetries())
                .build();
        ownsKit = true;
        user = "alice";
        userArn = fake.addUser(user);
        oldId = "awskit-old-key";
        oldSecret = "old/Secret+Key0";
        fake.addKey(user, oldId, oldSecret);
        file = dir.resolve("credentials");
        writeDefaultFile();
    }

    private RotationFixture(Path dir, AwsKit admin, String policy) {
        this.dir = dir;
        fake = null;
        kit = admin;
        ownsKit = false;
        user = "awskit-rotation-" + UUID.randomUUID().toString().substring(0, 8);
        IamClient iam = kit.client(IamClient.class);
        userArn = iam.createUser(r -> r.userName(user)).user().arn();
        if (policy != null) {
            iam.putUserPolicy(r -> r.userName(user).policyName("self-keys").policyDocument(policy));
        }
        AccessKey k = iam.createAccessKey(r -> r.userName(user)).accessKey();
        oldId = k.accessKeyId();
        oldSecret = k.secretAccessKey();
        file = dir.resolve("credentials");
        writeDefaultFile();
    }

    static RetryPolicy fastRetries() {
        return RetryPolicy.builder()
                .baseDelay(Duration.ofMillis(10))
                .maxDelay(Duration.ofMillis(50))
                .build();
    }

    private void writeDefaultFile() {
        write("# written by hand, keep this comment\n"
                + "[other]\n"
                + "aws_access_key_id = " + OTHER_PROFILE_KEY + "\n"
                + "aws_secret_access_key = " + OTHER_PROFILE_SECRET + "\n"
                + "\n"
                + "[dev]\n"
                + "region = us-east-1\n"
                + "aws_access_key_id   =  " + oldId + "   ; the dev key\n"
                + "aws_secret_access_key=" + oldSecret + "\n");
    }

    /** Replaces the file (and {@link #original}) with {@code text}. */
    void write(String text) {
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
        return Iam.of(new DefaultIam(kit, file, Clock.systemUTC(), hooks));
    }

    /** A second key for the user (the two-key limit); the secret is lost. */
    String addSecondKey() {
        return addSecondKeyWithSecret().accessKeyId();
    }

    AccessKey addSecondKeyWithSecret() {
        if (fake != null) {
            fake.addKey(user, "awskit-second-key", "second/secret");
            return AccessKey.builder()
                    .accessKeyId("awskit-second-key")
                    .secretAccessKey("second/secret")
                    .build();
        }
        return kit.client(IamClient.class)
                .createAccessKey(r -> r.userName(user))
                .accessKey();
    }

    /**
     * Whether the pair is accepted: the fake's state, or STS GetCallerIdentity on the server naming
     * this user while IAM lists the key as Active. (moto accepts an Inactive key, unlike AWS, and
     * checks the secret only when its IAM authentication is enforced.)
     */
    boolean works(String id, String secret) {
        if (fake != null) {
            return fake.works(id, secret);
        }
        try (AwsKit k = AwsKit.builder()
                .region(kit.region())
                .credentials(id, secret)
                .endpoint(kit.endpoint("sts").orElseThrow())
                .build()) {
            return userArn.equals(k.client(StsClient.class).getCallerIdentity().arn()) && "Active".equals(status(id));
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
                    iam.listUserPolicies(r -> r.userName(user))
                            .policyNames()
                            .forEach(p ->
                                    iam.deleteUserPolicy(r -> r.userName(user).policyName(p)));
                    iam.deleteUser(r -> r.userName(user));
                } catch (RuntimeException e) {
                    note("cleanup of user " + user + " failed: " + e);
                }
            }
        } finally {
            if (ownsKit) {
                kit.close();
            }
            if (fake != null) {
                fake.close();
            }
        }
    }
}
