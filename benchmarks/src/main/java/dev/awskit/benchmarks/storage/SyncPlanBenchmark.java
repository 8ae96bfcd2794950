package dev.awskit.benchmarks.storage;

import dev.awskit.storage.CompareMode;
import dev.awskit.storage.internal.Direction;
import dev.awskit.storage.internal.Entry;
import dev.awskit.storage.internal.Filters;
import dev.awskit.storage.internal.Keys;
import dev.awskit.storage.internal.Planner;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Plans a sync of N source against N destination entries held in memory (the listings' cost is
 * left out), with three excludes: {@code datasets/*}, {@code *.tmp}, {@code logs/2020-??-*}.
 * One operation is one entry (source or destination), so the score is entries per second and
 * {@code gc.alloc.rate.norm} under {@code -prof gc} is bytes allocated per entry.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SyncPlan -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class SyncPlanBenchmark {
    /** Listings of N entries per side, sorted in S3 key order. */
    abstract static class Listings {
        Entry[] source;
        Entry[] destination;
        Filters filters;

        void build(int n) {
            String[] tops = {"app", "datasets", "docs", "logs", "src", "web"};
            String[] keys = new String[n];
            for (int i = 0; i < n; i++) {
                String top = tops[i % tops.length];
                keys[i] = top.equals("logs")
                        ? String.format("logs/%d-%02d-%02d/%07d.log", 2019 + i % 3, 1 + i % 12, 1 + i % 28, i)
                        : String.format("%s/d%03d/file-%07d%s", top, i % 997, i, i % 50 == 0 ? ".tmp" : ".dat");
            }
            Arrays.sort(keys, Keys.ORDER);
            long t = 1_700_000_000_000L;
            source = new Entry[n];
            destination = new Entry[n];
            int d = 0;
            for (int i = 0; i < n; i++) {
                source[i] = new Entry(keys[i], 1024 + i % 65536, t, null);
                if (i % 20 == 0) {
                    continue; // 5 % missing at the destination
                }
                long size = i % 20 == 1 ? 7 : 1024 + i % 65536; // 5 % of a different size
                destination[d++] = new Entry(keys[i], size, t + 5_000, "d41d8cd98f00b204e9800998ecf8427e");
            }
            // the rest of the destination: keys only it has, after every source key
            for (int i = 0; d < n; i++) {
                destination[d++] =
                        new Entry(String.format("zz-only/%07d", i), 10, t, "d41d8cd98f00b204e9800998ecf8427e");
            }
            filters = Filters.of(List.of(
                    Filters.exclude("datasets/*"), Filters.exclude("*.tmp"), Filters.exclude("logs/2020-??-*")));
        }
    }

    /** 10,000 x 10,000 entries. */
    @State(Scope.Benchmark)
    public static class Small extends Listings {
        @Setup(Level.Trial)
        public void setUp() {
            build(10_000);
        }
    }

    /** 1,000,000 x 1,000,000 entries. */
    @State(Scope.Benchmark)
    public static class Large extends Listings {
        @Setup(Level.Trial)
        public void setUp() {
            build(1_000_000);
        }
    }

    /** Counts the plan, as the sync's executor would receive it. */
    static final class CountingSink implements Planner.Sink {
        long copies;
        long skips;
        long deletes;
        long excluded;

        @Override
        public void copy(Entry src, Entry dst) {
            copies++;
        }

        @Override
        public void verify(Entry src, Entry dst) {
            copies++;
        }

        @Override
        public void skip(Entry src, Entry dst) {
            skips++;
        }

        @Override
        public void delete(Entry dst) {
            deletes++;
        }

        @Override
        public void excluded(Entry e, boolean source) {
            excluded++;
        }
    }

    /** An iterator over an array, as a listing hands out entries one by one. */
    static final class ArrayIterator implements Iterator<Entry> {
        private final Entry[] entries;
        private int i;

        ArrayIterator(Entry[] entries) {
            this.entries = entries;
        }

        @Override
        public boolean hasNext() {
            return i < entries.length;
        }

        @Override
        public Entry next() {
            if (i >= entries.length) {
                throw new NoSuchElementException();
            }
            return entries[i++];
        }
    }

    @Benchmark
    @OperationsPerInvocation(2_000_000)
    public void plan1M(Large l, Blackhole bh) {
        bh.consume(run(l));
    }

    @Benchmark
    @OperationsPerInvocation(20_000)
    public void plan10k(Small s, Blackhole bh) {
        bh.consume(run(s));
    }

    static CountingSink runPlan(Listings l) {
        return run(l);
    }

    private static CountingSink run(Listings l) {
        CountingSink sink = new CountingSink();
        new Planner(l.filters, CompareMode.SIZE_AND_TIME, Direction.UPLOAD, true)
                .plan(new ArrayIterator(l.source), new ArrayIterator(l.destination), sink);
        return sink;
    }
}
