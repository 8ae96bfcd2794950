package dev.awskit.benchmarks.kinesis;

import dev.awskit.core.AwsKit;
import dev.awskit.core.RetryPolicy;
import dev.awskit.kinesis.Kinesis;
import dev.awskit.kinesis.KinesisProducer;
import dev.awskit.kinesis.KinesisStream;
import dev.awskit.kinesis.ProducerMetrics;
import dev.awskit.kinesis.ProducerRecord;
import dev.awskit.kinesis.SendReport;
import dev.awskit.kinesis.SendResult;
import dev.awskit.kinesis.internal.DefaultKinesisProducer;
import dev.awskit.kinesis.internal.ProducerConfig;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * Side-by-side runs that JMH cannot do: CPU time per record (robust when the machine is shared, as
 * ours are), and the producer against a real endpoint next to naive SDK loops.
 *
 * <pre>
 * # the engine with no network: records per CPU-second of the whole process (sender thread included)
 * java -cp benchmarks/target/benchmarks.jar dev.awskit.benchmarks.kinesis.KinesisCompare engine
 *
 * # on kinesis-mock (scripts/emulators start): aws-kit async, aws-kit sync, PutRecords(500) loop,
 * # PutRecord loop, at equal record counts; records/s (wall) and CPU ms per 1,000 records
 * java -cp benchmarks/target/benchmarks.jar dev.awskit.benchmarks.kinesis.KinesisCompare emulator http://127.0.0.1:PORT [records [methods]]
 * # methods: 0 async producer, 1 sync producer, 2 producer without aggregation, 3 PutRecords loop, 4 PutRecord loop
 * </pre>
 *
 * Each figure is the median of 5 runs (engine) or 3 runs (emulator). System properties for the
 * emulator mode (used by {@code benchmarks/compare/kinesis.sh}): {@code awskit.compare.runs} (runs per
 * method, default 3), {@code awskit.compare.plainRecords} (records for methods 2-4, default 1,000),
 * {@code awskit.compare.accessKey} / {@code awskit.compare.secretKey} (default the emulators' keys),
 * {@code awskit.compare.warmup=true} (an untimed pass of every method first).
 * Every run also prints a line {@code RESULT method=M run=R records=N rate=X cpuMsPer1000=Y}.
 */
public final class KinesisCompare {
    private KinesisCompare() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "engine";
        if (mode.equals("engine")) {
            engine();
        } else if (mode.equals("engine-one")) {
            // engine-one SIZE AGGREGATION SHARDS [RECORDS [send|sendAll]]: one configuration, 5 runs
            // after 2 warm-ups; sendAll sends lists of 10,000 records (the JMH benchmark's invocation)
            int size = Integer.parseInt(args[1]);
            boolean agg = Boolean.parseBoolean(args[2]);
            int shards = Integer.parseInt(args[3]);
            int n = args.length > 4 ? Integer.parseInt(args[4]) : 2_000_000;
            boolean bulk = args.length > 5 && args[5].equals("sendAll");
            double[] perCpu = new double[5];
            double[] perWall = new double[5];
            double[] bytes = new double[5];
            for (int run = -2; run < 5; run++) {
                double[] r = engineRun(size, agg, shards, n, bulk);
                if (run >= 0) {
                    perCpu[run] = r[0];
                    perWall[run] = r[1];
                    bytes[run] = r[2];
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "%d B aggregation=%s shards=%d %s: %,.0f records/CPU-s, %,.0f records/s wall, %.1f B allocated"
                            + " per record, all threads (medians of 5)%n",
                    size,
                    agg,
                    shards,
                    bulk ? "sendAll" : "send",
                    median(perCpu),
                    median(perWall),
                    median(bytes));
        } else if (mode.equals("one")) {
            // one <endpoint> <records> <shards>: the aws-kit side of compare/kinesis.sh's KPL column
            one(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } else if (mode.equals("emulator")) {
            int[] order = args.length > 3
                    ? Arrays.stream(args, 3, args.length)
                            .mapToInt(Integer::parseInt)
                            .toArray()
                    : new int[] {0, 1, 2, 3, 4};
            emulator(args[1], args.length > 2 ? Integer.parseInt(args[2]) : 10_000, order);
        } else {
            System.err.println("usage: KinesisCompare engine | emulator <endpoint> [records]");
            System.exit(2);
        }
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Bytes allocated so far by each live thread (the producer's sender and callback threads
     * included, as JMH's gc profiler counts them), by thread id.
     */
    static Map<Long, Long> allocatedBytes() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = mx.getAllThreadIds();
        long[] bytes = mx.getThreadAllocatedBytes(ids);
        Map<Long, Long> out = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                out.put(ids[i], bytes[i]);
            }
        }
        return out;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static void engine() {
        System.out.println("engine (no network), 2,000,000 records per run, median of 5 runs after 2 warm-ups");
        System.out.println("records  aggregation  shards  records/CPU-s   records/s(wall)");
        for (int size : new int[] {100, 1024}) {
            for (boolean agg : new boolean[] {true, false}) {
                for (int shards : new int[] {1, 4}) {
                    double[] perCpu = new double[5];
                    double[] perWall = new double[5];
                    for (int run = -2; run < 5; run++) {
                        double[] r = engineRun(size, agg, shards, 2_000_000, false);
                        if (run >= 0) {
                            perCpu[run] = r[0];
                            perWall[run] = r[1];
                        }
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "%5d B  %-11s  %6d  %,14.0f  %,16.0f%n",
                            size,
                            agg,
                            shards,
                            median(perCpu),
                            median(perWall));
                }
            }
        }
    }

    static double[] engineRun(int size, boolean agg, int shards, int n, boolean bulk) {
        ProducerConfig config = new ProducerConfig(
                "bench",
                Duration.ofMillis(100),
                agg,
                51_200,
                Duration.ofSeconds(30),
                1L << 40,
                1_000_000_000,
                1_000_000,
                1L << 34,
                Duration.ofSeconds(30),
                false,
                64,
                Duration.ZERO,
                0,
                null);
        KinesisBatchingBenchmark.InstantBackend backend = new KinesisBatchingBenchmark.InstantBackend(shards);
        String[] keys = new String[KinesisBatchingBenchmark.KEYS];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "user-" + i;
        }
        byte[] data = new byte[size];
        try (DefaultKinesisProducer p =
                new DefaultKinesisProducer(config, "us-east-1", RetryPolicy.standard(), backend, 1 << 20)) {
            Map<Long, Long> alloc0 = allocatedBytes();
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            if (bulk) {
                CompletableFuture<SendReport> last = null;
                for (int from = 0; from < n; from += 10_000) {
                    List<ProducerRecord> list = new ArrayList<>(10_000);
                    for (int i = from; i < Math.min(n, from + 10_000); i++) {
                        list.add(ProducerRecord.of(keys[i % keys.length], data));
                    }
                    last = p.sendAll(list);
                }
                p.flush();
                last.join();
            } else {
                CompletableFuture<SendResult> last = null;
                for (int i = 0; i < n; i++) {
                    last = p.send(keys[i % keys.length], data);
                }
                p.flush();
                last.join();
            }
            long cpu = cpuNanos() - cpu0;
            long wall = System.nanoTime() - t0;
            long allocated = 0;
            for (Map.Entry<Long, Long> e : allocatedBytes().entrySet()) {
                allocated += e.getValue() - alloc0.getOrDefault(e.getKey(), 0L);
            }
            return new double[] {n / (cpu / 1e9), n / (wall / 1e9), (double) allocated / n};
        }
    }

    static void emulator(String endpoint, int records, int[] order) {
        int runs = Integer.getInteger("awskit.compare.runs", 3);
        int plainRecords = Integer.getInteger("awskit.compare.plainRecords", 1_000);
        System.out.printf(
                Locale.ROOT,
                "kinesis at %s, %,d records of 100 B over 100 keys, 1 shard, median of %d%n",
                endpoint,
                records,
                runs);
        System.out.println("method                         records/s(wall)  CPU ms per 1,000 records");
        try (AwsKit aws = AwsKit.builder()
                .region("us-east-1")
                .credentials(
                        System.getProperty("awskit.compare.accessKey", "awskit-test"),
                        System.getProperty("awskit.compare.secretKey", "awskit-test-secret"))
                .endpoint("kinesis", endpoint)
                .build()) {
            byte[] data = new byte[100];
            if (Boolean.getBoolean("awskit.compare.warmup")) {
                // untimed: loads and JIT-compiles the SDK, the HTTP client and the producer once, so
                // the first timed method of the JVM does not pay for it alone
                KinesisStream w = Kinesis.of(aws).stream("compare-warmup-" + Long.toString(System.nanoTime(), 36));
                w.create(1).awaitActive();
                try {
                    runMethod(aws, w.name(), 0, 2_000, data);
                    runMethod(aws, w.name(), 2, 200, data);
                    runMethod(aws, w.name(), 3, 200, data);
                    runMethod(aws, w.name(), 4, 20, data);
                } finally {
                    w.delete();
                }
            }
            String[] methods = {
                "aws-kit producer (async client)",
                "aws-kit producer (sync client)",
                "aws-kit producer, no aggregation",
                "PutRecords loop (500/request)",
                "PutRecord loop"
            };
            for (int m : order) {
                // the mock stores ~150 plain entries/s
                int n = m >= 2 ? Math.min(records, plainRecords) : records;
                double[] rate = new double[runs];
                double[] cpu = new double[runs];
                for (int run = 0; run < runs; run++) {
                    KinesisStream s = Kinesis.of(aws).stream("compare-" + Long.toString(System.nanoTime(), 36));
                    s.create(1).awaitActive();
                    try {
                        long cpu0 = cpuNanos();
                        long t0 = System.nanoTime();
                        runMethod(aws, s.name(), m, n, data);
                        long wall = System.nanoTime() - t0;
                        rate[run] = n / (wall / 1e9);
                        cpu[run] = (cpuNanos() - cpu0) / 1e6 / (n / 1000.0);
                        System.out.printf(
                                Locale.ROOT,
                                "RESULT method=%d run=%d records=%d rate=%.1f cpuMsPer1000=%.1f%n",
                                m,
                                run,
                                n,
                                rate[run],
                                cpu[run]);
                    } finally {
                        s.delete();
                    }
                }
                System.out.printf(
                        Locale.ROOT,
                        "%-31s %,15.0f  %,10.1f   (%,d records)%n",
                        methods[m],
                        median(rate),
                        median(cpu),
                        n);
            }
        }
    }

    /**
     * One timed run in a fresh JVM, as {@code KplCompare} does with the KPL: a fresh stream of
     * {@code shards} shards, {@code n} records of 100 B over 100 keys, the producer with its defaults
     * (aggregation on, 100 ms linger), flush. Prints {@code RESULT tool=aws-kit records=N rate=X
     * sendCpuS=Y}: records/s from the first send to the end of the flush, and the JVM's CPU seconds
     * over that time (the producer has no other process).
     */
    static void one(String endpoint, int n, int shards) {
        try (AwsKit aws = AwsKit.builder()
                .region("us-east-1")
                .credentials(
                        System.getProperty("awskit.compare.accessKey", "awskit-test"),
                        System.getProperty("awskit.compare.secretKey", "awskit-test-secret"))
                .endpoint("kinesis", endpoint)
                .build()) {
            KinesisStream s = Kinesis.of(aws).stream("compare-" + Long.toString(System.nanoTime(), 36));
            s.create(shards).awaitActive();
            try (KinesisProducer p = Kinesis.of(aws)
                    .producer(s.name())
                    .metricsLogInterval(Duration.ZERO)
                    .build()) {
                byte[] data = new byte[100];
                long cpu0 = cpuNanos();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    p.send("user-" + (i % 100), data);
                }
                ProducerMetrics pm = p.flush();
                long wall = System.nanoTime() - t0;
                long cpu = cpuNanos() - cpu0;
                if (pm.records() != n || pm.failed() != 0) {
                    throw new IllegalStateException("sent " + pm.records() + " of " + n + ": " + pm);
                }
                System.out.printf(
                        Locale.ROOT,
                        "RESULT tool=aws-kit records=%d rate=%.1f sendCpuS=%.3f%n",
                        n,
                        n / (wall / 1e9),
                        cpu / 1e9);
            } finally {
                s.delete();
            }
        }
    }

    static void runMethod(AwsKit aws, String stream, int method, int n, byte[] data) {
        switch (method) {
            case 0, 1, 2 -> {
                KinesisProducer.Builder b = Kinesis.of(aws).producer(stream).metricsLogInterval(Duration.ZERO);
                if (method == 1) {
                    b.syncClient(8);
                }
                if (method == 2) {
                    b.aggregation(false).recordTtl(Duration.ofMinutes(5));
                }
                try (KinesisProducer p = b.build()) {
                    for (int i = 0; i < n; i++) {
                        p.send("user-" + (i % 100), data);
                    }
                    ProducerMetrics pm = p.flush();
                    if (pm.records() != n) {
                        throw new IllegalStateException("sent " + pm.records() + " of " + n + ": " + pm);
                    }
                }
            }
            case 3 -> {
                KinesisClient c = aws.client(KinesisClient.class);
                List<PutRecordsRequestEntry> batch = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    batch.add(PutRecordsRequestEntry.builder()
                            .partitionKey("user-" + (i % 100))
                            .data(SdkBytes.fromByteArray(data))
                            .build());
                    if (batch.size() == 500 || i == n - 1) {
                        List<PutRecordsRequestEntry> send = batch;
                        c.putRecords(r -> r.streamName(stream).records(send));
                        batch = new ArrayList<>();
                    }
                }
            }
            default -> {
                KinesisClient c = aws.client(KinesisClient.class);
                for (int i = 0; i < n; i++) {
                    int k = i;
                    c.putRecord(r -> r.streamName(stream)
                            .partitionKey("user-" + (k % 100))
                            .data(SdkBytes.fromByteArray(data)));
                }
            }
        }
    }
}
