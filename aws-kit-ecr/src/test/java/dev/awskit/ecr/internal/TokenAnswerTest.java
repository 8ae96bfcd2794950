package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Reading a token service's answer (Docker registry token authentication: {@code token}, or
 * {@code access_token} as OAuth 2.0 names it) as JSON. The regular expression before took a token's
 * JSON escapes as part of the token: a token service that writes {@code /} as {@code \/} (a valid
 * JSON escape some encoders use) got its token sent back with a backslash in it.
 */
class TokenAnswerTest {
    @Test
    void theTokenField_isRead_withItsEscapesDecoded() {
        assertThat(RegistryClient.tokenOf("{\"token\":\"ab\\/c+d==\",\"expires_in\":300}"))
                .isEqualTo("ab/c+d==");
        assertThat(RegistryClient.tokenOf("{ \"token\" : \"a\\u002eb\" }")).isEqualTo("a.b");
    }

    @Test
    void accessToken_isTheFallback_andTokenWinsWhenBothAreGiven() {
        assertThat(RegistryClient.tokenOf("{\"access_token\":\"oauth\"}")).isEqualTo("oauth");
        assertThat(RegistryClient.tokenOf("{\"access_token\":\"oauth\",\"token\":\"docker\"}"))
                .isEqualTo("docker");
        assertThat(RegistryClient.tokenOf("{\"token\":\"\",\"access_token\":\"oauth\"}"))
                .isEqualTo("oauth");
    }

    @Test
    void anAnswerWithoutAUsableToken_hasNone() {
        assertThat(RegistryClient.tokenOf("")).isNull();
        assertThat(RegistryClient.tokenOf("<html>502 Bad Gateway</html>")).isNull();
        assertThat(RegistryClient.tokenOf("{\"token\":42}")).isNull();
        assertThat(RegistryClient.tokenOf("{\"details\":{\"token\":\"nested\"}}"))
                .isNull();
        assertThat(RegistryClient.tokenOf("[\"token\",\"x\"]")).isNull();
        // the old expression found a token in a truncated answer; a truncated answer is not JSON
        assertThat(RegistryClient.tokenOf("{\"token\":\"abc\",\"expires_in\":3"))
                .isNull();
    }
}
