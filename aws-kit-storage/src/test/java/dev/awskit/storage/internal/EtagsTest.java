package dev.awskit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EtagsTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void candidatePartSizes_includeEveryWholeMiBThatGivesThePartCount() {
        // 13 MiB in 3 parts: whole-MiB part sizes 5 and 6 give 3 parts (ceil(13/5) = ceil(13/6) = 3)
        assertThat(Etags.candidatePartSizes(13 * MIB, 3, 8 * MIB)).contains(5 * MIB, 6 * MIB);
        assertThat(Etags.candidatePartSizes(21 * MIB, 3, 8 * MIB)).contains(7 * MIB, 8 * MIB, 9 * MIB, 10 * MIB);
        assertThat(Etags.candidatePartSizes(25 * MIB, 3, 8 * MIB)).contains(9 * MIB, 10 * MIB, 11 * MIB, 12 * MIB);
    }

    @Test
    void candidatePartSizes_giveExactlyThePartCount_andAreBounded() {
        Random r = new Random(5);
        for (int i = 0; i < 2000; i++) {
            long size = 5 * MIB + (long) (r.nextDouble() * 2000 * MIB);
            int parts = 1 + r.nextInt(60);
            Set<Long> c = Etags.candidatePartSizes(size, parts, 8 * MIB);
            assertThat(c).hasSizeLessThanOrEqualTo(Etags.MAX_CANDIDATES);
            for (long ps : c) {
                assertThat((size + ps - 1) / ps)
                        .as("parts of %d with %d", size, ps)
                        .isEqualTo(parts);
            }
        }
    }

    @Test
    void candidatePartSizes_ofOnePart_isTheWholeObject() {
        assertThat(Etags.candidatePartSizes(3 * MIB, 1, 8 * MIB)).containsExactly(3 * MIB);
    }
}
