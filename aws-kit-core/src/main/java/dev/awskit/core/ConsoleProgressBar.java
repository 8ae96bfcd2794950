package dev.awskit.core;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A progress bar for terminals, JShell and logs:
 *
 * <pre>
 * [##########..........]  5,120/10,000 files  80.0 MiB/156.3 MiB  1,204 files/s  eta 4s
 * </pre>
 *
 * <p>On a terminal the bar is redrawn in place with a carriage return at most every 100 ms, and
 * the last event ends the line. Where there is no terminal (JShell's remote agent, a CI log, a
 * pipe) a carriage return would pile up or garble the output, so the bar prints plain lines
 * instead: at most one per 10 % of progress, or one every 5 seconds when the total is unknown or
 * progress is slow, and always the last one. {@link #toStandardError()} picks the mode by {@link
 * System#console()} (null when standard input or output is not a terminal).
 */
public final class ConsoleProgressBar implements ProgressListener {
    private static final int WIDTH = 20;
    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long LINE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int LINE_STEPS = 10;

    private final Consumer<String> sink;
    private final boolean inPlace;
    private final LongSupplier nanoClock;
    // guarded by this (events come from worker threads)
    private boolean started;
    private long startNanos;
    private long lastDraw;
    private int lastStep;
    private int lastWidth;

    private ConsoleProgressBar(Consumer<String> sink, boolean inPlace, LongSupplier nanoClock) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.inPlace = inPlace;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** A bar on {@code System.err}: redrawn in place on a terminal, plain lines elsewhere. */
    public static ConsoleProgressBar toStandardError() {
        return to(System.err, System.console() != null);
    }

    /**
     * A bar on {@code out}; {@code inPlace} redraws one line with carriage returns (for a terminal),
     * else prints at most one line per 10 % of progress or per 5 seconds (for logs and pipes).
     */
    public static ConsoleProgressBar to(PrintStream out, boolean inPlace) {
        Objects.requireNonNull(out, "out");
        return new ConsoleProgressBar(
                text -> {
                    out.print(text);
                    out.flush();
                },
                inPlace,
                System::nanoTime);
    }

    /** A bar writing its text to {@code sink} and reading the time from {@code nanoClock}: for tests. */
    static ConsoleProgressBar to(Consumer<String> sink, boolean inPlace, LongSupplier nanoClock) {
        return new ConsoleProgressBar(sink, inPlace, nanoClock);
    }

    /** Whether this bar redraws in place (a terminal) or prints lines (logs, pipes, JShell). */
    public boolean inPlace() {
        return inPlace;
    }

    @Override
    public synchronized void onProgress(ProgressEvent e) {
        long now = nanoClock.getAsLong();
        if (!started) { // the first event of an operation: the bar (re)starts
            started = true;
            startNanos = now;
            lastStep = -1;
            lastWidth = 0;
        } else if (!e.done() && !due(e, now)) {
            return;
        }
        lastDraw = now;
        lastStep = step(e);
        String line = render(e, now - startNanos);
        if (inPlace) {
            String pad = " ".repeat(Math.max(0, lastWidth - line.length()));
            lastWidth = line.length();
            sink.accept('\r' + line + pad + (e.done() ? "\n" : ""));
        } else {
            sink.accept(line + System.lineSeparator());
        }
        if (e.done()) {
            started = false; // a listener used again for another operation starts a new bar
        }
    }

    private boolean due(ProgressEvent e, long now) {
        if (inPlace) {
            return now - lastDraw >= REDRAW_NANOS;
        }
        // 100 % is the last event's line: a "4/4" just before the "4/4 done" would be the same line twice
        int step = step(e);
        return (step > lastStep && step < LINE_STEPS) || now - lastDraw >= LINE_NANOS;
    }

    /** Which tenth of the work {@code e} has reached; -1 when the total is unknown. */
    private static int step(ProgressEvent e) {
        double f = fraction(e);
        return f < 0 ? -1 : (int) Math.floor(f * LINE_STEPS + 1e-9);
    }

    @Override
    public String toString() {
        return "ConsoleProgressBar{" + (inPlace ? "in place, every 100 ms" : "lines, every 10 % or 5 s") + "}";
    }

    /** The text of one bar for {@code e} after {@code elapsedNanos}; public for tests and custom UIs. */
    public static String render(ProgressEvent e, long elapsedNanos) {
        StringBuilder b = new StringBuilder();
        double fraction = fraction(e);
        if (fraction >= 0) {
            int filled = (int) Math.round(fraction * WIDTH);
            b.append('[')
                    .append("#".repeat(filled))
                    .append(".".repeat(WIDTH - filled))
                    .append("] ");
        } else {
            b.append("[").append(" ".repeat(WIDTH)).append("] ");
        }
        b.append(String.format(Locale.ROOT, "%,d", e.completedUnits()));
        if (e.totalUnits() >= 0) {
            b.append(String.format(Locale.ROOT, "/%,d", e.totalUnits()));
        }
        b.append(' ').append(e.unit());
        if (e.completedBytes() > 0 || e.totalBytes() > 0) {
            b.append("  ").append(bytes(e.completedBytes()));
            if (e.totalBytes() >= 0) {
                b.append('/').append(bytes(e.totalBytes()));
            }
        }
        double seconds = elapsedNanos / 1e9;
        if (seconds > 0.05) {
            double rate = e.completedUnits() / seconds;
            b.append(String.format(Locale.ROOT, "  %,.0f %s/s", rate, e.unit()));
            if (!e.done() && e.totalUnits() > 0 && rate > 0) {
                long eta = Math.round((e.totalUnits() - e.completedUnits()) / rate);
                b.append("  eta ").append(eta).append('s');
            }
        }
        if (e.done()) {
            b.append(String.format(Locale.ROOT, "  done in %.1fs", seconds));
        }
        return b.toString();
    }

    private static double fraction(ProgressEvent e) {
        if (e.totalBytes() > 0) {
            return Math.min(1.0, (double) e.completedBytes() / e.totalBytes());
        }
        if (e.totalUnits() > 0) {
            return Math.min(1.0, (double) e.completedUnits() / e.totalUnits());
        }
        return e.done() ? 1.0 : -1;
    }

    /** {@code 1536} -> {@code "1.5 KiB"}. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
