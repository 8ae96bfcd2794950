package dev.awskit.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.core.RetryPolicy;
import dev.awskit.testing.FaultProxy;
import dev.awskit.testing.FaultRounds;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Access-key rotation (aws-kit-core's {@code Iam}) through {@link FaultProxy} at 10 % faults against
 * moto (or {@code AWSKIT_IT_ENDPOINT}): throttling with IAM's and STS's own error body, 500s, resets
 * before and after the server acted (a CreateAccessKey whose answer is lost), bodies cut half-way.
 * Whatever each rotation reports, afterwards the credentials file parses with the SDK's own parser
 * and holds one key of the user that works, IAM holds at most two keys, and no temp file is left.
 *
 * <p>It lives here, not in aws-kit-core, because aws-kit-testing depends on aws-kit-core: Maven
 * refuses the cycle a test dependency the other way would make. moto checks no secret unless its IAM
 * authentication is enforced, so "works" here is STS naming the user for the key id while IAM lists
 * the key Active (aws-kit-core's kill-point test checks signatures on a moto with auth enforced).
 */
@UsesServer(Service.IAM)
class AccessKeyRotationFaultsIT {
    @TempDir
    Path dir;

    @Test
    void rotate_throughTenPercentFaults_alwaysLeavesOneWorkingKeyInTheFileAndAtMostTwoInIam(
            AwsKit aws, Target target, TestResources res) throws IOException {
        IamClient iam = aws.client(IamClient.class);
        String user = res.name();
        String userArn = iam.createUser(r -> r.userName(user)).user().arn();
        res.afterwards(() -> {
            iam.listAccessKeys(r -> r.userName(user))
                    .accessKeyMetadata()
                    .forEach(k -> iam.deleteAccessKey(r -> r.userName(user).accessKeyId(k.accessKeyId())));
            iam.deleteUser(r -> r.userName(user));
        });
        AccessKey first = iam.createAccessKey(r -> r.userName(user)).accessKey();
        Path file = dir.resolve("credentials");
        String other = "# the other profile must survive every rotation\n[other]\naws_access_key_id ="
                + " awskit-test-key\naws_secret_access_key = other/Secret\n\n";
        Files.writeString(
                file,
                other + "[dev]\naws_access_key_id = " + first.accessKeyId() + "\naws_secret_access_key = "
                        + first.secretAccessKey() + "\n");

        FaultRounds.through(target, p -> p.seed(20261203L)
                        .fault(FaultProxy.Fault.THROTTLE, 0.03)
                        .fault(FaultProxy.Fault.ERROR_500, 0.02)
                        .fault(FaultProxy.Fault.RESET_BEFORE, 0.02)
                        .fault(FaultProxy.Fault.RESET_AFTER, 0.02)
                        .fault(FaultProxy.Fault.CUT_BODY, 0.01))
                .retryDelays(Duration.ofMillis(20), Duration.ofMillis(200))
                .run("AccessKeyRotationFaultsIT rotations", 12, (kit, round) -> {
                    String before = Files.readString(file);
                    boolean answered;
                    try {
                        RotationReport r = Iam.of(kit).rotateAccessKey(k -> k.profile("dev")
                                .credentialsFile(file)
                                .deleteOtherKey()
                                .deleteOld()
                                .noBackup());
                        assertThat(r.rotated()).as("round %s: %s", round, r).isTrue();
                        answered = true;
                    } catch (AccessKeyRotationException e) {
                        System.out.println("[aws-kit IT] round " + round + " failed as reported: " + e.getMessage());
                        if (e.report().outcome() != RotationReport.Outcome.REFUSED
                                && !e.report().rotated()
                                && e.report().step(RotationStep.Step.WRITE_FILE).isEmpty()) {
                            assertThat(Files.readString(file))
                                    .as("round %s left the file untouched", round)
                                    .isEqualTo(before);
                        }
                        answered = false;
                    }
                    assertInvariants(aws, user, userArn, file, round);
                    return answered;
                });
        assertThat(Files.readString(file)).startsWith(other);
    }

    /** Issue 11: a CreateAccessKey whose answer is lost must not leak its key past the two-key limit. */
    @Test
    void rotate_whenHalfTheCreateAccessKeyAnswersAreLost_neverLeaksAKey(AwsKit aws, Target target, TestResources res)
            throws IOException {
        IamClient iam = aws.client(IamClient.class);
        String user = res.name();
        String userArn = iam.createUser(r -> r.userName(user)).user().arn();
        res.afterwards(() -> {
            iam.listAccessKeys(r -> r.userName(user))
                    .accessKeyMetadata()
                    .forEach(k -> iam.deleteAccessKey(r -> r.userName(user).accessKeyId(k.accessKeyId())));
            iam.deleteUser(r -> r.userName(user));
        });
        AccessKey first = iam.createAccessKey(r -> r.userName(user)).accessKey();
        Path file = dir.resolve("credentials");
        Files.writeString(
                file,
                "[dev]\naws_access_key_id = " + first.accessKeyId() + "\naws_secret_access_key = "
                        + first.secretAccessKey() + "\n");
        try (FaultProxy proxy = FaultProxy.builder(target.endpoint())
                        .seed(11L)
                        .fault(FaultProxy.Fault.RESET_AFTER, 0.5)
                        .only(req -> "CreateAccessKey".equals(req.operation()))
                        .start();
                AwsKit kit = target.withEndpoint(proxy.endpoint())
                        .kitBuilder()
                        .retryPolicy(RetryPolicy.builder()
                                .baseDelay(Duration.ofMillis(20))
                                .maxDelay(Duration.ofMillis(200))
                                .build())
                        .build()) {
            for (int round = 0; round < 6; round++) {
                String before = devKey(file);
                try {
                    Iam.of(kit)
                            .rotateAccessKey(
                                    k -> k.profile("dev").credentialsFile(file).noBackup());
                } catch (AccessKeyRotationException e) {
                    System.out.println("[aws-kit IT] round " + round + " failed as reported: " + e.getMessage());
                }
                assertInvariants(aws, user, userArn, file, round);
                String id = devKey(file);
                assertThat(iam.listAccessKeys(r -> r.userName(user)).accessKeyMetadata())
                        .extracting(AccessKeyMetadata::accessKeyId)
                        .as("round %s: no key but the file's new and old one (none leaked by a lost answer)", round)
                        .isSubsetOf(id, before);
                // the old key is only deactivated: delete it for the next round
                iam.listAccessKeys(r -> r.userName(user)).accessKeyMetadata().stream()
                        .filter(k -> !k.accessKeyId().equals(id))
                        .forEach(k -> iam.deleteAccessKey(r -> r.userName(user).accessKeyId(k.accessKeyId())));
            }
            assertThat(proxy.injected(FaultProxy.Fault.RESET_AFTER))
                    .as("CreateAccessKey answers lost")
                    .isPositive();
        }
    }

    private static String devKey(Path file) throws IOException {
        return ProfileFile.builder()
                .content(new ByteArrayInputStream(Files.readAllBytes(file)))
                .type(ProfileFile.Type.CREDENTIALS)
                .build()
                .profile("dev")
                .orElseThrow()
                .property("aws_access_key_id")
                .orElseThrow();
    }

    private static void assertInvariants(AwsKit aws, String user, String userArn, Path file, int round)
            throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Profile dev = ProfileFile.builder()
                .content(new ByteArrayInputStream(bytes))
                .type(ProfileFile.Type.CREDENTIALS)
                .build()
                .profile("dev")
                .orElseThrow();
        String id = dev.property("aws_access_key_id").orElseThrow();
        String secret = dev.property("aws_secret_access_key").orElseThrow();
        assertThat(secret)
                .as("round %s: a secret, whole", round)
                .doesNotContain("\n")
                .isNotBlank();
        List<AccessKeyMetadata> keys = aws.client(IamClient.class)
                .listAccessKeys(r -> r.userName(user))
                .accessKeyMetadata();
        assertThat(keys).as("round %s: keys in IAM", round).hasSizeLessThanOrEqualTo(2);
        assertThat(keys.stream()
                        .filter(k -> k.status() == StatusType.ACTIVE)
                        .map(AccessKeyMetadata::accessKeyId)
                        .collect(Collectors.toList()))
                .as("round %s: the file's key is an Active key of the user", round)
                .contains(id);
        try (AwsKit withFileKey = AwsKit.builder()
                .region(aws.region())
                .credentials(id, secret)
                .endpoint(aws.endpoint("sts").orElseThrow())
                .build()) {
            assertThat(withFileKey.client(StsClient.class).getCallerIdentity().arn())
                    .as("round %s: STS with the file's key", round)
                    .isEqualTo(userArn);
        }
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("round %s: no temp file left", round)
                    .noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
