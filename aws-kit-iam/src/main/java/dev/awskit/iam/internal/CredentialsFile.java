package dev.awskit.iam.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The shared credentials file ({@code ~/.aws/credentials}) as lines, so that a change to one value
 * leaves every other byte as it was: comments, blank lines, odd spacing, key order, line endings
 * (LF, CRLF or CR, even mixed), other profiles.
 *
 * <p>It reads the file exactly as the AWS SDK for Java's {@code ProfileFileReader} does (the tests
 * use that parser as the oracle), because the kit's clients get their keys from it:
 *
 * <ul>
 *   <li>lines end at LF, CR or CRLF; a line of spaces and tabs only is blank; a line starting with
 *       {@code #} or {@code ;} in column 1 is a comment;
 *   <li>a line starting with {@code [} is a profile header: what follows the first {@code #} or
 *       {@code ;} is a comment, the rest must end with {@code ]}; a name that is not letters, digits
 *       and {@code - / . % @ _ : +} makes the SDK ignore the whole profile (so are
 *       {@code [sso-session x]} and {@code [services x]} sections, which a credentials file cannot
 *       hold);
 *   <li>a line starting with a space or a tab continues the value of the property before it, with a
 *       newline, comments included ({@code   # note} after a secret becomes part of the secret);
 *   <li>any other line is {@code name = value}: an inline comment needs whitespace before its
 *       {@code #} or {@code ;}; names are case-sensitive; a name with other characters is ignored;
 *       the last definition wins; two sections of one profile merge.
 * </ul>
 *
 * Where the SDK rejects the file (a property before any header, a line without {@code =}, a header
 * without {@code ]}, an indented line with no property before it, a UTF-8 byte-order mark, which it
 * reads as part of line 1), {@link #parse} throws an {@link IllegalArgumentException} naming the line
 * number. Bytes that are not UTF-8 are rejected too (the SDK would read them as U+FFFD). Values are
 * never logged by this class and {@link #toString()} prints profile names only.
 */
public final class CredentialsFile {
    public static final String ACCESS_KEY_ID = "aws_access_key_id";
    public static final String SECRET_ACCESS_KEY = "aws_secret_access_key";
    public static final String SESSION_TOKEN = "aws_session_token";

    private final List<Line> lines;

    private CredentialsFile(List<Line> lines) {
        this.lines = lines;
    }

    /** An empty file. */
    public static CredentialsFile empty() {
        return new CredentialsFile(new ArrayList<>());
    }

    /**
     * Parses bytes (UTF-8), as the SDK does.
     *
     * @throws IllegalArgumentException where the SDK rejects the file, and when the bytes are not
     *     UTF-8; the message gives the line number, never the line
     */
    public static CredentialsFile parse(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            throw new IllegalArgumentException("the credentials file starts with a UTF-8 byte-order mark, which the"
                    + " AWS SDK for Java reads as part of line 1 and then rejects the file; save it without the mark");
        }
        String text = decode(bytes);
        Parser p = new Parser();
        int i = 0;
        int n = text.length();
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
            p.line(text.substring(i, end), eol);
            i = end + eol.length();
        }
        return new CredentialsFile(p.lines);
    }

    /** The bytes of this file: identical to the parsed input except for values that were set. */
    public byte[] toBytes() {
        StringBuilder b = new StringBuilder();
        for (Line l : lines) {
            b.append(l.text).append(l.eol);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Profile names the SDK reads, in file order (a profile split over two sections is listed once). */
    public List<String> profiles() {
        Set<String> names = new LinkedHashSet<>();
        for (Line l : lines) {
            if (l.kind == Kind.HEADER) {
                names.add(l.profile);
            }
        }
        return new ArrayList<>(names);
    }

    public boolean hasProfile(String profile) {
        return profiles().contains(profile);
    }

    /** A property of a profile as the SDK reads it (continuation lines joined with newlines). */
    public Optional<String> get(String profile, String key) {
        return Optional.ofNullable(last(profile, key)).map(CredentialsFile::fullValue);
    }

    /**
     * The number of the first line that continues the property's value (an indented line after it),
     * when one does; such a value holds a newline and no SDK can use it as a key.
     */
    public OptionalInt continuationLine(String profile, String key) {
        Line l = last(profile, key);
        return l == null || l.continuations.isEmpty()
                ? OptionalInt.empty()
                : OptionalInt.of(l.continuations.get(0).number);
    }

    /** Every property of a profile, as the SDK reads them, in file order of first definition. */
    public Map<String, String> properties(String profile) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Line l : lines) {
            if (l.kind == Kind.PROPERTY && profile.equals(l.profile)) {
                m.put(l.key, fullValue(l));
            }
        }
        return m;
    }

    /** Every profile with its properties, as the SDK reads them, in one pass. */
    public Map<String, Map<String, String>> all() {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (Line l : lines) {
            if (l.kind == Kind.HEADER) {
                all.computeIfAbsent(l.profile, p -> new LinkedHashMap<>());
            } else if (l.kind == Kind.PROPERTY) {
                all.get(l.profile).put(l.key, fullValue(l));
            }
        }
        return all;
    }

    /** Profiles whose {@code aws_access_key_id} is {@code accessKeyId}. */
    public List<String> profilesWithAccessKey(String accessKeyId) {
        List<String> out = new ArrayList<>();
        all().forEach((p, props) -> {
            if (accessKeyId.equals(props.get(ACCESS_KEY_ID))) {
                out.add(p);
            }
        });
        return out;
    }

    /**
     * Sets a property of an existing profile: the value of every line that sets it is replaced,
     * keeping the key's spelling, the spacing around {@code =} and any inline comment, and the lines
     * that continued the old value are removed. When the profile lacks the key, a line is added after
     * the profile's last line, with the line ending the file uses.
     *
     * @throws IllegalArgumentException when the profile is not in the file, or the value is not one
     *     word (a space, a control character, a comment marker after a space would read back
     *     differently)
     */
    public CredentialsFile set(String profile, String key, String value) {
        if (!hasProfile(profile)) {
            throw new IllegalArgumentException(
                    "profile '" + profile + "' is not in the credentials file; profiles: " + profiles());
        }
        if (value.isEmpty() || value.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException(
                    "a value for " + key + " must be one word without spaces or control characters");
        }
        boolean found = false;
        List<Line> kept = new ArrayList<>();
        for (Line l : lines) {
            if (l.kind == Kind.PROPERTY && profile.equals(l.profile) && l.key.equals(key)) {
                l.text = l.text.substring(0, l.valueStart) + value + l.text.substring(l.valueEnd);
                l.valueEnd = l.valueStart + value.length();
                l.value = value;
                l.continuations.clear();
                found = true;
            } else if (l.kind == Kind.CONTINUATION
                    && l.owner.kind == Kind.PROPERTY
                    && profile.equals(l.owner.profile)
                    && l.owner.key.equals(key)) {
                // part of the old value: dropped; the line before takes its ending, so that a bare CR
                // never meets a line that starts with LF (the two would read as one CRLF)
                kept.get(kept.size() - 1).eol = l.eol;
                continue;
            }
            kept.add(l);
        }
        lines.clear();
        lines.addAll(kept);
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
            if (eol.equals("\r")
                    && last + 1 < lines.size()
                    && lines.get(last + 1).text.isEmpty()
                    && lines.get(last + 1).eol.startsWith("\n")) {
                eol = "\r\n"; // a bare CR before an empty LF line would merge with it
            }
            Line prev = lines.get(last);
            if (prev.eol.isEmpty()) {
                prev.eol = eol;
            }
            String text = key + " = " + value;
            Line added = new Line(Kind.PROPERTY, text, eol, profile, 0);
            added.key = key;
            added.value = value;
            added.valueStart = key.length() + 3;
            added.valueEnd = text.length();
            lines.add(last + 1, added);
        }
        if (!parse(toBytes()).get(profile, key).filter(value::equals).isPresent()) {
            throw new IllegalArgumentException("a value for " + key + " would not read back as written there (a"
                    + " leading # or ; after a space starts a comment)");
        }
        return this;
    }

    private Line last(String profile, String key) {
        Line found = null;
        for (Line l : lines) {
            if (l.kind == Kind.PROPERTY && profile.equals(l.profile) && l.key.equals(key)) {
                found = l;
            }
        }
        return found;
    }

    private static String fullValue(Line property) {
        if (property.continuations.isEmpty()) {
            return property.value;
        }
        StringBuilder b = new StringBuilder(property.value);
        for (Line c : property.continuations) {
            b.append('\n').append(c.text.trim());
        }
        return b.toString();
    }

    private String dominantEol() {
        int crlf = 0;
        int lf = 0;
        int cr = 0;
        for (Line l : lines) {
            switch (l.eol) {
                case "\r\n" -> crlf++;
                case "\n" -> lf++;
                case "\r" -> cr++;
                default -> {}
            }
        }
        if (crlf > lf && crlf >= cr) {
            return "\r\n";
        }
        return cr > lf ? "\r" : "\n";
    }

    @Override
    public String toString() {
        return "CredentialsFile{profiles=" + profiles() + "}";
    }

    private static String decode(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer cb = d.decode(ByteBuffer.wrap(bytes));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the credentials file is not valid UTF-8", e);
        }
    }

    /** Whether the SDK accepts {@code s} as a profile or property name. */
    static boolean validIdentifier(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '-'
                    || c == '/'
                    || c == '.'
                    || c == '%'
                    || c == '@'
                    || c == ':'
                    || c == '+';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The SDK's ProfileFileReader state machine, recording each line with what it is. */
    private static final class Parser {
        final List<Line> lines = new ArrayList<>();
        int number;
        String profile;
        boolean ignoringProfile;
        Line property;
        boolean ignoringProperty;
        boolean subProperties;

        void line(String text, String eol) {
            number++;
            lines.add(classify(text, eol));
        }

        private IllegalArgumentException reject(String what) {
            return new IllegalArgumentException(
                    "line " + number + " of the credentials file " + what + "; the AWS SDKs reject the file");
        }

        private Line classify(String text, String eol) {
            if (isBlank(text)) {
                return new Line(Kind.BLANK, text, eol, profile, number);
            }
            if (text.startsWith("#") || text.startsWith(";")) {
                return new Line(Kind.COMMENT, text, eol, profile, number);
            }
            if (text.startsWith("[")) {
                int cut = earliest(text, "#", ";");
                String t = text.substring(0, cut).trim();
                if (!t.endsWith("]") || t.length() < 2) {
                    throw reject("is a profile header that does not end with ']'");
                }
                String name = t.substring(1, t.length() - 1).trim();
                if (!validIdentifier(name)) {
                    ignoringProfile = true;
                    return new Line(Kind.IGNORED, text, eol, null, number);
                }
                profile = name;
                ignoringProfile = false;
                property = null;
                ignoringProperty = false;
                return new Line(Kind.HEADER, text, eol, name, number);
            }
            if (text.startsWith(" ") || text.startsWith("\t")) {
                if (ignoringProfile || ignoringProperty) {
                    return new Line(Kind.IGNORED, text, eol, null, number);
                }
                if (profile == null || property == null) {
                    throw reject("is indented, so it continues the value of a property, but no property"
                            + " precedes it in its profile");
                }
                if (subProperties) {
                    String t = text.trim();
                    int eq = t.indexOf('=');
                    if (eq < 0) {
                        throw reject("continues an empty value, so it must be name = value");
                    }
                    if (t.substring(0, eq).trim().isEmpty()) {
                        throw reject("has no property name");
                    }
                }
                Line c = new Line(Kind.CONTINUATION, text, eol, profile, number);
                c.owner = property;
                property.continuations.add(c);
                return c;
            }
            if (ignoringProfile) {
                return new Line(Kind.IGNORED, text, eol, null, number);
            }
            if (profile == null) {
                throw reject("sets a property before any [profile] header");
            }
            int cut = earliest(text, " #", " ;", "\t#", "\t;");
            int eq = text.substring(0, cut).indexOf('=');
            if (eq < 0) {
                throw reject("is neither [profile], key = value, a comment nor blank");
            }
            String key = text.substring(0, eq).trim();
            if (key.isEmpty()) {
                throw reject("has no property name");
            }
            int vs = eq + 1;
            while (vs < cut && text.charAt(vs) <= ' ') {
                vs++;
            }
            int ve = cut;
            while (ve > vs && text.charAt(ve - 1) <= ' ') {
                ve--;
            }
            if (!validIdentifier(key)) {
                ignoringProperty = true;
                return new Line(Kind.IGNORED, text, eol, null, number);
            }
            Line l = new Line(Kind.PROPERTY, text, eol, profile, number);
            l.key = key;
            l.value = text.substring(vs, ve);
            l.valueStart = vs;
            l.valueEnd = ve;
            property = l;
            ignoringProperty = false;
            subProperties = l.value.isEmpty();
            return l;
        }

        private static boolean isBlank(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t') {
                    return false;
                }
            }
            return true;
        }

        private static int earliest(String s, String... patterns) {
            int best = s.length();
            for (String p : patterns) {
                int at = s.indexOf(p);
                if (at >= 0 && at < best) {
                    best = at;
                }
            }
            return best;
        }
    }

    private enum Kind {
        BLANK,
        COMMENT,
        HEADER,
        PROPERTY,
        CONTINUATION,
        /** A line the SDK skips: an invalid profile's header and lines, an invalid property and its continuations. */
        IGNORED
    }

    private static final class Line {
        final Kind kind;
        final String profile;
        final int number;
        String text;
        String eol;
        String key;
        String value;
        int valueStart;
        int valueEnd;
        Line owner;
        final List<Line> continuations = new ArrayList<>(0);

        Line(Kind kind, String text, String eol, String profile, int number) {
            this.kind = kind;
            this.text = text;
            this.eol = eol;
            this.profile = profile;
            this.number = number;
        }
    }
}
