package dev.awskit.kinesis.internal;

import static dev.awskit.kinesis.internal.DefaultKinesisProducerTest.MAX;
import static dev.awskit.kinesis.internal.DefaultKinesisProducerTest.MIB;
import static dev.awskit.kinesis.internal.DefaultKinesisProducerTest.TWO_127;
import static dev.awskit.kinesis.internal.DefaultKinesisProducerTest.config;
import static dev.awskit.kinesis.internal.DefaultKinesisProducerTest.shard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.awskit.core.RetryPolicy;
import dev.awskit.kinesis.ProducerException;
import dev.awskit.kinesis.ProducerMetrics;
import dev.awskit.kinesis.SendResult;
import dev.awskit.kinesis.internal.DefaultKinesisProducerTest.FakeKinesis;
import java.math.BigInteger;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The producer when things go wrong around it: its sender dies, a response handler throws, a
 * callback blocks, a close runs out of time, the producer is dropped without close, a shard splits
 * while an entry is being retried. assertTimeoutPreemptively only guards against the hangs these
 * defects caused; no test asserts a duration.
 */
class ProducerRobustnessTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static final String SENDER_THREAD = "aws-kit-kinesis-producer-";

    private static FakeKinesis oneShard() {
        return new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX)));
    }

    private static DefaultKinesisProducer producer(FakeKinesis fake, ProducerConfig c, RetryPolicy retry) {
        return new DefaultKinesisProducer(c, "us-east-1", retry, fake, MIB);
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        return f.handle((v, t) -> t).join();
    }

    private static void await(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void senderThreadDies_everyPendingFutureFailsWithTheCause_flushThrows_laterSendsAreIllegalState() {
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX))) {
            @Override
            public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
                throw new NoClassDefFoundError("software/amazon/awssdk/Injected");
            }
        };
        DefaultKinesisProducer p = producer(fake, config(false, false), RetryPolicy.standard());
        List<CompletableFuture<SendResult>> fs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fs.add(p.send("k" + i, new byte[] {(byte) i}));
        }

        assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(p::flush)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This producer for stream 'test-stream' in us-east-1 is broken: its sender failed with"
                        + " java.lang.NoClassDefFoundError: software/amazon/awssdk/Injected. Its pending records"
                        + " failed; build a new producer.")
                .hasCauseInstanceOf(NoClassDefFoundError.class));

        assertThat(fs).allSatisfy(f -> {
            Throwable t = failureOf(f);
            assertThat(t)
                    .isInstanceOf(ProducerException.class)
                    .hasMessage("The producer for stream 'test-stream' in us-east-1 broke while sending (its sender"
                            + " failed with java.lang.NoClassDefFoundError: software/amazon/awssdk/Injected): this"
                            + " record was not confirmed. Build a new producer; the cause is attached.")
                    .hasCauseInstanceOf(NoClassDefFoundError.class);
        });
        assertThatThrownBy(() -> p.send("later", new byte[] {9}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("This producer for stream 'test-stream' in us-east-1 is broken: its sender"
                        + " failed with java.lang.NoClassDefFoundError")
                .hasCauseInstanceOf(NoClassDefFoundError.class);
        ProducerMetrics m = assertTimeoutPreemptively(HANG_GUARD, () -> p.close(Duration.ofSeconds(5)));
        assertThat(m.failed()).isEqualTo(3);
        assertThat(m.abandoned()).isEqualTo(3);
        assertThat(m.buffered()).isZero();
    }

    @Test
    void responseHandlerThrows_everyPendingFutureFailsWithTheCause_andTheProducerIsBroken() {
        // a user's retry predicate that throws runs inside the response handler
        RetryPolicy buggy = RetryPolicy.builder()
                .retryOn(RetryPolicy.Condition.THROTTLING)
                .retryIf(t -> {
                    throw new IllegalStateException("bug in the user's retry predicate");
                })
                .build();
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX))) {
            @Override
            public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
                super.putRecords(request);
                return CompletableFuture.failedFuture(
                        SdkClientException.create("Unable to unmarshall response (injected)"));
            }
        };
        DefaultKinesisProducer p = producer(fake, config(false, false), buggy);
        CompletableFuture<SendResult> f = p.send("user-1", new byte[] {1});

        assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(p::flush)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This producer for stream 'test-stream' in us-east-1 is broken: its sender failed with"
                        + " java.lang.IllegalStateException: bug in the user's retry predicate. Its pending"
                        + " records failed; build a new producer."));
        assertThat(failureOf(f))
                .isInstanceOf(ProducerException.class)
                .hasMessage("The producer for stream 'test-stream' in us-east-1 broke while handling a PutRecords"
                        + " response (its sender failed with java.lang.IllegalStateException: bug in the user's"
                        + " retry predicate): this record was not confirmed. Build a new producer; the cause is"
                        + " attached.")
                .cause()
                .hasMessage("bug in the user's retry predicate");
        assertThatThrownBy(() -> p.send("user-2", new byte[] {2})).isInstanceOf(IllegalStateException.class);
        assertTimeoutPreemptively(HANG_GUARD, () -> p.close());
    }

    @Test
    void wholeRequestFailure_afterTheSdksRetries_isNotSentAgain_theFutureFailsWithTheSdksAttemptCount() {
        // one retry owner per call: the SDK already made 5 attempts of this PutRecords call
        FakeKinesis fake = new FakeKinesis(List.of(shard("shardId-000000000000", BigInteger.ZERO, MAX))) {
            @Override
            public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
                requests.add(request);
                return CompletableFuture.failedFuture(SdkClientException.builder()
                        .message("Unable to execute HTTP request: Connection reset")
                        .cause(new SocketException("Connection reset"))
                        .numAttempts(5)
                        .build());
            }
        };
        CompletableFuture<SendResult> f;
        ProducerMetrics m;
        try (DefaultKinesisProducer p = producer(fake, config(false, false), RetryPolicy.standard())) {
            f = p.send("user-1", new byte[] {1});
            m = assertTimeoutPreemptively(HANG_GUARD, () -> p.flush());
        }
        assertThat(fake.requests).hasSize(1);
        assertThat(m.failed()).isEqualTo(1);
        assertThat(m.retries()).isZero();
        Throwable t = failureOf(f);
        assertThat(t)
                .isInstanceOf(ProducerException.class)
                .hasMessageStartingWith("PutRecords for the record with partition key 'user-1' to stream"
                        + " 'test-stream' in us-east-1 failed after 5 attempts: ")
                .hasMessageContaining("Connection reset")
                .hasMessageEndingWith(
                        ". Check the network and the endpoint, or raise the kit's RetryPolicy" + " maxAttempts.")
                .hasCauseInstanceOf(SdkClientException.class);
        assertThat(((ProducerException) t).attempts()).isEqualTo(5);
    }

    @Test
    void callbacks_neverRunOnTheSenderThread() {
        FakeKinesis fake = oneShard(); // answers at once: today's code completed the futures on the sender
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<?>> done = new ArrayList<>();
        try (DefaultKinesisProducer p = producer(fake, config(true, false), RetryPolicy.standard())) {
            for (int i = 0; i < 200; i++) {
                done.add(p.send("k" + i, new byte[] {(byte) i})
                        .thenRun(() -> threads.add(Thread.currentThread().getName())));
            }
            p.flush();
        }
        done.forEach(CompletableFuture::join);
        assertThat(threads).isNotEmpty().noneMatch(name -> name.startsWith(SENDER_THREAD));
    }

    @Test
    void callbacks_aBlockingCallback_doesNotStopTheSender() {
        FakeKinesis fake = oneShard();
        fake.holdFirst = 1; // the first request is answered when the test says, so its callback is attached
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        DefaultKinesisProducer p = producer(fake, config(false, false), RetryPolicy.standard());
        try {
            CompletableFuture<SendResult> first = p.send("first", new byte[] {1});
            CompletableFuture<Void> blocking = first.thenRun(() -> {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            await("the first request", () -> fake.requests.size() == 1);
            // answering must not run the callback here (before the fix it ran on this very thread)
            assertTimeoutPreemptively(HANG_GUARD, () -> {
                fake.release(0);
                blocked.await();
            });

            List<CompletableFuture<SendResult>> more = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                more.add(p.send("k" + i, new byte[] {(byte) i}));
            }
            ProducerMetrics m = assertTimeoutPreemptively(HANG_GUARD, () -> p.flush());

            assertThat(m.records()).isEqualTo(51);
            assertThat(fake.stored).hasSize(51);
            assertThat(blocking).isNotDone(); // still blocked, yet everything was sent
        } finally {
            release.countDown();
            p.close();
        }
    }

    /**
     * Blocks the producer's callback thread in a dependent of a first record; returns the latch
     * that releases it. The first request is held until the test answers it, so the dependent is
     * attached before the future completes.
     */
    private static CountDownLatch blockCallbackThread(FakeKinesis fake, DefaultKinesisProducer p) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        p.send("first", new byte[] {1}).thenRun(() -> {
            blocked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await("the first request", () -> fake.requests.size() == 1);
        fake.release(0);
        blocked.await();
        return release;
    }

    @Test
    void close_whenACallbackBlocksTheCallbackThreadPastTheTimeout_returnsWithEveryFutureDone() throws Exception {
        FakeKinesis fake = oneShard();
        fake.holdFirst = 1;
        DefaultKinesisProducer p = producer(fake, config(false, false), RetryPolicy.standard());
        CountDownLatch release = blockCallbackThread(fake, p);
        try {
            CompletableFuture<SendResult> second = p.send("second", new byte[] {2});
            assertThat(assertTimeoutPreemptively(HANG_GUARD, () -> p.flush()).records())
                    .isEqualTo(2);
            // its completion waits behind the blocked callback, which outlives the close timeout
            ProducerMetrics m = assertTimeoutPreemptively(HANG_GUARD, () -> p.close(Duration.ofMillis(50)));

            assertThat(second).isDone(); // before the fix: close returned with it still queued
            assertThat(second.join().sequenceNumber()).isEqualTo("2");
            assertThat(m.abandoned()).isZero();
        } finally {
            release.countDown();
        }
    }

    @Test
    void close_calledWhileInterrupted_returnsWithEveryFutureDone_andKeepsTheInterrupt() throws Exception {
        FakeKinesis fake = oneShard();
        fake.holdFirst = 1;
        DefaultKinesisProducer p = producer(fake, config(false, false), RetryPolicy.standard());
        CountDownLatch release = blockCallbackThread(fake, p);
        try {
            CompletableFuture<SendResult> second = p.send("second", new byte[] {2});
            assertTimeoutPreemptively(HANG_GUARD, () -> p.flush());
            Thread.currentThread().interrupt();
            // the default timeout (recordTtl + 1 min) is far from spent: only the interrupt ends the wait
            p.close();

            assertThat(Thread.interrupted()).isTrue();
            assertThat(second).isDone(); // before the fix: awaitTermination threw at once, close returned
            assertThat(second.join().sequenceNumber()).isEqualTo("2");
        } finally {
            Thread.interrupted();
            release.countDown();
        }
    }

    @Test
    void close_fromACallback_doesNotWaitForItself_andEveryFutureIsDone() {
        FakeKinesis fake = oneShard();
        fake.holdFirst = 1;
        DefaultKinesisProducer p = producer(fake, config(false, false), RetryPolicy.standard());
        CompletableFuture<SendResult> first = p.send("first", new byte[] {1});
        CompletableFuture<SendResult> second = p.send("second", new byte[] {2}); // same request as first
        CompletableFuture<Boolean> secondDoneAfterClose = first.thenApply(r -> {
            p.close(); // default timeout: recordTtl + 1 min, beyond the hang guard
            return second.isDone();
        });
        await("the first request", () -> fake.requests.size() == 1);
        fake.release(0);

        // before the fix close waited for the callback thread, that is for itself, until its timeout
        assertThat(assertTimeoutPreemptively(HANG_GUARD, () -> secondDoneAfterClose.join()))
                .isTrue();
        assertThat(second.join().sequenceNumber()).isEqualTo("2");
    }

    @Test
    void flushWithTimeout_returnsAtTheDeadline_recordsKeepGoing() {
        FakeKinesis fake = oneShard();
        fake.hang = true;
        DefaultKinesisProducer p = producer(fake, config(false, false), RetryPolicy.standard());
        CompletableFuture<SendResult> f = p.send("a", new byte[] {1});

        ProducerMetrics m = assertTimeoutPreemptively(HANG_GUARD, () -> p.flush(Duration.ofMillis(200)));

        assertThat(m.buffered()).isEqualTo(1);
        assertThat(f).isNotDone();
        p.close(Duration.ZERO);
    }

    @Test
    void closeWithTimeout_failsWhatIsStillPending_sayingWhetherItWasSent_andCountsIt() {
        FakeKinesis fake = oneShard();
        fake.hang = true; // Kinesis never answers
        DefaultKinesisProducer p = producer(fake, config(false, false), RetryPolicy.standard());
        CompletableFuture<SendResult> inFlight = p.send("a", new byte[] {1});
        await("the first request", () -> fake.requests.size() == 1);
        CompletableFuture<SendResult> neverSent = p.send("b", new byte[] {2}); // its shard is busy

        ProducerMetrics m = assertTimeoutPreemptively(HANG_GUARD, () -> p.close(Duration.ofMillis(100)));

        assertThat(m.abandoned()).isEqualTo(2);
        assertThat(m.failed()).isEqualTo(2);
        assertThat(m.buffered()).isZero();
        assertThat(failureOf(inFlight))
                .isInstanceOf(ProducerException.class)
                .hasMessage("The producer for stream 'test-stream' in us-east-1 was closed with 2 records not yet"
                        + " confirmed after waiting PT0.1S: this record was in flight; its answer never came, so it"
                        + " may or may not have been written. Flush before closing, or close with a longer"
                        + " timeout.");
        assertThat(failureOf(neverSent))
                .isInstanceOf(ProducerException.class)
                .hasMessage("The producer for stream 'test-stream' in us-east-1 was closed with 2 records not yet"
                        + " confirmed after waiting PT0.1S: this record was never sent. Flush before closing, or"
                        + " close with a longer timeout.");
        assertThatThrownBy(() -> p.send("c", new byte[] {3}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This producer for stream 'test-stream' is closed; build a new one");
        assertThat(p.close(Duration.ZERO).abandoned()).isEqualTo(2); // a second close returns at once
    }

    @Test
    void closeWithTimeout_whenEverythingCompletes_abandonsNothing() {
        FakeKinesis fake = oneShard();
        List<CompletableFuture<SendResult>> fs = new ArrayList<>();
        DefaultKinesisProducer p = producer(fake, config(true, false), RetryPolicy.standard());
        for (int i = 0; i < 100; i++) {
            fs.add(p.send("k" + i, new byte[] {(byte) i}));
        }
        ProducerMetrics m = p.close(Duration.ofMinutes(1));
        assertThat(m.abandoned()).isZero();
        assertThat(m.records()).isEqualTo(100);
        assertThat(fs).allSatisfy(f -> assertThat(f.join().shardId()).isEqualTo("shardId-000000000000"));
    }

    /** In its own method so that no local variable keeps the producer reachable. */
    private static List<CompletableFuture<SendResult>> sendAndDrop(FakeKinesis fake) {
        DefaultKinesisProducer p = producer(fake, config(false, false), RetryPolicy.standard());
        List<CompletableFuture<SendResult>> fs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fs.add(p.send("k" + i, new byte[] {(byte) i}));
        }
        return fs;
    }

    @Test
    void unreachableProducer_withPendingRecords_failsThemSayingHowManyWereLost() {
        FakeKinesis fake = oneShard();
        fake.hang = true;
        List<CompletableFuture<SendResult>> fs = sendAndDrop(fake);

        assertTimeoutPreemptively(HANG_GUARD, () -> {
            while (!fs.get(2).isDone()) {
                System.gc();
                Thread.sleep(20);
            }
        });

        assertThat(fs).allSatisfy(f -> assertThat(failureOf(f))
                .isInstanceOf(ProducerException.class)
                .hasMessage("The KinesisProducer for stream 'test-stream' in us-east-1 became unreachable without"
                        + " close() while 3 records were pending: they were lost (never confirmed). Close every"
                        + " producer (try-with-resources) or flush() before dropping it."));
    }

    @Test
    void build_whenMaxBufferedBytesCannotHoldOneRecord_isIllegalArgumentNamingBothValues() {
        ProducerConfig c = config(false, false);
        ProducerConfig small = new ProducerConfig(
                c.streamName(),
                c.maxBufferedTime(),
                false,
                c.aggregationMaxBytes(),
                c.recordTtl(),
                c.shardBytesPerSecond(),
                c.shardRecordsPerSecond(),
                1000,
                MIB - 1L,
                c.blockTimeout(),
                false,
                64,
                Duration.ZERO,
                0,
                null);
        assertThatThrownBy(() -> producer(oneShard(), small, RetryPolicy.standard()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBuffered bytes (1,048,575) is smaller than one record of stream 'test-stream' in"
                        + " us-east-1 may be (1,048,576 bytes, data plus partition key: the stream's"
                        + " MaxRecordSizeInKiB): such a record could never be buffered. Set maxBuffered bytes to at"
                        + " least 1,048,576.");
    }

    /**
     * Two shards P (lower half) and Q (upper half) both split (UpdateShardCount 2 -> 4). An entry of
     * key "k" is in flight on P when the map is re-read; it then fails with throttling. The retried
     * entry must still be stored before the record of "k" sent after it.
     */
    @Test
    void strictOrdering_entryRetriedAcrossASplit_keepsItsPlaceBeforeLaterRecordsOfItsKey() {
        BigInteger quarter = BigInteger.ONE.shiftLeft(126);
        List<Shard> before = List.of(
                shard("shardId-P", BigInteger.ZERO, TWO_127.subtract(BigInteger.ONE)),
                shard("shardId-Q", TWO_127, MAX));
        List<Shard> after = List.of(
                shard("shardId-C1", BigInteger.ZERO, quarter.subtract(BigInteger.ONE)),
                shard("shardId-C2", quarter, TWO_127.subtract(BigInteger.ONE)),
                shard("shardId-C3", TWO_127, TWO_127.add(quarter).subtract(BigInteger.ONE)),
                shard("shardId-C4", TWO_127.add(quarter), MAX));
        ShardMap beforeMap = ShardMap.of(before, 1);
        String k = "a"; // MD5("a") starts 0x0c: shard P
        String j = "b"; // MD5("b") starts 0x92: shard Q
        assertThat(beforeMap.forPartitionKey(k).shardId()).isEqualTo("shardId-P");
        assertThat(beforeMap.forPartitionKey(j).shardId()).isEqualTo("shardId-Q");

        FakeKinesis fake = new FakeKinesis(before);
        fake.holdFirst = 2;
        DefaultKinesisProducer p = producer(fake, config(false, true), RetryPolicy.standard());
        try {
            CompletableFuture<SendResult> k0 = p.send(k, "a|0".getBytes(StandardCharsets.UTF_8));
            await("k0 in flight", () -> fake.requests.size() == 1);
            CompletableFuture<SendResult> j0 = p.send(j, "b|0".getBytes(StandardCharsets.UTF_8));
            await("j0 in flight", () -> fake.requests.size() == 2);
            CompletableFuture<SendResult> k1 = p.send(k, "a|1".getBytes(StandardCharsets.UTF_8));

            fake.shards = after; // the stream is resharded now
            fake.release(1); // j0 lands on a child of Q: the producer re-reads the map
            await("the map re-read", () -> fake.listCalls.get() == 2);
            // a producer that moved k1 to P's child at once would have stored it by now
            sleep(200);
            fake.releaseFailed(0, "ProvisionedThroughputExceededException"); // k0 must be retried

            assertTimeoutPreemptively(HANG_GUARD, () -> p.flush());
            // flush() returns once every outcome is known; the futures complete on the callback
            // thread right after (KinesisProducer.flush's contract), so wait for them, bounded
            assertThat(List.of(k0, j0, k1)).allSatisfy(f -> assertThat(f).succeedsWithin(HANG_GUARD));
            assertThat(k0.join().attempts()).isEqualTo(2);
        } finally {
            p.close();
        }
        assertThat(fake.stored.stream().filter(s -> s.startsWith(k + "|"))).containsExactly("a|a|0", "a|a|1");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
