package dev.awskit.ecr.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.ecr.CopyStep;
import dev.awskit.ecr.EcrAuthorization;
import dev.awskit.ecr.EcrRepositories;
import dev.awskit.ecr.ImageRef;
import dev.awskit.ecr.RegistryEndpoint;
import dev.awskit.ecr.RegistryTimeouts;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;

/** What {@link dev.awskit.ecr.Ecr} does: logins (cached), repositories, copies. */
public final class EcrService {
    private static final Logger LOG = LoggerFactory.getLogger(EcrService.class);
    /** A login is renewed this long before it expires (ECR logins last 12 hours). */
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);
    /** How long a token is valid after issue, as the GetAuthorizationToken API reference documents. */
    static final Duration TOKEN_VALIDITY = Duration.ofHours(12);

    private final AwsKit kit;
    private final BiFunction<String, String, RegistryEndpoint> registryEndpoint;
    private final RegistryTimeouts timeouts;
    private final Map<String, Cached> logins = new ConcurrentHashMap<>();
    /**
     * One lock per region: a login is fetched once however many threads want it, and a copy's two
     * regions fetch theirs side by side (its target is looked up while its source is read).
     */
    private final Map<String, Object> regionLocks = new ConcurrentHashMap<>();

    /** A login and when to fetch a new one (by our clock). */
    private record Cached(EcrAuthorization login, Instant renewAt) {
        boolean fresh() {
            return Instant.now().isBefore(renewAt);
        }
    }

    public EcrService(
            AwsKit kit, BiFunction<String, String, RegistryEndpoint> registryEndpoint, RegistryTimeouts timeouts) {
        this.kit = kit;
        this.registryEndpoint = registryEndpoint;
        this.timeouts = timeouts;
    }

    public AwsKit kit() {
        return kit;
    }

    public String kitRegion() {
        return kit.region().id();
    }

    /** The login for (region, account or the caller's when null), renewed shortly before expiry. */
    public EcrAuthorization authorization(String region, String accountId) {
        String key = key(region, accountId);
        Cached c = logins.get(key);
        if (c != null && c.fresh()) {
            return c.login();
        }
        synchronized (lockOf(region)) {
            c = logins.get(key);
            if (c != null && c.fresh()) {
                return c.login();
            }
            Instant received = Instant.now();
            EcrAuthorization a = fetchAuthorization(region, accountId);
            c = new Cached(a, renewAt(a.expiresAt(), received));
            logins.put(key, c);
            if (accountId == null) {
                logins.put(key(region, a.registryId()), c);
            }
            return a;
        }
    }

    private Object lockOf(String region) {
        return regionLocks.computeIfAbsent(region, r -> new Object());
    }

    private static String key(String region, String accountId) {
        return region + "/" + (accountId == null ? "self" : accountId);
    }

    /**
     * When to fetch a new token, by our clock. A token is valid for 12 hours after issue and the
     * registry is the judge of that, not our clock: {@code expiresAt} is the issuer's clock. A token
     * that arrives already "expired" by our clock (a skewed clock, or moto, which answers with a
     * fixed date in 2015) is used, for 12 hours from its receipt; a registry that refuses it with
     * 401 makes us fetch a new one ({@link #renew}). Never renewed later than 12 hours after receipt.
     */
    static Instant renewAt(Instant expiresAt, Instant received) {
        Instant documented = received.plus(TOKEN_VALIDITY);
        Instant until = expiresAt != null && expiresAt.isAfter(received.plus(REFRESH_BEFORE))
                ? (expiresAt.isBefore(documented) ? expiresAt : documented)
                : documented;
        return until.minus(REFRESH_BEFORE);
    }

    /**
     * The registry refused {@code rejected} (HTTP 401): forget it and fetch a new login. True when
     * the new password differs (worth one more try). Forgetting and fetching happen under the
     * region's lock, as one step: requests refused side by side (a copy's blobs, its two sides)
     * fetch one new login between them, never one each.
     */
    boolean renew(String region, String accountId, String rejectedPassword) {
        synchronized (lockOf(region)) {
            logins.entrySet()
                    .removeIf(e -> e.getKey().startsWith(region + "/")
                            && e.getValue().login().password().equals(rejectedPassword));
            return !authorization(region, accountId).password().equals(rejectedPassword);
        }
    }

    private EcrAuthorization fetchAuthorization(String region, String accountId) {
        EcrClient ecr = kit.client(EcrClient.class, region);
        String what =
                "ecr:GetAuthorizationToken in " + region + (accountId == null ? "" : " for registry " + accountId);
        // no registryIds (deprecated): the token opens every registry the caller may use
        GetAuthorizationTokenResponse r = call(what, () -> ecr.getAuthorizationToken(b -> {}));
        if (!r.hasAuthorizationData() || r.authorizationData().isEmpty()) {
            throw new AwsKitException(what + " returned no authorization data; check the ECR endpoint ("
                    + kit.endpoint("ecr").map(URI::toString).orElse("AWS") + ")");
        }
        AuthorizationData d = r.authorizationData().get(0);
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(d.authorizationToken()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new AwsKitException(what + " returned a token that is not base64 user:password");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new AwsKitException(what + " returned a token that is not base64 user:password");
        }
        URI proxy = URI.create(d.proxyEndpoint());
        java.util.Optional<String> own = registryIdOf(proxy);
        if (accountId != null && own.isPresent() && !own.get().equals(accountId)) {
            // another account's registry: same region, same token, that account's host
            proxy = URI.create(
                    proxy.getScheme() + "://" + accountId + proxy.getAuthority().substring(12));
        }
        String registryId = accountId != null ? accountId : own.orElse("unknown");
        Instant expires = d.expiresAt() != null ? d.expiresAt() : Instant.now().plus(TOKEN_VALIDITY);
        LOG.debug("ECR login for {} in {} until {}", registryId, region, expires);
        return EcrAuthorization.builder()
                .registryId(registryId)
                .region(region)
                .user(decoded.substring(0, colon))
                .password(decoded.substring(colon + 1))
                .proxyEndpoint(proxy)
                .expiresAt(expires)
                .build();
    }

    private static java.util.Optional<String> registryIdOf(URI proxy) {
        String host = proxy.getHost();
        if (host != null && host.matches("\\d{12}\\..*")) {
            return java.util.Optional.of(host.substring(0, 12));
        }
        return java.util.Optional.empty();
    }

    /**
     * A registry client for (account, region): at the mapped endpoint with that registry's own
     * login when {@code registryEndpoint} gives one, else with the ECR token (renewed on a 401) at
     * the mapped endpoint or the token's proxy endpoint.
     */
    RegistryClient registryClient(String accountId, String region) {
        RegistryEndpoint mapped = registryEndpoint != null ? registryEndpoint.apply(accountId, region) : null;
        if (mapped != null && mapped.user().isPresent()) {
            RegistryClient.Credentials own = new RegistryClient.Credentials(
                    mapped.user().get(), mapped.password().orElseThrow());
            return new RegistryClient(mapped.url(), () -> own, timeouts);
        }
        EcrAuthorization first = authorization(region, accountId);
        URI url = mapped != null ? mapped.url() : first.proxyEndpoint();
        RegistryClient.Login login = new RegistryClient.Login() {
            @Override
            public RegistryClient.Credentials current() {
                EcrAuthorization a = authorization(region, accountId);
                return new RegistryClient.Credentials(a.user(), a.password());
            }

            @Override
            public boolean renew(RegistryClient.Credentials rejected) {
                return EcrService.this.renew(region, accountId, rejected.password());
            }
        };
        return new RegistryClient(url, login, timeouts);
    }

    public EcrAuthorization dockerLogin(String region, Path configJson) {
        EcrAuthorization a = authorization(region, null);
        DockerConfig.merge(configJson, a.host(), a.user(), a.password());
        return a;
    }

    public EcrRepositories repositories(String region) {
        return new DefaultEcrRepositories(this, region);
    }

    public dev.awskit.ecr.ReplicationStep replication(String region) {
        return new DefaultReplication(this, region);
    }

    public CopyStep copy(ImageRef source) {
        return new EcrCopy(this, source);
    }

    public dev.awskit.ecr.CopyReport copy(dev.awskit.ecr.CopyRequest request) {
        return EcrCopy.run(this, request);
    }

    /** One SDK call (the SDK retries it), failures turned into an AwsKitException naming what failed. */
    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new AwsKitException(what + " failed: " + AwsErrors.describe(e), e);
        }
    }

    @Override
    public String toString() {
        return kit.summary("ecr") + (registryEndpoint != null ? ", registry endpoints overridden" : "");
    }
}
