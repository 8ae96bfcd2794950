package dev.awskit.benchmarks.kinesis;

import com.sun.management.OperatingSystemMXBean;
import dev.awskit.core.AwsKit;
import dev.awskit.kinesis.ConsumedRecord;
import dev.awskit.kinesis.ConsumerGroup;
import dev.awskit.kinesis.Kinesis;
import dev.awskit.kinesis.KinesisConsumer;
import dev.awskit.kinesis.KinesisProducer;
import dev.awskit.kinesis.KinesisStream;
import dev.awskit.kinesis.StartPosition;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Reading N records (aggregated by our producer, 4 shards) with our single consumer vs one worker of
 * a consumer group on the KCL, in this JVM, on kinesis-mock (leases in moto's DynamoDB). One method
 * per JVM (benchmarks/compare/consumer-group.sh alternates them). Prints
 * {@code RESULT method=M records=N wallS=W firstS=F rate=R cpuMsPer1000=C}: wall time from start
 * to the last record, time to the first record, records per second over that wall time (startup
 * included), and CPU milliseconds of this JVM (all threads) per 1,000 records during the read. Needs the
 * KCL on the class path for method {@code group} (the script adds aws-kit-kinesis's runtime class path).
 *
 * <p>Arguments: kinesisEndpoint dynamodbEndpoint accessKey records method(single|group|efo)
 * (the secret key comes in AWSKIT_COMPARE_SECRET_KEY).
 */
public final class ConsumerGroupCompare {
    private ConsumerGroupCompare() {}

    public static void main(String[] args) throws Exception {
        String kinesisEp = args[0];
        String dynamoEp = args[1];
        String accessKey = args[2];
        int records = Integer.parseInt(args[3]);
        String method = args[4];
        String secret = System.getenv().getOrDefault("AWSKIT_COMPARE_SECRET_KEY", "test-secret");
        try (AwsKit aws = AwsKit.builder()
                .region("us-east-1")
                .credentials(accessKey, secret)
                .endpoint("kinesis", kinesisEp)
                .endpoint("dynamodb", dynamoEp)
                .build()) {
            String name = "compare-group-" + Long.toString(System.nanoTime(), 36);
            KinesisStream stream = Kinesis.of(aws).stream(name).create(4);
            stream.awaitActive(Duration.ofMinutes(1));
            try (KinesisProducer p = Kinesis.of(aws).producer(name).build()) {
                byte[] data = new byte[100];
                for (int i = 0; i < records; i++) {
                    byte[] key = ("user-" + (i % 100)).getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(key, 0, data, 0, key.length);
                    p.send("user-" + (i % 100), data.clone());
                }
            }
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            AtomicLong seen = new AtomicLong();
            AtomicLong first = new AtomicLong();
            AtomicLong last = new AtomicLong();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            try {
                if (method.equals("group")) {
                    try (ConsumerGroup g = Kinesis.of(aws).consumerGroup(name).stream(name)
                            .pollInterval(Duration.ofMillis(200))
                            .failoverTime(Duration.ofSeconds(10))
                            .process(batch -> count(batch, seen, first, last))
                            .start()) {
                        while (seen.get() < records && System.nanoTime() - t0 < 600e9) {
                            Thread.sleep(20);
                        }
                        System.err.println(g.report());
                    }
                } else {
                    KinesisConsumer.Builder b = Kinesis.of(aws).consumer(name).from(StartPosition.trimHorizon());
                    if (method.equals("efo")) {
                        b.enhancedFanOut(name);
                    }
                    try (KinesisConsumer c = b.build()) {
                        while (seen.get() < records && System.nanoTime() - t0 < 600e9) {
                            count(c.poll(), seen, first, last);
                        }
                    }
                }
            } finally {
                long cpu = os.getProcessCpuTime() - cpu0;
                double wall = (last.get() - t0) / 1e9;
                double firstS = (first.get() - t0) / 1e9;
                // records/s from the start (startup included: for the group, the KCL's lease table and
                // lease taking; records arrive in a few large batches, so a rate after the first
                // record says little)
                double rate = seen.get() / Math.max(1e-9, wall);
                System.out.printf(
                        "RESULT method=%s records=%d wallS=%.2f firstS=%.2f rate=%.0f cpuMsPer1000=%.1f%n",
                        method, seen.get(), wall, firstS, rate, cpu / 1e6 / (seen.get() / 1000.0));
                stream.delete();
                if (method.equals("group")) {
                    deleteTables(aws, name);
                }
            }
        }
    }

    /** The group's three tables (the KCL creates them; a run leaves nothing behind). */
    private static void deleteTables(AwsKit aws, String table) {
        DynamoDbClient ddb = aws.client(DynamoDbClient.class);
        for (String t : List.of(table, table + "-CoordinatorState", table + "-WorkerMetricStats")) {
            try {
                ddb.deleteTable(r -> r.tableName(t));
            } catch (ResourceNotFoundException e) {
                // not created (the run failed early)
            } catch (SdkException e) {
                System.err.println("could not delete table " + t + ": " + e);
            }
        }
    }

    private static void count(List<ConsumedRecord> batch, AtomicLong seen, AtomicLong first, AtomicLong last) {
        if (batch.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        first.compareAndSet(0, now);
        seen.addAndGet(batch.size());
        last.set(now);
    }
}
