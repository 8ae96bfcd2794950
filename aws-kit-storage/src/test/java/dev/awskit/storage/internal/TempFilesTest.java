package dev.awskit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TempFilesTest {
    private static final Instant NOW = Instant.parse("2026-12-03T14:00:00Z");
    private static final FileTime FRESH = FileTime.from(NOW.minusSeconds(5));
    private static final FileTime OLD = FileTime.from(NOW.minus(Duration.ofHours(2)));

    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void newName_isATempNameCarryingThisProcessId() {
        String n = TempFiles.newName();
        assertThat(TempFiles.isTemp(n)).isTrue();
        assertThat(n)
                .startsWith(".awskit-" + ProcessHandle.current().pid() + "-")
                .endsWith(".part");
        assertThat(TempFiles.newName()).isNotEqualTo(n);
    }

    @Test
    void isStale_whenItsProcessIsGone_evenIfJustWritten() throws Exception {
        assertThat(TempFiles.isStale(".awskit-" + deadPid() + "-ab12.part", FRESH, NOW))
                .isTrue();
    }

    @Test
    void isStale_notForThisProcessOrALiveOne_untilIdleForAnHour() {
        String mine = ".awskit-" + ProcessHandle.current().pid() + "-ab12.part";
        assertThat(TempFiles.isStale(mine, FRESH, NOW)).isFalse();
        assertThat(TempFiles.isStale(mine, OLD, NOW)).isTrue();
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
        assertThat(TempFiles.isStale(".awskit-" + parent + "-ab12.part", FRESH, NOW))
                .isFalse();
    }

    @Test
    void isStale_forANameWithoutAPid_byAgeOnly() {
        // the names of earlier versions (Files.createTempFile: .awskit-<random number>.part)
        assertThat(TempFiles.isStale(".awskit-8812739127391.part", FRESH, NOW)).isFalse();
        assertThat(TempFiles.isStale(".awskit-8812739127391.part", OLD, NOW)).isTrue();
        assertThat(TempFiles.isStale(".awskit-x-y.part", FRESH, NOW)).isFalse();
        assertThat(TempFiles.isStale(".awskit-.part", OLD, NOW)).isTrue();
    }
}
