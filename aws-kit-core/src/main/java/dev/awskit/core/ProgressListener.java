package dev.awskit.core;

/**
 * Receives progress of long operations (sync, copy, producer flush). Called from worker threads:
 * implementations must be thread-safe and quick.
 *
 * <pre>{@code
 * Storage.of(aws).sync("./site", "s3://web").progress(ProgressListener.console()).run();
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {
    void onProgress(ProgressEvent event);

    /** A listener that ignores every event. */
    static ProgressListener none() {
        return event -> {};
    }

    /**
     * A progress bar on standard error: redrawn in place at most ten times a second on a terminal;
     * elsewhere (JShell, CI logs, pipes) one line per 10 % of progress or per 5 seconds.
     */
    static ProgressListener console() {
        return ConsoleProgressBar.toStandardError();
    }
}
