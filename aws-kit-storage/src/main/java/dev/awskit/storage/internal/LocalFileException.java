package dev.awskit.storage.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A failure of the local file system (a full disk, a vanished or unreadable file, a denied
 * directory): never transient, so the sync fails that file at once instead of retrying it. The
 * retry owner never sees it as an exception (see {@code SyncEngine.outsideRetry}).
 */
public final class LocalFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocalFileException(String what, Path file, IOException cause) {
        super(what + " " + file + ": " + reason(cause) + " (a local file-system error; not retried)", cause);
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file (it was deleted or moved)";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
