// Chapter 30 — Kinesis without the KPL daemon. Seed 004 runs Kinesis on LocalStack with an init
// hook (`aws kinesis create-stream --stream-name my-event-dev --shard-count 1; aws kinesis
// list-streams`) and reads shards with getShardIterator/getRecords by hand. Here the hook becomes
// two calls, a pure-Java producer batches and aggregates (KPL format) 10,000 records, and the pull
// consumer reads them back, unpacking the aggregates.
// Runs after the setup chapter (`aws` points at the emulators, with the kinesis endpoint set).
import dev.awskit.kinesis.*;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

System.out.println("== 30 Kinesis: seed 004's stream, the batching producer, the consumer ==");

Kinesis kinesis = Kinesis.of(aws);
KinesisStream events = kinesis.stream("my-event-dev");
int tourRecords = 10_000;

step("Seed 004's init hook: create-stream my-event-dev (1 shard), list-streams", () -> {
    if (events.exists()) {              // a fresh stream, so the count below is this run's
        events.delete();
        events.awaitDeleted(Duration.ofMinutes(1));
    }
    StreamSummary s = events.create(1).awaitActive();   // polls from 50 ms, not the SDK waiter's 10 s
    System.out.println("  " + s.name() + " " + s.status() + ", " + s.openShards() + " shard(s), limit "
        + s.maxRecordSizeKiB() + " KiB per record");
    kinesis.streams().forEach(name -> System.out.println("  stream " + name));
});

step("Send " + tourRecords + " records through the producer (batched, aggregated, per-shard rate limits)", () -> {
    long start = System.nanoTime();
    List<CompletableFuture<SendResult>> sent = new ArrayList<>();
    ProducerMetrics m;
    try (KinesisProducer producer = kinesis.producer("my-event-dev").build()) {
        for (int i = 0; i < tourRecords; i++) {
            sent.add(producer.send("user-" + (i % 100), ("{\"event\":" + i + "}").getBytes()));
        }
        m = producer.flush();
    }
    double secs = (System.nanoTime() - start) / 1e9;
    SendResult last = sent.get(sent.size() - 1).join();
    System.out.println("  " + m);
    System.out.printf("  %,d records in %.2f s = %,.0f records/s, %.0f records per Kinesis record%n",
        m.records(), secs, m.records() / secs, m.recordsPerKinesisRecord());
    System.out.println("  last record: " + last);
});

step("Read them back with the consumer (TRIM_HORIZON, aggregates unpacked)", () -> {
    long start = System.nanoTime();
    try (KinesisConsumer consumer = kinesis.consumer("my-event-dev").from(StartPosition.trimHorizon()).build()) {
        List<ConsumedRecord> read = consumer.readAvailable(Duration.ofMinutes(1));
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("  read %,d records in %.2f s (%,.0f records/s); first %s, last %s%n",
            read.size(), secs, read.size() / secs, read.get(0).text(), read.get(read.size() - 1).text());
        System.out.println("  checkpoint: " + consumer.positions());
        if (read.size() != tourRecords) {
            throw new IllegalStateException("expected " + tourRecords + " records, read " + read.size());
        }
    }
});
