package dev.awskit.core.iam.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared credentials file ({@code ~/.aws/credentials}) as lines, so that a change to one value
 * leaves every other byte as it was: comments, blank lines, odd spacing, key order, line endings
 * (LF or CRLF, even mixed), a UTF-8 byte-order mark, other profiles.
 *
 * <p>Grammar (the SDK's and the CLI's): {@code [name]} starts a profile, {@code key = value} sets a property, lines starting with {@code #} or {@code ;}
 * are comments, an indented line continues the previous property, and a value may end with an
 * inline comment after whitespace ({@code value ; note}). Values are never logged by this class and
 * {@link #toString()} prints profile names only.
 */
public final class CredentialsFile {
    public static final String ACCESS_KEY_ID = "aws_access_key_id";
    public static final String SECRET_ACCESS_KEY = "aws_secret_access_key";
    public static final String SESSION_TOKEN = "aws_session_token";

    private final List<Line> lines;
    private final boolean bom;

    private CredentialsFile(List<Line> lines, boolean bom) {
        this.lines = lines;
        this.bom = bom;
    }

    /** An empty file. */
    public static CredentialsFile empty() {
        return new CredentialsFile(new ArrayList<>(), false);
    }

    /**
     * Parses bytes (UTF-8).
     *
     * @throws IllegalArgumentException when the bytes are not UTF-8 or a line is neither a profile
     *     header, a property, a comment nor blank; the message gives the line number, never the line
     */
    public static CredentialsFile parse(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        boolean bom = bytes.length >= 3
                && (bytes[0] & 0xff) == 0xEF
                && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF;
        String text = decode(bytes, bom ? 3 : 0);
        List<Line> lines = new ArrayList<>();
        int i = 0;
        int n = text.length();
        int number = 0;
        String profile = null;
        while (i < n) {
            int end = i;
            while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            String eol;
            if (end < n && text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n') {
                eol = "\r\n";
            } else if (end < n) {
                eol = String.valueOf(text.charAt(end));
            } else {
                eol = "";
            }
            number++;
            Line line = classify(text.substring(i, end), eol, number, profile);
            if (line.kind == Kind.HEADER) {
                profile = line.profile;
            }
            lines.add(line);
            i = end + eol.length();
        }
        return new CredentialsFile(lines, bom);
    }

    /** The bytes of this file: identical to the parsed input except for values that were set. */
    public byte[] toBytes() {
        StringBuilder b = new StringBuilder();
        for (Line l : lines) {
            b.append(l.text).append(l.eol);
        }
        byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
        if (!bom) {
            return body;
        }
        byte[] out = new byte[body.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }

    /** Profile names in file order (a profile split over two sections is listed once). */
    public List<String> profiles() {
        List<String> names = new ArrayList<>();
        for (Line l : lines) {
            if (l.kind == Kind.HEADER && !names.contains(l.profile)) {
                names.add(l.profile);
            }
        }
        return names;
    }

    public boolean hasProfile(String profile) {
        return profiles().contains(profile);
    }

    /** A property of a profile; when it is set twice, the last one wins (as in the SDK). */
    public Optional<String> get(String profile, String key) {
        String value = null;
        for (Line l : lines) {
            if (l.kind == Kind.PROPERTY && profile.equals(l.profile) && l.key.equals(key)) {
                value = l.value;
            }
        }
        return Optional.ofNullable(value);
    }

    /** Every property of a profile, in file order. */
    public Map<String, String> properties(String profile) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Line l : lines) {
            if (l.kind == Kind.PROPERTY && profile.equals(l.profile)) {
                m.put(l.key, l.value);
            }
        }
        return m;
    }

    /** Profiles whose {@code aws_access_key_id} is {@code accessKeyId}. */
    public List<String> profilesWithAccessKey(String accessKeyId) {
        List<String> out = new ArrayList<>();
        for (String p : profiles()) {
            if (get(p, ACCESS_KEY_ID).filter(accessKeyId::equals).isPresent()) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Sets a property of an existing profile: the value of every line that sets it is replaced,
     * keeping the key's spelling, the spacing around {@code =} and any inline comment. When the
     * profile lacks the key, a line is added after the profile's last property, with the line
     * ending the file uses.
     *
     * @throws IllegalArgumentException when the profile is not in the file
     */
    public CredentialsFile set(String profile, String key, String value) {
        if (!hasProfile(profile)) {
            throw new IllegalArgumentException(
                    "profile '" + profile + "' is not in the credentials file; profiles: " + profiles());
        }
        if (value.contains("\n") || value.contains("\r")) {
            throw new IllegalArgumentException("a value for " + key + " must be a single line");
        }
        boolean found = false;
        for (Line l : lines) {
            if (l.kind == Kind.PROPERTY && profile.equals(l.profile) && l.key.equals(key)) {
                l.text = l.text.substring(0, l.valueStart) + value + l.text.substring(l.valueEnd);
                l.valueEnd = l.valueStart + value.length();
                l.value = value;
                found = true;
            }
        }
        if (!found) {
            int last = -1;
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                if (profile.equals(l.profile)
                        && (l.kind == Kind.HEADER || l.kind == Kind.PROPERTY || l.kind == Kind.CONTINUATION)) {
                    last = i;
                }
            }
            String eol = dominantEol();
            Line prev = lines.get(last);
            if (prev.eol.isEmpty()) {
                prev.eol = eol;
            }
            String text = key + " = " + value;
            Line added = new Line(Kind.PROPERTY, text, eol, profile);
            added.key = key;
            added.value = value;
            added.valueStart = key.length() + 3;
            added.valueEnd = text.length();
            lines.add(last + 1, added);
        }
        return this;
    }

    /** Removes every line setting {@code key} in {@code profile} (with its continuation lines). */
    public CredentialsFile remove(String profile, String key) {
        boolean dropping = false;
        List<Line> kept = new ArrayList<>();
        for (Line l : lines) {
            if (l.kind == Kind.PROPERTY && profile.equals(l.profile) && l.key.equals(key)) {
                dropping = true;
                continue;
            }
            if (dropping && l.kind == Kind.CONTINUATION) {
                continue;
            }
            dropping = false;
            kept.add(l);
        }
        lines.clear();
        lines.addAll(kept);
        return this;
    }

    private String dominantEol() {
        int crlf = 0;
        int lf = 0;
        for (Line l : lines) {
            if (l.eol.equals("\r\n")) {
                crlf++;
            } else if (l.eol.equals("\n")) {
                lf++;
            }
        }
        return crlf > lf ? "\r\n" : "\n";
    }

    @Override
    public String toString() {
        return "CredentialsFile{profiles=" + profiles() + "}";
    }

    private static String decode(byte[] bytes, int offset) {
        CharsetDecoder d = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer cb = d.decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the credentials file is not valid UTF-8", e);
        }
    }

    private static Line classify(String text, String eol, int number, String profile) {
        String t = text.strip();
        if (t.isEmpty()) {
            return new Line(Kind.BLANK, text, eol, profile);
        }
        if (t.startsWith("#") || t.startsWith(";")) {
            return new Line(Kind.COMMENT, text, eol, profile);
        }
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            String rest = close < 0 ? "" : t.substring(close + 1).strip();
            if (close < 0 || !(rest.isEmpty() || rest.startsWith("#") || rest.startsWith(";"))) {
                throw new IllegalArgumentException(
                        "line " + number + " of the credentials file is a malformed profile header; expected [name]");
            }
            String name = t.substring(1, close).strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(
                        "line " + number + " of the credentials file has an empty profile name; expected [name]");
            }
            return new Line(Kind.HEADER, text, eol, name);
        }
        boolean indented = Character.isWhitespace(text.charAt(0));
        if (indented && profile != null) {
            return new Line(Kind.CONTINUATION, text, eol, profile);
        }
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("line " + number
                    + " of the credentials file is neither [profile], key = value, a comment nor blank");
        }
        if (profile == null) {
            throw new IllegalArgumentException(
                    "line " + number + " of the credentials file sets a property before any [profile] header");
        }
        String key = text.substring(0, eq).strip();
        if (key.isEmpty()) {
            throw new IllegalArgumentException("line " + number + " of the credentials file has no property name");
        }
        int vs = eq + 1;
        while (vs < text.length() && Character.isWhitespace(text.charAt(vs))) {
            vs++;
        }
        int ve = vs;
        // inline comment: whitespace then # or ;
        int comment = -1;
        for (int k = vs; k < text.length(); k++) {
            char c = text.charAt(k);
            if ((c == '#' || c == ';') && k > vs && Character.isWhitespace(text.charAt(k - 1))) {
                comment = k;
                break;
            }
        }
        ve = comment >= 0 ? comment : text.length();
        while (ve > vs && Character.isWhitespace(text.charAt(ve - 1))) {
            ve--;
        }
        Line l = new Line(Kind.PROPERTY, text, eol, profile);
        l.key = key.toLowerCase(Locale.ROOT);
        l.value = text.substring(vs, ve);
        l.valueStart = vs;
        l.valueEnd = ve;
        return l;
    }

    private enum Kind {
        BLANK,
        COMMENT,
        HEADER,
        PROPERTY,
        CONTINUATION
    }

    private static final class Line {
        final Kind kind;
        final String profile;
        String text;
        String eol;
        String key;
        String value;
        int valueStart;
        int valueEnd;

        Line(Kind kind, String text, String eol, String profile) {
            this.kind = kind;
            this.text = text;
            this.eol = eol;
            this.profile = profile;
        }
    }
}
