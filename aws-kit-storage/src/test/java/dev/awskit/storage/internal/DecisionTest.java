package dev.awskit.storage.internal;

import static dev.awskit.storage.internal.Decision.COPY;
import static dev.awskit.storage.internal.Decision.SKIP;
import static dev.awskit.storage.internal.Decision.VERIFY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.storage.CompareMode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DecisionTest {
    private static final long T = 1_700_000_000_000L; // a whole second
    private static final String MD5_A = "0cc175b9c0f1b6a831c399e269772661";
    private static final String MD5_B = "92eb5ffee6ae2fec3ad71c777531578f";
    private static final String MULTI = "e6065c4aa2ab1603008fc18410f579d4-2";

    static Stream<Arguments> cases() {
        return Stream.of(
                // size differs: copy in every mode and direction
                c(CompareMode.SIZE_AND_TIME, Direction.UPLOAD, 10, T, 11, T + 9_000, COPY),
                c(CompareMode.SIZE_ONLY, Direction.DOWNLOAD, 10, T, 11, T, COPY),
                c(CompareMode.EXACT_TIMESTAMPS, Direction.COPY, 10, T, 9, T, COPY),
                c(CompareMode.CHECKSUM, Direction.UPLOAD, 10, T, 9, T, COPY),
                // default rule, upload and copy: copy when the source is newer
                c(CompareMode.SIZE_AND_TIME, Direction.UPLOAD, 10, T + 5_000, 10, T, COPY),
                c(CompareMode.SIZE_AND_TIME, Direction.UPLOAD, 10, T, 10, T + 5_000, SKIP),
                c(CompareMode.SIZE_AND_TIME, Direction.UPLOAD, 10, T, 10, T, SKIP),
                c(CompareMode.SIZE_AND_TIME, Direction.COPY, 10, T + 1_000, 10, T, COPY),
                c(CompareMode.SIZE_AND_TIME, Direction.COPY, 10, T, 10, T + 1_000, SKIP),
                // to the second: a file written at .700 and uploaded in the same second is not re-sent
                c(CompareMode.SIZE_AND_TIME, Direction.UPLOAD, 10, T + 700, 10, T, SKIP),
                c(CompareMode.SIZE_AND_TIME, Direction.UPLOAD, 10, T + 1_700, 10, T, COPY),
                // the CLI's download rule: copy only when the local file is newer than the object
                c(CompareMode.SIZE_AND_TIME, Direction.DOWNLOAD, 10, T, 10, T + 5_000, COPY),
                c(CompareMode.SIZE_AND_TIME, Direction.DOWNLOAD, 10, T + 5_000, 10, T, SKIP),
                c(CompareMode.SIZE_AND_TIME, Direction.DOWNLOAD, 10, T, 10, T, SKIP),
                // exact timestamps: downloads copy on any difference; uploads keep the default rule
                c(CompareMode.EXACT_TIMESTAMPS, Direction.DOWNLOAD, 10, T + 5_000, 10, T, COPY),
                c(CompareMode.EXACT_TIMESTAMPS, Direction.DOWNLOAD, 10, T, 10, T + 5_000, COPY),
                c(CompareMode.EXACT_TIMESTAMPS, Direction.DOWNLOAD, 10, T, 10, T, SKIP),
                c(CompareMode.EXACT_TIMESTAMPS, Direction.UPLOAD, 10, T, 10, T + 5_000, SKIP),
                c(CompareMode.EXACT_TIMESTAMPS, Direction.UPLOAD, 10, T + 5_000, 10, T, COPY),
                // size only: times never matter
                c(CompareMode.SIZE_ONLY, Direction.UPLOAD, 10, T + 9_000, 10, T, SKIP),
                c(CompareMode.SIZE_ONLY, Direction.DOWNLOAD, 10, T, 10, T + 9_000, SKIP),
                // checksum: content decides, whatever the times
                c(CompareMode.CHECKSUM, Direction.UPLOAD, 10, T, 10, T + 9_000, VERIFY),
                c(CompareMode.CHECKSUM, Direction.DOWNLOAD, 10, T + 9_000, 10, T, VERIFY));
    }

    private static Arguments c(
            CompareMode m, Direction d, long srcSize, long srcTime, long dstSize, long dstTime, Decision expected) {
        String srcEtag = d == Direction.UPLOAD ? null : MD5_A;
        String dstEtag = d == Direction.DOWNLOAD ? null : MD5_A;
        return Arguments.of(
                m, d, new Entry("k", srcSize, srcTime, srcEtag), new Entry("k", dstSize, dstTime, dstEtag), expected);
    }

    @ParameterizedTest(name = "{0} {1}: {2} vs {3} -> {4}")
    @MethodSource("cases")
    void decide_followsTheModesRules(CompareMode m, Direction d, Entry src, Entry dst, Decision expected) {
        assertThat(Decision.decide(m, d, src, dst)).isEqualTo(expected);
    }

    static Stream<Arguments> copies() {
        return Stream.of(
                Arguments.of(MD5_A, MD5_A, SKIP),
                Arguments.of(MD5_A, MD5_B, COPY),
                Arguments.of(MULTI, MULTI, SKIP),
                Arguments.of(MULTI, MD5_A, COPY), // cannot be proven equal without reading
                Arguments.of(MD5_A, null, COPY),
                Arguments.of("not-an-md5", "not-an-md5", COPY));
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @MethodSource("copies")
    void decide_checksumS3ToS3_comparesEtags(String srcEtag, String dstEtag, Decision expected) {
        Entry src = new Entry("k", 10, T + 9_000, srcEtag);
        Entry dst = new Entry("k", 10, T, dstEtag);
        assertThat(Decision.decide(CompareMode.CHECKSUM, Direction.COPY, src, dst))
                .isEqualTo(expected);
    }
}
