// Every access key id here is fake, shaped like AWS's documented example AKIAIOSFODNN7EXAMPLE.
package dev.awskit.core.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.awskit.core.iam.RotationReport.Outcome;
import dev.awskit.core.iam.RotationStep.Status;
import dev.awskit.core.iam.RotationStep.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Access-key rotation against IAM + STS over the wire: the WireMock fake ({@link FakeIamSts}) or
 * the server in {@code AWSKIT_IT_ENDPOINT}. Fault injection (propagation delay, failing calls) only
 * exists on the fake; on a real endpoint those tests run as plain rotations and check the same
 * invariants.
 */
class AccessKeyRotationIT {
    @TempDir
    Path dir;

    RotationFixture fx;

    @BeforeEach
    void setUp() {
        fx = new RotationFixture(dir);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private static String newSecretIn(String text, String profile) {
        ProfileFile pf = ProfileFile.builder()
                .content(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
                .type(ProfileFile.Type.CREDENTIALS)
                .build();
        return pf.profile(profile)
                .orElseThrow()
                .property("aws_secret_access_key")
                .orElseThrow();
    }

    private static String keyIn(String text, String profile) {
        ProfileFile pf = ProfileFile.builder()
                .content(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
                .type(ProfileFile.Type.CREDENTIALS)
                .build();
        return pf.profile(profile).orElseThrow().property("aws_access_key_id").orElseThrow();
    }

    @Test
    void rotate_whenUserHasOneKey_writesVerifiedKeyKeepsEveryOtherByteAndDeactivatesOld() throws IOException {
        RotationReport r = fx.iam().rotateAccessKey(k -> k.profile("dev"));

        assertThat(r.outcome()).isEqualTo(Outcome.ROTATED);
        String text = fx.fileText();
        String newId = keyIn(text, "dev");
        String newSecret = newSecretIn(text, "dev");
        assertThat(r.newAccessKeyId()).contains(newId);
        assertThat(newId).isNotEqualTo(fx.oldId);
        assertThat(fx.works(newId, newSecret)).isTrue();
        assertThat(fx.status(fx.oldId)).isEqualTo("Inactive");
        // only the two values of [dev] changed: spacing, inline comment, other profiles, order kept
        String expected = new String(fx.original, StandardCharsets.UTF_8)
                .replace(
                        "aws_access_key_id   =  " + fx.oldId + "   ; the dev key",
                        "aws_access_key_id   =  " + newId + "   ; the dev key")
                .replace(
                        "aws_secret_access_key=" + fx.oldSecret + "\n\n[copy]",
                        "aws_secret_access_key=" + newSecret + "\n\n[copy]");
        assertThat(text).isEqualTo(expected);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.file)))
                .isEqualTo("rw-------");
        Path backup = r.backupFile().orElseThrow();
        assertThat(Files.readAllBytes(backup)).isEqualTo(fx.original);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
                .isEqualTo("rw-------");
        assertThat(r.steps())
                .extracting(RotationStep::step, RotationStep::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Step.READ_PROFILE, Status.DONE),
                        org.assertj.core.groups.Tuple.tuple(Step.IDENTIFY_USER, Status.DONE),
                        org.assertj.core.groups.Tuple.tuple(Step.LIST_KEYS, Status.DONE),
                        org.assertj.core.groups.Tuple.tuple(Step.DELETE_OTHER_KEY, Status.SKIPPED),
                        org.assertj.core.groups.Tuple.tuple(Step.CREATE_KEY, Status.DONE),
                        org.assertj.core.groups.Tuple.tuple(Step.VERIFY_NEW_KEY, Status.DONE),
                        org.assertj.core.groups.Tuple.tuple(Step.WRITE_FILE, Status.DONE),
                        org.assertj.core.groups.Tuple.tuple(Step.DEACTIVATE_OLD_KEY, Status.DONE),
                        org.assertj.core.groups.Tuple.tuple(Step.DELETE_OLD_KEY, Status.SKIPPED));
        assertThat(r.toString()).contains(newId).contains(fx.oldId).doesNotContain(newSecret);
        assertThat(r.userArn()).contains(fx.userArn);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temp file left behind")
                    .noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void rotate_neverPutsTheNewSecretInLogsMessagesReportsOrRequests() {
        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        RotationReport r;
        System.setErr(tee);
        System.setOut(tee);
        try {
            r = fx.iam().rotateAccessKey(k -> k.profile("dev").deleteOld());
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        String secret = newSecretIn(fx.fileText(), "dev");
        assertThat(secret).isNotBlank();
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
        assertThat(r.toString()).doesNotContain(secret);
        assertThat(r.steps()).allSatisfy(s -> assertThat(s.detail()).doesNotContain(secret));
        if (fx.fake != null) {
            assertThat(fx.fake.rawRequests()).noneMatch(q -> q.contains(secret));
        }
    }

    @Test
    void rotate_whenRollbackHappens_noSecretInTheExceptionChain() {
        if (fx.fake == null) {
            RotationFixture.note("rollback needs the fake's fault injection; checked a plain rotation instead");
            assertThat(fx.iam().rotateAccessKey(k -> k.profile("dev")).rotated())
                    .isTrue();
            return;
        }
        fx.fake.propagationDelay(1_000_000, 0);
        AccessKeyRotationException e = catchThrowableOfType(AccessKeyRotationException.class, () -> fx.iam()
                .rotateAccessKey(k -> k.profile("dev").verifyTimeout(Duration.ofMillis(300))));
        String newId = e.report().newAccessKeyId().orElseThrow();
        // the fake forgot the deleted key's secret; find it in the CreateAccessKey answer is impossible
        // here, so check that no message in the chain has the shape of the fake's secrets
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("newSecret/");
        }
        assertThat(e.report().toString()).doesNotContain("newSecret/").contains(newId);
    }

    @Test
    void rotate_whenUserHasTwoKeys_refusesNamingTheOtherKeyItsStatusAndLastUse() {
        String other = fx.addSecondKey();

        AccessKeyRotationException e = catchThrowableOfType(
                AccessKeyRotationException.class, () -> fx.iam().rotateAccessKey(k -> k.profile("dev")));

        assertThat(e.getMessage())
                .startsWith("User " + fx.user + " already has two access keys, the most IAM allows: " + fx.oldId
                        + " (profile 'dev') and " + other + " (Active, created ")
                .contains("or rotate with deleteOtherKey().");
        if (fx.fake != null) {
            assertThat(e.getMessage()).contains("last used 2024-05-06T07:08:09Z by s3 in eu-west-1");
        }
        assertThat(e.report().outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(e.report().step(Step.LIST_KEYS).orElseThrow().status()).isEqualTo(Status.REFUSED);
        assertThat(fx.keyCount()).isEqualTo(2);
        assertThat(fx.fileText().getBytes(StandardCharsets.UTF_8)).isEqualTo(fx.original);
    }

    @Test
    void rotate_whenTwoKeysAndDeleteOtherKey_deletesTheOtherThenRotates() {
        String other = fx.addSecondKey();

        RotationReport r = fx.iam().rotateAccessKey(k -> k.profile("dev").deleteOtherKey());

        assertThat(r.outcome()).isEqualTo(Outcome.ROTATED);
        assertThat(fx.status(other)).isEqualTo("Deleted");
        assertThat(r.step(Step.DELETE_OTHER_KEY).orElseThrow().detail()).startsWith("deleted " + other);
        assertThat(fx.works(keyIn(fx.fileText(), "dev"), newSecretIn(fx.fileText(), "dev")))
                .isTrue();
    }

    @Test
    void rotate_whenCreateAccessKeyHitsLimitExceeded_failsAndLeavesTheFileUntouched() {
        if (fx.fake == null) {
            RotationFixture.note("LimitExceeded on create needs the fake; checked the real two-key limit instead");
            fx.addSecondKey();
            assertThatThrownBy(() -> fx.iam().rotateAccessKey(k -> k.profile("dev")))
                    .isInstanceOf(AccessKeyRotationException.class);
            return;
        }
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

    @Test
    void rotate_whenNewKeyPropagatesSlowly_retriesVerificationUntilStsAcceptsIt() {
        if (fx.fake != null) {
            fx.fake.propagationDelay(3, 2);
        } else {
            RotationFixture.note("propagation delay is whatever the endpoint has; checked the rotation succeeds");
        }

        RotationReport r = fx.iam().rotateAccessKey(k -> k.profile("dev"));

        assertThat(r.outcome()).isEqualTo(Outcome.ROTATED);
        if (fx.fake != null) {
            assertThat(r.step(Step.VERIFY_NEW_KEY).orElseThrow().attempts()).isEqualTo(4);
            assertThat(r.step(Step.DEACTIVATE_OLD_KEY).orElseThrow().attempts()).isEqualTo(3);
        }
        assertThat(fx.status(fx.oldId)).isEqualTo("Inactive");
    }

    @Test
    void rotate_whenNewKeyNeverWorks_deletesItAndLeavesTheFileUntouched() {
        if (fx.fake == null) {
            RotationFixture.note("a key that never propagates needs the fake; checked a plain rotation instead");
            assertThat(fx.iam().rotateAccessKey(k -> k.profile("dev")).rotated())
                    .isTrue();
            return;
        }
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

    @Test
    void rotate_whenProfileHoldsSessionCredentials_refusesWithoutCallingAws() throws IOException {
        Files.writeString(
                fx.file,
                "[dev]\naws_access_key_id = ASIATEMP0000EXAMPLE\naws_secret_access_key = s\naws_session_token = tok\n");

        assertThatThrownBy(() -> fx.iam().rotateAccessKey(k -> k.profile("dev")))
                .isInstanceOf(AccessKeyRotationException.class)
                .hasMessage("Profile 'dev' in " + fx.file + " holds temporary session credentials (ASIATEMP0000EXAMPLE,"
                        + " an ASIA key with aws_session_token). Session keys expire on their own and cannot be"
                        + " rotated, and IAM refuses access-key calls from a session that was not created with MFA."
                        + " Rotate the long-term key (AKIA...) of the user in its own profile instead.");
        if (fx.fake != null) {
            assertThat(fx.fake.calls()).isEmpty();
        }
    }

    @Test
    void rotate_whenStsSaysTheKeyIsInvalid_refusesBeforeCreatingAKey() throws IOException {
        Files.writeString(fx.file, "[dev]\naws_access_key_id = AKIAUNKNOWN00EXAMPLE\naws_secret_access_key = s\n");

        AccessKeyRotationException e = catchThrowableOfType(
                AccessKeyRotationException.class, () -> fx.iam().rotateAccessKey(k -> k.profile("dev")));

        if (fx.fake != null) {
            assertThat(e.getMessage())
                    .isEqualTo("STS does not accept AKIAUNKNOWN00EXAMPLE of profile 'dev' (InvalidClientTokenId): the"
                            + " key is deleted, deactivated or mistyped, so it cannot be rotated with itself. Create a"
                            + " key in the console or with another profile.");
            assertThat(fx.fake.calls()).containsExactly("GetCallerIdentity by AKIAUNKNOWN00EXAMPLE");
        }
        assertThat(e.report().outcome()).isIn(Outcome.REFUSED, Outcome.FAILED);
    }

    @Test
    void rotate_whenDeleteOldFailsOnce_retriesAndDeletes() {
        if (fx.fake != null) {
            fx.fake.fail("DeleteAccessKey", 1, 500, "ServiceFailure", "Request processing has failed");
            fx.fake.fail("DeleteAccessKey", 1, 403, "InvalidClientTokenId", "The security token is invalid.");
        }

        RotationReport r = fx.iam().rotateAccessKey(k -> k.profile("dev").deleteOld());

        assertThat(r.outcome()).isEqualTo(Outcome.ROTATED);
        assertThat(r.step(Step.DELETE_OLD_KEY).orElseThrow().status()).isEqualTo(Status.DONE);
        if (fx.fake != null) {
            assertThat(fx.fake.calls().stream().filter(c -> c.startsWith("DeleteAccessKey")))
                    .hasSize(3);
        }
        assertThat(fx.status(fx.oldId)).isEqualTo("Deleted");
        assertThat(fx.keyCount()).isEqualTo(1);
    }

    @Test
    void rotate_whenDeactivateAndDeleteAlwaysFail_keepsTheNewKeyAndReportsWhatRemains() {
        if (fx.fake == null) {
            RotationFixture.note("failing IAM calls need the fake; checked a plain rotation instead");
            assertThat(fx.iam()
                            .rotateAccessKey(k -> k.profile("dev").deleteOld())
                            .rotated())
                    .isTrue();
            return;
        }
        fx.fake.fail("UpdateAccessKey", 10, 403, "AccessDenied", "not authorized to perform iam:UpdateAccessKey");
        fx.fake.fail("DeleteAccessKey", 10, 403, "AccessDenied", "not authorized to perform iam:DeleteAccessKey");

        RotationReport r = fx.iam().rotateAccessKey(k -> k.profile("dev").deleteOld());

        assertThat(r.outcome()).isEqualTo(Outcome.ROTATED_WITH_REMAINING_WORK);
        assertThat(r.rotated()).isTrue();
        String newId = r.newAccessKeyId().orElseThrow();
        assertThat(keyIn(fx.fileText(), "dev")).isEqualTo(newId);
        assertThat(fx.works(newId, newSecretIn(fx.fileText(), "dev"))).isTrue();
        assertThat(r.remaining())
                .containsExactly(
                        "Deactivate the old key: aws iam update-access-key --user-name alice --access-key-id "
                                + fx.oldId + " --status Inactive",
                        "Delete the old key: aws iam delete-access-key --user-name alice --access-key-id " + fx.oldId);
        assertThat(r.step(Step.DEACTIVATE_OLD_KEY).orElseThrow().detail())
                .contains("failed with the new key (AccessDenied (403)")
                .contains("and with the old key (AccessDenied (403)");
    }

    @Test
    void rotate_whenUpdateAllProfiles_rewritesEveryProfileHoldingTheOldKey() {
        RotationReport r = fx.iam().rotateAccessKey(k -> k.profile("dev").updateAllProfiles());

        String text = fx.fileText();
        assertThat(r.updatedProfiles()).containsExactly("dev", "copy");
        assertThat(keyIn(text, "copy")).isEqualTo(r.newAccessKeyId().orElseThrow());
        assertThat(keyIn(text, "other")).isEqualTo("AKIAOTHERPROFILE0001");
        assertThat(newSecretIn(text, "other")).isEqualTo(RotationFixture.OTHER_PROFILE_SECRET);
    }

    @Test
    void rotate_whenBackupOff_writesNoBackup() throws IOException {
        RotationReport r = fx.iam().rotateAccessKey(k -> k.profile("dev").noBackup());

        assertThat(r.backupFile()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("credentials");
        }
    }

    @Test
    void rotate_whenCredentialsFileMissing_refusesNamingIt() {
        Path missing = dir.resolve("nope/credentials");

        assertThatThrownBy(() -> fx.iam().rotateAccessKey(k -> k.profile("dev").credentialsFile(missing)))
                .isInstanceOf(AccessKeyRotationException.class)
                .hasMessage("There is no credentials file at " + missing + ", so there is no key of profile 'dev' to"
                        + " rotate. Point AWS_SHARED_CREDENTIALS_FILE (or credentialsFile(...)) at the file that"
                        + " holds it.");
    }

    @Test
    void rotate_whenProfileMissing_refusesListingTheProfiles() {
        assertThatThrownBy(() -> fx.iam().rotateAccessKey(k -> k.profile("prod")))
                .isInstanceOf(AccessKeyRotationException.class)
                .hasMessage("Profile 'prod' is not in " + fx.file
                        + " (profiles there: [other, dev, copy]). Name one of those with profile(...).");
    }

    @SuppressWarnings("try") // the resource restores the directory when the test ends
    @Test
    void rotate_whenDirectoryIsReadOnly_refusesBeforeCreatingAKey() throws Exception {
        Optional<AutoCloseable> readOnly = ReadOnlyDirs.makeReadOnly(dir);
        if (readOnly.isEmpty()) {
            return; // ReadOnlyDirs said why (and failed under CI=true)
        }
        try (AutoCloseable undo = readOnly.get()) {
            AccessKeyRotationException e = catchThrowableOfType(
                    AccessKeyRotationException.class, () -> fx.iam().rotateAccessKey(k -> k.profile("dev")));
            assertThat(e.getMessage())
                    .startsWith("Cannot write next to " + fx.file.toRealPath())
                    .endsWith("the new key could not be saved atomically there. Make the directory "
                            + fx.file.toRealPath().getParent() + " writable, then rotate again.");
            assertThat(e.report().outcome()).isEqualTo(Outcome.REFUSED);
        }
        assertThat(fx.keyCount()).isEqualTo(1);
        assertThat(Files.readAllBytes(fx.file)).isEqualTo(fx.original);
    }

    @Test
    void request_whenVerifyTimeoutNotPositive_isRejectedAtBuild() {
        assertThatThrownBy(() -> RotateAccessKeyRequest.builder()
                        .verifyTimeout(Duration.ZERO)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("verifyTimeout must be positive, was PT0S");
    }
}
