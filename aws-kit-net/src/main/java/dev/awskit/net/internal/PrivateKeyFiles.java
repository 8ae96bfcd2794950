package dev.awskit.net.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Pattern;

/** Private-key files written whole, owner-read-only, never over an existing file; public keys read. */
public final class PrivateKeyFiles {
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_R = PosixFilePermissions.fromString("r--------");
    private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");

    /** One OpenSSH public key line: type, base64 body, optional comment. */
    private static final Pattern PUBLIC_KEY =
            Pattern.compile("(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+={0,3}( [^\\r\\n]*)?");

    private static final int MAX_PUBLIC_KEY_BYTES = 16 * 1024;

    private PrivateKeyFiles() {}

    /** {@code ~/x} is {@code x} in the user's home, as a shell reads it; other paths are left alone. */
    public static Path expandHome(Path path) {
        String s = path.toString();
        if (s.equals("~")
                || s.startsWith("~/")
                || s.startsWith("~" + path.getFileSystem().getSeparator())) {
            return Path.of(System.getProperty("user.home")).resolve(s.length() > 1 ? s.substring(2) : "");
        }
        return path;
    }

    /**
     * Fails before anything is created in AWS when the file cannot be written: no parent name, or a
     * parent that exists and is not a writable directory.
     */
    public static void checkWritable(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || file.getFileName() == null) {
            throw new IllegalArgumentException("'" + file + "' is not a file path");
        }
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d)) {
                if (!Files.isDirectory(d)) {
                    throw new IllegalArgumentException(d + " is not a directory: cannot write " + file);
                }
                if (!Files.isWritable(d) && d.equals(dir)) {
                    throw new IllegalArgumentException(
                            "Cannot write " + file + ": " + d + " is not writable. Choose a writable directory.");
                }
                return;
            }
        }
    }

    /**
     * Writes {@code content} to {@code file}, which must not exist: into a temporary file of the same
     * directory (mode 0600 while written), forced to disk, set to 0400, then linked to its name,
     * which fails rather than replace a file that appeared meanwhile. Missing directories are
     * created with mode 0700 (like {@code ~/.ssh}).
     *
     * @throws FileAlreadyExistsException when {@code file} exists (nothing is changed)
     */
    public static void writeNew(Path file, byte[] content) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
            } else {
                Files.createDirectories(dir);
            }
        }
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_RW)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attrs);
        try {
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(tmp, OWNER_R);
            } else {
                tmp.toFile().setReadOnly();
            }
            try {
                Files.createLink(target, tmp);
            } catch (UnsupportedOperationException e) {
                Files.move(tmp, target); // no hard links here: refuses an existing target too
            }
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The OpenSSH public key in {@code file}, trimmed; refuses anything else without echoing it. */
    public static byte[] readPublicKey(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_PUBLIC_KEY_BYTES) {
                throw new IllegalArgumentException(file + " is larger than " + MAX_PUBLIC_KEY_BYTES
                        + " bytes: not an OpenSSH public key (expected one line like 'ssh-ed25519 AAAA... me@host')");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read public key " + file + ": " + e.getMessage(), e);
        }
        String text = new String(bytes, StandardCharsets.US_ASCII).strip();
        if (text.contains("PRIVATE KEY")) {
            throw new IllegalArgumentException(file + " holds a private key: import the public half (the .pub file,"
                    + " or ssh-keygen -y -f " + file + "), never the private key");
        }
        if (!PUBLIC_KEY.matcher(text).matches()) {
            throw new IllegalArgumentException(file + " is not one OpenSSH public key line (expected 'ssh-rsa AAAA...',"
                    + " 'ssh-ed25519 AAAA...' or 'ecdsa-sha2-nistp256 AAAA...', optionally followed by a comment)");
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every file system lets a directory be opened for force(); the file itself is on disk
        }
    }
}
