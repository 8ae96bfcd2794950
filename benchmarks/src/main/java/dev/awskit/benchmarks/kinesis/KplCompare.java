package dev.awskit.benchmarks.kinesis;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.services.kinesis.producer.KinesisProducer;
import com.amazonaws.services.kinesis.producer.KinesisProducerConfiguration;
import com.amazonaws.services.kinesis.producer.UserRecordFailedException;
import com.amazonaws.services.kinesis.producer.UserRecordResult;
import com.google.common.util.concurrent.ListenableFuture;
import dev.awskit.core.AwsKit;
import dev.awskit.kinesis.Kinesis;
import dev.awskit.kinesis.KinesisStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * One timed run of the Kinesis Producer Library (KPL 0.15.12, its native daemon from the jar) on
 * kinesis-mock, for {@code benchmarks/compare/kinesis.sh}: a fresh stream, N records of 100 B over
 * 100 partition keys, {@code flushSync()}, every record checked. The same work as
 * {@code KinesisCompare one} does with aws-kit's producer.
 *
 * <pre>
 * java -Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider -cp benchmarks.jar:slf4j-simple.jar \
 *   dev.awskit.benchmarks.kinesis.KplCompare http://127.0.0.1:PLAIN https://127.0.0.1:TLS STS_PORT RECORDS SHARDS
 * </pre>
 *
 * <p>What the KPL needs here (found by running it): the daemon speaks only HTTPS, so it goes to
 * kinesis-mock's TLS port (self-signed: {@code VerifyCertificate=false}); before anything else it
 * calls STS GetCallerIdentity to build the stream ARN, so {@code StsEndpoint}/{@code StsPort} point
 * at a moto started with {@code --ssl} and {@code MOTO_ACCOUNT_ID=000000000000} (kinesis-mock's
 * account; without an STS it dies with curl error 6); CloudWatch metrics are off ({@code
 * MetricsLevel=none}: aws-kit uploads none either, and no server here takes them). Aggregation on,
 * {@code RecordMaxBufferedTime} 100 ms (aws-kit's default linger), {@code ConnectTimeout} and {@code RequestTimeout} 60 s and
 * {@code RecordTtl} 10 min (on a loaded machine kinesis-mock answers slowly: with the defaults, 6 s
 * and 30 s, the KPL failed records there), everything else the KPL's defaults (its rate limit is
 * 150 % of a shard's limits). The stream is created and deleted with
 * aws-kit on the plain endpoint, outside the timed part.
 *
 * <p>Prints {@code RESULT tool=kpl records=N rate=X sendCpuS=Y daemonCpuS=Z}: records/s from the
 * first {@code addUserRecord} to the end of {@code flushSync()}, and the CPU seconds of the JVM plus
 * the daemon (read from {@code /proc}) over that time; {@code daemonCpuS} is the daemon's whole life.
 * The script measures the whole process tree with {@code /usr/bin/time} (the JVM reaps the daemon).
 */
public final class KplCompare {
    private static final long CLOCK_TICKS = Long.getLong("awskit.compare.clockTicks", 100);

    private KplCompare() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: KplCompare <plain endpoint> <tls endpoint> <sts port> <records> <shards>");
            System.exit(2);
        }
        URI plain = URI.create(args[0]);
        URI tls = URI.create(args[1]);
        int stsPort = Integer.parseInt(args[2]);
        int records = Integer.parseInt(args[3]);
        int shards = Integer.parseInt(args[4]);
        String accessKey = System.getProperty("awskit.compare.accessKey", "awskit-test");
        String secretKey = System.getProperty("awskit.compare.secretKey", "awskit-test-secret");
        try (AwsKit aws = AwsKit.builder()
                .region("us-east-1")
                .credentials(accessKey, secretKey)
                .endpoint("kinesis", plain.toString())
                .build()) {
            KinesisStream stream = Kinesis.of(aws).stream("compare-kpl-" + Long.toString(System.nanoTime(), 36));
            stream.create(shards).awaitActive();
            try {
                run(tls, stsPort, stream.name(), records, accessKey, secretKey);
            } finally {
                stream.delete();
            }
        }
    }

    private static void run(URI tls, int stsPort, String stream, int records, String accessKey, String secretKey)
            throws InterruptedException, ExecutionException, TimeoutException {
        KinesisProducerConfiguration c = new KinesisProducerConfiguration()
                .setRegion("us-east-1")
                .setCredentialsProvider(new AWSStaticCredentialsProvider(new BasicAWSCredentials(accessKey, secretKey)))
                .setKinesisEndpoint(tls.getHost())
                .setKinesisPort(tls.getPort())
                .setStsEndpoint(tls.getHost())
                .setStsPort(stsPort)
                .setVerifyCertificate(false)
                .setAggregationEnabled(true)
                .setRecordMaxBufferedTime(100)
                .setMetricsLevel("none")
                // a loaded machine makes kinesis-mock slow: a slower run, not failed records (curl
                // error 28 after the default 6 s, records expired after the default 30 s)
                .setConnectTimeout(60_000)
                .setRequestTimeout(60_000)
                .setRecordTtl(600_000)
                .setLogLevel("warning");
        KinesisProducer kpl = new KinesisProducer(c);
        List<ProcessHandle> daemon = List.of();
        try {
            byte[] data = new byte[100];
            List<ListenableFuture<UserRecordResult>> futures = new ArrayList<>(records);
            // the KPL starts its daemon on a thread of its own: wait for it, so its start-up is not timed
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (daemon.isEmpty() && System.nanoTime() < until) {
                Thread.sleep(10);
                daemon = ProcessHandle.current().descendants().collect(Collectors.toList());
            }
            if (daemon.isEmpty()) {
                throw new IllegalStateException("the KPL daemon did not start within 30 s");
            }
            long cpu0 = KinesisCompare.cpuNanos() + treeCpuNanos(daemon);
            long t0 = System.nanoTime();
            for (int i = 0; i < records; i++) {
                futures.add(kpl.addUserRecord(stream, "user-" + (i % 100), ByteBuffer.wrap(data)));
            }
            kpl.flushSync();
            long wall = System.nanoTime() - t0;
            long cpu = KinesisCompare.cpuNanos() + treeCpuNanos(daemon) - cpu0;
            int failed = 0;
            String firstError = null;
            for (ListenableFuture<UserRecordResult> f : futures) {
                UserRecordResult r;
                try {
                    r = f.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UserRecordFailedException u)) {
                        throw e;
                    }
                    r = u.getResult();
                }
                if (!r.isSuccessful()) {
                    failed++;
                    if (firstError == null && !r.getAttempts().isEmpty()) {
                        firstError =
                                r.getAttempts().get(r.getAttempts().size() - 1).getErrorMessage();
                    }
                }
            }
            if (failed > 0) {
                throw new IllegalStateException(
                        "the KPL failed " + failed + " of " + records + " records; first error: " + firstError);
            }
            System.out.printf(
                    Locale.ROOT,
                    "RESULT tool=kpl records=%d rate=%.1f sendCpuS=%.3f daemonCpuS=%.3f daemons=%d%n",
                    records,
                    records / (wall / 1e9),
                    cpu / 1e9,
                    treeCpuNanos(daemon) / 1e9,
                    daemon.size());
        } finally {
            kpl.destroy();
            for (ProcessHandle p : daemon) {
                // the JDK reaps its child, so the daemon's CPU lands in this JVM's rusage for /usr/bin/time
                p.onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** User + system CPU of the processes, from /proc/PID/stat (fields 14 and 15, in clock ticks). */
    static long treeCpuNanos(List<ProcessHandle> processes) {
        long ticks = 0;
        for (ProcessHandle p : processes) {
            String stat;
            try {
                stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            } catch (IOException e) {
                if (!p.isAlive()) {
                    continue;
                }
                throw new UncheckedIOException(e);
            }
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return ticks * (1_000_000_000L / CLOCK_TICKS);
    }
}
