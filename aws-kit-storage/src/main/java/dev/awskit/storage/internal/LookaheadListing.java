package dev.awskit.storage.internal;

import java.util.NoSuchElementException;

/**
 * The iterator plumbing the listings share: one entry of look-ahead produced by {@link
 * #advance()}, and the count of pruned prefixes.
 */
abstract class LookaheadListing implements Listing {
    private Entry next;

    /** Directories skipped without listing; subclasses count them. */
    protected long pruned;

    /** The next entry in key order, or {@code null} at the end. */
    protected abstract Entry advance();

    @Override
    public final boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public final Entry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Entry e = next;
        next = null;
        return e;
    }

    @Override
    public long prunedPrefixes() {
        return pruned;
    }
}
