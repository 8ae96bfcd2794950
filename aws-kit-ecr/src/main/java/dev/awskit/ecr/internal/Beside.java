package dev.awskit.ecr.internal;

import dev.awskit.core.AwsKitException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A step run on a daemon thread of its own while the caller does other work, because the step
 * needs nothing from that work: a copy looks up its target (the tag's digest, the target's login
 * and repository) while it reads the source, and opens a blob's source stream while the target
 * opens the upload session. {@link #join} gives the step's result, or throws what the step threw,
 * as it was thrown. A result that is no longer wanted is {@link #cancel cancelled}: the step's
 * thread is interrupted (which aborts its HTTP exchange, or a wait between retries), and a result
 * it produced anyway is handed to the release action (a stream is closed, not left open).
 */
final class Beside<T> {
    private static final int RUNNING = 0;
    private static final int PRODUCED = 1;
    private static final int DROPPED = 2;

    private final FutureTask<T> task;
    private final Thread thread;
    private final AtomicInteger state;
    private final Consumer<? super T> release;
    private final String what;

    private Beside(FutureTask<T> task, Thread thread, AtomicInteger state, Consumer<? super T> release, String what) {
        this.task = task;
        this.thread = thread;
        this.state = state;
        this.release = release;
        this.what = what;
    }

    /** Starts {@code step} on a new daemon thread named {@code aws-kit-ecr-<name>}; nothing to release. */
    static <T> Beside<T> start(String name, String what, Callable<T> step) {
        return start(name, what, step, t -> {});
    }

    /**
     * Starts {@code step} on a new daemon thread named {@code aws-kit-ecr-<name>}; a result produced
     * after (or before) a {@link #cancel} goes to {@code release}.
     */
    static <T> Beside<T> start(String name, String what, Callable<T> step, Consumer<? super T> release) {
        AtomicInteger state = new AtomicInteger(RUNNING);
        FutureTask<T> task = new FutureTask<>(() -> {
            T t = step.call();
            if (!state.compareAndSet(RUNNING, PRODUCED)) {
                release.accept(t); // cancelled while it ran: nobody will take it
            }
            return t;
        });
        Thread th = new Thread(task, "aws-kit-ecr-" + name);
        th.setDaemon(true);
        th.start();
        return new Beside<>(task, th, state, release, what);
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
            cancel();
            Thread.currentThread().interrupt();
            throw new AwsKitException("interrupted while waiting for " + what, e);
        } catch (CancellationException e) {
            throw new AwsKitException(what + " was cancelled", e);
        }
    }

    /**
     * The result is not wanted: interrupts the step when it is still running; a result it produced,
     * now or later, is released. Its exception, if any, is dropped.
     */
    void cancel() {
        if (state.compareAndSet(RUNNING, DROPPED)) {
            thread.interrupt();
            return;
        }
        if (!state.compareAndSet(PRODUCED, DROPPED)) {
            return; // cancelled before
        }
        try {
            release.accept(task.get());
        } catch (ExecutionException | CancellationException e) {
            // nothing was produced after all
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
