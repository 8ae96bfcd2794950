package dev.awskit.testing;

import dev.awskit.core.AwsKit;
import java.net.URI;
import java.util.Objects;

/**
 * Where a test's requests go: an endpoint, a region and test credentials. The secret is never
 * printed by {@link #toString()}.
 */
public final class Target {
    /** How the target was found. */
    public enum Kind {
        /** {@code AWSKIT_IT_ENDPOINT}: LocalStack, moto or real AWS, for every service. */
        IT_ENDPOINT,
        /** A local server started by {@code scripts/emulators} (S3Proxy, kinesis-mock, a registry, moto). */
        LOCAL_EMULATOR,
        /** A LocalStack container started through Testcontainers. */
        LOCALSTACK_CONTAINER,
        /**
         * A LocalStack that was already running (e.g. {@code docker compose up}), used because
         * {@code AWSKIT_LOCALSTACK_REUSE} asked for it; shared with whatever else uses it.
         */
        LOCALSTACK_RUNNING
    }

    private final Service service;
    private final Kind kind;
    private final URI endpoint;
    private final String region;
    private final String accessKey;
    private final String secretKey;

    Target(Service service, Kind kind, URI endpoint, String region, String accessKey, String secretKey) {
        this.service = service;
        this.kind = kind;
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    public Service service() {
        return service;
    }

    public Kind kind() {
        return kind;
    }

    public URI endpoint() {
        return endpoint;
    }

    public String region() {
        return region;
    }

    /** The user name (registry) or access key id (AWS services). */
    public String accessKey() {
        return accessKey;
    }

    /** The password (registry) or secret key (AWS services). Never printed. */
    public String secretKey() {
        return secretKey;
    }

    /**
     * This target with another endpoint, e.g. a {@link FaultProxy}'s in front of it:
     * {@code target.withEndpoint(proxy.endpoint()).kit()}.
     */
    public Target withEndpoint(URI endpoint) {
        return new Target(service, kind, endpoint, region, accessKey, secretKey);
    }

    /**
     * True for a server shared with other runs ({@code AWSKIT_IT_ENDPOINT}, a running LocalStack):
     * tests must clean up.
     */
    public boolean isShared() {
        return kind == Kind.IT_ENDPOINT || kind == Kind.LOCALSTACK_RUNNING;
    }

    /** False for a server of one service only (S3Proxy, kinesis-mock, a registry). */
    boolean servesEveryService() {
        return kind != Kind.LOCAL_EMULATOR || service == Service.OTHER || service.onMoto();
    }

    /**
     * A kit pointed at this target: the endpoint for this service only (S3Proxy, kinesis-mock
     * serve one service) or for every service (moto, {@code AWSKIT_IT_ENDPOINT}, LocalStack). S3
     * clients use path-style addressing, which test servers need.
     */
    public AwsKit.Builder kitBuilder() {
        AwsKit.Builder b = AwsKit.builder()
                .region(region)
                .credentials(accessKey, secretKey)
                .customize(S3PathStyle.INSTANCE);
        if (!servesEveryService()) {
            b.endpoint(service.key(), endpoint.toString());
        } else {
            b.endpoint(endpoint);
        }
        return b;
    }

    /** {@link #kitBuilder()} built. The caller closes the kit. */
    public AwsKit kit() {
        return kitBuilder().build();
    }

    @Override
    public String toString() {
        return "Target{" + service + " via " + kind + " at " + endpoint + ", region " + region + "}";
    }
}
