package dev.awskit.core;

import dev.awskit.core.internal.ClientFactory;
import dev.awskit.core.internal.ResolvedConfig;
import dev.awskit.core.internal.ServiceKeys;
import dev.awskit.core.spi.ClientCustomizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The entry point: configuration resolved like the AWS CLI, and the SDK clients built from it.
 *
 * <pre>{@code
 * try (AwsKit aws = AwsKit.builder().profile("dev").region("us-west-2").build()) {
 *     aws.region();                    // aws configure get region --profile dev
 *     aws.identity().accountId();      // aws sts get-caller-identity --query Account
 *     S3Client s3 = aws.client(S3Client.class);
 * }
 * }</pre>
 *
 * <p>Clients are created on first use, cached per (client type, region), share one HTTP client,
 * and are closed by {@link #close()}, which closes exactly what this kit created. A kit is
 * thread-safe.
 */
public final class AwsKit implements AutoCloseable {
    private static final String VERSION = readVersion();

    private final ResolvedConfig config;
    private final RetryPolicy retryPolicy;
    private final HttpSettings http;
    private final ClientFactory clients;
    private volatile CallerIdentity identity;
    private final ConcurrentHashMap<Class<?>, Object> shared = new ConcurrentHashMap<>();

    private AwsKit(Builder b) {
        Map<String, String> env = b.environment != null ? b.environment : System.getenv();
        this.config = new ResolvedConfig(
                new ResolvedConfig.Explicit(b.profile, b.region, b.credentials, b.endpoint, b.serviceEndpoints), env);
        this.retryPolicy = b.retryPolicy != null ? b.retryPolicy : RetryPolicy.standard();
        this.http = b.http != null ? b.http : HttpSettings.defaults();
        String ua = "aws-kit/" + VERSION + (b.appId != null ? " app/" + b.appId : "");
        this.clients = new ClientFactory(config, retryPolicy, http, ua, b.customizers);
    }

    /** A kit configured like the AWS CLI with no options: environment, then ~/.aws files. */
    public static AwsKit create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** aws-kit's version, e.g. {@code 0.1.0}. */
    public static String version() {
        return VERSION;
    }

    /**
     * The region in effect, like {@code aws configure get region [--profile P]} but also honouring
     * the builder and {@code AWS_REGION}.
     *
     * @throws ConfigurationException when no region is configured, saying how to set one
     */
    public Region region() {
        return config.region()
                .orElseThrow(() -> new ConfigurationException("No AWS region is configured for profile '"
                        + config.profileName() + "'. Set one with AwsKit.builder().region(\"us-west-2\"), the"
                        + " AWS_REGION environment variable, or 'region = us-west-2' in " + config.configFile()
                        + " (aws configure set region us-west-2 --profile " + config.profileName() + ")."));
    }

    /** The region when one is configured, else empty (never throws). */
    public Optional<Region> configuredRegion() {
        return config.region();
    }

    /** The profile in effect ({@code default} when none is named). */
    public String profile() {
        return config.profileName();
    }

    /** The endpoint override for a service key ({@code s3}, {@code kinesis}, {@code logs}...), if any. */
    public Optional<URI> endpoint(String service) {
        return config.endpoint(service);
    }

    /**
     * The shared credentials file this kit resolved ({@code AWS_SHARED_CREDENTIALS_FILE} or
     * {@code ~/.aws/credentials}); it may not exist.
     */
    public java.nio.file.Path credentialsFile() {
        return config.credentialsFile();
    }

    /** The shared config file this kit resolved ({@code AWS_CONFIG_FILE} or {@code ~/.aws/config}). */
    public java.nio.file.Path configFile() {
        return config.configFile();
    }

    /** The credentials provider every client of this kit uses. */
    public AwsCredentialsProvider credentialsProvider() {
        return config.credentials();
    }

    /** The retry policy for workflow steps (and, mapped, for single SDK calls). */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public HttpSettings http() {
        return http;
    }

    /**
     * Who the credentials belong to ({@code aws sts get-caller-identity}), asked once and cached.
     *
     * @throws AwsKitException when STS refuses, with the profile and region in the message
     */
    public CallerIdentity identity() {
        CallerIdentity id = identity;
        if (id == null) {
            synchronized (this) {
                id = identity;
                if (id == null) {
                    StsClient sts = client(StsClient.class);
                    GetCallerIdentityResponse r;
                    try {
                        // one SDK call: the SDK's retry strategy (the kit's policy, mapped) is its only
                        // retry owner; a kit-level retry around it would multiply the requests
                        r = sts.getCallerIdentity();
                    } catch (SdkException e) {
                        throw AwsKitException.of(
                                "sts:GetCallerIdentity (profile " + profile() + ", region " + region() + ")", e);
                    }
                    id = CallerIdentity.of(r.account(), r.arn(), r.userId());
                    identity = id;
                }
            }
        }
        return id;
    }

    /**
     * The one object of {@code type} this kit keeps for every module facade built on it, created by
     * {@code create} on first use. Modules keep here what all their facades over one kit must share
     * (aws-kit-logs keeps its 10-calls-a-second Logs Insights regulator), since facades are cheap
     * {@code X.of(kit)} values. Not for user data.
     */
    public <T> T shared(Class<T> type, Supplier<? extends T> create) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(create, "create");
        return type.cast(shared.computeIfAbsent(type, t -> Objects.requireNonNull(create.get(), "created")));
    }

    /** The client of {@code type} for the kit's region, e.g. {@code client(S3Client.class)}. */
    public <T extends SdkClient> T client(Class<T> type) {
        return clients.client(type, region());
    }

    /** The client of {@code type} for another region (cross-region operations use this). */
    public <T extends SdkClient> T client(Class<T> type, Region region) {
        return clients.client(type, Objects.requireNonNull(region, "region"));
    }

    /** {@link #client(Class, Region)} with a region name such as {@code us-west-2}. */
    public <T extends SdkClient> T client(Class<T> type, String region) {
        return client(type, ResolvedConfig.parseRegion(region, null));
    }

    /** Closes every client this kit created and the shared HTTP clients; safe to call twice. */
    @Override
    public void close() {
        clients.close();
    }

    /**
     * Where each setting came from, for scripts ({@code aws configure list}): profile, region,
     * endpoints, the credentials' source (never a key). Prints as one setting per line.
     */
    public KitDescription describe() {
        return new KitDescription(
                VERSION,
                config.profileName(),
                config.profileSource(),
                config.region(),
                config.regionSource(),
                config.globalEndpoint(),
                config.serviceEndpoints(),
                config.credentialsSource(),
                config.warnings(),
                config.configFile(),
                config.credentialsFile());
    }

    /**
     * The kit in one line, as a facade for {@code service} (a service key: {@code s3},
     * {@code kinesis}, {@code ecs}...) prints it: {@code region us-east-1, endpoint
     * http://127.0.0.1:4566}, with the profile when it is not {@code default}. Never a secret.
     */
    public String summary(String service) {
        Objects.requireNonNull(service, "service");
        return "region " + config.region().map(Region::id).orElse("(none)")
                + config.endpoint(service).map(u -> ", endpoint " + u).orElse("")
                + ("default".equals(config.profileName()) ? "" : ", profile " + config.profileName());
    }

    /** Region, endpoints, profile and the credentials' source (never a key) in one line. */
    @Override
    public String toString() {
        return "AwsKit[region "
                + config.region().map(Region::id).orElse("(none)")
                + config.globalEndpoint().map(u -> ", endpoint " + u).orElse("")
                + (config.serviceEndpoints().isEmpty()
                        ? ""
                        : ", endpoints " + new java.util.TreeMap<>(config.serviceEndpoints()))
                + ", profile " + config.profileName()
                + ", credentials " + config.credentialsSource() + "]";
    }

    private static String readVersion() {
        try (InputStream in = AwsKit.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Builds an {@link AwsKit}. Every setter may be called once: a second call is an {@link
     * IllegalStateException}, so no setting is silently overwritten.
     */
    public static final class Builder {
        private String profile;
        private String region;
        private AwsCredentialsProvider credentials;
        private URI endpoint;
        private final Map<String, URI> serviceEndpoints = new LinkedHashMap<>();
        private RetryPolicy retryPolicy;
        private HttpSettings http;
        private String appId;
        private Map<String, String> environment;
        private final List<ClientCustomizer> customizers = new ArrayList<>();

        private Builder() {}

        /** The named profile of ~/.aws/config and ~/.aws/credentials. */
        public Builder profile(String profile) {
            once("profile", this.profile);
            this.profile = requireText("profile", profile);
            return this;
        }

        /** The region, e.g. {@code us-west-2}. */
        public Builder region(String region) {
            once("region", this.region);
            this.region = ResolvedConfig.parseRegion(requireText("region", region), "builder")
                    .id();
            return this;
        }

        public Builder region(Region region) {
            return region(Objects.requireNonNull(region, "region").id());
        }

        /** Any credentials provider (SSO, assume-role, a custom chain...). */
        public Builder credentials(AwsCredentialsProvider provider) {
            once("credentials", this.credentials);
            this.credentials = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** Static keys, e.g. for emulators. The secret is never logged or printed. */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            return credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    requireText("accessKeyId", accessKeyId), requireText("secretAccessKey", secretAccessKey))));
        }

        /** One endpoint for every service (LocalStack, moto). */
        public Builder endpoint(String url) {
            return endpoint(ResolvedConfig.parseEndpoint(requireText("endpoint", url), "builder"));
        }

        public Builder endpoint(URI url) {
            once("endpoint", this.endpoint);
            this.endpoint = ResolvedConfig.parseEndpoint(
                    Objects.requireNonNull(url, "url").toString(), "builder");
            return this;
        }

        /**
         * The endpoint of one service, e.g. {@code endpoint("s3", "http://127.0.0.1:9000")}. Keys:
         * {@code cloudformation, dynamodb, ec2, ecr, ecs, elasticloadbalancing, iam, kinesis, logs,
         * s3, s3control, sso, sso-oidc, sts}, or any other AWS SDK endpoint prefix ({@code sqs}).
         *
         * @throws IllegalArgumentException for an unknown key, with a did-you-mean: a typo must not
         *     send that service's calls to real AWS
         */
        public Builder endpoint(String service, String url) {
            String key = ServiceKeys.require(requireText("service", service));
            if (serviceEndpoints.containsKey(key)) {
                throw new IllegalStateException(
                        "endpoint for " + key + " was already set to " + serviceEndpoints.get(key));
            }
            serviceEndpoints.put(key, ResolvedConfig.parseEndpoint(requireText("url", url), "builder, " + key));
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            once("retryPolicy", this.retryPolicy);
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder http(HttpSettings settings) {
            once("http", this.http);
            this.http = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public Builder http(Consumer<HttpSettings.Builder> settings) {
            HttpSettings.Builder b = HttpSettings.builder();
            settings.accept(b);
            return http(b.build());
        }

        /** Appended to the user agent after {@code aws-kit/<version>}, to tell your tool's calls apart. */
        public Builder appId(String appId) {
            once("appId", this.appId);
            String v = requireText("appId", appId);
            if (!v.matches("[A-Za-z0-9._-]{1,50}")) {
                throw new IllegalArgumentException("appId '" + v + "' must be 1-50 of A-Z a-z 0-9 . _ -");
            }
            this.appId = v;
            return this;
        }

        /**
         * Replaces the process environment for resolution ({@code AWS_PROFILE}, {@code AWS_REGION},
         * {@code AWS_CONFIG_FILE} ...). For tests and sandboxed tools.
         */
        public Builder environment(Map<String, String> environment) {
            once("environment", this.environment);
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** Adjusts every SDK client builder before it builds, after the modules' own customizers. */
        public Builder customize(ClientCustomizer customizer) {
            customizers.add(Objects.requireNonNull(customizer, "customizer"));
            return this;
        }

        /**
         * Resolves the configuration and builds the kit. No client and no network call is made yet.
         *
         * @throws ConfigurationException for an unknown profile or unreadable config files
         */
        public AwsKit build() {
            return new AwsKit(this);
        }

        private static void once(String name, Object current) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set to " + current);
            }
        }

        private static String requireText(String name, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
            return value.trim();
        }
    }
}
