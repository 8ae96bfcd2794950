/**
 * Kinesis without the KPL daemon: a batching, aggregating producer, a pull consumer and stream
 * chores.
 *
 * <pre>{@code
 * Kinesis k = Kinesis.of(aws);
 * k.stream("my-event-dev").createIfAbsent(1).awaitActive();
 * try (KinesisProducer p = k.producer("my-event-dev").build()) {
 *     p.send("user-42", bytes);                  // CompletableFuture<SendResult>
 * }
 * try (KinesisConsumer c = k.consumer("my-event-dev").from(StartPosition.trimHorizon()).build()) {
 *     c.readAvailable().forEach(r -> System.out.println(r.partitionKey() + " " + r.text()));
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.awskit.kinesis.KinesisProducer}: PutRecords batches (500 entries, 5 MiB), linger,
 *       KPL-format aggregation per predicted shard, per-shard rate limits, retries until a record
 *       TTL, bounded buffer with backpressure, optional strict per-shard ordering, metrics.
 *   <li>{@link dev.awskit.kinesis.KinesisConsumer}: GetRecords over one shard or all, parents before
 *       children, aggregates unpacked, paced to the shard limits; or enhanced fan-out
 *       (SubscribeToShard).
 *   <li>{@link dev.awskit.kinesis.ConsumerGroup}: many processes share a stream on the KCL 3.x
 *       (leases and checkpoints in DynamoDB), started with one call, stopped gracefully by {@code
 *       close()}; needs the optional {@code amazon-kinesis-client} dependency.
 *   <li>{@link dev.awskit.kinesis.KinesisStream}: create, await ACTIVE with a short poll, describe,
 *       list shards, split, reshard, delete.
 * </ul>
 *
 * <p>The aggregated records this producer writes are the ones the KCL unpacks.
 */
package dev.awskit.kinesis;
