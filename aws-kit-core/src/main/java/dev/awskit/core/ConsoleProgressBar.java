package dev.awskit.core;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A one-line progress bar for terminals and JShell:
 *
 * <pre>
 * [##########..........]  5,120/10,000 files  80.0 MiB/156.3 MiB  1,204 files/s  eta 4s
 * </pre>
 *
 * Redrawn in place with a carriage return at most every {@code 100 ms}; the last event ends the
 * line. When the output is not a terminal the bar prints a plain line every few seconds instead.
 */
public final class ConsoleProgressBar implements ProgressListener {
    private static final int WIDTH = 20;

    private final PrintStream out;
    private final boolean inPlace;
    private final long intervalNanos;
    private final long startNanos = System.nanoTime();
    private long lastDraw;

    private ConsoleProgressBar(PrintStream out, boolean inPlace, long intervalNanos) {
        this.out = out;
        this.inPlace = inPlace;
        this.intervalNanos = intervalNanos;
    }

    /** A bar on {@code System.err}, redrawn in place when a console is attached. */
    public static ConsoleProgressBar toStandardError() {
        boolean terminal = System.console() != null;
        return new ConsoleProgressBar(
                System.err, terminal, terminal ? TimeUnit.MILLISECONDS.toNanos(100) : TimeUnit.SECONDS.toNanos(2));
    }

    /** A bar on {@code out}; {@code inPlace} redraws with carriage returns, else prints lines. */
    public static ConsoleProgressBar to(PrintStream out, boolean inPlace) {
        return new ConsoleProgressBar(out, inPlace, TimeUnit.MILLISECONDS.toNanos(inPlace ? 100 : 2000));
    }

    @Override
    public synchronized void onProgress(ProgressEvent e) {
        long now = System.nanoTime();
        if (!e.done() && now - lastDraw < intervalNanos) {
            return;
        }
        lastDraw = now;
        String line = render(e, now - startNanos);
        if (inPlace) {
            out.print('\r' + line + (e.done() ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
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
