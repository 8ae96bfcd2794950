package dev.awskit.ecr.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON documents a copy reads (manifests, indexes, a token service's answer) into plain
 * maps, lists and scalars. One small class instead of jackson-core's streaming parser, whose first
 * use cost a fresh JVM ~40 ms of class loading and initialisation on every copy's critical path
 * (module README, "Performance").
 *
 * <p>What it accepts is what jackson-core accepted with its default settings, checked against
 * jackson-databind in {@code JsonTest}: RFC 8259 JSON (no comments, no trailing commas, no leading
 * zeros, no raw control characters in strings), a UTF-8 byte order mark skipped, containers nested
 * at most {@link #MAX_DEPTH} deep and numbers of at most {@link #MAX_NUMBER_LENGTH} digits
 * (jackson's default limits). As with jackson, the document is its
 * first value: what follows an object, an array or a string is not read; a number or a literal at
 * the top level must end there (jackson's root-value checks). Where it differs on purpose: bytes in
 * a string that are not well-formed UTF-8 read as U+FFFD, as the registries' Go JSON decoder reads
 * them (jackson refused some of them), and a UTF-16 or UTF-32 document is refused (RFC 8259, 8.1:
 * JSON exchanged between systems must be UTF-8; jackson decoded it).
 *
 * <p>Objects are {@link LinkedHashMap}s (a repeated name keeps its first place and its last value, as
 * in a Jackson tree), arrays {@link ArrayList}s, strings {@link String}s, numbers {@link Num}, true
 * and false {@link Boolean}s, null {@link #NULL}.
 */
final class Json {
    /** JSON null. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Jackson's default maximum nesting depth (StreamReadConstraints). */
    static final int MAX_DEPTH = 1000;

    /**
     * Jackson's default maximum length of a number in digits (StreamReadConstraints; integer,
     * fraction and exponent digits together): also what keeps a hostile manifest's million-digit
     * number from costing quadratic time in {@code BigInteger}.
     */
    static final int MAX_NUMBER_LENGTH = 1000;

    /** A number: {@link Long} or {@link BigInteger} for integers, {@link Double} otherwise. */
    record Num(Number value) {}

    /** Why a document is not JSON, with the line and column (in characters) where reading stopped. */
    static final class MalformedJsonException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedJsonException(String message) {
            super(message);
        }
    }

    private final byte[] b;
    private int pos;
    private int depth;

    private Json(byte[] bytes) {
        this.b = bytes;
    }

    /** The document's value; null for a document of nothing but whitespace. */
    static Object parse(byte[] bytes) throws MalformedJsonException {
        return new Json(bytes).document();
    }

    private Object document() throws MalformedJsonException {
        int n = b.length;
        if (n >= 2 && ((b[0] == (byte) 0xFE && b[1] == (byte) 0xFF) || (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE))
                || (n >= 2 && (b[0] == 0 || b[1] == 0))) {
            throw new MalformedJsonException("the document is UTF-16 or UTF-32; JSON manifests are UTF-8");
        }
        if (n >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF) {
            pos = 3;
        }
        skipWhitespace();
        if (pos == n) {
            return null;
        }
        int c = b[pos];
        Object v = value();
        if ((c == '-' || (c >= '0' && c <= '9')) && pos < n) {
            int after = b[pos];
            if (after != ' ' && after != '\t' && after != '\r' && after != '\n') {
                throw error("unexpected " + describe(pos) + " after a number at the top level (expected whitespace"
                        + " or the end of the document)");
            }
        }
        return v;
    }

    private Object value() throws MalformedJsonException {
        if (pos == b.length) {
            throw error("unexpected end of the document: expected a value");
        }
        int c = b[pos];
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string(false);
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected " + describe(pos) + ": expected a value");
        }
    }

    private Map<String, Object> object() throws MalformedJsonException {
        int start = pos;
        enter(start);
        pos++;
        Map<String, Object> o = new LinkedHashMap<>();
        skipWhitespace();
        if (pos < b.length && b[pos] == '}') {
            pos++;
            depth--;
            return o;
        }
        while (true) {
            skipWhitespace();
            if (pos == b.length) {
                throw unclosed("an object", start);
            }
            if (b[pos] != '"') {
                throw error("unexpected " + describe(pos) + ": expected a field name in double quotes");
            }
            String name = string(true);
            skipWhitespace();
            if (pos == b.length) {
                throw unclosed("an object", start);
            }
            if (b[pos] != ':') {
                throw error("unexpected " + describe(pos) + ": expected ':' after the field name \"" + name + "\"");
            }
            pos++;
            skipWhitespace();
            o.put(name, value());
            skipWhitespace();
            if (pos == b.length) {
                throw unclosed("an object", start);
            }
            int c = b[pos++];
            if (c == '}') {
                depth--;
                return o;
            }
            if (c != ',') {
                pos--;
                throw error("unexpected " + describe(pos) + ": expected ',' or '}' in an object");
            }
        }
    }

    private List<Object> array() throws MalformedJsonException {
        int start = pos;
        enter(start);
        pos++;
        List<Object> a = new ArrayList<>();
        skipWhitespace();
        if (pos < b.length && b[pos] == ']') {
            pos++;
            depth--;
            return a;
        }
        while (true) {
            skipWhitespace();
            if (pos == b.length) {
                throw unclosed("an array", start);
            }
            a.add(value());
            skipWhitespace();
            if (pos == b.length) {
                throw unclosed("an array", start);
            }
            int c = b[pos++];
            if (c == ']') {
                depth--;
                return a;
            }
            if (c != ',') {
                pos--;
                throw error("unexpected " + describe(pos) + ": expected ',' or ']' in an array");
            }
        }
    }

    private void enter(int at) throws MalformedJsonException {
        if (++depth > MAX_DEPTH) {
            pos = at;
            throw error("containers nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    /**
     * The string at {@code pos}. In a field name (as jackson reads one) a {@code \\u} escape of a high
     * surrogate must be followed by one of a low surrogate, and a low one must not stand alone; in a
     * value, lone surrogates are kept as they are.
     */
    private String string(boolean name) throws MalformedJsonException {
        int start = pos;
        pos++;
        int run = pos;
        StringBuilder sb = null;
        while (true) {
            if (pos == b.length) {
                pos = start;
                throw error("a string that is not closed");
            }
            int c = b[pos];
            if (c == '"') {
                String s = new String(b, run, pos - run, StandardCharsets.UTF_8);
                pos++;
                return sb == null ? s : sb.append(s).toString();
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(new String(b, run, pos - run, StandardCharsets.UTF_8));
                int at = pos;
                char e = escape(sb);
                if (name && Character.isLowSurrogate(e)) {
                    pos = at;
                    throw error("a low surrogate (\\u" + hex4(e) + ") without a high one before it in a field name");
                }
                if (name && Character.isHighSurrogate(e)) {
                    char low = pos + 1 < b.length && b[pos] == '\\' && b[pos + 1] == 'u' ? escape(sb) : 0;
                    if (!Character.isLowSurrogate(low)) {
                        pos = at;
                        throw error("a high surrogate (\\u" + hex4(e) + ") not followed by a \\u escape of a low one"
                                + " in a field name");
                    }
                }
                run = pos;
            } else if (c >= 0 && c < 0x20) {
                throw error("a control character (U+" + hex4(c) + ") in a string; it must be escaped");
            } else {
                pos++;
            }
        }
    }

    /** Reads the escape at {@code pos} (the backslash) into {@code sb}; returns the character it stands for. */
    private char escape(StringBuilder sb) throws MalformedJsonException {
        int at = pos;
        if (pos + 1 == b.length) {
            throw error("a string that is not closed");
        }
        int e = b[pos + 1];
        pos += 2;
        char c;
        switch (e) {
            case '"' -> c = '"';
            case '\\' -> c = '\\';
            case '/' -> c = '/';
            case 'b' -> c = '\b';
            case 'f' -> c = '\f';
            case 'n' -> c = '\n';
            case 'r' -> c = '\r';
            case 't' -> c = '\t';
            case 'u' -> {
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int d = pos < b.length ? Character.digit(b[pos], 16) : -1;
                    if (d < 0) {
                        throw error("a \\u escape needs four hexadecimal digits");
                    }
                    v = v << 4 | d;
                    pos++;
                }
                c = (char) v;
            }
            default -> {
                pos = at;
                throw error("an unknown escape \\"
                        + (e >= 0x20 && e < 0x7F ? String.valueOf((char) e) : "(U+" + hex4(e & 0xFF) + ")")
                        + " in a string");
            }
        }
        sb.append(c);
        return c;
    }

    private Object literal(String word, Object v) throws MalformedJsonException {
        int n = word.length();
        int start = pos;
        for (int i = 0; i < n; i++) {
            if (pos + i == b.length || b[pos + i] != word.charAt(i)) {
                throw error("an unknown word at " + token(start) + ": expected a value");
            }
        }
        pos += n;
        // as jackson: a letter, digit, '_' or '$' right after the word makes it another, unknown word
        if (pos < b.length && isIdentifierPart(pos)) {
            pos = start;
            throw error("an unknown word " + token(start) + ": expected a value");
        }
        return v;
    }

    private Num number() throws MalformedJsonException {
        int start = pos;
        if (b[pos] == '-') {
            pos++;
        }
        int intStart = pos;
        if (pos == b.length || b[pos] < '0' || b[pos] > '9') {
            throw error("a number without digits");
        }
        if (b[pos] == '0' && pos + 1 < b.length && b[pos + 1] >= '0' && b[pos + 1] <= '9') {
            throw error("a number with a leading zero");
        }
        while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
        int intDigits = pos - intStart;
        int digits = intDigits;
        boolean integer = true;
        if (pos < b.length && b[pos] == '.') {
            integer = false;
            pos++;
            if (pos == b.length || b[pos] < '0' || b[pos] > '9') {
                throw error("a number with no digits after its decimal point");
            }
            int from = pos;
            while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
                pos++;
            }
            digits += pos - from;
        }
        if (pos < b.length && (b[pos] == 'e' || b[pos] == 'E')) {
            integer = false;
            pos++;
            if (pos < b.length && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            if (pos == b.length || b[pos] < '0' || b[pos] > '9') {
                throw error("a number with no digits in its exponent");
            }
            int from = pos;
            while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
                pos++;
            }
            digits += pos - from;
        }
        // as jackson counts: the digits of the integer, fraction and exponent parts together
        if (digits > MAX_NUMBER_LENGTH) {
            pos = start;
            throw error("a number of more than " + MAX_NUMBER_LENGTH + " digits");
        }
        String text = new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
        if (!integer) {
            return new Num(Double.parseDouble(text));
        }
        return new Num(intDigits <= 18 ? (Number) Long.parseLong(text) : new BigInteger(text));
    }

    private void skipWhitespace() {
        while (pos < b.length) {
            int c = b[pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private boolean isIdentifierPart(int at) {
        int c = b[at] & 0xFF;
        if (c < 0x80) {
            return Character.isJavaIdentifierPart(c) && c >= '0';
        }
        int end = at + 1;
        while (end < b.length && end < at + 4 && (b[end] & 0xC0) == 0x80) {
            end++;
        }
        return Character.isJavaIdentifierPart(new String(b, at, end - at, StandardCharsets.UTF_8).codePointAt(0));
    }

    /** The word starting at {@code at}, for a message: up to the next delimiter, at most 32 characters. */
    private String token(int at) {
        int end = at;
        while (end < b.length && end - at < 32) {
            int c = b[end];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ']' || c == '}' || c == '"'
                    || c == ':' || c == '[' || c == '{') {
                break;
            }
            end++;
        }
        return "'" + new String(b, at, end - at, StandardCharsets.UTF_8) + "'";
    }

    private String describe(int at) {
        int c = b[at] & 0xFF;
        if (c < 0x80) {
            return "character " + printable(c);
        }
        return "byte 0x" + Integer.toHexString(c);
    }

    private static String printable(int c) {
        return c >= 0x20 && c < 0x7F ? "'" + (char) c + "'" : "U+" + hex4(c & 0xFF);
    }

    private static String hex4(int c) {
        String h = Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
        return "0".repeat(Math.max(0, 4 - h.length())) + h;
    }

    private MalformedJsonException unclosed(String what, int start) {
        return error("unexpected end of the document: " + what + " opened at " + where(start) + " is not closed");
    }

    private MalformedJsonException error(String what) {
        return new MalformedJsonException(what + " at " + where(pos));
    }

    /** Line and column (in characters, from 1) of the byte at {@code at}. */
    private String where(int at) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < at && i < b.length; i++) {
            if (b[i] == '\n') {
                line++;
                column = 1;
            } else if ((b[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return "line " + line + ", column " + column;
    }
}
