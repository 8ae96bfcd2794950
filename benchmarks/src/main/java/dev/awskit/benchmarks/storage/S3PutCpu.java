package dev.awskit.benchmarks.storage;

import dev.awskit.core.AwsKit;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The PUT path alone, to choose the S3 client: the kit's {@code S3Client} (Apache 5, what the sync
 * uses; 32 threads) against the CRT-based {@code S3AsyncClient.crtBuilder()} (32 requests in
 * flight), each PUT with its Content-MD5, bodies read into memory first so that only the requests
 * are measured.
 *
 * <ul>
 *   <li>{@code kit} or {@code crt}: two rounds in a fresh JVM (keys {@code r1/...}, {@code r2/...});
 *       prints each round's wall and process CPU milliseconds (JIT and GC threads included);
 *   <li>{@code interleaved R}: in one JVM, R rounds of three clients in turn (the kit's S3Client on
 *       Apache 5, the kit's S3Client on the CRT HTTP client, the CRT S3 client); the first round warms
 *       up and is not counted; prints each round's CPU and the median of per-round CPU ratios to the
 *       kit's client. Load that changes during the run hits all three alike, which makes this the
 *       steadiest figure on a shared machine.
 * </ul>
 *
 * <pre>
 * AWS_ENDPOINT_URL_S3=.. AWS_ACCESS_KEY_ID=.. AWS_SECRET_ACCESS_KEY=.. \
 *   java -cp benchmarks.jar dev.awskit.benchmarks.storage.S3PutCpu ./data bucket kit|crt|interleaved 5
 * </pre>
 */
public final class S3PutCpu {
    private static final int IN_FLIGHT = 32;

    private S3PutCpu() {}

    /** PUTs every body under a key prefix, 32 in flight. */
    private interface Putter extends AutoCloseable {
        void putAll(String prefix);

        @Override
        void close();
    }

    private static List<byte[]> bodies;
    private static List<String> md5s;
    private static String bucket;

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        bucket = args[1];
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        bodies = new ArrayList<>();
        md5s = new ArrayList<>();
        for (Path f : files) {
            byte[] b = Files.readAllBytes(f);
            bodies.add(b);
            md5s.add(Base64.getEncoder().encodeToString(md5(b)));
        }
        if (args[2].equals("interleaved")) {
            interleaved(Integer.parseInt(args[3]));
            return;
        }
        try (Putter p = args[2].equals("crt") ? crtS3() : kit(false)) {
            for (int round = 1; round <= 2; round++) {
                String prefix = "r" + round + "/";
                long[] t = timed(() -> p.putAll(prefix));
                System.out.printf(Locale.ROOT, "round%d_ms=%d%nround%d_cpu_ms=%d%n", round, t[0], round, t[1]);
            }
        }
    }

    private static void interleaved(int rounds) {
        String[] names = {"kit-apache5", "kit-crt-http", "crt-s3"};
        double[][] cpu = new double[names.length][rounds];
        try (Putter a = kit(false);
                Putter b = kit(true);
                Putter c = crtS3()) {
            Putter[] all = {a, b, c};
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < all.length; i++) {
                    int n = i;
                    int round = r;
                    long[] t = timed(() -> all[n].putAll("i" + n + "-" + round + "/"));
                    cpu[i][r] = t[1] / 1000.0;
                    System.out.printf(
                            Locale.ROOT,
                            "round %d %-13s %6.2f s wall %6.2f CPU-s%n",
                            r,
                            names[i],
                            t[0] / 1000.0,
                            t[1] / 1000.0);
                }
            }
        }
        for (int i = 0; i < names.length; i++) {
            double[] ratios = new double[rounds - 1];
            double[] own = new double[rounds - 1];
            for (int r = 1; r < rounds; r++) {
                ratios[r - 1] = cpu[i][r] / cpu[0][r];
                own[r - 1] = cpu[i][r];
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-13s median %.2f CPU-s per %d PUTs (%.2f ms each), CPU ratio to kit-apache5 %.3f%n",
                    names[i],
                    median(own),
                    bodies.size(),
                    1000 * median(own) / bodies.size(),
                    median(ratios));
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static PutObjectRequest request(String prefix, int i) {
        return PutObjectRequest.builder()
                .bucket(bucket)
                .key(prefix + i)
                .contentMD5(md5s.get(i))
                .contentLength((long) bodies.get(i).length)
                .build();
    }

    /** The kit's S3Client; with {@code crtHttp} on the CRT HTTP client (a user ClientCustomizer). */
    private static Putter kit(boolean crtHttp) {
        AwsKit.Builder kb = AwsKit.builder().region(region().id());
        kb.endpoint("s3", System.getenv("AWS_ENDPOINT_URL_S3"));
        SdkHttpClient http =
                crtHttp ? AwsCrtHttpClient.builder().maxConcurrency(64).build() : null;
        if (http != null) {
            kb.customize((builder, context) -> {
                if (builder instanceof SdkSyncClientBuilder<?, ?> sync) {
                    sync.httpClient(http);
                }
            });
        }
        AwsKit kit = kb.build();
        S3Client s3 = kit.client(S3Client.class);
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
        return new Putter() {
            @Override
            public void putAll(String prefix) {
                List<Future<?>> all = new ArrayList<>();
                for (int i = 0; i < bodies.size(); i++) {
                    int n = i;
                    all.add(pool.submit(() -> s3.putObject(request(prefix, n), RequestBody.fromBytes(bodies.get(n)))));
                }
                for (Future<?> f : all) {
                    try {
                        f.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    } catch (ExecutionException e) {
                        throw new IllegalStateException(e.getCause());
                    }
                }
            }

            @Override
            public void close() {
                pool.shutdown();
                kit.close();
                if (http != null) {
                    http.close();
                }
            }
        };
    }

    private static Putter crtS3() {
        S3AsyncClient s3 = S3AsyncClient.crtBuilder()
                .region(region())
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL_S3")))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .maxConcurrency(IN_FLIGHT)
                .build();
        return new Putter() {
            @Override
            public void putAll(String prefix) {
                Semaphore slots = new Semaphore(IN_FLIGHT);
                List<CompletableFuture<?>> all = new ArrayList<>();
                for (int i = 0; i < bodies.size(); i++) {
                    slots.acquireUninterruptibly();
                    all.add(s3.putObject(request(prefix, i), AsyncRequestBody.fromBytes(bodies.get(i)))
                            .whenComplete((r, e) -> slots.release()));
                }
                CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
                        .join();
            }

            @Override
            public void close() {
                s3.close();
            }
        };
    }

    private static Region region() {
        return Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
    }

    private static byte[] md5(byte[] b) {
        try {
            return MessageDigest.getInstance("MD5").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long[] timed(Runnable work) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        work.run();
        return new long[] {(System.nanoTime() - t0) / 1_000_000, (os.getProcessCpuTime() - cpu0) / 1_000_000};
    }
}
