package dev.awskit.ecr;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference: {@code [host/]repository[:tag][@sha256:digest]}, e.g. {@code
 * 123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:1.2}. For ECR hosts the account id and the
 * region are read from the host name.
 *
 * <pre>{@code
 * ImageRef r = ImageRef.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:0123...");
 * r.accountId();   // Optional[123456789012]
 * r.region();      // Optional[us-east-1]
 * r.reference();   // sha256:0123...
 * }</pre>
 */
public final class ImageRef {
    private static final Pattern ECR_HOST =
            Pattern.compile("(\\d{12})\\.dkr\\.ecr(-fips)?\\.([a-z]{2}(?:-[a-z]+)+-\\d+)\\.amazonaws\\.com(\\.cn)?");

    private final String host;
    private final String repository;
    private final String tag;
    private final String digest;

    private ImageRef(String host, String repository, String tag, String digest) {
        this.host = host;
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
    }

    /**
     * Parses {@code [host/]repository[:tag][@sha256:digest]} by the reference grammar of the OCI
     * distribution project ({@code distribution/reference}): a host is {@code host[:port]} (DNS
     * components, an IPv4 address or a bracketed IPv6 address) and is recognised, as Docker does,
     * when the first path component contains {@code .} or {@code :}, is {@code localhost}, or has
     * upper-case letters; repository components are lower-case alphanumerics joined by {@code .},
     * {@code _}, {@code __} or dashes; the name (host and repository) is at most 255 characters;
     * a tag is 1-128 of {@code [A-Za-z0-9_.-]} not starting with {@code .} or {@code -}. Only
     * {@code sha256} digests (64 lower-case hex digits) are accepted. Surrounding whitespace is
     * ignored. With neither tag nor digest the tag is {@code latest}, as for {@code docker pull}.
     * Runs in time linear in the input; the input is checked for length before anything else.
     *
     * @throws IllegalArgumentException naming the bad part and the expected form
     */
    public static ImageRef parse(String image) {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException(
                    "image reference must not be empty; expected [host/]repository[:tag][@sha256:digest]");
        }
        String s = image.trim();
        if (s.length() > MAX_REFERENCE) {
            throw new IllegalArgumentException("image reference '" + shorten(s) + "' is " + s.length()
                    + " characters long; at most " + MAX_REFERENCE + " fit [host/]repository[:tag][@sha256:digest]"
                    + " (name 255, tag 128, digest 71)");
        }
        String shown = shorten(s);
        String digest = null;
        int at = s.indexOf('@');
        if (at >= 0) {
            digest = s.substring(at + 1);
            s = s.substring(0, at);
            if (!isSha256(digest)) {
                throw new IllegalArgumentException("digest '" + shorten(digest) + "' in image reference '" + shown
                        + "' must be sha256: followed by 64 lowercase hex digits");
            }
        }
        String host = null;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            String first = s.substring(0, slash);
            if (first.contains(".")
                    || first.contains(":")
                    || first.equals("localhost")
                    || !first.toLowerCase(Locale.ROOT).equals(first)) {
                if (!isHost(first)) {
                    throw new IllegalArgumentException("registry host '" + first + "' in image reference '" + shown
                            + "' must be host[:port]: DNS names of letters, digits and inner dashes joined by dots,"
                            + " or [IPv6], and a numeric port");
                }
                host = first;
                s = s.substring(slash + 1);
            }
        }
        String tag = null;
        int colon = s.lastIndexOf(':');
        if (colon > s.lastIndexOf('/')) {
            tag = s.substring(colon + 1);
            s = s.substring(0, colon);
            if (!isTag(tag)) {
                throw new IllegalArgumentException("tag '" + shorten(tag) + "' in image reference '" + shown
                        + "' must be 1-128 of A-Z a-z 0-9 _ . - and not start with . or -");
            }
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException(
                    "image reference '" + shown + "' has no repository; expected [host/]repository[:tag]");
        }
        int nameLength = (host == null ? 0 : host.length() + 1) + s.length();
        if (!isRepository(s) || nameLength > MAX_NAME) {
            throw new IllegalArgumentException("repository '" + shorten(s) + "' in image reference '" + shown
                    + "' must be lowercase letters, digits and . _ - separators, path parts joined by /"
                    + " (host and repository at most " + MAX_NAME + " characters)");
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageRef(host, s, tag, digest);
    }

    /** The longest reference: a 255-character name, {@code :} and a 128-character tag, {@code @sha256:} and 64 hex. */
    static final int MAX_REFERENCE = 255 + 1 + 128 + 1 + 71;

    /** distribution/reference's NameTotalLengthMax: host and repository together. */
    static final int MAX_NAME = 255;

    private static String shorten(String s) {
        return s.length() <= 120 ? s : s.substring(0, 100) + "...(" + s.length() + " characters)";
    }

    private static boolean isSha256(String d) {
        if (d.length() != 71 || !d.startsWith("sha256:")) {
            return false;
        }
        for (int i = 7; i < 71; i++) {
            char c = d.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTag(String t) {
        if (t.isEmpty() || t.length() > 128 || t.charAt(0) == '.' || t.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(isAlnum(c) || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** path-component ['/' path-component]*, path-component := alnum+ (separator alnum+)*. */
    private static boolean isRepository(String r) {
        for (String part : r.split("/", -1)) {
            if (part.isEmpty() || !isAlnum(part.charAt(0)) || !isAlnum(part.charAt(part.length() - 1))) {
                return false;
            }
            int i = 0;
            while (i < part.length()) {
                char c = part.charAt(i);
                if (isAlnum(c)) {
                    i++;
                    continue;
                }
                // a separator: "." or "_" or "__" or one or more "-", always followed by an alphanumeric
                int j = i;
                if (c == '.') {
                    j++;
                } else if (c == '_') {
                    j += part.startsWith("__", i) ? 2 : 1;
                } else if (c == '-') {
                    while (j < part.length() && part.charAt(j) == '-') {
                        j++;
                    }
                } else {
                    return false;
                }
                if (j >= part.length() || !isAlnum(part.charAt(j))) {
                    return false;
                }
                i = j;
            }
        }
        return true;
    }

    /** host [':' port]: DNS components, or a bracketed IPv6 address; the port is digits. */
    private static boolean isHost(String h) {
        String name = h;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 2) {
                return false;
            }
            for (int i = 1; i < close; i++) {
                char c = h.charAt(i);
                if (!(Character.digit(c, 16) >= 0 && c < 128) && c != ':') {
                    return false;
                }
            }
            return close == h.length() - 1 || (h.charAt(close + 1) == ':' && isPort(h.substring(close + 2)));
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            if (!isPort(h.substring(colon + 1))) {
                return false;
            }
            name = h.substring(0, colon);
        }
        for (String component : name.split("\\.", -1)) {
            if (component.isEmpty() || component.charAt(0) == '-' || component.charAt(component.length() - 1) == '-') {
                return false;
            }
            for (int i = 0; i < component.length(); i++) {
                char c = component.charAt(i);
                if (!(isAlnum(c) || (c >= 'A' && c <= 'Z') || c == '-')) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isPort(String p) {
        if (p.isEmpty()) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            if (p.charAt(i) < '0' || p.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** An ECR image: {@code <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>}. */
    public static ImageRef ecr(String accountId, String region, String repository, String tag) {
        return parse(ecrHost(accountId, region) + "/" + repository + ":" + tag);
    }

    /** The registry host name of an account's ECR registry in a region. */
    public static String ecrHost(String accountId, String region) {
        if (accountId == null || !accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("account id '" + accountId + "' must be 12 digits");
        }
        if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            throw new IllegalArgumentException("region '" + region + "' must look like us-west-2");
        }
        return accountId + ".dkr.ecr." + region + ".amazonaws.com" + (region.startsWith("cn-") ? ".cn" : "");
    }

    /** The registry host (with port), empty for a reference relative to a registry. */
    public Optional<String> host() {
        return Optional.ofNullable(host);
    }

    public String repository() {
        return repository;
    }

    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    public Optional<String> digest() {
        return Optional.ofNullable(digest);
    }

    /** What to ask the registry for: the digest when there is one, else the tag. */
    public String reference() {
        return digest != null ? digest : tag;
    }

    /** Whether the host is an ECR registry host ({@code <account>.dkr.ecr.<region>.amazonaws.com}). */
    public boolean isEcr() {
        return host != null && ECR_HOST.matcher(host).matches();
    }

    /** The account id of an ECR host. */
    public Optional<String> accountId() {
        return ecrPart(1);
    }

    /** The region of an ECR host. */
    public Optional<String> region() {
        return ecrPart(3);
    }

    private Optional<String> ecrPart(int group) {
        if (host == null) {
            return Optional.empty();
        }
        Matcher m = ECR_HOST.matcher(host);
        return m.matches() ? Optional.of(m.group(group)) : Optional.empty();
    }

    /** This reference with another host. */
    public ImageRef withHost(String newHost) {
        return new ImageRef(newHost, repository, tag, digest);
    }

    /** {@code repository[:tag][@digest]} without the host. */
    public String path() {
        return repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageRef r
                && Objects.equals(host, r.host)
                && repository.equals(r.repository)
                && Objects.equals(tag, r.tag)
                && Objects.equals(digest, r.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, repository, tag, digest);
    }

    @Override
    public String toString() {
        return (host != null ? host + "/" : "") + path();
    }
}
