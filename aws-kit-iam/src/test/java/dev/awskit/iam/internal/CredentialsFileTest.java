package dev.awskit.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.profiles.ProfileFile;

class CredentialsFileTest {
    private static final String TYPICAL = "# my keys\n"
            + "[default]\n"
            + "aws_access_key_id = awskit-old-key\n"
            + "aws_secret_access_key = old/Secret+Key\n"
            + "\n"
            + "; work account\n"
            + "[dev]\n"
            + "region=eu-west-1\n"
            + "aws_secret_access_key   =    devSecret   # inline note\n"
            + "aws_access_key_id\t=\tawskit-dev-key\n"
            + "\n\n"
            + "[ci]\n"
            + "aws_access_key_id = awskit-old-key\n"
            + "aws_secret_access_key = old/Secret+Key\n";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parse_thenToBytes_returnsTheSameBytes() {
        assertThat(CredentialsFile.parse(bytes(TYPICAL)).toBytes()).isEqualTo(bytes(TYPICAL));
    }

    @Test
    void parse_whenCrlfMixedEndingsAndNoFinalNewline_roundTripsByteForByte() {
        byte[] body = bytes("[a]\r\naws_access_key_id = AKIA1\r\n\r\n# c\n[b]\raws_access_key_id=AKIA2");
        CredentialsFile f = CredentialsFile.parse(body);
        assertThat(f.toBytes()).isEqualTo(body);
        assertThat(f.profiles()).containsExactly("a", "b");
        assertThat(f.get("b", "aws_access_key_id")).contains("AKIA2");
    }

    // The SDK reads the byte-order mark as part of the first line, which then is neither a header nor
    // a comment: ProfileFile rejects the whole file ("Expected a profile definition on line 1").
    @Test
    void parse_whenTheFileStartsWithAByteOrderMark_rejectsItAsTheSdkDoes() {
        byte[] body = bytes("[a]\naws_access_key_id = AKIA1\n");
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        assertThatThrownBy(() -> sdk(withBom)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CredentialsFile.parse(withBom))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the credentials file starts with a UTF-8 byte-order mark, which the AWS SDK for Java"
                        + " reads as part of line 1 and then rejects the file; save it without the mark");
    }

    @Test
    void parse_whenUnicodeInCommentsNamesAndValues_roundTripsAndIgnoresProfilesTheSdkIgnores() {
        String text = "# clés de l'équipe 🔑\n[équipe-日本]\naws_access_key_id = AKIAUNICODE\n[ok]\nnote = ünïcödé ✓\n";
        CredentialsFile f = CredentialsFile.parse(bytes(text));
        assertThat(f.toBytes()).isEqualTo(bytes(text));
        // the SDK ignores a profile whose name is not letters, digits and - / . % @ _
        assertThat(sdk(bytes(text)).profiles()).containsOnlyKeys("ok");
        assertThat(f.profiles()).containsExactly("ok");
        assertThat(f.get("ok", "note")).contains("ünïcödé ✓");
    }

    static ProfileFile sdk(byte[] b) {
        return ProfileFile.builder()
                .content(new ByteArrayInputStream(b))
                .type(ProfileFile.Type.CREDENTIALS)
                .build();
    }

    /** Every property of every profile the SDK reads, compared with ours. */
    static void assertSameAsTheSdk(String text) {
        ProfileFile sdk;
        try {
            sdk = sdk(bytes(text));
        } catch (IllegalArgumentException rejected) {
            assertThatThrownBy(() -> CredentialsFile.parse(bytes(text)))
                    .as("the SDK rejects %s", text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the AWS SDKs reject the file");
            return;
        }
        CredentialsFile f = CredentialsFile.parse(bytes(text));
        assertThat(f.profiles())
                .as("profiles of %s", text)
                .containsExactlyInAnyOrderElementsOf(sdk.profiles().keySet());
        for (String p : f.profiles()) {
            assertSameProperties(f.properties(p), sdk.profile(p).orElseThrow().properties(), p);
        }
    }

    /**
     * Ours equal the SDK's, but for the entries the SDK derives from a value that starts empty and
     * continues with {@code name = value} lines ({@code s3 =\n  region = x} gives {@code s3.region}).
     */
    static void assertSameProperties(Map<String, String> ours, Map<String, String> sdk, String profile) {
        Map<String, String> raw = new LinkedHashMap<>(sdk);
        raw.keySet()
                .removeIf(k -> !ours.containsKey(k)
                        && k.contains(".")
                        && ours.getOrDefault(k.substring(0, k.lastIndexOf('.')), "x")
                                .startsWith("\n"));
        assertThat(ours).as("profile %s", profile).isEqualTo(raw);
    }

    // Regression (issue 11): an indented "# comment" after the secret is a continuation line for the
    // SDK's parser, which the kit read as a comment: the two disagreed on the secret.
    @Test
    void get_whenAnIndentedCommentFollowsTheSecret_readsTheContinuationAsTheSdkDoes() {
        String text = "[dev]\naws_access_key_id = awskit-dev-key\naws_secret_access_key = devSecret\n"
                + "    # rotated in May\n";
        String sdkSecret = sdk(bytes(text))
                .profile("dev")
                .orElseThrow()
                .property("aws_secret_access_key")
                .orElseThrow();
        assertThat(sdkSecret).isEqualTo("devSecret\n# rotated in May");
        assertThat(CredentialsFile.parse(bytes(text)).get("dev", CredentialsFile.SECRET_ACCESS_KEY))
                .contains(sdkSecret);
    }

    @Test
    void parse_whenLinesAreTricky_agreesWithTheSdkOnEveryProperty() {
        assertSameAsTheSdk("[a]\nAWS_ACCESS_KEY_ID = upper\naws_access_key_id = lower\n");
        assertSameAsTheSdk("[a]\nx = 1\n [b]\ny = 2\n");
        assertSameAsTheSdk("[a] # comment\nx = v;not-a-comment\ny = v ;comment\nz = v\t#comment\nw=#v\n");
        assertSameAsTheSdk("[a]\nx =\n  s3 = 1\n  k = v\ny = multi\n\tline ; kept\n");
        assertSameAsTheSdk("[bad name]\nx = 1\n[ok]\ny = 2\n[a]\nk$ = ignored\n  cont\nz = 3\n");
        assertSameAsTheSdk("[a]\nx = 1\n[a]\nx = 2\ny = 3\n");
        assertSameAsTheSdk("[a]\r\nx = 1\r\n\f \r\n");
        assertSameAsTheSdk("[a]\rx = 1\r\f=2\r\u000b = 3\n");
        assertSameAsTheSdk("[]\nx = 1\n[ spaced ]\ny = 2\n");
    }

    @Test
    void set_whenTheValueContinuesOnIndentedLines_replacesTheWholeValue() {
        String text = "[a]\naws_secret_access_key = old\n  # note\n  more\nregion = eu-west-1\n";
        CredentialsFile f = CredentialsFile.parse(bytes(text)).set("a", CredentialsFile.SECRET_ACCESS_KEY, "new");
        String after = new String(f.toBytes(), StandardCharsets.UTF_8);
        assertThat(after).isEqualTo("[a]\naws_secret_access_key = new\nregion = eu-west-1\n");
        assertThat(sdk(bytes(after)).profile("a").orElseThrow().property("aws_secret_access_key"))
                .contains("new");
    }

    // Found by CredentialsFileFuzzTest: a line added with a bare CR before an empty LF line merged
    // with it into one CRLF, and a blank line was lost.
    @Test
    void set_whenLinesEndInBareCrBeforeAnEmptyLfLine_losesNoBlankLine() {
        String text = "[a]\rregion = x\raws_secret_access_key = s\r\n\n\r[b]\rk = v\r";
        CredentialsFile f = CredentialsFile.parse(bytes(text)).set("a", CredentialsFile.ACCESS_KEY_ID, "AKIA1");
        assertThat(new String(f.toBytes(), StandardCharsets.UTF_8))
                .isEqualTo(
                        "[a]\rregion = x\raws_secret_access_key = s\r\naws_access_key_id = AKIA1\r\n\n\r[b]\rk = v\r");
    }

    @Test
    void set_whenTheValueWouldNotReadBack_isRejected() {
        CredentialsFile f = CredentialsFile.parse(bytes(TYPICAL));
        assertThatThrownBy(() -> f.set("dev", "aws_secret_access_key", "a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "a value for aws_secret_access_key must be one word without spaces or control" + " characters");
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
        f.set("dev", "aws_access_key_id", "awskit-new-key");
        f.set("dev", "aws_secret_access_key", "new/Secret");
        String expected = TYPICAL.replace(
                        "aws_secret_access_key   =    devSecret   # inline note",
                        "aws_secret_access_key   =    new/Secret   # inline note")
                .replace("aws_access_key_id\t=\tawskit-dev-key", "aws_access_key_id\t=\tawskit-new-key");
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
        assertThat(CredentialsFile.parse(bytes(TYPICAL)).profilesWithAccessKey("awskit-old-key"))
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
                .hasMessage("line 3 of the credentials file is neither [profile], key = value, a comment nor blank;"
                        + " the AWS SDKs reject the file")
                .hasMessageNotContaining("superSecret");
    }

    @Test
    void parse_whenPropertyBeforeAnyProfile_throws() {
        assertThatThrownBy(() -> CredentialsFile.parse(bytes("aws_access_key_id = x\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 1 of the credentials file sets a property before any [profile] header; the AWS"
                        + " SDKs reject the file");
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
