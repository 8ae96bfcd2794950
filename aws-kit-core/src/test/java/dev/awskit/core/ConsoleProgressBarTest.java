package dev.awskit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bar's drawing policy, with the time and the output injected: no real clock, no timing assertion. */
class ConsoleProgressBarTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<String> writes = new ArrayList<>();

    private static ProgressEvent event(long done, long total, boolean finished) {
        return ProgressEvent.builder()
                .operation("copy")
                .completedUnits(done)
                .totalUnits(total)
                .unit("files")
                .done(finished)
                .build();
    }

    private List<String> lines() {
        return List.of(String.join("", writes).split(System.lineSeparator()));
    }

    @Test
    void withoutTerminal_printsOneLinePerTenPercent_evenWhenEventsComeEveryMillisecond() {
        ConsoleProgressBar bar = ConsoleProgressBar.to(writes::add, false, clock::get);
        for (int i = 0; i < 1000; i++) { // 1,000 events, 1 ms apart: 1 s in all, never 5 s without a line
            bar.onProgress(event(i, 1000, false));
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        }
        bar.onProgress(event(1000, 1000, true));

        // 0 %, 10 %, ... 90 %, and the last event: 11 lines, each a whole line, no carriage return
        assertThat(lines()).hasSize(11);
        assertThat(String.join("", writes)).doesNotContain("\r");
        assertThat(lines().get(0)).startsWith("[....................] 0/1,000 files");
        assertThat(lines().get(1)).startsWith("[##..................] 100/1,000 files");
        assertThat(lines().get(9)).startsWith("[##################..] 900/1,000 files");
        assertThat(lines().get(10))
                .startsWith("[####################] 1,000/1,000 files")
                .contains("done in 1.0s");
    }

    @Test
    void withoutTerminal_reachingTheTotal_printsOnlyTheLastEventsLine_notTheSameBarTwice() {
        ConsoleProgressBar bar = ConsoleProgressBar.to(writes::add, false, clock::get);
        for (int i = 1; i <= 4; i++) { // what the tour's 4-file sync sends: 1/4 .. 4/4, then done
            bar.onProgress(event(i, 4, false));
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
        }
        bar.onProgress(event(4, 4, true));

        assertThat(lines()).hasSize(4);
        assertThat(lines().get(2)).startsWith("[###############.....] 3/4 files");
        assertThat(lines().get(3))
                .startsWith("[####################] 4/4 files")
                .contains("done in");
    }

    @Test
    void withoutTerminal_andUnknownTotal_printsAtMostOneLinePerFiveSeconds() {
        ConsoleProgressBar bar = ConsoleProgressBar.to(writes::add, false, clock::get);
        for (int i = 0; i < 60; i++) { // one event a second for a minute
            bar.onProgress(event(i * 10, -1, false));
            clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        }
        bar.onProgress(event(600, -1, true));

        // at 0, 5, 10, ... 55 s (12 lines) and the last event
        assertThat(lines()).hasSize(13);
        assertThat(lines().get(1)).startsWith("[                    ] 50 files");
        assertThat(lines().get(12))
                .startsWith("[####################] 600 files")
                .contains("done in 60.0s");
    }

    @Test
    void withoutTerminal_slowProgress_stillPrintsEveryFiveSeconds() {
        ConsoleProgressBar bar = ConsoleProgressBar.to(writes::add, false, clock::get);
        for (int i = 0; i < 30; i++) { // 1 % every 2 s: no new tenth for 20 s at a time
            bar.onProgress(event(i, 100, false));
            clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
        }
        // at 0 s (0 %), then every 6 s (the first event 5 s or more after the last line), and 10 %, 20 %
        assertThat(lines())
                .extracting(l -> l.substring(23, l.indexOf(" files")))
                .containsExactly(
                        "0/100", "3/100", "6/100", "9/100", "10/100", "13/100", "16/100", "19/100", "20/100", "23/100",
                        "26/100", "29/100");
    }

    @Test
    void onTerminal_redrawsInPlace_atMostEveryHundredMilliseconds_andEndsTheLine() {
        ConsoleProgressBar bar = ConsoleProgressBar.to(writes::add, true, clock::get);
        for (int i = 0; i < 100; i++) { // every 10 ms for 1 s
            bar.onProgress(event(i, 100, false));
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
        }
        bar.onProgress(event(100, 100, true));

        assertThat(writes).hasSize(11); // at 0, 100, ... 900 ms, and the last event
        assertThat(writes).allSatisfy(w -> assertThat(w).startsWith("\r"));
        assertThat(writes.subList(0, 10)).noneSatisfy(w -> assertThat(w).contains("\n"));
        assertThat(writes.get(10)).endsWith("\n").contains("[####################] 100/100 files");
    }

    @Test
    void onTerminal_aShorterRedraw_blanksTheRestOfTheLongerOne() {
        ConsoleProgressBar bar = ConsoleProgressBar.to(writes::add, true, clock::get);
        bar.onProgress(event(0, 100_000, false));
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
        bar.onProgress(event(99_000, 100_000, false)); // 495,000 files/s
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1000));
        bar.onProgress(event(99_001, 100_000, false)); // 99 files/s: a shorter line

        assertThat(writes.get(1)).contains("495,000 files/s");
        assertThat(writes.get(2)).contains(" 99 files/s").endsWith("   ");
        assertThat(writes.get(2)).hasSameSizeAs(writes.get(1));
    }

    @Test
    void reusedForASecondOperation_startsAgainFromItsFirstEvent() {
        ConsoleProgressBar bar = ConsoleProgressBar.to(writes::add, false, clock::get);
        bar.onProgress(event(0, 10, false));
        bar.onProgress(event(10, 10, true));
        clock.addAndGet(TimeUnit.SECONDS.toNanos(600)); // idle ten minutes
        bar.onProgress(event(0, 10, false));
        clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
        bar.onProgress(event(10, 10, true));

        assertThat(lines()).hasSize(4);
        assertThat(lines().get(2)).startsWith("[....................] 0/10 files");
        assertThat(lines().get(3)).contains("done in 2.0s");
    }

    @Test
    void standardError_inThisForkedTestJvmWithoutConsole_printsLines() {
        // surefire's fork has no terminal: System.console() is null, as in JShell's remote agent
        assertThat(System.console()).isNull();
        assertThat(ConsoleProgressBar.toStandardError().inPlace()).isFalse();
        assertThat(ConsoleProgressBar.toStandardError()).hasToString("ConsoleProgressBar{lines, every 10 % or 5 s}");
    }
}
