package dev.awskit.iam;

import dev.awskit.core.AwsKit;
import dev.awskit.iam.internal.Checkpoint;
import dev.awskit.iam.internal.DefaultIam;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The rotation in a JVM of its own, for {@link AccessKeyRotationCrashIT}: it prints {@code AT
 * <checkpoint>} when it reaches the checkpoint named in its arguments and then waits to be killed
 * ({@code kill -9}); it never cleans up.
 *
 * <p>Arguments: endpoint, credentials file, profile, checkpoint.
 */
public final class RotationChild {
    private RotationChild() {}

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        Path file = Path.of(args[1]);
        String profile = args[2];
        Checkpoint stopAt = Checkpoint.valueOf(args[3]);
        try (AwsKit kit = AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", "child-kit-secret")
                .endpoint(endpoint)
                .build()) {
            Iam.of(new DefaultIam(kit, file, Clock.systemUTC(), point -> {
                        if (point == stopAt) {
                            System.out.println("AT " + point);
                            System.out.flush();
                            try {
                                Thread.sleep(Long.MAX_VALUE);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }))
                    .rotateAccessKey(k -> k.profile(profile).deleteOtherKey().deleteOld());
            System.out.println("DONE without reaching " + stopAt);
        }
    }
}
