package dev.awskit.ecr.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body whose every read must progress within an idle timeout: a read blocked longer is
 * ended by closing the stream, and fails with {@link IdleTimeoutException} (not an end of stream).
 * A body of any size may take as long as it needs while bytes keep arriving.
 *
 * <p>Threads: reads happen on the caller's thread; a shared daemon watchdog thread only looks at
 * the volatile {@code readSince} and closes the stream when the read in progress is too old.
 */
final class IdleTimeoutInputStream extends FilterInputStream {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "aws-kit-ecr-idle-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final long idleNanos;
    private final Duration idle;
    private final String what;
    private final ScheduledFuture<?> check;
    /** System.nanoTime() when the read in progress started, or -1 between reads. */
    private volatile long readSince = -1;

    private volatile boolean timedOut;

    IdleTimeoutInputStream(InputStream in, Duration idle, String what) {
        super(in);
        this.idle = idle;
        this.idleNanos = idle.toNanos();
        this.what = what;
        long period = Math.max(10, idle.toMillis() / 4);
        this.check = WATCHDOG.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    private void check() {
        long since = readSince;
        if (since >= 0 && System.nanoTime() - since > idleNanos) {
            timedOut = true;
            check.cancel(false);
            try {
                in.close();
            } catch (IOException | RuntimeException ignored) {
                // the reader sees timedOut
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (timedOut) {
            throw timeout();
        }
        readSince = System.nanoTime();
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            if (timedOut) {
                throw timeout();
            }
            throw e;
        } finally {
            readSince = -1;
        }
        if (timedOut) {
            throw timeout();
        }
        if (n < 0) {
            check.cancel(false);
        }
        return n;
    }

    private IdleTimeoutException timeout() {
        return new IdleTimeoutException(what + ": no data for " + RegistryClient.human(idle)
                + " (idle-read timeout); the server or the network stalled");
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        in.close();
    }

    /** A read made no progress within the idle timeout: transient, worth a retry. */
    static final class IdleTimeoutException extends IOException {
        private static final long serialVersionUID = 1L;

        IdleTimeoutException(String message) {
            super(message);
        }
    }
}
