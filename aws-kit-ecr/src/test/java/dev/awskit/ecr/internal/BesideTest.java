package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKitException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A step beside the caller: its result or its exception as thrown, and a result nobody takes is
 * released exactly once, whether it came before or after the cancel (an opened stream is closed,
 * never leaked). Latches order the threads; nothing here waits on a clock.
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
    void cancel_afterTheResultCame_releasesItOnce() throws Exception {
        List<String> released = new CopyOnWriteArrayList<>();
        Beside<String> b = Beside.start("t", "a step", () -> "stream", released::add);
        assertThat(b.join()).isEqualTo("stream"); // produced

        b.cancel();
        b.cancel();

        assertThat(released).containsExactly("stream");
    }

    @Test
    void cancel_whileTheStepRuns_interruptsIt_andReleasesWhatItProducesAnyway() throws Exception {
        List<String> released = new CopyOnWriteArrayList<>();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Beside<String> b = Beside.start(
                "t",
                "a step",
                () -> {
                    running.countDown();
                    try {
                        new CountDownLatch(1).await(); // until interrupted
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return "opened anyway"; // e.g. a stream that arrived as the cancel came
                },
                s -> {
                    released.add(s);
                    finished.countDown();
                });
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();

        b.cancel();

        assertThat(interrupted.await(30, TimeUnit.SECONDS))
                .as("the step's thread is interrupted")
                .isTrue();
        assertThat(finished.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(released).containsExactly("opened anyway");
    }

    @Test
    void cancel_ofAStepThatFailed_releasesNothing() throws Exception {
        List<String> released = new CopyOnWriteArrayList<>();
        Beside<String> b = Beside.start(
                "t",
                "a step",
                () -> {
                    throw new IllegalStateException("refused");
                },
                released::add);
        assertThatThrownBy(b::join).isInstanceOf(IllegalStateException.class);

        b.cancel();

        assertThat(released).isEmpty();
    }
}
