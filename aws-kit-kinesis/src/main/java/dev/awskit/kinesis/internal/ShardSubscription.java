package dev.awskit.kinesis.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;

/**
 * One SubscribeToShard call (it lasts up to five minutes): events are queued as they are pushed and
 * one more is requested only when the consumer took one, so at most one event per shard waits in
 * memory. The consumer's thread reads it; the SDK's threads fill it.
 */
final class ShardSubscription implements Subscriber<SubscribeToShardEventStream> {
    private final ConcurrentLinkedQueue<SubscribeToShardEvent> events = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private volatile Subscription subscription;
    private volatile boolean completed;

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(SubscribeToShardEventStream e) {
        if (e instanceof SubscribeToShardEvent event) {
            events.add(event);
        } else {
            request();
        }
    }

    @Override
    public void onError(Throwable t) {
        error.compareAndSet(null, t);
        completed = true;
    }

    @Override
    public void onComplete() {
        completed = true;
    }

    /** Called when the whole call failed before or after the stream (the future's failure). */
    void failed(Throwable t) {
        onError(t);
    }

    /** The next event, or null; asks for one more after handing one out. */
    SubscribeToShardEvent next() {
        SubscribeToShardEvent e = events.poll();
        if (e != null) {
            request();
        }
        return e;
    }

    /** Ended (five minutes passed, the shard ended, or it failed) and nothing left to read. */
    boolean done() {
        return completed && events.isEmpty();
    }

    Throwable error() {
        return error.get();
    }

    void cancel() {
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        completed = true;
    }

    private void request() {
        Subscription s = subscription;
        if (s != null && !completed) {
            s.request(1);
        }
    }
}
