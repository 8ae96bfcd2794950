package dev.awskit.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.awskit.iam.RotationReport.Outcome;
import dev.awskit.iam.RotationStep.Status;
import dev.awskit.iam.RotationStep.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What no independent server models, on the WireMock fake {@link FakeIamSts}: a new key that STS
 * refuses while IAM propagates it, failing IAM calls, and an Inactive key being refused (moto accepts
 * Inactive keys). The fake follows the IAM API reference (CreateAccessKey's LimitExceeded 409,
 * ServiceFailure 500: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html,
 * CommonErrors: https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html) and the STS
 * API reference (GetCallerIdentity:
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html). Rotation itself is
 * verified against moto in {@link AccessKeyRotationIT}.
 */
class AccessKeyRotationFakeIT {
    @TempDir
    Path dir;

    RotationFixture fx;

    @BeforeEach
    void setUp() {
        fx = RotationFixture.fake(dir);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void rotate_whenRollbackHappens_noSecretInTheExceptionChainOrRequests() {
        fx.fake.propagationDelay(1_000_000, 0);
        AccessKeyRotationException e = catchThrowableOfType(AccessKeyRotationException.class, () -> fx.iam()
                .rotateAccessKey(k -> k.profile("dev").verifyTimeout(Duration.ofMillis(300))));
        String newId = e.report().newAccessKeyId().orElseThrow();
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("newSecret/");
        }
        assertThat(e.report().toString()).doesNotContain("newSecret/").contains(newId);
        assertThat(fx.fake.rawRequests()).noneMatch(q -> q.contains("newSecret/"));
    }

    @Test
    void rotate_whenCreateAccessKeyHitsLimitExceeded_failsAndLeavesTheFileUntouched() {
        fx.fake.fail("CreateAccessKey", 1, 409, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2");

        assertThatThrownBy(() -> fx.iam().rotateAccessKey(k -> k.profile("dev")))
                .isInstanceOf(AccessKeyRotationException.class)
                .hasMessageStartingWith("Could not create a new access key for user alice: iam:CreateAccessKey for"
                        + " user alice failed: LimitExceeded (409): Cannot exceed quota for AccessKeysPerUser: 2."
                        + " User alice has two keys now")
                .hasMessageEndingWith("Nothing was changed.");
        assertThat(fx.fileText().getBytes(StandardCharsets.UTF_8)).isEqualTo(fx.original);
        assertThat(fx.status(fx.oldId)).isEqualTo("Active");
    }

    // Regression (issue 11, key rotation): after deleting the other key, a failed CreateAccessKey said
    // "Nothing was changed".
    @Test
    void rotate_whenCreateFailsAfterTheOtherKeyWasDeleted_saysThatKeyWasDeleted() {
        String other = fx.addSecondKey();
        fx.fake.fail("CreateAccessKey", 10, 409, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2");

        AccessKeyRotationException e = catchThrowableOfType(AccessKeyRotationException.class, () -> fx.iam()
                .rotateAccessKey(k -> k.profile("dev").deleteOtherKey()));

        assertThat(e.getMessage())
                .startsWith("Could not create a new access key for user alice: iam:CreateAccessKey for user alice"
                        + " failed: LimitExceeded (409)")
                .endsWith("The other key " + other + " was deleted (deleteOtherKey()); " + fx.file
                        + " is untouched and still holds " + fx.oldId + ", which still works.")
                .doesNotContain("Nothing was changed");
        assertThat(e.report().step(Step.DELETE_OTHER_KEY).orElseThrow().status())
                .isEqualTo(Status.DONE);
        assertThat(fx.status(other)).isEqualTo("Deleted");
        assertThat(fx.status(fx.oldId)).isEqualTo("Active");
        assertThat(fx.fileText().getBytes(StandardCharsets.UTF_8)).isEqualTo(fx.original);
    }

    // Regression (issue 11, key rotation): CreateAccessKey was retried blindly after a lost answer, so
    // the key the lost call made leaked (and the retry met the two-key limit).
    @Test
    void rotate_whenCreateAccessKeysAnswerIsLost_deletesTheKeyThatCallMadeAndCreatesAnother() {
        fx.fake.loseAnswers("CreateAccessKey", 1);

        RotationReport r = fx.iam().rotateAccessKey(k -> k.profile("dev"));

        assertThat(r.outcome()).isEqualTo(Outcome.ROTATED);
        String newId = r.newAccessKeyId().orElseThrow();
        assertThat(fx.fake.keysOf("alice")).containsExactlyInAnyOrder(fx.oldId, newId);
        assertThat(fx.fake.calls().stream().filter(c -> c.startsWith("CreateAccessKey")))
                .hasSize(2);
        assertThat(r.step(Step.CREATE_KEY).orElseThrow().detail())
                .startsWith("created " + newId + " for user alice (deleted awskit-new-key-")
                .endsWith(", made by a CreateAccessKey call whose answer was lost)");
        assertThat(fx.works(newId, AccessKeyRotationIT.secretIn(fx.fileText(), "dev")))
                .isTrue();
    }

    @Test
    void rotate_whenEveryCreateAccessKeyAnswerIsLost_failsWithoutLeavingAKeyBehind() {
        fx.fake.loseAnswers("CreateAccessKey", 100);

        AccessKeyRotationException e = catchThrowableOfType(
                AccessKeyRotationException.class, () -> fx.iam().rotateAccessKey(k -> k.profile("dev")));

        assertThat(e.getMessage())
                .startsWith("Could not create a new access key for user alice: ")
                .endsWith(", made by a CreateAccessKey call whose answer was lost) Nothing was changed.");
        assertThat(fx.fake.keysOf("alice")).containsExactly(fx.oldId);
        assertThat(fx.fileText().getBytes(StandardCharsets.UTF_8)).isEqualTo(fx.original);
    }

    @Test
    void rotate_whenNewKeyPropagatesSlowly_retriesVerificationUntilStsAcceptsIt() {
        fx.fake.propagationDelay(3, 2);

        RotationReport r = fx.iam().rotateAccessKey(k -> k.profile("dev"));

        assertThat(r.outcome()).isEqualTo(Outcome.ROTATED);
        assertThat(r.step(Step.VERIFY_NEW_KEY).orElseThrow().attempts()).isEqualTo(4);
        assertThat(r.step(Step.DEACTIVATE_OLD_KEY).orElseThrow().attempts()).isEqualTo(3);
        assertThat(fx.status(fx.oldId)).isEqualTo("Inactive");
    }

    @Test
    void rotate_whenNewKeyNeverWorks_deletesItAndLeavesTheFileUntouched() {
        fx.fake.propagationDelay(1_000_000, 0);

        AccessKeyRotationException e = catchThrowableOfType(AccessKeyRotationException.class, () -> fx.iam()
                .rotateAccessKey(k -> k.profile("dev").verifyTimeout(Duration.ofMillis(500))));

        String newId = e.report().newAccessKeyId().orElseThrow();
        assertThat(e.getMessage())
                .startsWith("Rotating the key of profile 'dev' (user alice) failed: Timed out after")
                .contains("The new key " + newId + " was deleted; " + fx.file + " is untouched and still holds "
                        + fx.oldId + ".");
        assertThat(e.report().outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(e.report().step(Step.VERIFY_NEW_KEY).orElseThrow().status()).isEqualTo(Status.FAILED);
        assertThat(e.report().step(Step.ROLLBACK_DELETE_NEW_KEY).orElseThrow().status())
                .isEqualTo(Status.DONE);
        assertThat(fx.status(newId)).isEqualTo("Deleted");
        assertThat(fx.status(fx.oldId)).isEqualTo("Active");
        assertThat(fx.fileText().getBytes(StandardCharsets.UTF_8)).isEqualTo(fx.original);
    }

    // moto never refuses an Inactive key (and answers GetCallerIdentity for an unknown key id with
    // its default user); AWS answers InvalidClientTokenId (403) for both.
    @Test
    void rotate_whenStsSaysTheKeyIsInvalid_refusesBeforeCreatingAKey() throws IOException {
        Files.writeString(fx.file, "[dev]\naws_access_key_id = awskit-other-key\naws_secret_access_key = s\n");

        AccessKeyRotationException e = catchThrowableOfType(
                AccessKeyRotationException.class, () -> fx.iam().rotateAccessKey(k -> k.profile("dev")));

        assertThat(e.getMessage())
                .isEqualTo("STS does not accept awskit-other-key of profile 'dev' (InvalidClientTokenId): the"
                        + " key is deleted, deactivated or mistyped, so it cannot be rotated with itself. Create a"
                        + " key in the console or with another profile.");
        assertThat(fx.fake.calls()).containsExactly("GetCallerIdentity by awskit-other-key");
        assertThat(e.report().outcome()).isEqualTo(Outcome.REFUSED);
    }

    @Test
    void rotate_whenTheProfilesKeyIsInactive_refusesBeforeCreatingAKey() {
        fx.fake.deactivate(fx.oldId);

        AccessKeyRotationException e = catchThrowableOfType(
                AccessKeyRotationException.class, () -> fx.iam().rotateAccessKey(k -> k.profile("dev")));

        assertThat(e.getMessage())
                .isEqualTo("STS does not accept " + fx.oldId + " of profile 'dev' (InvalidClientTokenId): the"
                        + " key is deleted, deactivated or mistyped, so it cannot be rotated with itself. Create a"
                        + " key in the console or with another profile.");
        assertThat(fx.fake.keysOf("alice")).containsExactly(fx.oldId);
    }

    @Test
    void rotate_whenDeleteOldFailsOnce_retriesAndDeletes() {
        fx.fake.fail("DeleteAccessKey", 1, 500, "ServiceFailure", "Request processing has failed");
        fx.fake.fail("DeleteAccessKey", 1, 403, "InvalidClientTokenId", "The security token is invalid.");

        RotationReport r = fx.iam().rotateAccessKey(k -> k.profile("dev").deleteOld());

        assertThat(r.outcome()).isEqualTo(Outcome.ROTATED);
        assertThat(r.step(Step.DELETE_OLD_KEY).orElseThrow().status()).isEqualTo(Status.DONE);
        assertThat(fx.fake.calls().stream().filter(c -> c.startsWith("DeleteAccessKey")))
                .hasSize(3);
        assertThat(fx.status(fx.oldId)).isEqualTo("Deleted");
        assertThat(fx.keyCount()).isEqualTo(1);
    }

    @Test
    void rotate_whenDeactivateAndDeleteAlwaysFail_keepsTheNewKeyAndReportsWhatRemains() {
        fx.fake.fail("UpdateAccessKey", 10, 403, "AccessDenied", "not authorized to perform iam:UpdateAccessKey");
        fx.fake.fail("DeleteAccessKey", 10, 403, "AccessDenied", "not authorized to perform iam:DeleteAccessKey");

        RotationReport r = fx.iam().rotateAccessKey(k -> k.profile("dev").deleteOld());

        assertThat(r.outcome()).isEqualTo(Outcome.ROTATED_WITH_REMAINING_WORK);
        assertThat(r.rotated()).isTrue();
        String newId = r.newAccessKeyId().orElseThrow();
        assertThat(AccessKeyRotationIT.keyIn(fx.fileText(), "dev")).isEqualTo(newId);
        assertThat(fx.works(newId, AccessKeyRotationIT.secretIn(fx.fileText(), "dev")))
                .isTrue();
        assertThat(r.remaining())
                .containsExactly(
                        "Deactivate the old key: aws iam update-access-key --user-name alice --access-key-id "
                                + fx.oldId + " --status Inactive",
                        "Delete the old key: aws iam delete-access-key --user-name alice --access-key-id " + fx.oldId);
        assertThat(r.step(Step.DEACTIVATE_OLD_KEY).orElseThrow().detail())
                .contains("failed with the new key (AccessDenied (403)")
                .contains("and with the old key (AccessDenied (403)");
    }
}
