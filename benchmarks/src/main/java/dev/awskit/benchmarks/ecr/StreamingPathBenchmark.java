package dev.awskit.benchmarks.ecr;

import dev.awskit.ecr.internal.BodyCopy;
import dev.awskit.ecr.internal.DigestingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The image copy's streaming path without the network: a blob of 32 MiB read from a source stream
 * through the sha256 and size check ({@link DigestingInputStream}) and copied by the upload body's
 * loop ({@link BodyCopy}, the code of the PATCH) with its 256 KiB buffer, against plain SHA-256 of
 * the same bytes in the same slices. One operation is one blob: MB/s = ops/s x 32 (one thread, so
 * per core). The source is a {@code ByteArrayInputStream}: its copy into the buffer stands for the
 * kernel's copy out of the socket, which the real path pays as system time. {@code copyOnly} is the
 * loop without the digest; the gap between {@code streamingPath} and {@code sha256Only} is what the
 * path adds to the digest.
 *
 * <p>On a shared machine JMH's wall-clock scores mostly measure the competition for the cores: {@link
 * #main} runs the same three operations interleaved and prints MB per CPU-second of the running
 * thread (medians), which is "MB/s per core" under any load.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StreamingPath
 * java -cp benchmarks/target/benchmarks.jar dev.awskit.benchmarks.ecr.StreamingPathBenchmark [rounds]
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class StreamingPathBenchmark {
    private static final int SIZE = 32 * 1024 * 1024;
    private static final int BUFFER = 256 * 1024;

    private byte[] blob;
    private String digest;
    private final byte[] buffer = new byte[BUFFER];
    private final OutputStream sink = OutputStream.nullOutputStream();

    @Setup
    public void setup() throws NoSuchAlgorithmException {
        blob = new byte[SIZE];
        new Random(42).nextBytes(blob);
        digest = DigestingInputStream.digestOf(blob);
    }

    @Benchmark
    public byte[] sha256Only() throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int off = 0; off < SIZE; off += BUFFER) {
            md.update(blob, off, Math.min(BUFFER, SIZE - off));
        }
        return md.digest();
    }

    @Benchmark
    public byte[] streamingPath() throws IOException {
        try (DigestingInputStream in =
                new DigestingInputStream(new ByteArrayInputStream(blob), digest, SIZE, "blob", n -> {})) {
            BodyCopy.copy(in, SIZE, buffer, sink);
        }
        return buffer;
    }

    @Benchmark
    public byte[] copyOnly() throws IOException {
        BodyCopy.copy(new ByteArrayInputStream(blob), SIZE, buffer, sink);
        return buffer;
    }

    /** MB per CPU-second of this thread for each operation: medians of interleaved rounds. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        StreamingPathBenchmark b = new StreamingPathBenchmark();
        b.setup();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        String[] names = {"sha256Only", "streamingPath", "copyOnly"};
        double[][] mbPerCpuS = new double[names.length][rounds];
        int warmup = 5;
        for (int r = -warmup; r < rounds; r++) {
            for (int k = 0; k < names.length; k++) {
                int reps = 4;
                long cpu0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < reps; i++) {
                    switch (k) {
                        case 0 -> b.sha256Only();
                        case 1 -> b.streamingPath();
                        default -> b.copyOnly();
                    }
                }
                long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                if (r >= 0) {
                    mbPerCpuS[k][r] = (double) SIZE * reps / (1 << 20) / (cpu / 1e9);
                }
            }
        }
        System.out.printf(
                java.util.Locale.ROOT,
                "%d MiB blob, %d KiB buffer, medians of %d interleaved rounds%n",
                SIZE >> 20,
                BUFFER >> 10,
                rounds);
        double[] median = new double[names.length];
        for (int k = 0; k < names.length; k++) {
            double[] v = mbPerCpuS[k].clone();
            java.util.Arrays.sort(v);
            median[k] = v[v.length / 2];
            System.out.printf(java.util.Locale.ROOT, "%-14s %8.0f MB per CPU-second%n", names[k], median[k]);
        }
        System.out.printf(java.util.Locale.ROOT, "streamingPath / sha256Only: %.2f%n", median[1] / median[0]);
    }
}
