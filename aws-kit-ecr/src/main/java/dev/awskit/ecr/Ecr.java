package dev.awskit.ecr;

import dev.awskit.core.AwsKit;
import dev.awskit.ecr.internal.EcrService;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * ECR without Docker: the login password, {@code docker login} for scripts that still need it,
 * repositories, and image copies between regions and accounts that keep the image byte-for-byte.
 *
 * <pre>{@code
 * Ecr ecr = Ecr.of(aws);
 * String password = ecr.loginPassword();              // aws ecr get-login-password
 * CopyReport r = ecr.copy("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2")
 *     .toRegion("us-west-2").allPlatforms().run();
 * }</pre>
 *
 * <p>Thread-safe. Logins are cached per (region, registry) until five minutes before they expire.
 */
public final class Ecr {
    private final EcrService service;

    private Ecr(EcrService service) {
        this.service = service;
    }

    /** The facade over {@code kit}: its credentials, regions, endpoints and retry policy. */
    public static Ecr of(AwsKit kit) {
        return builder(kit).build();
    }

    public static Builder builder(AwsKit kit) {
        return new Builder(Objects.requireNonNull(kit, "kit"));
    }

    /** The registry password for the kit's region, like {@code aws ecr get-login-password}. */
    public String loginPassword() {
        return authorization().password();
    }

    /** The registry password for {@code region}. */
    public String loginPassword(String region) {
        return authorization(region).password();
    }

    /** The login for the caller's registry in the kit's region. */
    public EcrAuthorization authorization() {
        return service.authorization(service.kitRegion(), null);
    }

    /** The login for the caller's registry in {@code region}. */
    public EcrAuthorization authorization(String region) {
        return service.authorization(requireRegion(region), null);
    }

    /** The login for another account's registry in {@code region} (its policy must let the caller pull/push). */
    public EcrAuthorization authorization(String region, String accountId) {
        return service.authorization(requireRegion(region), requireAccount(accountId));
    }

    /**
     * Writes the kit's region's login into a Docker {@code config.json} ({@code auths.<host>.auth}),
     * keeping every other entry, atomically, with mode 0600: {@code aws ecr get-login-password |
     * docker login --password-stdin}.
     *
     * @return the login written (its host is the key in {@code auths})
     */
    public EcrAuthorization dockerLogin(Path configJson) {
        return service.dockerLogin(service.kitRegion(), Objects.requireNonNull(configJson, "configJson"));
    }

    /** {@link #dockerLogin(Path)} for {@code region}. */
    public EcrAuthorization dockerLogin(String region, Path configJson) {
        return service.dockerLogin(requireRegion(region), Objects.requireNonNull(configJson, "configJson"));
    }

    /** {@link #dockerLogin(Path)} into {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}. */
    public EcrAuthorization dockerLogin() {
        String dir = System.getenv("DOCKER_CONFIG");
        Path base = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".docker");
        return dockerLogin(base.resolve("config.json"));
    }

    /** The repositories of the kit's region. */
    public EcrRepositories repositories() {
        return service.repositories(service.kitRegion());
    }

    /** The repositories of {@code region}. */
    public EcrRepositories repositories(String region) {
        return service.repositories(requireRegion(region));
    }

    /**
     * ECR's own continuous replication for the kit's region's registry: {@code
     * replication().rule().toRegion("us-west-2").filterPrefix("app/").apply()}.
     */
    public ReplicationStep replication() {
        return service.replication(service.kitRegion());
    }

    /** {@link #replication()} for the registry in {@code region}. */
    public ReplicationStep replication(String region) {
        return service.replication(requireRegion(region));
    }

    /**
     * Starts a copy of an ECR image ({@code <account>.dkr.ecr.<region>.amazonaws.com/repo:tag} or
     * {@code ...@sha256:...}; {@code repo:tag} alone means the caller's registry in the kit's
     * region).
     */
    public CopyStep copy(String sourceImage) {
        return service.copy(ImageRef.parse(sourceImage));
    }

    public CopyStep copy(ImageRef sourceImage) {
        return service.copy(Objects.requireNonNull(sourceImage, "sourceImage"));
    }

    private static String requireRegion(String region) {
        if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            throw new IllegalArgumentException("region '" + region + "' must look like us-west-2");
        }
        return region;
    }

    private static String requireAccount(String accountId) {
        if (accountId == null || !accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("account id '" + accountId + "' must be 12 digits");
        }
        return accountId;
    }

    /**
     * {@code Ecr[region us-east-1, endpoint http://127.0.0.1:5000]}: where ECR's API calls go (and
     * whether registry endpoints are overridden).
     */
    @Override
    public String toString() {
        return "Ecr[" + service + "]";
    }

    /** Builds an {@link Ecr}; each setter may be called once. */
    public static final class Builder {
        private final AwsKit kit;
        private BiFunction<String, String, RegistryEndpoint> registryEndpoint;
        private RegistryTimeouts timeouts;

        private Builder(AwsKit kit) {
            this.kit = kit;
        }

        /**
         * Where the registry of (account id, region) is reached, instead of the {@code proxyEndpoint}
         * that GetAuthorizationToken returns, and with which login: {@link RegistryEndpoint#of(java.net.URI)}
         * keeps the ECR token, {@link RegistryEndpoint#of(java.net.URI, String, String)} uses that registry's
         * own user and password (a mirror, a proxy, a local registry in tests). Return {@code null}
         * to keep the proxy endpoint and the ECR token for that pair.
         */
        public Builder registryEndpoint(BiFunction<String, String, RegistryEndpoint> endpoint) {
            if (registryEndpoint != null) {
                throw new IllegalStateException("registryEndpoint was already set");
            }
            this.registryEndpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** Connect, first-byte and idle timeouts of registry requests; default {@link RegistryTimeouts#defaults()}. */
        public Builder registryTimeouts(RegistryTimeouts registryTimeouts) {
            if (timeouts != null) {
                throw new IllegalStateException("registryTimeouts was already set to " + timeouts);
            }
            this.timeouts = Objects.requireNonNull(registryTimeouts, "registryTimeouts");
            return this;
        }

        public Ecr build() {
            return new Ecr(
                    new EcrService(kit, registryEndpoint, timeouts != null ? timeouts : RegistryTimeouts.defaults()));
        }
    }
}
