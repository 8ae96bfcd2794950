package dev.awskit.storage.internal;

import java.util.Iterator;

/** A lazy listing in S3 key order. */
public interface Listing extends Iterator<Entry> {
    /** Directories (prefixes) skipped because the filters exclude everything under them. */
    long prunedPrefixes();

    /** Entries fetched under excluded prefixes before the listing skipped past them. */
    default long skippedKeys() {
        return 0;
    }

    /** Receives entries that could not be listed (a broken link, a FIFO, an unreadable directory). */
    interface Problems {
        void report(String key, String problem, Throwable cause);
    }
}
