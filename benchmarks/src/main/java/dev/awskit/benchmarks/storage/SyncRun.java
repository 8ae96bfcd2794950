package dev.awskit.benchmarks.storage;

import dev.awskit.core.AwsKit;
import dev.awskit.core.spi.ClientCustomizer;
import dev.awskit.storage.Storage;
import dev.awskit.storage.Sync;
import dev.awskit.storage.SyncReport;
import java.util.Locale;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The aws-kit side of {@code benchmarks/compare/sync.sh}: one sync, timed from JVM start, like the
 * command-line tools it is compared with.
 *
 * <pre>
 * AWS_ENDPOINT_URL_S3=http://127.0.0.1:9000 AWS_ACCESS_KEY_ID=.. AWS_SECRET_ACCESS_KEY=.. \
 *   java -cp benchmarks.jar dev.awskit.benchmarks.storage.SyncRun ./data s3://bucket
 * java -cp benchmarks.jar dev.awskit.benchmarks.storage.SyncRun ./data s3://bucket --warm s3://other
 *   (warm, as an application embeds the kit: one sync into s3://other first, not measured, then the
 *   first sync into s3://bucket and a no-op re-sync, each with its wall time and the process's CPU)
 * java -cp benchmarks.jar dev.awskit.benchmarks.storage.SyncRun --mb s3://bucket     (create)
 * java -cp benchmarks.jar dev.awskit.benchmarks.storage.SyncRun --rb s3://bucket     (delete, forced)
 * </pre>
 *
 * <p>For A/B runs of client settings (benchmarks/compare/sync-ab.sh), system properties change the
 * kit through its public means only (a user {@link ClientCustomizer}, {@code Sync.concurrency}):
 * {@code -Dab.http=crt} puts the CRT HTTP client behind the S3 client instead of the kit's Apache 5
 * one; {@code -Dab.expectContinue=false} drops {@code Expect: 100-continue}; {@code
 * -Dab.concurrency=N} sets the files in flight.
 */
public final class SyncRun {
    private SyncRun() {}

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 5) {
            System.err.println("usage: SyncRun <source> <destination> [--by-directory] [--warm <warm-up destination>]"
                    + " | --mb s3://bucket | --rb s3://bucket");
            System.exit(2);
        }
        AwsKit.Builder b = AwsKit.builder().region(System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
        String endpoint = System.getenv("AWS_ENDPOINT_URL_S3");
        if (endpoint != null && !endpoint.isBlank()) {
            b.endpoint("s3", endpoint);
        }
        SdkHttpClient crt = null;
        if ("crt".equals(System.getProperty("ab.http"))) {
            crt = AwsCrtHttpClient.builder().maxConcurrency(64).build();
        }
        b.customize(abCustomizer(crt));
        try (AwsKit aws = b.build()) {
            Storage st = Storage.of(aws);
            if (args[0].equals("--mb")) {
                st.bucket(args[1].substring(5)).create();
                return;
            }
            if (args[0].equals("--rb")) {
                st.bucket(args[1].substring(5)).delete(true);
                return;
            }
            boolean byDirectory = java.util.Arrays.asList(args).contains("--by-directory");
            int warm = java.util.Arrays.asList(args).indexOf("--warm");
            if (warm > 0) {
                SyncReport w = sync(st, args[0], args[warm + 1], byDirectory);
                if (!w.isSuccess()) {
                    System.out.println(w);
                    System.exit(1);
                }
                long[] first = timed(() -> check(sync(st, args[0], args[1], byDirectory)));
                long[] noop = timed(() -> check(sync(st, args[0], args[1], byDirectory)));
                System.out.printf(Locale.ROOT, "warm_first_ms=%d%nwarm_first_cpu_ms=%d%n", first[0], first[1]);
                System.out.printf(Locale.ROOT, "warm_noop_ms=%d%nwarm_noop_cpu_ms=%d%n", noop[0], noop[1]);
                return;
            }
            SyncReport r = sync(st, args[0], args[1], byDirectory);
            System.out.println(r);
            System.out.printf(Locale.ROOT, "copied=%d skipped=%d%n", r.copied(), r.skipped());
            System.out.printf(Locale.ROOT, "duration_ms=%d%n", r.duration().toMillis());
            if (!r.isSuccess()) {
                System.exit(1);
            }
        } finally {
            if (crt != null) {
                crt.close();
            }
        }
    }

    /** The A/B settings of the system properties (see the class comment); none set: no change. */
    private static ClientCustomizer abCustomizer(SdkHttpClient http) {
        String expect = System.getProperty("ab.expectContinue");
        return (builder, context) -> {
            if (http != null && builder instanceof SdkSyncClientBuilder<?, ?> sync) {
                sync.httpClient(http);
            }
            if (expect != null && builder instanceof S3BaseClientBuilder<?, ?> s3) {
                // replaces the storage module's service configuration: repeat its setting
                s3.serviceConfiguration(S3Configuration.builder()
                        .chunkedEncodingEnabled(false)
                        .expectContinueEnabled(Boolean.parseBoolean(expect))
                        .build());
            }
        };
    }

    private static SyncReport sync(Storage st, String from, String to, boolean byDirectory) {
        Sync sync = st.sync(from, to);
        Integer concurrency = Integer.getInteger("ab.concurrency");
        if (concurrency != null) {
            sync.concurrency(concurrency);
        }
        if (byDirectory) {
            sync.listByDirectory();
        }
        return sync.run();
    }

    private static void check(SyncReport r) {
        if (!r.isSuccess()) {
            System.out.println(r);
            System.exit(1);
        }
    }

    /** Wall milliseconds and the whole process's CPU milliseconds (all threads, JIT and GC included). */
    private static long[] timed(Runnable work) {
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        work.run();
        return new long[] {(System.nanoTime() - t0) / 1_000_000, (os.getProcessCpuTime() - cpu0) / 1_000_000};
    }
}
