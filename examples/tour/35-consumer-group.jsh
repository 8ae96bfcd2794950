// Chapter 35 — past one machine: a consumer group on the KCL. Seed 004 points at the KCL for
// consumers ("Kinesis, DynamoDB 두 개의 AWS 서비스를 사용해야 한다": checkpoints live in DynamoDB) and
// at the KCL 2 example with its processor, factory, ConfigsBuilder and Scheduler. Here two workers of
// one group share a 2-shard stream (Kinesis on kinesis-mock, leases in moto's DynamoDB: one kit, an
// endpoint per service), each started with one call; close() checkpoints and hands the leases over.
// Then the single consumer reads the same stream with enhanced fan-out (SubscribeToShard).
// Runs after the setup chapter. Needs the KCL on the tour's class path (examples/pom.xml).
import dev.awskit.kinesis.*;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

System.out.println("== 35 Kinesis consumer group (KCL) and enhanced fan-out ==");

AwsKit groupIt = itEndpointKit();
Properties groupServers = groupIt != null ? null : emulatorEndpoints(emulatorsFile());
// kinesis-mock for Kinesis, moto for DynamoDB (AWSKIT_IT_ENDPOINT: one endpoint serves both)
// (in parentheses: JShell ends a statement at a line that is complete on its own)
AwsKit groupKit = groupIt != null ? groupIt : (AwsKit.builder().region("us-east-1")
    .credentials(groupServers.getProperty("moto.accessKey", "test"), groupServers.getProperty("moto.secretKey", "test"))
    .endpoint("kinesis", groupServers.getProperty("kinesis.endpoint"))
    .endpoint("dynamodb", groupServers.getProperty("moto.endpoint"))
    .build());
String groupName = "tour-orders-" + Long.toString(System.nanoTime(), 36);
KinesisStream groupStream = Kinesis.of(groupKit).stream(groupName);
int groupRecords = 5_000;

step("A 2-shard stream with " + groupRecords + " records from the producer (aggregated)", () -> {
    groupStream.create(2).awaitActive();
    try (KinesisProducer p = Kinesis.of(groupKit).producer(groupName).build()) {
        for (int i = 0; i < groupRecords; i++) {
            p.send("user-" + (i % 100), ("{\"order\":" + i + "}").getBytes());
        }
    }
});

step("Two workers of group " + groupName + " share the shards (KCL: leases and checkpoints in DynamoDB)", () -> {
    AtomicLong processed = new AtomicLong();
    try (ConsumerGroup a = Kinesis.of(groupKit).consumerGroup(groupName).stream(groupName).workerId("tour-a")
                .failoverTime(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .process(batch -> processed.addAndGet(batch.size())).start();
         ConsumerGroup b = Kinesis.of(groupKit).consumerGroup(groupName).stream(groupName).workerId("tour-b")
                .failoverTime(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .process(batch -> processed.addAndGet(batch.size())).start()) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (processed.get() < groupRecords && System.nanoTime() < deadline) {
            try { Thread.sleep(200); } catch (InterruptedException e) { throw new IllegalStateException(e); }
        }
        System.out.println("  " + a.report());
        System.out.println("  " + b.report());
    }                                             // close(): checkpoint, release the leases, wait
    if (processed.get() < groupRecords) {
        throw new IllegalStateException("the group processed " + processed.get() + " of " + groupRecords);
    }
    System.out.println("  " + processed.get() + " records processed by the group (at least once each)");
});

// SubscribeToShard goes over the kit's Kinesis async client: HTTP/2 (ALPN h2) over TLS, as AWS
// requires; at kinesis-mock's plain-http port it stays HTTP/1.1 (see aws-kit-kinesis's README)
step("Enhanced fan-out: register-stream-consumer + subscribe-to-shard as one option", () -> {
    try (KinesisConsumer c = Kinesis.of(groupKit).consumer(groupName).enhancedFanOut("tour-efo").build()) {
        List<ConsumedRecord> got = c.readAvailable(Duration.ofMinutes(1));
        System.out.println("  " + got.size() + " records pushed by SubscribeToShard to " + c);
    }
});

step("Clean up: the stream (and its consumers) and the group's three DynamoDB tables", () -> {
    groupStream.delete();
    var ddb = groupKit.client(software.amazon.awssdk.services.dynamodb.DynamoDbClient.class);
    for (String t : List.of(groupName, groupName + "-CoordinatorState", groupName + "-WorkerMetricStats")) {
        try { ddb.deleteTable(r -> r.tableName(t)); } catch (RuntimeException e) { System.out.println("  " + t + ": " + e.getMessage()); }
    }
    groupKit.close();
});
