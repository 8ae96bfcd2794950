package dev.awskit.benchmarks.storage;

import dev.awskit.core.AwsKit;
import dev.awskit.storage.Storage;
import dev.awskit.storage.Sync;
import dev.awskit.storage.SyncReport;
import java.util.Locale;

/**
 * The aws-kit side of {@code benchmarks/compare/sync.sh}: one sync, timed from JVM start, like the
 * command-line tools it is compared with.
 *
 * <pre>
 * AWS_ENDPOINT_URL_S3=http://127.0.0.1:9000 AWS_ACCESS_KEY_ID=.. AWS_SECRET_ACCESS_KEY=.. \
 *   java -cp benchmarks.jar dev.awskit.benchmarks.storage.SyncRun ./data s3://bucket
 * java -cp benchmarks.jar dev.awskit.benchmarks.storage.SyncRun --mb s3://bucket     (create)
 * java -cp benchmarks.jar dev.awskit.benchmarks.storage.SyncRun --rb s3://bucket     (delete, forced)
 * </pre>
 */
public final class SyncRun {
    private SyncRun() {}

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println(
                    "usage: SyncRun <source> <destination> [--by-directory] | --mb s3://bucket | --rb s3://bucket");
            System.exit(2);
        }
        AwsKit.Builder b = AwsKit.builder().region(System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
        String endpoint = System.getenv("AWS_ENDPOINT_URL_S3");
        if (endpoint != null && !endpoint.isBlank()) {
            b.endpoint("s3", endpoint);
        }
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
            Sync sync = st.sync(args[0], args[1]);
            if (args.length == 3 && args[2].equals("--by-directory")) {
                sync.listByDirectory();
            }
            SyncReport r = sync.run();
            System.out.println(r);
            System.out.printf(Locale.ROOT, "copied=%d skipped=%d%n", r.copied(), r.skipped());
            System.out.printf(Locale.ROOT, "duration_ms=%d%n", r.duration().toMillis());
            if (!r.isSuccess()) {
                System.exit(1);
            }
        }
    }
}
