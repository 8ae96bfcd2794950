package dev.awskit.ecr;

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
    private static final Pattern REPOSITORY =
            Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

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
     * Parses {@code [host/]repository[:tag][@sha256:digest]}. With neither tag nor digest the tag is
     * {@code latest}, as for {@code docker pull}.
     *
     * @throws IllegalArgumentException naming the bad part and the expected form
     */
    public static ImageRef parse(String image) {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException(
                    "image reference must not be empty; expected [host/]repository[:tag][@sha256:digest]");
        }
        String s = image.trim();
        String digest = null;
        int at = s.indexOf('@');
        if (at >= 0) {
            digest = s.substring(at + 1);
            s = s.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new IllegalArgumentException("digest '" + digest + "' in image reference '" + image
                        + "' must be sha256: followed by 64 lowercase hex digits");
            }
        }
        String host = null;
        int slash = s.indexOf('/');
        if (slash > 0) {
            String first = s.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                host = first;
                s = s.substring(slash + 1);
            }
        }
        String tag = null;
        int colon = s.lastIndexOf(':');
        if (colon > s.lastIndexOf('/')) {
            tag = s.substring(colon + 1);
            s = s.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("tag '" + tag + "' in image reference '" + image
                        + "' must be 1-128 of A-Z a-z 0-9 _ . - and not start with . or -");
            }
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException(
                    "image reference '" + image + "' has no repository; expected [host/]repository[:tag]");
        }
        if (!REPOSITORY.matcher(s).matches() || s.length() > 256) {
            throw new IllegalArgumentException("repository '" + s + "' in image reference '" + image
                    + "' must be lowercase letters, digits and . _ - separators, path parts joined by /"
                    + " (at most 256 characters)");
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageRef(host, s, tag, digest);
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
