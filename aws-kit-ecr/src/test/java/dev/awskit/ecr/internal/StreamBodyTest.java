package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The upload body that streams a blob from its source (no network). */
class StreamBodyTest {

    /** Records what a publisher sends; asks for {@code batch} items at a time, from inside onNext too. */
    private static class Recorder implements Flow.Subscriber<ByteBuffer> {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> sizes = new ArrayList<>();
        final List<byte[]> arrays = new ArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        boolean completed;
        Flow.Subscription subscription;
        final int batch;

        Recorder(int batch) {
            this.batch = batch;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(batch);
        }

        @Override
        public void onNext(ByteBuffer item) {
            sizes.add(item.remaining());
            arrays.add(item.array());
            byte[] b = new byte[item.remaining()];
            item.get(b);
            bytes.writeBytes(b);
            if (sizes.size() % batch == 0) {
                subscription.request(batch); // re-entrant demand, as the HTTP client may do
            }
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void subscribe_sendsTheExactBytesInChunksOfAtMost256KiB_eachInItsOwnArray() {
        byte[] blob = random(1_000_003, 1);
        Recorder r = new Recorder(1);

        RegistryClient.StreamBody body = new RegistryClient.StreamBody(new ByteArrayInputStream(blob), blob.length);
        body.subscribe(r);

        assertThat(body.contentLength()).isEqualTo(blob.length);
        assertThat(r.error.get()).isNull();
        assertThat(r.completed).isTrue();
        assertThat(r.bytes.toByteArray()).isEqualTo(blob);
        assertThat(r.sizes).containsExactly(262_144, 262_144, 262_144, 213_571);
        // the client may still hold a chunk when it asks for the next: no array is handed out twice
        assertThat(r.arrays).doesNotHaveDuplicates();
    }

    @Test
    void subscribe_withLargeDemandFromInsideOnNext_sendsEverythingOnceInOrder() {
        byte[] blob = random(3 * 262_144 + 1, 2);
        Recorder r = new Recorder(2);

        new RegistryClient.StreamBody(new ByteArrayInputStream(blob), blob.length).subscribe(r);

        assertThat(r.completed).isTrue();
        assertThat(r.bytes.toByteArray()).isEqualTo(blob);
    }

    @Test
    void subscribe_readsTheSourceToItsEnd_soADigestMismatchFailsTheBodyInsteadOfCompletingIt() {
        byte[] blob = random(300_000, 3);
        byte[] tampered = blob.clone();
        tampered[299_999] ^= 1;
        String digest = DigestingInputStream.digestOf(blob);
        Recorder r = new Recorder(1);

        new RegistryClient.StreamBody(
                        new DigestingInputStream(
                                new ByteArrayInputStream(tampered), digest, blob.length, "blob x", n -> {}),
                        blob.length)
                .subscribe(r);

        assertThat(r.completed).isFalse();
        assertThat(r.error.get())
                .isInstanceOf(DigestingInputStream.BlobMismatchException.class)
                .hasMessageStartingWith("blob x: digest mismatch, expected " + digest);
    }

    @Test
    void subscribe_whenTheSourceFails_endsTheBodyWithThatFailure() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset by the source");
            }
        };
        Recorder r = new Recorder(1);

        new RegistryClient.StreamBody(failing, 10).subscribe(r);

        assertThat(r.completed).isFalse();
        assertThat(r.error.get()).isInstanceOf(IOException.class).hasMessage("connection reset by the source");
    }

    @Test
    void subscribe_aSecondTime_failsThatSubscriberAndNeverReadsTheSourceAgain() {
        byte[] blob = random(1000, 4);
        RegistryClient.StreamBody body = new RegistryClient.StreamBody(new ByteArrayInputStream(blob), blob.length);
        Recorder first = new Recorder(1);
        Recorder second = new Recorder(1);

        body.subscribe(first);
        body.subscribe(second);

        assertThat(first.bytes.toByteArray()).isEqualTo(blob);
        assertThat(second.sizes).isEmpty();
        assertThat(second.error.get())
                .isInstanceOf(IOException.class)
                .hasMessage("an upload body streams once; the upload must start over");
    }

    @Test
    void cancel_stopsReading() {
        byte[] blob = random(600_000, 5);
        Recorder r = new Recorder(1) {
            @Override
            public void onNext(ByteBuffer item) {
                sizes.add(item.remaining());
                subscription.cancel();
                subscription.request(1);
            }
        };

        new RegistryClient.StreamBody(new ByteArrayInputStream(blob), blob.length).subscribe(r);

        assertThat(r.sizes).containsExactly(262_144);
        assertThat(r.completed).isFalse();
    }
}
