package dev.awskit.core.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.awskit.core.iam.internal.Checkpoint;
import dev.awskit.core.iam.internal.CredentialsFile;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * A crash at every checkpoint of the rotation (two keys, deleteOtherKey, backup, deleteOld: every
 * checkpoint is reached) must leave a credentials file that parses and holds a working key; a
 * failure (an exception the flow sees) must follow the rollback rules.
 */
class AccessKeyRotationCrashIT {
    /** Stands for the process dying: an Error, which the flow does not catch, so no cleanup runs. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(Checkpoint at) {
            super("crash at " + at);
        }
    }

    private static final Set<Checkpoint> BEFORE_CREATE = EnumSet.of(
            Checkpoint.PROFILE_READ, Checkpoint.USER_IDENTIFIED, Checkpoint.OTHER_KEY_DELETED, Checkpoint.KEYS_LISTED);
    private static final Set<Checkpoint> BEFORE_RENAME = EnumSet.of(
            Checkpoint.KEY_CREATED,
            Checkpoint.KEY_VERIFIED,
            Checkpoint.TEMP_FILE_WRITTEN,
            Checkpoint.TEMP_FILE_SYNCED,
            Checkpoint.BACKUP_WRITTEN);

    @TempDir
    Path dir;

    private static void assertParsesWithWorkingKey(RotationFixture fx) throws Exception {
        byte[] bytes = Files.readAllBytes(fx.file);
        CredentialsFile ours = CredentialsFile.parse(bytes);
        ProfileFile sdk = ProfileFile.builder()
                .content(new ByteArrayInputStream(bytes))
                .type(ProfileFile.Type.CREDENTIALS)
                .build();
        String id =
                sdk.profile("dev").orElseThrow().property("aws_access_key_id").orElseThrow();
        String secret = sdk.profile("dev")
                .orElseThrow()
                .property("aws_secret_access_key")
                .orElseThrow();
        assertThat(ours.get("dev", CredentialsFile.ACCESS_KEY_ID)).contains(id);
        assertThat(ours.profiles()).containsExactly("other", "dev");
        assertThat(fx.works(id, secret))
                .as("the key in the file (%s) works", id)
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(Checkpoint.class)
    void crash_atEveryCheckpoint_leavesAParseableFileHoldingAWorkingKey(Checkpoint at) throws Exception {
        try (RotationFixture fx = RotationFixture.fake(dir)) {
            fx.addSecondKey();
            Throwable t = catchThrowable(() -> fx.iam(p -> {
                        if (p == at) {
                            throw new SimulatedCrash(p);
                        }
                    })
                    .rotateAccessKey(k -> k.profile("dev").deleteOtherKey().deleteOld()));

            assertThat(t).isInstanceOf(SimulatedCrash.class).hasMessage("crash at " + at);
            assertParsesWithWorkingKey(fx);
        }
    }

    @ParameterizedTest
    @EnumSource(Checkpoint.class)
    void failure_atEveryCheckpoint_rollsBackBeforeTheRenameAndKeepsTheNewKeyAfterIt(Checkpoint at) throws Exception {
        try (RotationFixture fx = RotationFixture.fake(dir)) {
            fx.addSecondKey();
            Throwable t = catchThrowable(() -> fx.iam(p -> {
                        if (p == at) {
                            throw new IllegalStateException("injected failure at " + p);
                        }
                    })
                    .rotateAccessKey(k -> k.profile("dev").deleteOtherKey().deleteOld()));

            assertParsesWithWorkingKey(fx);
            if (BEFORE_CREATE.contains(at)) {
                assertThat(t).isInstanceOf(IllegalStateException.class).hasMessage("injected failure at " + at);
                assertThat(Files.readAllBytes(fx.file)).isEqualTo(fx.original);
                assertThat(fx.status(fx.oldId)).isEqualTo("Active");
            } else if (BEFORE_RENAME.contains(at)) {
                assertThat(t).isInstanceOf(AccessKeyRotationException.class);
                AccessKeyRotationException e = (AccessKeyRotationException) t;
                assertThat(e.report().outcome()).isEqualTo(RotationReport.Outcome.ROLLED_BACK);
                assertThat(e.getMessage()).contains("injected failure at " + at);
                assertThat(fx.status(e.report().newAccessKeyId().orElseThrow())).isEqualTo("Deleted");
                assertThat(Files.readAllBytes(fx.file)).isEqualTo(fx.original);
                assertThat(fx.status(fx.oldId)).isEqualTo("Active");
                assertThat(fx.keyCount()).isEqualTo(1);
            } else {
                // after the rename the file is on the new key, whatever happens next
                String text = fx.fileText();
                assertThat(text).doesNotContain("aws_access_key_id   =  " + fx.oldId);
                if (at == Checkpoint.FILE_RENAMED) {
                    assertThat(t).isNull();
                }
            }
        }
    }
}
