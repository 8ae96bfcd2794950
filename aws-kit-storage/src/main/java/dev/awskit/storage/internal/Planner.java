package dev.awskit.storage.internal;

import dev.awskit.storage.CompareMode;
import java.util.Iterator;

/**
 * The merge join at the heart of a sync: two listings in S3 key order, walked together once. Memory
 * does not depend on the number of entries: the planner holds one entry of each side.
 */
public final class Planner {
    /** Receives the plan, entry by entry, on the planner's thread. */
    public interface Sink {
        /** {@code src} is missing at the destination ({@code dst == null}) or differs from {@code dst}. */
        void copy(Entry src, Entry dst);

        /** Sizes are equal and the content must be compared before deciding (CHECKSUM). */
        void verify(Entry src, Entry dst);

        void skip(Entry src, Entry dst);

        /** {@code dst} exists only at the destination and deletes are on. */
        void delete(Entry dst);

        /** An entry the filters exclude; {@code source} tells the side. */
        default void excluded(Entry e, boolean source) {}
    }

    private final Filters filters;
    private final CompareMode mode;
    private final Direction direction;
    private final boolean delete;

    public Planner(Filters filters, CompareMode mode, Direction direction, boolean delete) {
        this.filters = filters;
        this.mode = mode;
        this.direction = direction;
        this.delete = delete;
    }

    /**
     * Plans a sync of {@code source} onto {@code destination}.
     *
     * @throws IllegalStateException when a listing is not in S3 key order (planning on it would
     *     copy and delete the wrong files)
     */
    public void plan(Iterator<Entry> source, Iterator<Entry> destination, Sink sink) {
        Side src = new Side(source, true, sink);
        Side dst = new Side(destination, false, sink);
        Entry s = src.next();
        Entry d = dst.next();
        while (s != null || d != null) {
            int c = s == null ? 1 : d == null ? -1 : Keys.compare(s.key(), d.key());
            if (c < 0) {
                sink.copy(s, null);
                s = src.next();
            } else if (c > 0) {
                if (delete) {
                    sink.delete(d);
                }
                d = dst.next();
            } else {
                switch (Decision.decide(mode, direction, s, d)) {
                    case COPY -> sink.copy(s, d);
                    case SKIP -> sink.skip(s, d);
                    default -> sink.verify(s, d);
                }
                s = src.next();
                d = dst.next();
            }
        }
    }

    private final class Side {
        private final Iterator<Entry> it;
        private final boolean source;
        private final Sink sink;
        private String last;

        Side(Iterator<Entry> it, boolean source, Sink sink) {
            this.it = it;
            this.source = source;
            this.sink = sink;
        }

        Entry next() {
            while (it.hasNext()) {
                Entry e = it.next();
                String key = e.key();
                if (last != null && Keys.compare(last, key) >= 0) {
                    throw new IllegalStateException("The " + (source ? "source" : "destination")
                            + " listing is not in S3 key order: '" + key + "' came after '" + last
                            + "'. Nothing more is planned; check that the store lists keys in UTF-8 binary order.");
                }
                last = key;
                if (filters.includes(key)) {
                    return e;
                }
                sink.excluded(e, source);
            }
            return null;
        }
    }
}
