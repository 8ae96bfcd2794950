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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The PUT path alone, to choose the S3 client: the kit's {@code S3Client} (Apache 5, what the sync
 * uses; 32 threads) against the CRT-based {@code S3AsyncClient.crtBuilder()} (32 requests in
 * flight), each PUT with its Content-MD5, bodies read into memory first so that only the requests
 * are measured. Two rounds in one JVM (keys {@code r1/...}, {@code r2/...}); prints each round's
 * wall and process CPU milliseconds (JIT and GC threads included).
 *
 * <pre>
 * AWS_ENDPOINT_URL_S3=.. AWS_ACCESS_KEY_ID=.. AWS_SECRET_ACCESS_KEY=.. \
 *   java -cp benchmarks.jar dev.awskit.benchmarks.storage.S3PutCpu ./data bucket kit|crt
 * </pre>
 */
public final class S3PutCpu {
    private static final int IN_FLIGHT = 32;

    private S3PutCpu() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String bucket = args[1];
        boolean crt = args[2].equals("crt");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<byte[]> bodies = new ArrayList<>();
        List<String> md5s = new ArrayList<>();
        for (Path f : files) {
            byte[] b = Files.readAllBytes(f);
            bodies.add(b);
            md5s.add(Base64.getEncoder().encodeToString(md5(b)));
        }
        String endpoint = System.getenv("AWS_ENDPOINT_URL_S3");
        Region region = Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
        if (crt) {
            try (S3AsyncClient s3 = S3AsyncClient.crtBuilder()
                    .region(region)
                    .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                    .endpointOverride(URI.create(endpoint))
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .maxConcurrency(IN_FLIGHT)
                    .build()) {
                for (int round = 1; round <= 2; round++) {
                    String prefix = "r" + round + "/";
                    long[] t = timed(() -> {
                        Semaphore slots = new Semaphore(IN_FLIGHT);
                        List<CompletableFuture<?>> all = new ArrayList<>();
                        for (int i = 0; i < bodies.size(); i++) {
                            slots.acquireUninterruptibly();
                            PutObjectRequest req = PutObjectRequest.builder()
                                    .bucket(bucket)
                                    .key(prefix + i)
                                    .contentMD5(md5s.get(i))
                                    .contentLength((long) bodies.get(i).length)
                                    .build();
                            all.add(s3.putObject(req, AsyncRequestBody.fromBytes(bodies.get(i)))
                                    .whenComplete((r, e) -> slots.release()));
                        }
                        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
                                .join();
                    });
                    print(round, t);
                }
            }
            return;
        }
        AwsKit.Builder kb = AwsKit.builder().region(region.id());
        kb.endpoint("s3", endpoint);
        try (AwsKit kit = kb.build()) {
            S3Client s3 = kit.client(S3Client.class);
            ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
            for (int round = 1; round <= 2; round++) {
                String prefix = "r" + round + "/";
                long[] t = timed(() -> {
                    List<Future<?>> all = new ArrayList<>();
                    for (int i = 0; i < bodies.size(); i++) {
                        int n = i;
                        all.add(pool.submit(() -> s3.putObject(
                                PutObjectRequest.builder()
                                        .bucket(bucket)
                                        .key(prefix + n)
                                        .contentMD5(md5s.get(n))
                                        .contentLength((long) bodies.get(n).length)
                                        .build(),
                                RequestBody.fromBytes(bodies.get(n)))));
                    }
                    for (Future<?> f : all) {
                        try {
                            f.get();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                print(round, t);
            }
            pool.shutdown();
        }
    }

    private static void print(int round, long[] t) {
        System.out.printf(Locale.ROOT, "round%d_ms=%d%nround%d_cpu_ms=%d%n", round, t[0], round, t[1]);
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
