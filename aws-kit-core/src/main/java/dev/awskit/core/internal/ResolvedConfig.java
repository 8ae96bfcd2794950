package dev.awskit.core.internal;

import dev.awskit.core.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

/**
 * Resolves configuration the way the AWS CLI does: an explicit builder value, then the environment
 * ({@code AWS_PROFILE}, {@code AWS_REGION}, {@code AWS_ENDPOINT_URL[_SERVICE]} ...), then the shared
 * config and credentials files ({@code AWS_CONFIG_FILE}, {@code AWS_SHARED_CREDENTIALS_FILE}).
 */
public final class ResolvedConfig {
    private static final Logger LOG = LoggerFactory.getLogger(ResolvedConfig.class);
    private static final Pattern REGION =
            Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+|aws-global|aws-cn-global|aws-us-gov-global");

    private final Map<String, String> env;
    private final Path configFile;
    private final Path credentialsFile;
    private final ProfileFile profileFile;
    private final String profileName;
    private final String profileSource;
    private final boolean profileExplicit;
    private final Optional<Region> region;
    private final String regionSource;
    private final Optional<URI> globalEndpoint;
    private final Map<String, URI> serviceEndpoints;
    private final AwsCredentialsProvider credentials;
    private final String credentialsSource;
    private final List<String> warnings = new ArrayList<>();

    /** Builder-level values; any may be null. */
    public record Explicit(
            String profile,
            String region,
            AwsCredentialsProvider credentials,
            URI endpoint,
            Map<String, URI> serviceEndpoints) {}

    public ResolvedConfig(Explicit explicit, Map<String, String> env) {
        this.env = Map.copyOf(env);
        String home = Optional.ofNullable(env.get("HOME")).orElse(System.getProperty("user.home"));
        this.configFile = path(env.get("AWS_CONFIG_FILE"), Path.of(home, ".aws", "config"));
        this.credentialsFile = path(env.get("AWS_SHARED_CREDENTIALS_FILE"), Path.of(home, ".aws", "credentials"));
        this.profileFile = loadProfiles(configFile, credentialsFile);

        if (explicit.profile() != null) {
            profileName = explicit.profile();
            profileSource = "builder";
            profileExplicit = true;
        } else if (nonEmpty(env.get("AWS_PROFILE"))) {
            profileName = env.get("AWS_PROFILE");
            profileSource = "AWS_PROFILE";
            profileExplicit = true;
        } else if (nonEmpty(env.get("AWS_DEFAULT_PROFILE"))) {
            profileName = env.get("AWS_DEFAULT_PROFILE");
            profileSource = "AWS_DEFAULT_PROFILE";
            profileExplicit = true;
        } else {
            profileName = "default";
            profileSource = "default";
            profileExplicit = false;
        }
        Optional<Profile> profile = profileFile.profile(profileName);
        if (profileExplicit && profile.isEmpty()) {
            throw new ConfigurationException("Profile '" + profileName + "' (from " + profileSource
                    + ") was not found in " + configFile + " or " + credentialsFile + ". Known profiles: "
                    + knownProfiles() + ". Create it with 'aws configure --profile " + profileName
                    + "' or choose one of the known profiles.");
        }

        // region
        String r;
        String rs;
        if (explicit.region() != null) {
            r = explicit.region();
            rs = "builder";
        } else if (nonEmpty(env.get("AWS_REGION"))) {
            r = env.get("AWS_REGION");
            rs = "AWS_REGION";
        } else if (nonEmpty(env.get("AWS_DEFAULT_REGION"))) {
            r = env.get("AWS_DEFAULT_REGION");
            rs = "AWS_DEFAULT_REGION";
        } else {
            r = profile.flatMap(p -> p.property("region")).orElse(null);
            rs = r == null ? null : "profile " + profileName + " in " + configFile;
        }
        this.region = Optional.ofNullable(r).map(v -> parseRegion(v, rs));
        this.regionSource = rs;

        // endpoints
        boolean ignoreConfigured = "true".equalsIgnoreCase(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"));
        Map<String, URI> services = new LinkedHashMap<>();
        if (!ignoreConfigured) {
            for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
                if (e.getKey().startsWith("AWS_ENDPOINT_URL_") && nonEmpty(e.getValue())) {
                    ServiceKeys.EnvKey k = ServiceKeys.ofEnvSuffix(e.getKey().substring("AWS_ENDPOINT_URL_".length()));
                    if (k.key().isPresent()) {
                        services.put(k.key().get(), parseEndpoint(e.getValue(), e.getKey()));
                    } else {
                        k.warning().ifPresent(w -> {
                            warnings.add(w);
                            LOG.warn(w);
                        });
                    }
                }
            }
        }
        if (explicit.serviceEndpoints() != null) {
            explicit.serviceEndpoints().forEach((k, v) -> services.put(ServiceKeys.require(k), v));
        }
        this.serviceEndpoints = Map.copyOf(services);
        URI global = explicit.endpoint();
        if (global == null && !ignoreConfigured) {
            if (nonEmpty(env.get("AWS_ENDPOINT_URL"))) {
                global = parseEndpoint(env.get("AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL");
            } else {
                String fromProfile =
                        profile.flatMap(p -> p.property("endpoint_url")).orElse(null);
                if (fromProfile != null) {
                    global = parseEndpoint(fromProfile, "endpoint_url of profile " + profileName);
                }
            }
        }
        this.globalEndpoint = Optional.ofNullable(global);

        // credentials
        if (explicit.credentials() != null) {
            credentials = explicit.credentials();
            credentialsSource = "builder";
        } else if (explicit.profile() != null) {
            credentials = profileCredentials();
            credentialsSource = "profile " + profileName;
        } else if (nonEmpty(env.get("AWS_ACCESS_KEY_ID")) && nonEmpty(env.get("AWS_SECRET_ACCESS_KEY"))) {
            String token = env.get("AWS_SESSION_TOKEN");
            credentials = StaticCredentialsProvider.create(
                    nonEmpty(token)
                            ? AwsSessionCredentials.create(
                                    env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"), token)
                            : AwsBasicCredentials.create(
                                    env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")));
            credentialsSource = "environment (AWS_ACCESS_KEY_ID)";
        } else if (profileExplicit || profile.isPresent()) {
            credentials = profileCredentials();
            credentialsSource = "profile " + profileName;
        } else {
            credentials = DefaultCredentialsProvider.builder()
                    .profileFile(() -> profileFile)
                    .profileName(profileName)
                    .build();
            credentialsSource = "default chain";
        }
    }

    private AwsCredentialsProvider profileCredentials() {
        return ProfileCredentialsProvider.builder()
                .profileFile(profileFile)
                .profileName(profileName)
                .build();
    }

    /** Parses an endpoint URL, naming where it came from when it is malformed. */
    public static URI parseEndpoint(String value, String where) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw badEndpoint(value, where, Texts.clip(e.getReason()));
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw badEndpoint(value, where, "the scheme must be http or https");
        }
        if (uri.getRawUserInfo() != null) {
            // AWS endpoints take no user info; what is there may be a password: never echo it
            throw badEndpoint(value, where, "it must not contain user info ('user:password@')");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw badEndpoint(value, where, "it has no host");
        }
        return uri;
    }

    private static IllegalArgumentException badEndpoint(String value, String where, String why) {
        return new IllegalArgumentException("Endpoint '" + Texts.clip(withoutUserInfo(value)) + "' (" + where
                + ") is not a valid URL: " + why
                + "; expected a form like http://127.0.0.1:4566 or https://s3.us-west-2.amazonaws.com");
    }

    /**
     * {@code http://user:pw@host/} -> {@code http://***@host/}: everything between the scheme and the
     * last '@' (a pasted password may itself hold '/', '?' or '#'). Without an '@' (mistyped, or lost
     * when pasting), a ':' that is not followed by a port's digits may start a password, and where it
     * ends cannot be known: everything after that ':' is hidden.
     */
    private static String withoutUserInfo(String value) {
        int scheme = value.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = value.lastIndexOf('@');
        if (at >= start) {
            return value.substring(0, start) + "***" + value.substring(at);
        }
        int colon = colonBeforeSomethingElseThanAPort(value, start);
        return colon < 0 ? value : value.substring(0, colon + 1) + "***";
    }

    private static int colonBeforeSomethingElseThanAPort(String value, int from) {
        boolean inBrackets = false; // an IPv6 literal's colons
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '[') {
                inBrackets = true;
            } else if (c == ']') {
                inBrackets = false;
            } else if (c == ':' && !inBrackets) {
                boolean port = i + 1 < value.length() && Character.isDigit(value.charAt(i + 1));
                if (!port) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Validates a region name such as {@code us-west-2}. */
    public static Region parseRegion(String value, String where) {
        String v = value.trim();
        if (!REGION.matcher(v).matches()) {
            throw new IllegalArgumentException("Region '" + Texts.clip(value) + "'"
                    + (where == null ? "" : " (" + where + ")")
                    + " is not a region name; expected a form like us-west-2 or eu-central-1");
        }
        return Region.of(v);
    }

    /** The environment variable that sets an endpoint for one service key (see {@link ServiceKeys}). */
    public static String envNameOf(String serviceKey) {
        return ServiceKeys.envNameOf(serviceKey);
    }

    private static ProfileFile loadProfiles(Path config, Path credentials) {
        ProfileFile.Aggregator agg = ProfileFile.aggregator();
        // credentials first: for a profile in both files the config file's properties win, as in the CLI
        if (Files.isRegularFile(credentials)) {
            agg.addFile(read(credentials, ProfileFile.Type.CREDENTIALS));
        }
        if (Files.isRegularFile(config)) {
            agg.addFile(read(config, ProfileFile.Type.CONFIGURATION));
        }
        return agg.build();
    }

    private static ProfileFile read(Path file, ProfileFile.Type type) {
        try {
            return ProfileFile.builder().content(file).type(type).build();
        } catch (RuntimeException e) {
            // the SDK's parser reports syntax errors as IllegalArgument/IllegalState; anything else
            // (fuzzing met a StringIndexOutOfBoundsException) is named, so the message still says why
            String why = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    ? e.getMessage()
                    : "the AWS SDK's profile parser failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + ")";
            throw new ConfigurationException(
                    "Could not read " + file + ": " + Texts.clip(why, 300) + ". Fix the file or point "
                            + (type == ProfileFile.Type.CONFIGURATION
                                    ? "AWS_CONFIG_FILE"
                                    : "AWS_SHARED_CREDENTIALS_FILE")
                            + " at another one.",
                    e);
        }
    }

    private static Path path(String fromEnv, Path fallback) {
        if (!nonEmpty(fromEnv)) {
            return fallback;
        }
        String home = System.getProperty("user.home");
        return Path.of(fromEnv.startsWith("~/") ? home + fromEnv.substring(1) : fromEnv);
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isBlank();
    }

    /** Profile names found in the files, sorted; "(none)" when the files are missing or empty. */
    public String knownProfiles() {
        List<String> names = new ArrayList<>(profileFile.profiles().keySet());
        names.sort(null);
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    public String profileName() {
        return profileName;
    }

    public String profileSource() {
        return profileSource;
    }

    public Optional<Region> region() {
        return region;
    }

    public String regionSource() {
        return regionSource;
    }

    public Path configFile() {
        return configFile;
    }

    public Path credentialsFile() {
        return credentialsFile;
    }

    public ProfileFile profileFile() {
        return profileFile;
    }

    /** What resolution ignored and the user may want to know (an unknown endpoint variable...). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * The endpoint for a service key ({@link ServiceKeys}): per-service first, then the one for
     * every service.
     */
    public Optional<URI> endpoint(String serviceKey) {
        URI specific =
                ServiceKeys.canonical(serviceKey).map(serviceEndpoints::get).orElse(null);
        return specific != null ? Optional.of(specific) : globalEndpoint;
    }

    public Optional<URI> globalEndpoint() {
        return globalEndpoint;
    }

    public Map<String, URI> serviceEndpoints() {
        return serviceEndpoints;
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    public String credentialsSource() {
        return credentialsSource;
    }

    public Map<String, String> env() {
        return env;
    }
}
