package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The kit's JSON reader against jackson-databind with its default settings (an implementation
 * nobody here wrote, and the reader the copy used before): on generated documents and on damaged
 * ones, both accept the same documents and read the same values. Where the reader differs on
 * purpose (ill-formed UTF-8, UTF-16 documents), the tests below say so.
 */
class JsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    /** Jackson's reading in a form both readings can be compared in; "refused" when it throws. */
    private static String jackson(byte[] bytes) {
        try {
            JsonNode n = JACKSON.readTree(bytes);
            return n == null || n.isMissingNode() ? "nothing" : canon(n);
        } catch (IOException e) {
            return "refused";
        }
    }

    private static String ours(byte[] bytes) {
        try {
            Object v = Json.parse(bytes);
            return v == null ? "nothing" : canon(v);
        } catch (Json.MalformedJsonException e) {
            return "refused";
        }
    }

    private static String canon(JsonNode n) {
        if (n.isObject()) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                b.append(text(e.getKey()))
                        .append(':')
                        .append(canon(e.getValue()))
                        .append(',');
            }
            return b.append('}').toString();
        }
        if (n.isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (JsonNode e : n) {
                b.append(canon(e)).append(',');
            }
            return b.append(']').toString();
        }
        if (n.isTextual()) {
            return text(n.textValue());
        }
        if (n.isIntegralNumber()) {
            return "I" + n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return "D" + n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue() ? "T" : "F";
        }
        if (n.isNull()) {
            return "N";
        }
        throw new AssertionError("unexpected node " + n.getNodeType());
    }

    private static String canon(Object v) {
        if (v instanceof Map<?, ?> o) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : o.entrySet()) {
                b.append(text((String) e.getKey()))
                        .append(':')
                        .append(canon(e.getValue()))
                        .append(',');
            }
            return b.append('}').toString();
        }
        if (v instanceof List<?> a) {
            StringBuilder b = new StringBuilder("[");
            for (Object e : a) {
                b.append(canon(e)).append(',');
            }
            return b.append(']').toString();
        }
        if (v instanceof String s) {
            return text(s);
        }
        if (v instanceof Json.Num n) {
            Number x = n.value();
            if (x instanceof Double d) {
                return "D" + d;
            }
            assertThat(x).isInstanceOfAny(Long.class, BigInteger.class);
            return "I" + new BigInteger(x.toString());
        }
        if (v instanceof Boolean t) {
            return t ? "T" : "F";
        }
        if (v == Json.NULL) {
            return "N";
        }
        throw new AssertionError("unexpected value " + v.getClass());
    }

    /** A string as its length and its UTF-16 units: no two strings give the same text. */
    private static String text(String s) {
        return "S" + s.length() + ":" + s;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- generated documents

    private static final String[] WHITESPACE = {"", "", " ", "\n", "\t", "\r\n  "};

    /** A random JSON value written with random whitespace and random (valid) escapes. */
    private static void value(Random r, StringBuilder out, int depth) {
        int kind = depth > 4 ? 2 + r.nextInt(5) : r.nextInt(7);
        switch (kind) {
            case 0 -> {
                out.append('{').append(ws(r));
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',').append(ws(r));
                    }
                    // names repeat now and then: the last value counts, the first place stays; a lone
                    // surrogate is refused in a name (by jackson and by the kit, tested below)
                    string(r, out, r.nextInt(4) == 0 ? "dup" : randomText(r).replace("\ud800", "?"));
                    out.append(ws(r)).append(':').append(ws(r));
                    value(r, out, depth + 1);
                    out.append(ws(r));
                }
                out.append('}');
            }
            case 1 -> {
                out.append('[').append(ws(r));
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(ws(r)).append(',').append(ws(r));
                    }
                    value(r, out, depth + 1);
                }
                out.append(ws(r)).append(']');
            }
            case 2 -> string(r, out, randomText(r));
            case 3 -> out.append(number(r));
            case 4 -> out.append(r.nextBoolean() ? "true" : "false");
            case 5 -> out.append("null");
            default -> out.append(number(r));
        }
    }

    private static String ws(Random r) {
        return WHITESPACE[r.nextInt(WHITESPACE.length)];
    }

    private static String randomText(Random r) {
        String[] pieces = {
            "a",
            "mediaType",
            "sha256:",
            "é",
            "日本",
            "😀",
            "\"",
            "\\",
            "/",
            "\b",
            "\f",
            "\n",
            "\r",
            "\t",
            "\u0001",
            "\u001f",
            "\u007f",
            "\u2028",
            "\ud800",
            "size",
            " ",
            "$"
        };
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(5); i > 0; i--) {
            b.append(pieces[r.nextInt(pieces.length)]);
        }
        return b.toString();
    }

    /** A JSON string of {@code s}: control characters, quote and backslash escaped, others at random. */
    private static void string(Random r, StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean must = c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c);
            if (must || r.nextInt(8) == 0) {
                switch (r.nextInt(must ? 2 : 3)) {
                    case 0 -> out.append(String.format("\\u%04x", (int) c));
                    case 1 -> out.append(String.format("\\u%04X", (int) c));
                    default -> out.append(short_(c));
                }
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static String short_(char c) {
        return switch (c) {
            case '/' -> "\\/";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> String.valueOf(c);
        };
    }

    private static String number(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> Long.toString(r.nextInt(1000));
            case 1 -> Long.toString(r.nextLong());
            case 2 -> new BigInteger(70 + r.nextInt(60), r).negate().toString();
            case 3 -> new BigInteger(64, r).toString(); // 18 to 20 digits: long and beyond
            case 4 -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            case 5 -> r.nextInt(100) + "e" + (r.nextBoolean() ? "+" : "-") + r.nextInt(400);
            case 6 -> "-0" + (r.nextBoolean() ? ".0" : "");
            default -> r.nextInt(10) + "." + r.nextInt(1000) + "E" + r.nextInt(20);
        };
    }

    @Test
    void generatedDocuments_readAsJacksonReadsThem() {
        Random r = new Random(20261204);
        int objects = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(ws(r));
            value(r, b, 0);
            b.append(ws(r));
            byte[] bytes = utf8(b.toString());
            String expected = jackson(bytes);
            assertThat(expected).as("jackson reads the generated %s", b).isNotEqualTo("refused");
            assertThat(ours(bytes)).as("%s", b).isEqualTo(expected);
            if (expected.startsWith("{")) {
                objects++;
            }
        }
        assertThat(objects).isGreaterThan(2_000);
    }

    // ---------------------------------------------------------------- damaged documents

    @Test
    void damagedDocuments_areRefusedOrReadExactlyAsJacksonDoes() {
        String[] seeds = {
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{"
                    + "\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":7},\"layers\":[{\"size\":1.5e3,"
                    + "\"urls\":null,\"annotations\":{\"t\":\"é日😀\\u00e9\\/\\n\"}}]}",
            "[1, -0, 0.5, 12345678901234567890, true, false, null, \"x\\\"y\", [], {}]",
            "{\"token\":\"a\\/b\",\"expires_in\":300}",
            " 42 ",
            "\"text\"",
        };
        String alphabet = "{}[]\":,0123456789.eE-+ \t\n\r\\u/bfnrt$_aé日😀\u0001\u007f";
        Random r = new Random(31337);
        int refused = 0;
        int read = 0;
        for (int i = 0; i < 30_000; i++) {
            StringBuilder b = new StringBuilder(seeds[r.nextInt(seeds.length)]);
            for (int k = 1 + r.nextInt(3); k > 0 && b.length() > 0; k--) {
                int at = r.nextInt(b.length());
                switch (r.nextInt(4)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                    case 2 -> b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                    default -> b.append(b, at, Math.min(b.length(), at + 1 + r.nextInt(8)));
                }
            }
            byte[] bytes = utf8(b.toString());
            if (bytes.length >= 2 && (bytes[0] == 0 || bytes[1] == 0)) {
                continue; // jackson then guesses UTF-16 or UTF-32 (see the test of that below)
            }
            String expected = jackson(bytes);
            assertThat(ours(bytes)).as("%s", b).isEqualTo(expected);
            if (expected.equals("refused")) {
                refused++;
            } else {
                read++;
            }
        }
        // the damage reaches both sides: many documents still read, many are refused
        assertThat(refused).isGreaterThan(5_000);
        assertThat(read).isGreaterThan(5_000);
    }

    // ---------------------------------------------------------------- rules and messages

    @Test
    void topLevel_whatFollowsAContainerIsNotRead_butANumberMustEnd_asJacksonReadsIt() {
        for (String doc : new String[] {
            "{} x",
            "[1] ]",
            "\"s\" tail",
            "1 x",
            "1x",
            "1,",
            "true x",
            "truex",
            "true]",
            "null1",
            "-",
            "01",
            "1.",
            ".5",
            "+1",
            "1e",
            "[1,]",
            "{\"a\":1,}",
            "{a:1}",
            "['a']",
            "[1 2]"
        }) {
            assertThat(ours(utf8(doc))).as(doc).isEqualTo(jackson(utf8(doc)));
        }
        assertThat(ours(utf8("{} x"))).isEqualTo("{}");
        assertThat(ours(utf8("1x"))).isEqualTo("refused");
        assertThat(ours(utf8(" \n "))).isEqualTo("nothing");
    }

    @Test
    void nesting_atJacksonsDefaultLimit_isRead_andOneLevelDeeper_isRefusedWithAMessage() throws Exception {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertThat(jackson(utf8(ok))).isNotEqualTo("refused");
        assertThat(ours(utf8(ok))).isEqualTo(jackson(utf8(ok)));
        assertThat(jackson(utf8(deep))).isEqualTo("refused");
        assertThatThrownBy(() -> Json.parse(utf8(deep)))
                .isInstanceOf(Json.MalformedJsonException.class)
                .hasMessage("containers nested deeper than 1000 levels at line 1, column 1001");
    }

    @Test
    void numbers_upToJacksonsDefaultLength_areRead_andLongerOnesRefused_beforeAnyConversion() throws Exception {
        int max = Json.MAX_NUMBER_LENGTH;
        String[] docs = {
            "[" + "9".repeat(max) + "]", "[" + "9".repeat(max + 1) + "]", "[-" + "9".repeat(max) + "]",
            "[0." + "1".repeat(max - 1) + "]", "[0." + "1".repeat(max) + "]", "[" + "1".repeat(max - 1) + "e5]",
            "[" + "1".repeat(max) + "e5]", "[1e" + "9".repeat(max) + "]",
                    "[-" + "1".repeat(max / 2) + "." + "1".repeat(max / 2) + "]",
            "[" + "1".repeat(max / 2) + "." + "1".repeat(max / 2 + 1) + "]"
        };
        for (String doc : docs) {
            assertThat(ours(utf8(doc)))
                    .as("%.40s... (%d characters)", doc, doc.length())
                    .isEqualTo(jackson(utf8(doc)));
        }
        // a 4 MiB number (a manifest's size limit) is refused without being converted
        String huge = "{\"size\":" + "7".repeat(4 << 20) + "}";
        assertThatThrownBy(() -> Json.parse(utf8(huge)))
                .isInstanceOf(Json.MalformedJsonException.class)
                .hasMessage("a number of more than 1000 digits at line 1, column 9");
    }

    @Test
    void errors_sayWhatWasWrongAndWhere() {
        assertThatThrownBy(() -> Json.parse(utf8("{\n  \"size\": 12,\n  \"layers\": [1,]\n}")))
                .isInstanceOf(Json.MalformedJsonException.class)
                .hasMessage("unexpected character ']': expected a value at line 3, column 16");
        assertThatThrownBy(() -> Json.parse(utf8("{\"é\":\"日\u0001\"}")))
                .isInstanceOf(Json.MalformedJsonException.class)
                .hasMessage("a control character (U+0001) in a string; it must be escaped at line 1, column 8");
        assertThatThrownBy(() -> Json.parse(utf8("{\"a\":[1,2")))
                .isInstanceOf(Json.MalformedJsonException.class)
                .hasMessage("unexpected end of the document: an array opened at line 1, column 6 is not closed"
                        + " at line 1, column 10");
        assertThatThrownBy(() -> Json.parse(utf8("{\"a\":\"\\x\"}")))
                .isInstanceOf(Json.MalformedJsonException.class)
                .hasMessage("an unknown escape \\x in a string at line 1, column 7");
        assertThatThrownBy(() -> Json.parse(utf8("[tru]")))
                .isInstanceOf(Json.MalformedJsonException.class)
                .hasMessage("an unknown word at 'tru': expected a value at line 1, column 2");
        assertThatThrownBy(() -> Json.parse(utf8("{\"a\":01}")))
                .isInstanceOf(Json.MalformedJsonException.class)
                .hasMessage("a number with a leading zero at line 1, column 6");
    }

    @Test
    void surrogateEscapes_mustPairInAFieldName_andMayStandAloneInAValue_asJacksonReadsThem() throws Exception {
        for (String doc : new String[] {
            "[\"\\uD800\"]",
            "[\"\\uDC00x\"]",
            "{\"\\uD800\\uDC00\":1}",
            "{\"\\uD800\":1}",
            "{\"\\uDC00\":1}",
            "{\"a\\uD800x\":1}",
            "{\"\\uD800\\n\":1}",
            "{\"\\uD800\\uDC00\\uDC00\":1}",
            "{\"\\uD83D\\uDE00\":\"\\uDE00\\uD83D\"}"
        }) {
            assertThat(ours(utf8(doc))).as(doc).isEqualTo(jackson(utf8(doc)));
        }
        assertThat(Json.parse(utf8("{\"\\uD83D\\uDE00\":\"\\uDE00\"}"))).isEqualTo(Map.of("😀", "\uDE00"));
        assertThatThrownBy(() -> Json.parse(utf8("{\"a\\uD800x\":1}")))
                .isInstanceOf(Json.MalformedJsonException.class)
                .hasMessage("a high surrogate (\\uD800) not followed by a \\u escape of a low one in a field name"
                        + " at line 1, column 4");
    }

    @Test
    void illFormedUtf8InAString_readsAsReplacementCharacters_asTheRegistriesGoDecoderReadsIt() throws Exception {
        // jackson refuses a stray continuation byte; Go's encoding/json (distribution, which stored the
        // manifest) reads it as U+FFFD, and so does the kit, so such a manifest can still be copied
        byte[] doc = {'{', '"', 'a', '"', ':', '"', 'x', (byte) 0x80, 'y', '"', '}'};
        assertThat(jackson(doc)).isEqualTo("refused");
        assertThat(Json.parse(doc)).isEqualTo(Map.of("a", "x\uFFFDy"));
        // outside a string such a byte is no JSON at all, for both
        byte[] outside = {'[', (byte) 0x80, ']'};
        assertThat(jackson(outside)).isEqualTo("refused");
        assertThatThrownBy(() -> Json.parse(outside))
                .isInstanceOf(Json.MalformedJsonException.class)
                .hasMessage("unexpected byte 0x80: expected a value at line 1, column 2");
    }

    @Test
    void aUtf8ByteOrderMark_isSkipped_butUtf16IsRefused() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '[', '1', ']'};
        assertThat(ours(bom)).isEqualTo(jackson(bom)).isEqualTo("[I1,]");
        byte[] utf16 = "[1]".getBytes(StandardCharsets.UTF_16);
        // jackson decodes UTF-16; RFC 8259 (8.1) has JSON between systems in UTF-8, and so does the kit
        assertThat(jackson(utf16)).isEqualTo("[I1,]");
        assertThatThrownBy(() -> Json.parse(utf16))
                .isInstanceOf(Json.MalformedJsonException.class)
                .hasMessage("the document is UTF-16 or UTF-32; JSON manifests are UTF-8");
    }
}
