package dev.awskit.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.awskit.core.AwsKit;
import dev.awskit.iam.internal.Checkpoint;
import dev.awskit.iam.internal.CredentialsFile;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * Kill points. The rotation (two keys, deleteOtherKey, backup, deleteOld: every checkpoint is
 * reached; the checkpoints fall before and after each IAM and STS call and each file step) is killed
 * with {@code kill -9} in a JVM of its own at each checkpoint, against a moto_server of this class's
 * own with IAM authentication enforced, so that "a key that works" means IAM checked its signature:
 * the credentials file must then parse with the SDK's own profile parser and hold a working key, and
 * the next run must remove (and name) a temp file the killed one left, which may hold a secret, and
 * rotate. In-process, an exception at each checkpoint must follow the rollback rules (on the fake).
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
        assertThat(ours.get("dev", CredentialsFile.SECRET_ACCESS_KEY)).contains(secret);
        assertThat(fx.works(id, secret))
                .as("the key in the file (%s) works", id)
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(Checkpoint.class)
    void killed_atEveryCheckpointInAJvmOfItsOwn_leavesAWorkingKeyAndTheNextRunCleansUp(Checkpoint at) throws Exception {
        try (RotationFixture fx =
                RotationFixture.onServer(dir, KillPoints.admin(), RotationFixture.SELF_MANAGE_KEYS_POLICY_FOR_MOTO)) {
            fx.addSecondKey();
            String javaBin =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(
                            javaBin,
                            "-XX:TieredStopAtLevel=1", // a short-lived JVM: C1 only starts faster
                            "-XX:+UseSerialGC",
                            "-cp",
                            System.getProperty("java.class.path"),
                            RotationChild.class.getName(),
                            KillPoints.moto.endpoint.toString(),
                            fx.file.toString(),
                            "dev",
                            at.name())
                    .redirectErrorStream(true)
                    .start();
            List<String> output = new ArrayList<>();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    output.add(line);
                    if (line.equals("AT " + at)) {
                        child.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs
                        break;
                    }
                }
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }
            assertThat(output).as("the child's output").contains("AT " + at);

            assertParsesWithWorkingKey(fx);
            assertThat(fx.keyCount()).isLessThanOrEqualTo(2);
            List<String> temps = tempFiles();

            RotationReport next = fx.iam().rotateAccessKey(k -> k.profile("dev").deleteOtherKey());

            assertThat(next.outcome()).isEqualTo(RotationReport.Outcome.ROTATED);
            assertParsesWithWorkingKey(fx);
            assertThat(tempFiles()).as("temp files after the next run").isEmpty();
            if (!temps.isEmpty()) {
                assertThat(next.step(RotationStep.Step.READ_PROFILE)
                                .orElseThrow()
                                .detail())
                        .contains("; removed " + String.join(", ", temps) + ", left by an interrupted rotation");
            }
            if (EnumSet.of(Checkpoint.TEMP_FILE_WRITTEN, Checkpoint.TEMP_FILE_SYNCED, Checkpoint.BACKUP_WRITTEN)
                    .contains(at)) {
                assertThat(temps)
                        .as("a temp file holding the new secret was left by the kill")
                        .isNotEmpty();
            }
        }
    }

    private List<String> tempFiles() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".tmp"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** One moto_server with IAM auth enforced, for the kill-point tests of this class. */
    static final class KillPoints {
        static OwnMoto moto;
        static AwsKit admin;

        static synchronized AwsKit admin() throws IOException {
            if (admin == null) {
                moto = OwnMoto.start(Files.createTempDirectory("awskit-moto-kill"));
                try (AwsKit setup = moto.kit("test", "test")) {
                    IamClient iam = setup.client(IamClient.class);
                    iam.createUser(r -> r.userName("admin"));
                    iam.attachUserPolicy(r -> r.userName("admin").policyArn(Iam.ADMINISTRATOR_ACCESS));
                    AccessKey k = iam.createAccessKey(r -> r.userName("admin")).accessKey();
                    admin = moto.kit(k.accessKeyId(), k.secretAccessKey());
                }
                moto.enforceAuthAfter(0);
            }
            return admin;
        }
    }

    @AfterAll
    static void stopMoto() {
        if (KillPoints.admin != null) {
            KillPoints.admin.close();
            KillPoints.moto.close();
        }
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
