package dev.awskit.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The MD5 trailer of an aggregate is written by exactly one thread, outside the producer's lock:
 * the sender before the first dispatch, or a sendAll caller that claimed it first.
 */
class AggregateDigestHandOffTest {

    private static ProducerEngine.Entry aggregate() {
        KplAggregate.Builder b = new KplAggregate.Builder();
        PartitionKey.Cache keys = new PartitionKey.Cache();
        PartitionKey k = keys.get("user-1", false);
        for (int i = 0; i < 50; i++) {
            b.add(k.text, k.utf8, null, ("record " + i).getBytes(StandardCharsets.UTF_8));
        }
        byte[] data = b.encodeWithoutDigest();
        ProducerEngine.Pending member = new ProducerEngine.Single(k, data, System.nanoTime());
        ProducerEngine.Entry e = new ProducerEngine.Entry(
                k.text, "0", data, k.utf8.length, new ProducerEngine.Pending[] {member}, true, 1_000_000_000L);
        e.digest = ProducerEngine.DIGEST_TODO;
        return e;
    }

    @Test
    void encodeWithoutDigest_isNotAnAggregateUntilTheDigestIsWritten_thenDecodes() {
        ProducerEngine.Entry e = aggregate();
        assertThat(KplAggregate.isAggregated(e.data)).isFalse();

        ProducerEngine.writeDigest(e, true);

        assertThat(KplAggregate.isAggregated(e.data)).isTrue();
        assertThat(KplAggregate.decode(e.data)).hasSize(50);
        assertThat(e.digest).isEqualTo(ProducerEngine.DIGEST_NONE);
    }

    @Test
    void writeDigest_whenAnotherThreadClaimedIt_withoutWait_leavesItToThatThread() {
        ProducerEngine.Entry e = aggregate();
        e.digest = ProducerEngine.DIGEST_BUSY; // another thread is hashing

        ProducerEngine.writeDigest(e, false);

        assertThat(KplAggregate.isAggregated(e.data))
                .as("not written twice, nor by this thread")
                .isFalse();
        assertThat(e.digest).isEqualTo(ProducerEngine.DIGEST_BUSY);
    }

    @Test
    void writeDigest_theSenderWaitsForTheThreadThatClaimedIt_andSendsOnlyWhenWritten() throws Exception {
        ProducerEngine.Entry e = aggregate();
        e.digest = ProducerEngine.DIGEST_BUSY;
        CountDownLatch started = new CountDownLatch(1);
        boolean[] validWhenReturned = new boolean[1];
        Thread sender = new Thread(() -> {
            started.countDown();
            ProducerEngine.writeDigest(e, true);
            validWhenReturned[0] = KplAggregate.isAggregated(e.data);
        });
        sender.start();
        started.await();
        Thread.sleep(50);
        assertThat(sender.isAlive())
                .as("waits while the digest is being written")
                .isTrue();

        KplAggregate.writeDigest(e.data); // the claiming thread finishes
        e.digest = ProducerEngine.DIGEST_NONE;

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> sender.join()); // hang guard only
        assertThat(validWhenReturned[0]).isTrue();
    }
}
