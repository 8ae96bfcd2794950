package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKitException;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A step beside the caller: its result, or its exception as thrown, and a cancel that interrupts
 * it. Latches order the threads; nothing here waits on a clock.
 */
class BesideTest {

    @Test
    void join_givesTheResult_andRethrowsTheStepsExceptionUnchanged() {
        assertThat(Beside.start("t", "a step", () -> "x").join()).isEqualTo("x");

        IllegalStateException thrown = new IllegalStateException("the source said no");
        Beside<String> failing = Beside.start("t", "a step", () -> {
            throw thrown;
        });
        assertThatThrownBy(failing::join).isSameAs(thrown);

        Beside<String> checked = Beside.start("t", "reading the index", () -> {
            throw new IOException("connection reset");
        });
        assertThatThrownBy(checked::join)
                .isInstanceOf(AwsKitException.class)
                .hasMessage("reading the index failed: java.io.IOException: connection reset")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void cancel_whileTheStepRuns_interruptsIt_andJoinSaysItWasCancelled() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Beside<String> b = Beside.start("t", "HEAD manifest app:1", () -> {
            running.countDown();
            try {
                new CountDownLatch(1).await(); // until interrupted
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "late";
        });
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();

        b.cancel();

        assertThat(interrupted.await(30, TimeUnit.SECONDS))
                .as("the step's thread is interrupted")
                .isTrue();
        assertThatThrownBy(b::join).isInstanceOf(AwsKitException.class).hasMessage("HEAD manifest app:1 was cancelled");
    }
}
