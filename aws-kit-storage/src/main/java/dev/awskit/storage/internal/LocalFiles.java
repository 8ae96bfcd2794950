package dev.awskit.storage.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How a download writes its temporary file. The default writes through a {@link FileChannel}; tests
 * put a full disk or a counting wrapper in its place (a seam: a real full disk needs root and a
 * mount, which CI does not have).
 */
@FunctionalInterface
public interface LocalFiles {
    /** The file system itself. */
    LocalFiles DEFAULT = file -> {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        return new Output() {
            @Override
            public void write(byte[] data, int off, int len) throws IOException {
                ByteBuffer b = ByteBuffer.wrap(data, off, len);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }

            @Override
            public void force() throws IOException {
                ch.force(true);
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    };

    /**
     * Creates {@code file}, which must not exist, for writing. Permissions are those of any new file
     * under the process umask (no attributes are given).
     */
    Output create(Path file) throws IOException;

    /** A file being written. */
    interface Output extends Closeable {
        void write(byte[] data, int off, int len) throws IOException;

        /** Writes the file's content and metadata to the storage device (fsync). */
        void force() throws IOException;
    }
}
