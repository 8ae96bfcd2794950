package dev.awskit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProgressAndPagingTest {

    @Test
    void bar_rendersCountsBytesAndRate() {
        ProgressEvent e = ProgressEvent.builder()
                .operation("sync")
                .completedUnits(5_120)
                .totalUnits(10_000)
                .completedBytes(80L << 20)
                .totalBytes(160L << 20)
                .unit("files")
                .build();
        assertThat(ConsoleProgressBar.render(e, 4_000_000_000L))
                .isEqualTo("[##########..........] 5,120/10,000 files  80.0 MiB/160.0 MiB  1,280 files/s  eta 4s");
        assertThat(e.toString()).contains("completedUnits=5120");
    }

    @Test
    void bar_withUnknownTotals_showsCountsOnly() {
        ProgressEvent e = ProgressEvent.builder()
                .operation("list")
                .completedUnits(42)
                .unit("objects")
                .build();
        assertThat(ConsoleProgressBar.render(e, 0)).isEqualTo("[                    ] 42 objects");
    }

    @Test
    void byToken_fetchesPagesOnlyAsTheStreamNeedsThem() {
        List<String> tokensAsked = new ArrayList<>();
        List<String> firstThree = Pages.<String[], String>byToken(
                        token -> {
                            tokensAsked.add(String.valueOf(token));
                            int page = token == null ? 0 : Integer.parseInt(token);
                            return new String[] {"p" + page + "a", "p" + page + "b", page < 9 ? "" + (page + 1) : null};
                        },
                        p -> List.of(p[0], p[1]),
                        p -> p[2])
                .limit(3)
                .toList();
        assertThat(firstThree).containsExactly("p0a", "p0b", "p1a");
        assertThat(tokensAsked).containsExactly("null", "1");
    }

    @Test
    void byToken_readsEveryPageUntilTheTokenEnds() {
        long count = Pages.<Integer, Integer>byToken(
                        token -> token == null ? 0 : Integer.parseInt(token),
                        page -> List.of(page, page),
                        page -> page < 4 ? String.valueOf(page + 1) : "")
                .count();
        assertThat(count).isEqualTo(10);
    }

    @Test
    void wait_returnsTheValueOnceTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();
        String v = Wait.until("stream s to be ACTIVE")
                .firstDelay(Duration.ofMillis(1))
                .poll(() -> polls.incrementAndGet() < 3 ? Optional.empty() : Optional.of("ACTIVE"));
        assertThat(v).isEqualTo("ACTIVE");
        assertThat(polls).hasValue(3);
    }

    @Test
    void wait_timeoutSaysWhatItWaitedForAndTheLastState() {
        assertThatThrownBy(() -> Wait.until("stream my-event-dev to be ACTIVE")
                        .timeout(Duration.ofMillis(30))
                        .firstDelay(Duration.ofMillis(5))
                        .pollWithState(() -> Wait.Outcome.notYet("CREATING")))
                .isInstanceOf(WaitTimeoutException.class)
                .hasMessageMatching("Timed out after \\d+\\.\\ds waiting for stream my-event-dev to be ACTIVE;"
                        + " last seen: CREATING\\. Check the resource, or wait longer with timeout\\(\\.\\.\\.\\)\\.");
    }
}
