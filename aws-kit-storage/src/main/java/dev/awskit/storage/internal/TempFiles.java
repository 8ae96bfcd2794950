package dev.awskit.storage.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Temporary files of downloads: {@code .awskit-<pid>-<random>.part} beside their target, renamed
 * into place when complete. A run killed mid-file leaves one behind; the next sync of that directory
 * removes it when it is stale: its process no longer runs on this host, or (a name without a pid,
 * or a pid that is alive) it has not been written to for {@link #IDLE}.
 */
public final class TempFiles {
    public static final String PREFIX = ".awskit-";
    public static final String SUFFIX = ".part";
    /** A temporary file not written to for this long belongs to no live download. */
    public static final Duration IDLE = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long PID = ProcessHandle.current().pid();

    private TempFiles() {}

    /** Whether {@code fileName} is one of ours. */
    public static boolean isTemp(String fileName) {
        return fileName.startsWith(PREFIX) && fileName.endsWith(SUFFIX);
    }

    /** A fresh name for this process. */
    public static String newName() {
        byte[] r = new byte[8];
        RANDOM.nextBytes(r);
        return PREFIX + PID + "-" + HexFormat.of().formatHex(r) + SUFFIX;
    }

    /**
     * Whether the temporary file {@code fileName}, last modified at {@code modified}, is left over
     * from a run that is gone.
     */
    public static boolean isStale(String fileName, FileTime modified, Instant now) {
        String middle = fileName.substring(PREFIX.length(), fileName.length() - SUFFIX.length());
        int dash = middle.indexOf('-');
        if (dash > 0) {
            try {
                long pid = Long.parseLong(middle.substring(0, dash));
                if (pid > 0
                        && pid != PID
                        && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    return true;
                }
            } catch (NumberFormatException e) {
                // not a pid: decide by age
            }
        }
        return modified.toInstant().plus(IDLE).isBefore(now);
    }

    /** Forces a directory's entries to the device (after a rename); a no-op where unsupported. */
    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open directories; the file itself was forced
        }
    }
}
