package dev.awskit.iam.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Replaces a file so that a crash at any moment leaves either the old or the new content, never a
 * mix: a temp file in the same directory, written and fsynced, then renamed over the target, then
 * the directory fsynced. Files are created with mode 0600 where the file system has POSIX modes.
 */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final String TEMP_PREFIX = ".aws-kit-";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private AtomicFiles() {}

    /** The real file behind {@code file} (symbolic links followed), or {@code file} when it does not exist. */
    public static Path realPath(Path file) throws IOException {
        return Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
    }

    /**
     * Fails early when the directory of {@code file} does not let us create the temp file (a
     * read-only directory), by creating and deleting one.
     */
    public static void checkWritable(Path file) throws IOException {
        Path dir = realPath(file).getParent();
        Path probe = createTemp(dir);
        Files.delete(probe);
    }

    /**
     * Writes {@code content} to {@code target} atomically.
     *
     * @param backup whether to copy the previous file to {@code <name>.bak-<UTC time>} first (mode 0600)
     * @return the backup file, when one was written
     */
    public static Optional<Path> replace(Path target, byte[] content, boolean backup, Clock clock, Checkpoints hooks)
            throws IOException {
        Path real = realPath(target);
        Path dir = real.getParent();
        Path temp = createTemp(dir);
        boolean moved = false;
        try {
            try (FileChannel ch =
                    FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                hooks.reached(Checkpoint.TEMP_FILE_WRITTEN);
                ch.force(true);
            }
            hooks.reached(Checkpoint.TEMP_FILE_SYNCED);
            Path backupFile = null;
            if (backup && Files.exists(real)) {
                backupFile = dir.resolve(real.getFileName() + ".bak-"
                        + STAMP.format(clock.instant().atOffset(ZoneOffset.UTC)));
                for (int i = 1; Files.exists(backupFile, LinkOption.NOFOLLOW_LINKS); i++) {
                    backupFile = dir.resolve(real.getFileName() + ".bak-"
                            + STAMP.format(clock.instant().atOffset(ZoneOffset.UTC)) + "-" + i);
                }
                Path backupTemp = createTemp(dir);
                try {
                    Files.copy(real, backupTemp, StandardCopyOption.REPLACE_EXISTING);
                    restrict(backupTemp);
                    try (FileChannel ch = FileChannel.open(backupTemp, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                    move(backupTemp, backupFile);
                } finally {
                    Files.deleteIfExists(backupTemp);
                }
                hooks.reached(Checkpoint.BACKUP_WRITTEN);
            }
            move(temp, real);
            moved = true;
            syncDirectory(dir);
            hooks.reached(Checkpoint.FILE_RENAMED);
            return Optional.ofNullable(backupFile);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + to.getParent() + " cannot rename atomically", e);
        }
    }

    /**
     * Deletes the temp files of this class in {@code dir} that a process which no longer runs left
     * behind (a crash or {@code kill -9} between writing and renaming): they may hold a secret. A
     * temp file of a live process (another rotation at work) is left alone. Names carry the process
     * id ({@code .aws-kit-<pid>-<n>.tmp}); a name without one (older versions) counts as stale after
     * an hour.
     *
     * @return the names of the files deleted
     */
    public static List<String> removeStaleTemps(Path dir, Clock clock) throws IOException {
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path p : ds) {
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || !isStale(p, clock)) {
                    continue;
                }
                Files.deleteIfExists(p);
                removed.add(p.getFileName().toString());
            }
        }
        Collections.sort(removed);
        return removed;
    }

    private static boolean isStale(Path p, Clock clock) throws IOException {
        String name = p.getFileName().toString();
        String middle = name.substring(TEMP_PREFIX.length(), name.length() - TEMP_SUFFIX.length());
        int dash = middle.indexOf('-');
        if (dash > 0) {
            try {
                long pid = Long.parseLong(middle.substring(0, dash));
                return pid != ProcessHandle.current().pid()
                        && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            } catch (NumberFormatException e) {
                // not one of ours with a pid: judge by age
            }
        }
        return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS)
                .toInstant()
                .isBefore(clock.instant().minus(Duration.ofHours(1)));
    }

    private static Path createTemp(Path dir) throws IOException {
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_RW)}
                : new FileAttribute<?>[0];
        Path temp =
                Files.createTempFile(dir, TEMP_PREFIX + ProcessHandle.current().pid() + "-", TEMP_SUFFIX, attrs);
        restrict(temp);
        return temp;
    }

    private static void restrict(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, OWNER_RW);
        } else {
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            file.toFile().setWritable(false, false);
            file.toFile().setWritable(true, true);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some platforms (Windows) cannot open a directory; the rename itself is still atomic
        }
    }

    /** Whether {@code e} says the directory or file is not writable. */
    public static boolean isPermissionProblem(IOException e) {
        return e instanceof java.nio.file.AccessDeniedException
                || (e instanceof FileSystemException fse
                        && fse.getReason() != null
                        && fse.getReason().toLowerCase(java.util.Locale.ROOT).contains("read-only"));
    }
}
