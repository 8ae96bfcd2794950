package dev.awskit.testing;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The user's LocalStack choices: which image a container runs, and whether a LocalStack that is
 * already running (or a Testcontainers-reused container) may serve the tests.
 *
 * <p>Image: {@code @UsesServer(localStackImage = ...)}, else the system property {@value
 * #IMAGE_PROPERTY}, else the environment variable {@value #IMAGE_ENV}, else {@link
 * Targets#LOCALSTACK_IMAGE}. Reuse: the system property {@value #REUSE_PROPERTY} or the
 * environment variable {@value #REUSE_ENV}, {@code true} (LocalStack's default
 * {@code http://localhost:4566}) or the URL of a running LocalStack.
 */
final class LocalStackOptions {
    static final String IMAGE_PROPERTY = "awskit.localstack.image";
    static final String IMAGE_ENV = "AWSKIT_LOCALSTACK_IMAGE";
    static final String REUSE_PROPERTY = "awskit.localstack.reuse";
    static final String REUSE_ENV = "AWSKIT_LOCALSTACK_REUSE";
    static final URI DEFAULT_RUNNING = URI.create("http://localhost:4566");

    // [host[:port]/]name[/name...](:tag | @sha256:digest), as Docker reads a reference
    private static final Pattern IMAGE = Pattern.compile("(?:[A-Za-z0-9.-]+(?::\\d+)?/)?[a-z0-9]+(?:[._-][a-z0-9]+)*"
            + "(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})");

    /** Docker allows 255 characters of repository name, 128 of tag, and a registry host. */
    private static final int MAX_IMAGE_LENGTH = 512;

    private final String image;
    private final URI running;

    private LocalStackOptions(String image, URI running) {
        this.image = image;
        this.running = running;
    }

    /** From the system properties and the environment, with the annotation's image first when set. */
    static LocalStackOptions resolve(String annotationImage, Map<String, String> properties, Map<String, String> env) {
        String image = Targets.LOCALSTACK_IMAGE;
        if (!blank(annotationImage)) {
            image = checkImage(annotationImage, "@UsesServer(localStackImage)");
        } else if (!blank(properties.get(IMAGE_PROPERTY))) {
            image = checkImage(properties.get(IMAGE_PROPERTY), "system property " + IMAGE_PROPERTY);
        } else if (!blank(env.get(IMAGE_ENV))) {
            image = checkImage(env.get(IMAGE_ENV), IMAGE_ENV);
        }
        URI running = null;
        if (!blank(properties.get(REUSE_PROPERTY))) {
            running = reuse(properties.get(REUSE_PROPERTY), "system property " + REUSE_PROPERTY);
        } else if (!blank(env.get(REUSE_ENV))) {
            running = reuse(env.get(REUSE_ENV), REUSE_ENV);
        }
        return new LocalStackOptions(image, running);
    }

    /** From this JVM's system properties and environment. */
    static LocalStackOptions fromSystem(String annotationImage) {
        return resolve(annotationImage, properties(), System.getenv());
    }

    static Map<String, String> properties() {
        String image = System.getProperty(IMAGE_PROPERTY);
        String reuse = System.getProperty(REUSE_PROPERTY);
        java.util.HashMap<String, String> p = new java.util.HashMap<>();
        if (image != null) {
            p.put(IMAGE_PROPERTY, image);
        }
        if (reuse != null) {
            p.put(REUSE_PROPERTY, reuse);
        }
        return p;
    }

    /** The image a LocalStack container runs, e.g. {@code localstack/localstack:4.4.0}. */
    String image() {
        return image;
    }

    /** The running LocalStack to look for first, when reuse was asked for. */
    Optional<URI> running() {
        return Optional.ofNullable(running);
    }

    /** Whether a started container is kept for later runs (Testcontainers reuse). */
    boolean reuse() {
        return running != null;
    }

    private static String checkImage(String value, String source) {
        String v = value.trim();
        // a bound before the pattern: its nested repetitions recurse once per segment
        if (v.length() > MAX_IMAGE_LENGTH || !IMAGE.matcher(v).matches()) {
            throw new IllegalArgumentException("LocalStack image '" + shown(v) + "' (from " + source
                    + ") is not a pinned image reference; expected name:tag or name@sha256:digest, e.g. "
                    + Targets.LOCALSTACK_IMAGE);
        }
        return v;
    }

    /** At most 100 characters of a user's value in a message. */
    private static String shown(String v) {
        return v.length() <= 100 ? v : v.substring(0, 100) + "... (" + v.length() + " characters)";
    }

    private static URI reuse(String value, String source) {
        String v = value.trim();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("true")) {
            return DEFAULT_RUNNING;
        }
        if (lower.equals("false")) {
            return null;
        }
        if ((lower.startsWith("http://") || lower.startsWith("https://"))) {
            try {
                URI uri = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
                if (uri.getHost() != null) {
                    return uri;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(source + "='" + shown(v) + "' must be true, false or the http(s) URL of a"
                + " running LocalStack, e.g. " + DEFAULT_RUNNING);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "LocalStack " + image + (running == null ? "" : ", reusing " + running);
    }
}
