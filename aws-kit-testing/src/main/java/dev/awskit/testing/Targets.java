package dev.awskit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Finds a server for a service, in this order:
 *
 * <ol>
 *   <li>{@code AWSKIT_IT_ENDPOINT} (LocalStack, moto, real AWS) with {@code AWS_REGION} (default
 *       us-east-1) and the credentials in the environment (default test/test);
 *   <li>when asked with {@code AWSKIT_LOCALSTACK_REUSE=true} (or {@code =http://host:port}, or the
 *       system property {@code awskit.localstack.reuse}): a LocalStack already running at
 *       {@code http://localhost:4566} (or that URL), for the services its {@code
 *       /_localstack/health} reports as available;
 *   <li>the local servers (S3Proxy, kinesis-mock, the registries, moto for the control plane),
 *       read from the file named
 *       by {@code AWSKIT_EMULATORS_FILE} or from {@code .emulators/endpoints.properties} in this
 *       or a parent directory, when the endpoint answers;
 *   <li>for S3 and Kinesis, a LocalStack container when a Docker engine is available: {@value
 *       #LOCALSTACK_IMAGE} unless {@code @UsesServer(localStackImage = ...)}, the system property
 *       {@code awskit.localstack.image} or {@code AWSKIT_LOCALSTACK_IMAGE} names another; one
 *       container per image for the JVM, kept for later runs (Testcontainers reuse, which also
 *       needs {@code testcontainers.reuse.enable=true}) when {@code AWSKIT_LOCALSTACK_REUSE} is set;
 *   <li>none, with the reason.
 * </ol>
 */
public final class Targets {
    /** The pinned LocalStack community image ({@code latest} needs an auth token since 2026-03). */
    public static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4.0";

    /**
     * The JUnit configuration parameter (or system property) naming the emulators' endpoints file;
     * it wins over {@code AWSKIT_EMULATORS_FILE} for {@link UsesServer} classes.
     */
    static final String EMULATORS_FILE_PROPERTY = "awskit.emulators.file";

    private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, LocalStackContainer> CONTAINERS = new ConcurrentHashMap<>();
    private static final String HEALTH = "/_localstack/health";
    private static final Pattern HEALTH_ENTRY = Pattern.compile("\"([a-z0-9-]+)\"\\s*:\\s*\"(?:available|running)\"");

    private Targets() {}

    /**
     * The target for {@code service}, or an explanation of why there is none. The LocalStack
     * choices come from the system properties and the environment ({@code
     * AWSKIT_LOCALSTACK_IMAGE}, {@code AWSKIT_LOCALSTACK_REUSE}).
     */
    public static Resolution find(Service service) {
        return find(service, System.getenv(), LocalStackOptions.fromSystem(""));
    }

    /**
     * The target for {@code service}, for code that cannot use {@link UsesServer} (a {@code
     * @BeforeAll} of a per-class lifecycle, a helper): without one the calling test is aborted
     * (reported as skipped, with the reason), or failed under {@code CI=true}.
     */
    public static Target require(Service service) {
        Resolution r = find(service);
        if (r.target().isPresent()) {
            return r.target().get();
        }
        if (inCi()) {
            org.junit.jupiter.api.Assertions.fail(r.reason());
        }
        org.junit.jupiter.api.Assumptions.abort(r.reason());
        throw new IllegalStateException("unreachable");
    }

    static Resolution find(Service service, Map<String, String> env) {
        return find(service, env, LocalStackOptions.resolve("", Map.of(), env));
    }

    static Resolution find(Service service, Map<String, String> env, LocalStackOptions options) {
        String it = env.get("AWSKIT_IT_ENDPOINT");
        if (it != null && !it.isBlank() && service != Service.REGISTRY) {
            return Resolution.found(new Target(
                    service,
                    Target.Kind.IT_ENDPOINT,
                    URI.create(it.trim()),
                    region(env),
                    env.getOrDefault("AWS_ACCESS_KEY_ID", "test"),
                    env.getOrDefault("AWS_SECRET_ACCESS_KEY", "test")));
        }
        StringBuilder why = new StringBuilder("AWSKIT_IT_ENDPOINT is not set");
        if (service == Service.OTHER) {
            return Resolution.none(why.append(" (this test fakes the service itself otherwise)")
                    .toString());
        }
        // asked for explicitly, so before the servers found in a file
        if (options.running().isPresent() && !service.localStackName().isEmpty()) {
            URI running = options.running().get();
            Optional<Set<String>> offered = localStackServices(running);
            if (offered.isPresent() && offered.get().contains(service.localStackName())) {
                return Resolution.found(new Target(
                        service,
                        Target.Kind.LOCALSTACK_RUNNING,
                        running,
                        region(env),
                        env.getOrDefault("AWS_ACCESS_KEY_ID", "test"),
                        env.getOrDefault("AWS_SECRET_ACCESS_KEY", "test")));
            }
            why.append(offered.isEmpty() ? ", no LocalStack answers at " : ", the LocalStack at ")
                    .append(running)
                    .append(HEALTH)
                    .append(offered.isEmpty() ? "" : " does not offer " + service.localStackName());
        }
        Optional<Path> file = emulatorsFile(env);
        String key = service.fileKey() + ".endpoint";
        if (file.isEmpty()) {
            why.append(", and no local server file (AWSKIT_EMULATORS_FILE, or .emulators/endpoints.properties")
                    .append(" from scripts/emulators start) names ")
                    .append(key);
        } else {
            Properties p = load(file.get());
            String endpoint = p.getProperty(key);
            if (endpoint == null) {
                why.append(", and ").append(file.get()).append(" has no ").append(key);
            } else if (!answers(URI.create(endpoint))) {
                why.append(", and the ")
                        .append(service.fileKey())
                        .append(" server at ")
                        .append(endpoint)
                        .append(" does not answer");
            } else {
                boolean registry = service == Service.REGISTRY;
                String prefix = registry ? "registry" : service.fileKey();
                String user = registry ? "registry.username" : prefix + ".accessKey";
                String password = registry ? "registry.password" : prefix + ".secretKey";
                return Resolution.found(new Target(
                        service,
                        Target.Kind.LOCAL_EMULATOR,
                        URI.create(endpoint),
                        "us-east-1",
                        p.getProperty(user, "test"),
                        p.getProperty(password, "test")));
            }
        }
        if (service.inLocalStack() && dockerAvailable()) {
            LocalStackContainer ls = localStack(options);
            return Resolution.found(new Target(
                    service,
                    Target.Kind.LOCALSTACK_CONTAINER,
                    ls.getEndpoint(),
                    ls.getRegion(),
                    ls.getAccessKey(),
                    ls.getSecretKey()));
        }
        if (service.inLocalStack()) {
            why.append(", and no Docker engine for a LocalStack container");
        }
        return Resolution.none(why.toString());
    }

    /**
     * The LocalStack image a container would run: the system property {@code
     * awskit.localstack.image}, else {@code AWSKIT_LOCALSTACK_IMAGE}, else {@link #LOCALSTACK_IMAGE}.
     *
     * @throws IllegalArgumentException when the chosen image is not a pinned reference (name:tag)
     */
    public static String localStackImage() {
        return LocalStackOptions.fromSystem("").image();
    }

    private static String region(Map<String, String> env) {
        return env.getOrDefault("AWS_REGION", "us-east-1");
    }

    /**
     * The services a running LocalStack reports as {@code available} or {@code running} on its
     * health endpoint, or empty when nothing (or something else) answers there.
     */
    static Optional<Set<String>> localStackServices(URI running) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(1))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(running + HEALTH))
                            .timeout(Duration.ofSeconds(3))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? healthServices(r.body()) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The services LocalStack's health document lists as {@code available} or {@code running};
     * empty when the document is not LocalStack's (no {@code "services"}).
     */
    static Optional<Set<String>> healthServices(String body) {
        if (!body.contains("\"services\"")) {
            return Optional.empty();
        }
        Set<String> up = new TreeSet<>();
        Matcher m = HEALTH_ENTRY.matcher(body);
        while (m.find()) {
            up.add(m.group(1));
        }
        return Optional.of(up);
    }

    /**
     * The directory holding {@code scripts/emulators} (this repository's server script) at or
     * above the working directory, when the tests run inside the aws-kit repository.
     */
    static Optional<Path> repository(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts").resolve("emulators"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** The registry endpoints of the emulators file, {@code registry.1.endpoint} and {@code registry.2.endpoint}. */
    public static Optional<URI> registry(int n) {
        return emulatorsFile(System.getenv())
                .map(Targets::load)
                .map(p -> p.getProperty("registry." + n + ".endpoint"))
                .map(URI::create)
                .filter(Targets::answers);
    }

    /** The emulators' endpoints file, when one exists. */
    public static Optional<Path> emulatorsFile(Map<String, String> env) {
        String named = env.get("AWSKIT_EMULATORS_FILE");
        if (named != null && !named.isBlank() && Files.isRegularFile(Path.of(named))) {
            return Optional.of(Path.of(named));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path f = dir.resolve(".emulators").resolve("endpoints.properties");
            if (Files.isRegularFile(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Whether CI is running ({@code CI=true}): a missing server then fails instead of skipping. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static Properties load(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return p;
    }

    static boolean answers(URI endpoint) {
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : ("https".equals(endpoint.getScheme()) ? 443 : 80);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(endpoint.getHost(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean dockerAvailable() {
        return (Boolean) CACHE.computeIfAbsent("docker", k -> {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        });
    }

    private static LocalStackContainer localStack(LocalStackOptions options) {
        // one container per image (and reuse choice) for the whole JVM
        return CONTAINERS.computeIfAbsent(options.image() + (options.reuse() ? " reused" : ""), k -> {
            LocalStackContainer c = new LocalStackContainer(
                            DockerImageName.parse(options.image()).asCompatibleSubstituteFor("localstack/localstack"))
                    .withServices("s3", "kinesis")
                    // kept for later runs when testcontainers.reuse.enable=true (~/.testcontainers.properties)
                    .withReuse(options.reuse());
            c.start();
            return c;
        });
    }

    /** A found target, or the reason there is none. */
    public static final class Resolution {
        private final Target target;
        private final String reason;

        private Resolution(Target target, String reason) {
            this.target = target;
            this.reason = reason;
        }

        static Resolution found(Target t) {
            return new Resolution(t, null);
        }

        static Resolution none(String reason) {
            return new Resolution(null, reason);
        }

        public Optional<Target> target() {
            return Optional.ofNullable(target);
        }

        /** Why no target was found (empty when one was). */
        public String reason() {
            return reason == null ? "" : reason;
        }
    }
}
