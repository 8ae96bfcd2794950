// Every access key id here is fake, shaped like AWS's documented example AKIAIOSFODNN7EXAMPLE.
package dev.awskit.core.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.profiles.ProfileFile;

class CredentialsFileTest {
    private static final String TYPICAL = "# my keys\n"
            + "[default]\n"
            + "aws_access_key_id = AKIAOLD0000000EXAMPLE\n"
            + "aws_secret_access_key = old/Secret+Key\n"
            + "\n"
            + "; work account\n"
            + "[dev]\n"
            + "region=eu-west-1\n"
            + "aws_secret_access_key   =    devSecret   # inline note\n"
            + "aws_access_key_id\t=\tAKIADEV000000EXAMPLE\n"
            + "\n\n"
            + "[ci]\n"
            + "aws_access_key_id = AKIAOLD0000000EXAMPLE\n"
            + "aws_secret_access_key = old/Secret+Key\n";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parse_thenToBytes_returnsTheSameBytes() {
        assertThat(CredentialsFile.parse(bytes(TYPICAL)).toBytes()).isEqualTo(bytes(TYPICAL));
    }

    @Test
    void parse_whenCrlfMixedEndingsBomAndNoFinalNewline_roundTripsByteForByte() {
        byte[] body = bytes("[a]\r\naws_access_key_id = AKIA1\r\n\r\n# c\n[b]\raws_access_key_id=AKIA2");
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        CredentialsFile f = CredentialsFile.parse(withBom);
        assertThat(f.toBytes()).isEqualTo(withBom);
        assertThat(f.profiles()).containsExactly("a", "b");
        assertThat(f.get("b", "aws_access_key_id")).contains("AKIA2");
    }

    @Test
    void parse_whenUnicodeInCommentsNamesAndValues_roundTripsAndReadsThem() {
        String text = "# clés de l'équipe 🔑\n[équipe-日本]\naws_access_key_id = AKIAUNICODE\nnote = ünïcödé ✓\n";
        CredentialsFile f = CredentialsFile.parse(bytes(text));
        assertThat(f.toBytes()).isEqualTo(bytes(text));
        assertThat(f.profiles()).containsExactly("équipe-日本");
        assertThat(f.get("équipe-日本", "note")).contains("ünïcödé ✓");
    }

    @Test
    void parse_readsValuesLikeTheSdkDoes() {
        CredentialsFile f = CredentialsFile.parse(bytes(TYPICAL));
        ProfileFile sdk = ProfileFile.builder()
                .content(new ByteArrayInputStream(bytes(TYPICAL)))
                .type(ProfileFile.Type.CREDENTIALS)
                .build();
        for (String p : f.profiles()) {
            assertThat(f.properties(p))
                    .as(p)
                    .isEqualTo(sdk.profile(p).orElseThrow().properties());
        }
        assertThat(f.get("dev", "aws_secret_access_key")).contains("devSecret");
    }

    @Test
    void set_changesOnlyTheValue_keepingSpacingInlineCommentsAndOtherProfiles() {
        CredentialsFile f = CredentialsFile.parse(bytes(TYPICAL));
        f.set("dev", "aws_access_key_id", "AKIANEW000000EXAMPLE");
        f.set("dev", "aws_secret_access_key", "new/Secret");
        String expected = TYPICAL.replace(
                        "aws_secret_access_key   =    devSecret   # inline note",
                        "aws_secret_access_key   =    new/Secret   # inline note")
                .replace("aws_access_key_id\t=\tAKIADEV000000EXAMPLE", "aws_access_key_id\t=\tAKIANEW000000EXAMPLE");
        assertThat(new String(f.toBytes(), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void set_whenKeyMissing_addsItAfterTheProfilesLastProperty() {
        String text = "[a]\r\nregion = us-east-1\r\n\r\n[b]\r\nregion = eu-west-1\r\n";
        CredentialsFile f = CredentialsFile.parse(bytes(text)).set("a", "aws_access_key_id", "AKIA1");
        assertThat(new String(f.toBytes(), StandardCharsets.UTF_8))
                .isEqualTo(
                        "[a]\r\nregion = us-east-1\r\naws_access_key_id = AKIA1\r\n\r\n[b]\r\nregion = eu-west-1\r\n");
    }

    @Test
    void set_whenProfileUnknown_throwsNamingTheProfiles() {
        CredentialsFile f = CredentialsFile.parse(bytes(TYPICAL));
        assertThatThrownBy(() -> f.set("prod", "aws_access_key_id", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("profile 'prod' is not in the credentials file; profiles: [default, dev, ci]");
    }

    @Test
    void profilesWithAccessKey_findsEveryProfileHoldingIt() {
        assertThat(CredentialsFile.parse(bytes(TYPICAL)).profilesWithAccessKey("AKIAOLD0000000EXAMPLE"))
                .containsExactly("default", "ci");
    }

    @Test
    void parse_whenManyProfiles_roundTripsAndSetTouchesOnlyOne() {
        StringBuilder b = new StringBuilder();
        Random r = new Random(7);
        for (int i = 0; i < 500; i++) {
            b.append(i % 7 == 0 ? "# profile " + i + "\n" : "")
                    .append("[p")
                    .append(i)
                    .append("]\n")
                    .append("aws_access_key_id")
                    .append(" ".repeat(r.nextInt(3)))
                    .append("=")
                    .append(" ".repeat(r.nextInt(3)))
                    .append("AKIA")
                    .append(i)
                    .append('\n')
                    .append("aws_secret_access_key = s")
                    .append(i)
                    .append(i % 3 == 0 ? "\n\n" : "\n");
        }
        String text = b.toString();
        CredentialsFile f = CredentialsFile.parse(bytes(text));
        assertThat(f.toBytes()).isEqualTo(bytes(text));
        assertThat(f.profiles()).hasSize(500);
        f.set("p250", "aws_secret_access_key", "changed");
        String after = new String(f.toBytes(), StandardCharsets.UTF_8);
        assertThat(after)
                .isEqualTo(text.replace("aws_secret_access_key = s250\n", "aws_secret_access_key = changed\n"));
    }

    @Test
    void parse_whenEmpty_hasNoProfiles() {
        assertThat(CredentialsFile.parse(new byte[0]).profiles()).isEmpty();
        assertThat(CredentialsFile.parse(new byte[0]).toBytes()).isEmpty();
    }

    @Test
    void parse_whenLineIsGarbage_namesTheLineNumberButNotItsContent() {
        String text = "[a]\naws_access_key_id = AKIA1\nsuperSecretGarbage\n";
        assertThatThrownBy(() -> CredentialsFile.parse(bytes(text)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 3 of the credentials file is neither [profile], key = value, a comment nor blank")
                .hasMessageNotContaining("superSecret");
    }

    @Test
    void parse_whenPropertyBeforeAnyProfile_throws() {
        assertThatThrownBy(() -> CredentialsFile.parse(bytes("aws_access_key_id = x\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 1 of the credentials file sets a property before any [profile] header");
    }

    @Test
    void parse_whenNotUtf8_throws() {
        assertThatThrownBy(() -> CredentialsFile.parse(new byte[] {'[', 'a', ']', '\n', (byte) 0xC3, (byte) 0x28}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the credentials file is not valid UTF-8");
    }

    @Test
    void toString_namesProfilesOnly() {
        assertThat(CredentialsFile.parse(bytes(TYPICAL)).toString())
                .isEqualTo("CredentialsFile{profiles=[default, dev, ci]}")
                .doesNotContain("Secret");
    }
}
