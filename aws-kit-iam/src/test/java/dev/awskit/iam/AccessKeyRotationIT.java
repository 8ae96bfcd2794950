package dev.awskit.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import dev.awskit.core.AwsKit;
import dev.awskit.iam.RotationReport.Outcome;
import dev.awskit.iam.RotationStep.Status;
import dev.awskit.iam.RotationStep.Step;
import dev.awskit.testing.Service;
import dev.awskit.testing.Targets;
import dev.awskit.testing.TestKeys;
import java.io.ByteArrayInputStream;
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
 * Access-key rotation against an independent IAM + STS server: the shared moto_server of
 * scripts/emulators, or {@code AWSKIT_IT_ENDPOINT}. What no server models (propagation delay,
 * failing calls, an Inactive key refused) is in {@link AccessKeyRotationFakeIT}; moto with its IAM
 * authentication enforced is in {@link IamEnforcedAuthIT}.
 */
class AccessKeyRotationIT {
    @TempDir
    Path dir;

    AwsKit admin;
    RotationFixture fx;

    @BeforeEach
    void setUp() {
        admin = Targets.require(Service.IAM)
                .kitBuilder()
                .retryPolicy(RotationFixture.fastRetries())
                .build();
        fx = RotationFixture.onServer(dir, admin, null);
    }

    @AfterEach
    void tearDown() {
        try {
            if (fx != null) {
                fx.close();
            }
        } finally {
            admin.close();
        }
    }

    static ProfileFile sdk(String text) {
        return ProfileFile.builder()
                .content(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
                .type(ProfileFile.Type.CREDENTIALS)
                .build();
    }

    static String secretIn(String text, String profile) {
        return sdk(text)
                .profile(profile)
                .orElseThrow()
                .property("aws_secret_access_key")
                .orElseThrow();
    }

    static String keyIn(String text, String profile) {
        return sdk(text)
                .profile(profile)
                .orElseThrow()
                .property("aws_access_key_id")
                .orElseThrow();
    }

    @Test
    void rotate_whenUserHasOneKey_writesVerifiedKeyKeepsEveryOtherByteAndDeactivatesOld() throws IOException {
        RotationReport r = fx.iam().rotateAccessKey(k -> k.profile("dev"));

        assertThat(r.outcome()).isEqualTo(Outcome.ROTATED);
        String text = fx.fileText();
        String newId = keyIn(text, "dev");
        String newSecret = secretIn(text, "dev");
        assertThat(r.newAccessKeyId()).contains(newId);
        assertThat(newId).isNotEqualTo(fx.oldId);
        assertThat(fx.works(newId, newSecret)).isTrue();
        assertThat(fx.status(fx.oldId)).isEqualTo("Inactive");
        assertThat(fx.keyCount()).isEqualTo(2);
        // only the two values of [dev] changed: spacing, inline comment, other profiles, order kept
        String expected = new String(fx.original, StandardCharsets.UTF_8)
                .replace(
                        "aws_access_key_id   =  " + fx.oldId + "   ; the dev key",
                        "aws_access_key_id   =  " + newId + "   ; the dev key")
                .replace("aws_secret_access_key=" + fx.oldSecret + "\n", "aws_secret_access_key=" + newSecret + "\n");
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
                        tuple(Step.READ_PROFILE, Status.DONE),
                        tuple(Step.IDENTIFY_USER, Status.DONE),
                        tuple(Step.LIST_KEYS, Status.DONE),
                        tuple(Step.DELETE_OTHER_KEY, Status.SKIPPED),
                        tuple(Step.CREATE_KEY, Status.DONE),
                        tuple(Step.VERIFY_NEW_KEY, Status.DONE),
                        tuple(Step.WRITE_FILE, Status.DONE),
                        tuple(Step.DEACTIVATE_OLD_KEY, Status.DONE),
                        tuple(Step.DELETE_OLD_KEY, Status.SKIPPED));
        assertThat(r.toString()).contains(newId).contains(fx.oldId).doesNotContain(newSecret);
        assertThat(r.userArn()).contains(fx.userArn);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temp file left behind")
                    .noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void rotate_withDeleteOld_leavesOnlyTheNewKey() {
        RotationReport r = fx.iam().rotateAccessKey(k -> k.profile("dev").deleteOld());

        assertThat(r.outcome()).isEqualTo(Outcome.ROTATED);
        assertThat(fx.status(fx.oldId)).isEqualTo("Deleted");
        assertThat(fx.keyCount()).isEqualTo(1);
        assertThat(fx.works(keyIn(fx.fileText(), "dev"), secretIn(fx.fileText(), "dev")))
                .isTrue();
    }

    @Test
    void rotate_neverPutsTheNewSecretInLogsMessagesOrReports() {
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
        String secret = secretIn(fx.fileText(), "dev");
        assertThat(secret).isNotBlank();
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
        assertThat(r.toString()).doesNotContain(secret);
        assertThat(r.steps()).allSatisfy(s -> assertThat(s.detail()).doesNotContain(secret));
    }

    @Test
    void rotate_whenUserHasTwoKeys_refusesNamingTheOtherKeyAndItsStatus() {
        String other = fx.addSecondKey();

        AccessKeyRotationException e = catchThrowableOfType(
                AccessKeyRotationException.class, () -> fx.iam().rotateAccessKey(k -> k.profile("dev")));

        assertThat(e.getMessage())
                .startsWith("User " + fx.user + " already has two access keys, the most IAM allows: " + fx.oldId
                        + " (profile 'dev') and " + other + " (Active, created ")
                .contains("or rotate with deleteOtherKey().");
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
        assertThat(fx.works(keyIn(fx.fileText(), "dev"), secretIn(fx.fileText(), "dev")))
                .isTrue();
    }

    // Regression (issue 11, key rotation): deleteOtherKey() deleted a key that another profile of the
    // same file used, and reported ROTATED.
    @Test
    void rotate_whenDeleteOtherKeyWouldDeleteAKeyAnotherProfileUses_refusesNamingTheProfile() {
        var second = fx.addSecondKeyWithSecret();
        fx.write(fx.fileText()
                + "\n[ci]\naws_access_key_id = " + second.accessKeyId() + "\naws_secret_access_key = "
                + second.secretAccessKey() + "\n");

        AccessKeyRotationException e = catchThrowableOfType(AccessKeyRotationException.class, () -> fx.iam()
                .rotateAccessKey(k -> k.profile("dev").deleteOtherKey()));

        assertThat(e.getMessage())
                .isEqualTo("User " + fx.user + " already has two access keys, and the other one, "
                        + second.accessKeyId() + ", is the key of profile 'ci' in " + fx.file
                        + ": deleteOtherKey() would break that profile. Rotate profile 'ci' instead, or move"
                        + " it to another key first.");
        assertThat(e.report().outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(fx.status(second.accessKeyId())).isEqualTo("Active");
        assertThat(fx.keyCount()).isEqualTo(2);
        assertThat(fx.fileText().getBytes(StandardCharsets.UTF_8)).isEqualTo(fx.original);
    }

    // Regression (issue 11, key rotation): a key shared by two profiles was deactivated under the
    // other profile without a word.
    @Test
    void rotate_whenAnotherProfileHoldsTheSameKey_refusesNamingItUnlessUpdateAllProfiles() {
        fx.write(fx.fileText() + "\n[copy]\naws_secret_access_key = " + fx.oldSecret + "\naws_access_key_id = "
                + fx.oldId + "\n");

        AccessKeyRotationException e = catchThrowableOfType(
                AccessKeyRotationException.class, () -> fx.iam().rotateAccessKey(k -> k.profile("dev")));

        assertThat(e.getMessage())
                .isEqualTo("Key " + fx.oldId + " of profile 'dev' is also the key of profile 'copy' in " + fx.file
                        + "; deactivating it would break that profile. Rotate with updateAllProfiles() to write"
                        + " the new key to every profile that holds the old one.");
        assertThat(e.report().outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(fx.status(fx.oldId)).isEqualTo("Active");
        assertThat(fx.keyCount()).isEqualTo(1);
        assertThat(fx.fileText().getBytes(StandardCharsets.UTF_8)).isEqualTo(fx.original);

        RotationReport r = fx.iam().rotateAccessKey(k -> k.profile("dev").updateAllProfiles());

        String text = fx.fileText();
        assertThat(r.updatedProfiles()).containsExactly("dev", "copy");
        assertThat(keyIn(text, "copy")).isEqualTo(r.newAccessKeyId().orElseThrow());
        assertThat(secretIn(text, "copy")).isEqualTo(secretIn(text, "dev"));
        assertThat(keyIn(text, "other")).isEqualTo(RotationFixture.OTHER_PROFILE_KEY);
        assertThat(secretIn(text, "other")).isEqualTo(RotationFixture.OTHER_PROFILE_SECRET);
        assertThat(fx.works(keyIn(text, "copy"), secretIn(text, "copy"))).isTrue();
    }

    // Regression (issue 11, key rotation): an indented "# comment" after the secret is a continuation
    // line for the AWS SDK, so the secret the SDK signs with is not the one the kit read.
    @Test
    void rotate_whenTheSecretContinuesOnAnIndentedLine_refusesNamingTheLineAsTheSdkReadsIt() {
        fx.write(fx.fileText() + "    # rotated by hand in May\n");

        AccessKeyRotationException e = catchThrowableOfType(
                AccessKeyRotationException.class, () -> fx.iam().rotateAccessKey(k -> k.profile("dev")));

        assertThat(secretIn(fx.fileText(), "dev")).isEqualTo(fx.oldSecret + "\n# rotated by hand in May");
        assertThat(e.getMessage())
                .isEqualTo("The aws_secret_access_key of profile 'dev' in " + fx.file + " continues on line 10:"
                        + " an indented line continues the value before it for the AWS SDKs and CLI (comments"
                        + " included), so no SDK can use this key. Remove the indentation of line 10, then"
                        + " rotate again.");
        assertThat(e.report().outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(fx.keyCount()).isEqualTo(1);
        assertThat(fx.fileText().getBytes(StandardCharsets.UTF_8)).isEqualTo(fx.original);
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
    void rotate_whenProfileHoldsSessionCredentials_refusesBeforeAnyCall() throws IOException {
        String sessionKey = TestKeys.session("temp"); // the rotation looks at the ASIA prefix
        Files.writeString(
                fx.file,
                "[dev]\naws_access_key_id = " + sessionKey + "\naws_secret_access_key = s\naws_session_token = tok\n");

        assertThatThrownBy(() -> fx.iam().rotateAccessKey(k -> k.profile("dev")))
                .isInstanceOf(AccessKeyRotationException.class)
                .hasMessage("Profile 'dev' in " + fx.file + " holds temporary session credentials (" + sessionKey + ","
                        + " an ASIA key with aws_session_token). Session keys expire on their own and cannot be"
                        + " rotated, and IAM refuses access-key calls from a session that was not created with MFA."
                        + " Rotate the long-term key (AKIA...) of the user in its own profile instead.");
        assertThat(fx.keyCount()).isEqualTo(1);
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
                        + " (profiles there: [other, dev]). Name one of those with profile(...).");
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
