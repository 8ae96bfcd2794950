package dev.awskit.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy killed with {@code kill -9} in the middle (a separate JVM, {@link KilledCopyChild}, stopped
 * after its first blobs, before any manifest): the target tag does not exist (manifests go last, so
 * a killed copy never leaves a tag on an incomplete image), the blobs it finished are there, and the
 * same copy run again completes with the source's digest, skipping exactly those blobs.
 */
@UsesServer(Service.REGISTRY)
class RegistryCopyKillIT {

    @Test
    void copy_killedHalfWay_leavesNoTag_andRunAgainCompletesSkippingWhatItFinished(
            Target target, TestResources res, @TempDir Path tmp) throws Exception {
        URI second = RegistryCopyIT.secondRegistry();
        Registry one = Registry.at(target.endpoint().toString(), target.accessKey(), target.secretKey());
        Registry two = Registry.at(second.toString(), target.accessKey(), target.secretKey());
        String repo = res.name();
        String image = repo + ":k";
        TestImages.Pushed src = TestImages.pushIndex(one, image, 9, 4, 2_000_000, "linux/amd64");
        int blobs = src.blobs().size(); // a config and four layers

        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                KilledCopyChild.class.getName(),
                target.endpoint().toString(),
                second.toString(),
                target.accessKey(),
                target.secretKey(),
                image);
        Path out = tmp.resolve("child.out");
        Process child = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(tmp.resolve("child.err").toFile())
                .start();
        List<String> copied = new ArrayList<>();
        try {
            // until the child says it copied a blob (then its blob threads block), or a hang guard
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Files.readString(out).contains("COPIED ") && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs in the child
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        // the other blob thread may have finished its blob too before the kill
        Files.readString(out).lines().filter(l -> l.startsWith("COPIED ")).forEach(l -> copied.add(l.substring(7)));
        assertThat(copied)
                .as("the child's lines; its stderr: %s", Files.readString(tmp.resolve("child.err")))
                .isNotEmpty();

        assertThat(two.digest(image)).as("no tag on a copy that was killed").isEmpty();
        assertThat(copied)
                .hasSizeBetween(1, 2)
                .allSatisfy(d -> assertThat(two.hasBlob(repo, d)).as(d).isTrue());

        CopyReport again = one.copy(image).to(two, image).run();

        assertThat(again.digest()).isEqualTo(src.digest());
        assertThat(two.digest(image)).contains(src.digest());
        assertThat(again.blobsSkipped()).isGreaterThanOrEqualTo(copied.size());
        assertThat(again.blobsCopied() + again.blobsSkipped()).isEqualTo(blobs);
        src.blobs().keySet().forEach(d -> assertThat(two.hasBlob(repo, d)).as(d).isTrue());
    }
}
