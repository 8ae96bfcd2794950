package dev.awskit.ecr;

import dev.awskit.core.AwsKitStyle;
import java.net.URI;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Where an ECR registry is reached instead of the {@code proxyEndpoint} of GetAuthorizationToken,
 * and with which login: the ECR token ({@link #of(URI)}), or that registry's own user and password
 * ({@link #of(URI, String, String)}: a mirror, a pull-through proxy, a local registry standing in
 * for ECR). The password prints as {@code ****}.
 *
 * <pre>{@code
 * Ecr ecr = Ecr.builder(aws)
 *     .registryEndpoint((account, region) -> region.equals("us-east-1")
 *         ? RegistryEndpoint.of(URI.create("https://mirror.example.com"), "robot", secret)
 *         : null)                                   // null: the proxy endpoint and the ECR token
 *     .build();
 * }</pre>
 */
@Value.Immutable
@AwsKitStyle
public interface RegistryEndpoint {
    /** The registry's base URL, {@code http(s)://host[:port]}. */
    URI url();

    /** The registry user; empty means the ECR token is used. */
    Optional<String> user();

    /** The registry password; never printed. */
    @Value.Redacted
    Optional<String> password();

    @Value.Check
    default void check() {
        if (!("http".equals(url().getScheme()) || "https".equals(url().getScheme())) || url().getHost() == null) {
            throw new IllegalArgumentException(
                    "registry url '" + url() + "' must be http:// or https:// with a host, e.g. https://host:5000");
        }
        if (user().isPresent() != password().isPresent()) {
            throw new IllegalArgumentException("registry " + url() + ": give both a user and a password, or neither"
                    + " (then the ECR token is used)");
        }
        if (user().isPresent() && user().get().isBlank()) {
            throw new IllegalArgumentException("registry " + url() + ": the user must not be blank");
        }
    }

    /** {@code url}, logged in with the ECR token of (account, region). */
    static RegistryEndpoint of(URI url) {
        return builder().url(url).build();
    }

    /** {@code url}, logged in with this registry's own user and password (Basic, or a Bearer token for them). */
    static RegistryEndpoint of(URI url, String user, String password) {
        return builder().url(url).user(user).password(password).build();
    }

    static RegistryEndpointBuilder builder() {
        return new RegistryEndpointBuilder();
    }
}
