package dev.awskit.ecr.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.ecr.CopyStep;
import dev.awskit.ecr.EcrAuthorization;
import dev.awskit.ecr.EcrRepositories;
import dev.awskit.ecr.ImageRef;
import java.net.URI;
import java.net.http.HttpClient;
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

    private final AwsKit kit;
    private final BiFunction<String, String, URI> registryEndpoint;
    private final Map<String, EcrAuthorization> logins = new ConcurrentHashMap<>();
    private volatile HttpClient http;

    public EcrService(AwsKit kit, BiFunction<String, String, URI> registryEndpoint) {
        this.kit = kit;
        this.registryEndpoint = registryEndpoint;
    }

    public AwsKit kit() {
        return kit;
    }

    public String kitRegion() {
        return kit.region().id();
    }

    /** The login for (region, account or the caller's when null), renewed shortly before expiry. */
    public EcrAuthorization authorization(String region, String accountId) {
        String key = region + "/" + (accountId == null ? "self" : accountId);
        EcrAuthorization a = logins.get(key);
        if (a != null && Instant.now().isBefore(a.expiresAt().minus(REFRESH_BEFORE))) {
            return a;
        }
        synchronized (logins) {
            a = logins.get(key);
            if (a != null && Instant.now().isBefore(a.expiresAt().minus(REFRESH_BEFORE))) {
                return a;
            }
            a = fetchAuthorization(region, accountId);
            logins.put(key, a);
            if (accountId == null) {
                logins.put(region + "/" + a.registryId(), a);
            }
            return a;
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
        Instant expires = d.expiresAt() != null ? d.expiresAt() : Instant.now().plus(Duration.ofHours(12));
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

    /** The URL of the registry of (account, region): the override, else the login's proxy endpoint. */
    URI registryUrl(String accountId, String region, EcrAuthorization login) {
        if (registryEndpoint != null) {
            URI u = registryEndpoint.apply(accountId, region);
            if (u != null) {
                return u;
            }
        }
        return login.proxyEndpoint();
    }

    /** A registry client for (account, region) whose credentials follow the cached login. */
    RegistryClient registryClient(String accountId, String region) {
        EcrAuthorization first = authorization(region, accountId);
        URI url = registryUrl(accountId, region, first);
        return new RegistryClient(
                url,
                () -> {
                    EcrAuthorization a = authorization(region, accountId);
                    return new RegistryClient.Credentials(a.user(), a.password());
                },
                httpClient(),
                Duration.ofMinutes(30));
    }

    private HttpClient httpClient() {
        HttpClient h = http;
        if (h == null) {
            synchronized (this) {
                h = http;
                if (h == null) {
                    h = RegistryClient.newHttpClient(Duration.ofSeconds(10));
                    http = h;
                }
            }
        }
        return h;
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
        return "region " + kit.configuredRegion().map(Object::toString).orElse("(none)")
                + (registryEndpoint != null ? ", registry endpoints overridden" : "");
    }
}
