package dev.awskit.ecr;

import dev.awskit.core.AwsKitStyle;
import java.net.URI;
import java.time.Instant;
import org.immutables.value.Value;

/**
 * A registry login from {@code GetAuthorizationToken}: user ({@code AWS}), password (printed as
 * {@code ****}), the registry's endpoint and when the login expires (12 hours after issue).
 */
@Value.Immutable
@AwsKitStyle
public interface EcrAuthorization {
    /** The account id of the registry. */
    String registryId();

    String region();

    /** The registry user, {@code AWS} for ECR. */
    String user();

    /** The registry password; never printed by {@code toString()}. */
    @Value.Redacted
    String password();

    /** The registry's URL, e.g. {@code https://123456789012.dkr.ecr.us-east-1.amazonaws.com}. */
    URI proxyEndpoint();

    Instant expiresAt();

    /** The registry host with port if any, as {@code docker login} takes it. */
    default String host() {
        return proxyEndpoint().getAuthority();
    }

    static EcrAuthorizationBuilder builder() {
        return new EcrAuthorizationBuilder();
    }
}
