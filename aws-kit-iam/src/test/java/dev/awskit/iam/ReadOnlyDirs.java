package dev.awskit.iam;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Makes a directory read-only for the test: mode 0555, or, for root (whom modes do not stop), the
 * immutable attribute ({@code chattr +i}). Says why and returns empty when neither works; under
 * {@code CI=true} that is a failure.
 */
final class ReadOnlyDirs {
    private ReadOnlyDirs() {}

    static Optional<AutoCloseable> makeReadOnly(Path dir) throws IOException, InterruptedException {
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!canCreateIn(dir)) {
            return Optional.of(() -> Files.setPosixFilePermissions(dir, before));
        }
        Files.setPosixFilePermissions(dir, before);
        if (run("chattr", "+i", dir.toString()) && !canCreateIn(dir)) {
            return Optional.of(() -> run("chattr", "-i", dir.toString()));
        }
        run("chattr", "-i", dir.toString());
        String why = "cannot make " + dir + " read-only here (running as root and chattr +i is not permitted)";
        if ("true".equals(System.getenv("CI"))) {
            fail(why);
        }
        System.out.println("[aws-kit IT] skipping the read-only directory test: " + why);
        return Optional.empty();
    }

    private static boolean canCreateIn(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
