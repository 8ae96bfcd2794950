package dev.awskit.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Unique resource names for one test and the cleanups to run after it (last registered first).
 * Names start with {@code awskit-} so a shared server's leftovers are easy to find.
 */
public final class TestResources {
    private final String stem;
    private final Deque<Runnable> cleanups = new ArrayDeque<>();
    private int counter;

    TestResources(String testName) {
        String s =
                testName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        this.stem = s.length() > 30 ? s.substring(0, 30).replaceAll("-+$", "") : s;
    }

    /** A fresh name such as {@code awskit-sync-copies-1a2b3c-1}: lower case, at most 63 characters. */
    public synchronized String name() {
        counter++;
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
        return ("awskit-" + stem + "-" + suffix + "-" + counter).replaceAll("-+", "-");
    }

    /** A fresh bucket name (DNS-compatible, at most 63 characters). */
    public String bucketName() {
        return name();
    }

    /** Runs {@code cleanup} after the test, even when it fails. */
    public synchronized void afterwards(Runnable cleanup) {
        cleanups.push(cleanup);
    }

    synchronized void cleanUp() {
        while (!cleanups.isEmpty()) {
            Runnable r = cleanups.pop();
            try {
                r.run();
            } catch (RuntimeException e) {
                System.err.println("[aws-kit-testing] cleanup failed (resources may be left behind): " + e);
            }
        }
    }
}
