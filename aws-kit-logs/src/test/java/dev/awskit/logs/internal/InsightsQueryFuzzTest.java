package dev.awskit.logs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.awskit.core.AwsKit;
import dev.awskit.logs.InsightsQuery;
import dev.awskit.logs.InsightsRow;
import dev.awskit.logs.Logs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of what the kit reads from user input: the query string ({@code limit}, {@code sort},
 * {@code stats}/{@code dedup}, quotes, regular expressions, comments) through {@code logs().insights}
 * and the {@code @timestamp} values of rows. Each input gives a value or an IllegalArgumentException
 * with a short message, never another exception; a 1 MB input is read in one linear pass (the
 * timeout is only a guard against a hang, not a speed claim).
 */
class InsightsQueryFuzzTest {
    private static final String[] PIECES = {
        "fields @timestamp, @message",
        " | ",
        "|",
        "sort",
        " @timestamp",
        " desc",
        " asc",
        ",",
        " limit ",
        "limit",
        " any ",
        "stats count(*) by bin(5m)",
        "dedup @message",
        "filter @message like ",
        "/",
        "/x|y/",
        "'",
        "\"",
        "`",
        "\\",
        "#",
        "\n",
        " like",
        "=~",
        "parse @message ",
        "(",
        ")",
        " ",
        "0",
        "1",
        "9",
        "10000",
        "100000",
        "100001",
        "99999999999999999999",
        "-1",
        "@ptr",
        "display",
        "\u00e9",
        "\u0000",
        "\uD83D\uDE00",
        "\t"
    };

    private final AwsKit kit = AwsKit.builder()
            .region("us-east-1")
            .credentials("awskit-test-key", "test-secret")
            .endpoint("http://127.0.0.1:9")
            .build();

    @AfterEach
    void close() {
        kit.close();
    }

    private static String randomQuery(Random r) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(14);
        for (int i = 0; i < n; i++) {
            if (r.nextInt(10) == 0) {
                b.append((char) r.nextInt(0x3000));
            } else {
                b.append(PIECES[r.nextInt(PIECES.length)]);
            }
        }
        return b.toString();
    }

    /** A value, or an IllegalArgumentException with a short message: anything else fails. */
    private static <T> void valueOrIae(String input, Function<String, T> f) {
        String shown = input.length() > 80 ? input.substring(0, 80) + "... (" + input.length() + " chars)" : input;
        T value;
        try {
            value = f.apply(input);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as(shown).isNotBlank().hasSizeLessThan(400);
            return;
        }
        assertThat(value).as(shown).isNotNull();
    }

    @Test
    void insights_whenFuzzed_returnsAQueryOrAnIllegalArgumentException() {
        Random r = new Random(20261203L);
        for (int i = 0; i < 4000; i++) {
            String q = randomQuery(r);
            valueOrIae(q, text -> Logs.of(kit).insights(text));
            valueOrIae(q, QueryText::parse);
        }
    }

    @Test
    void parseTimestamp_whenFuzzed_returnsAnInstantOrAnIllegalArgumentException() {
        Random r = new Random(7L);
        String[] pieces = {
            "2024",
            "-",
            "03",
            "01",
            " ",
            "T",
            ":",
            "00",
            ".",
            "123",
            "Z",
            "+01:00",
            "9",
            "999999999999",
            "99999999999999999999",
            "",
            "x",
            "\u0661"
        };
        for (int i = 0; i < 4000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(10); k >= 0; k--) {
                b.append(pieces[r.nextInt(pieces.length)]);
            }
            valueOrIae(b.toString(), InsightsRow::parseTimestamp);
        }
    }

    @Test
    void insights_whenOneMegabyte_readsItInOnePass() {
        int mb = 1 << 20;
        List<String> inputs = List.of(
                "|".repeat(mb),
                "/".repeat(mb),
                "parse @message /".repeat(mb / 16),
                "filter @message like /".repeat(mb / 22),
                "a/".repeat(mb / 2),
                "x ".repeat(mb / 2) + "/",
                " /".repeat(mb / 2),
                "'".repeat(mb),
                "\"a".repeat(mb / 2),
                "#".repeat(mb),
                "sort @timestamp desc | ".repeat(mb / 23),
                "limit 9" + "9".repeat(mb),
                "fields " + "@message, ".repeat(mb / 10));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (String q : inputs) {
                valueOrIae(q, text -> Logs.of(kit).insights(text)); // reads the text with QueryText
                valueOrIae(q, InsightsRow::parseTimestamp);
            }
        });
    }

    @Test
    void insights_whenLimitIsOutOfRange_failsAtOnceNamingIt() {
        InsightsQuery ok = Logs.of(kit).insights("fields @message | limit 5").between(Instant.EPOCH, Instant.EPOCH);
        assertThat(ok).isNotNull();
        assertThatThrownBy(() -> Logs.of(kit).insights("fields @message | limit 0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'limit 0' in the Logs Insights query: expected a whole number from 1 to 100000,"
                        + " e.g. '| limit 500'");
    }
}
