package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CopyOptionsStateTest {
    @Test
    void defaults_areAllPlatformsAndSixBlobsAtOnce() {
        ImageCopier.Options o = new CopyOptionsState().toOptions(false);

        assertThat(o.platforms()).isEmpty();
        assertThat(o.parallelism()).isEqualTo(6);
    }

    @Test
    void platforms_afterAllPlatforms_isAnError() {
        CopyOptionsState s = new CopyOptionsState();
        s.allPlatforms();

        assertThatThrownBy(() -> s.platforms("linux/amd64"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("platforms was already set to allPlatforms(); cannot set it to [linux/amd64]");
    }

    @Test
    void platforms_whenMalformed_namesTheExpectedForm() {
        assertThatThrownBy(() -> new CopyOptionsState().platforms("amd64"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("platform 'amd64' must be os/architecture[/variant], e.g. linux/amd64 or linux/arm64/v8");
    }

    @Test
    void parallelism_outOfRange_namesTheValue() {
        assertThatThrownBy(() -> new CopyOptionsState().parallelism(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be 1..64 blobs at once, was 0");
    }
}
