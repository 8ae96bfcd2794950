package dev.awskit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.storage.CompareMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final long T = 1_700_000_000_000L;

    /** Records the plan as "copy k", "skip k", "delete k", "excluded src k" lines. */
    static final class Recorder implements Planner.Sink {
        final List<String> lines = new ArrayList<>();

        @Override
        public void copy(Entry src, Entry dst) {
            lines.add((dst == null ? "copy new " : "copy changed ") + src.key());
        }

        @Override
        public void verify(Entry src, Entry dst) {
            lines.add("verify " + src.key());
        }

        @Override
        public void skip(Entry src, Entry dst) {
            lines.add("skip " + src.key());
        }

        @Override
        public void delete(Entry dst) {
            lines.add("delete " + dst.key());
        }

        @Override
        public void excluded(Entry e, boolean source) {
            lines.add("excluded " + (source ? "src " : "dst ") + e.key());
        }
    }

    private static Iterator<Entry> entries(String... keys) {
        return Arrays.stream(keys).map(k -> new Entry(k, 1, T, null)).iterator();
    }

    private static List<String> plan(Filters f, boolean delete, Iterator<Entry> src, Iterator<Entry> dst) {
        Recorder r = new Recorder();
        new Planner(f, CompareMode.SIZE_AND_TIME, Direction.UPLOAD, delete).plan(src, dst, r);
        return r.lines;
    }

    @Test
    void plan_mergesBothSidesInKeyOrder() {
        assertThat(plan(Filters.none(), true, entries("a", "b", "d"), entries("b", "c", "d", "e")))
                .containsExactly("copy new a", "skip b", "delete c", "skip d", "delete e");
    }

    @Test
    void plan_withoutDelete_leavesDestinationOnlyEntries() {
        assertThat(plan(Filters.none(), false, entries("a"), entries("a", "z"))).containsExactly("skip a");
    }

    @Test
    void plan_whenTrickyNamesInS3Order_matchesThemUp() {
        // S3 order: a-b (2D) < a.b (2E) < a/b (2F) < a0 (30) < U+FFFD < U+1F600
        String[] keys = {"a-b", "a.b", "a/b", "a0", "\uFFFD", "\uD83D\uDE00"};
        assertThat(plan(Filters.none(), true, entries(keys), entries(keys)))
                .containsExactly("skip a-b", "skip a.b", "skip a/b", "skip a0", "skip \uFFFD", "skip \uD83D\uDE00");
    }

    @Test
    void plan_whenListingOutOfOrder_refusesToContinue() {
        assertThatThrownBy(() -> plan(Filters.none(), true, entries("a", "a/b", "a.b"), entries()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("The source listing is not in S3 key order: 'a.b' came after 'a/b'.");
        // Java's String order puts U+FFFD after an emoji; S3's does not
        assertThatThrownBy(() -> plan(Filters.none(), true, entries(), entries("\uD83D\uDE00", "\uFFFD")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("destination listing");
    }

    @Test
    void plan_excludedEntries_areNeitherCopiedNorDeleted() {
        Filters f = FiltersTest.parse("-datasets/*  -*.tmp");
        List<String> lines = plan(f, true, entries("a.tmp", "b", "datasets/x"), entries("c.tmp", "datasets/y", "z"));
        assertThat(lines.stream().filter(l -> !l.startsWith("excluded"))).containsExactly("copy new b", "delete z");
        assertThat(lines.stream().filter(l -> l.startsWith("excluded")))
                .containsExactlyInAnyOrder(
                        "excluded src a.tmp",
                        "excluded dst c.tmp",
                        "excluded src datasets/x",
                        "excluded dst datasets/y");
    }

    @Test
    void plan_changedEntries_areCopiedWithTheirDestination() {
        Recorder r = new Recorder();
        Iterator<Entry> src = List.of(new Entry("a", 2, T, null), new Entry("b", 1, T + 60_000, null))
                .iterator();
        Iterator<Entry> dst =
                List.of(new Entry("a", 1, T, "x"), new Entry("b", 1, T, "y")).iterator();
        new Planner(Filters.none(), CompareMode.SIZE_AND_TIME, Direction.UPLOAD, false).plan(src, dst, r);
        assertThat(r.lines).containsExactly("copy changed a", "copy changed b");
    }

    @Test
    void plan_largeSortedListings_planEveryKeyOnce() {
        int n = 5000;
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(String.format("d%02d/f%05d", i % 37, i));
        }
        keys.sort(Keys.ORDER);
        List<String> even = keys.stream().filter(k -> k.hashCode() % 2 == 0).collect(Collectors.toList());
        List<String> lines =
                plan(Filters.none(), true, entries(keys.toArray(new String[0])), entries(even.toArray(new String[0])));
        assertThat(lines).hasSize(n);
        assertThat(lines.stream().filter(l -> l.startsWith("skip"))).hasSize(even.size());
        assertThat(lines.stream().filter(l -> l.startsWith("copy new"))).hasSize(n - even.size());
    }
}
