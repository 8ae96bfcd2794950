package dev.awskit.ecr.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The per-byte work of an upload: a request body copied from its source (for a blob copy, the
 * source registry's answer through a {@link DigestingInputStream}) to the connection, through one
 * reused buffer, in the caller's thread. Public for the JMH benchmark of the copy's streaming path
 * ({@code benchmarks/.../ecr/StreamingPathBenchmark}); not an API.
 */
public final class BodyCopy {
    private BodyCopy() {}

    /** Told when the copy starts reading its source and when it starts writing (for a watchdog). */
    interface Watch {
        void reading();

        void writing();
    }

    private static final Watch NONE = new Watch() {
        @Override
        public void reading() {}

        @Override
        public void writing() {}
    };

    /** Reading the body's source failed: the source's failure, not the connection's. */
    static final class SourceException extends IOException {
        private static final long serialVersionUID = 1L;

        SourceException(IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /**
     * Copies exactly {@code length} bytes of {@code in} to {@code out} through {@code buffer}, then
     * reads {@code in} to its end (so that a verifying source checks its digest before the body is
     * complete). A source failure is thrown as it came; a source of another length is an {@link
     * IOException}.
     */
    public static void copy(InputStream in, long length, byte[] buffer, OutputStream out) throws IOException {
        try {
            copy(in, length, buffer, out, NONE);
        } catch (SourceException e) {
            throw e.getCause();
        }
    }

    static void copy(InputStream in, long length, byte[] buf, OutputStream out, Watch watch) throws IOException {
        long left = length;
        while (true) {
            watch.reading();
            int n;
            try {
                // at the end, one more read of at least one byte: the source's end (and digest check)
                n = in.read(buf, 0, (int) Math.min(buf.length, Math.max(1, left)));
            } catch (IOException e) {
                throw new SourceException(e);
            }
            watch.writing();
            if (n < 0) {
                break;
            }
            if (n > left) {
                throw new IOException("the body's source gave more than its " + length + " bytes");
            }
            out.write(buf, 0, n);
            left -= n;
        }
        if (left != 0) {
            throw new IOException("the body's source ended " + left + " bytes short of its " + length + " bytes");
        }
    }
}
