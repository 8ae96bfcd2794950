package dev.awskit.ecr.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awskit.core.AwsKitException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Merges a registry login into a Docker {@code config.json}, atomically, mode 0600. */
public final class DockerConfig {
    private static final Logger LOG = LoggerFactory.getLogger(DockerConfig.class);
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");

    private DockerConfig() {}

    public static void merge(Path configJson, String host, String user, String password) {
        Path file = configJson.toAbsolutePath();
        try {
            if (Files.isSymbolicLink(file) || Files.exists(file)) {
                file = file.toRealPath();
            }
            Files.createDirectories(file.getParent());
            ObjectNode root;
            if (Files.exists(file) && Files.size(file) > 0) {
                JsonNode n = Jackson.mapper().readTree(file.toFile());
                if (!(n instanceof ObjectNode o)) {
                    throw new AwsKitException("Docker config " + file + " is not a JSON object; fix or move it, then"
                            + " run dockerLogin again");
                }
                root = o;
            } else {
                root = Jackson.mapper().createObjectNode();
            }
            JsonNode auths = root.get("auths");
            ObjectNode authsObj = auths instanceof ObjectNode o ? o : root.putObject("auths");
            ObjectNode entry = authsObj.get(host) instanceof ObjectNode o ? o : authsObj.putObject(host);
            entry.put(
                    "auth",
                    Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            if (root.has("credsStore")
                    || (root.has("credHelpers") && root.get("credHelpers").has(host))) {
                LOG.warn(
                        "{} sets a credential store/helper, which docker asks before the auths entry for {}",
                        file,
                        host);
            }
            byte[] bytes = Jackson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            replace(file, bytes);
        } catch (IOException e) {
            throw new AwsKitException(
                    "Cannot update Docker config " + file + " for " + host + ": " + e.getMessage()
                            + "; check that the directory is writable",
                    e,
                    1,
                    false);
        }
    }

    private static void replace(Path target, byte[] content) throws IOException {
        Path dir = target.getParent();
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_RW)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, ".config.json.", ".tmp", attrs);
        boolean moved = false;
        try {
            try (FileChannel ch =
                    FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(temp, OWNER_RW);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically", e);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
