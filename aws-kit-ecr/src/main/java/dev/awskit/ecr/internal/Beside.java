package dev.awskit.ecr.internal;

import dev.awskit.core.AwsKitException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A read-only step run on a daemon thread of its own while the caller does other work, because the
 * step needs nothing from that work: a copy looks up its target (what the tag points at, the
 * target's login and repository) while it reads the source. {@link #join} gives the step's result,
 * or throws what the step threw, as it was thrown; a result that is no longer wanted is {@link
 * #cancel cancelled} (the step's thread is interrupted, which aborts its HTTP exchange or a wait
 * between retries). Its results hold nothing to close.
 */
final class Beside<T> {
    private final FutureTask<T> task;
    private final String what;

    private Beside(FutureTask<T> task, String what) {
        this.task = task;
        this.what = what;
    }

    /** Starts {@code step} on a new daemon thread named {@code aws-kit-ecr-<name>}. */
    static <T> Beside<T> start(String name, String what, Callable<T> step) {
        FutureTask<T> task = new FutureTask<>(step);
        Thread t = new Thread(task, "aws-kit-ecr-" + name);
        t.setDaemon(true);
        t.start();
        return new Beside<>(task, what);
    }

    /** The step's result; its exception rethrown unchanged (checked ones wrapped). */
    T join() {
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new AwsKitException(what + " failed: " + c, c);
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new AwsKitException("interrupted while waiting for " + what, e);
        } catch (CancellationException e) {
            throw new AwsKitException(what + " was cancelled", e);
        }
    }

    /** Interrupts the step when it is still running; its result or exception is dropped. */
    void cancel() {
        task.cancel(true);
    }
}
