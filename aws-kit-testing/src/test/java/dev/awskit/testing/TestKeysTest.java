package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestKeysTest {
    // the shape AWS documents for access key ids (IAM User Guide, "Manage access keys for IAM users":
    // AKIA for long-term keys, ASIA for temporary ones), written as a pattern, not as a literal key
    private static final String SHAPE = "(AKIA|ASIA)[A-Z0-9]{16}";

    @Test
    void longTerm_isAkiaAndSixteenCharactersFromTheLabel() {
        assertThat(TestKeys.longTerm("old"))
                .matches(SHAPE)
                .startsWith("AKIA")
                .isEqualTo("AKIA" + "OLD" + "0".repeat(13));
        assertThat(TestKeys.longTerm("abcdefghij012345")).isEqualTo("AKIA" + "ABCDEFGHIJ012345");
    }

    @Test
    void session_isAsiaAndSixteenCharactersFromTheLabel() {
        assertThat(TestKeys.session("temp")).matches(SHAPE).isEqualTo("ASIA" + "TEMP" + "0".repeat(12));
    }

    @Test
    void labels_thatCannotBeAKeyBody_areRefusedWithTheRule() {
        for (String bad : new String[] {"", "old-key", "abcdefghij0123456", "clé"}) {
            assertThatThrownBy(() -> TestKeys.longTerm(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("label must be 1 to 16 letters A-Z or digits (an access key id's characters), got '"
                            + bad + "'");
        }
    }
}
