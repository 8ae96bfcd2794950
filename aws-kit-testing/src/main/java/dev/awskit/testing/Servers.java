package dev.awskit.testing;

import dev.awskit.core.AwsKit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The servers of a test class that names several services, {@code @UsesServer({Service.S3,
 * Service.KINESIS, Service.DYNAMODB})}: one {@link Target} per service, and one kit pointed at
 * all of them. Test methods take it as a parameter:
 *
 * <pre>{@code
 * @Test
 * void consumer_checkpointsInDynamoDb(AwsKit aws, Servers servers) {
 *     Target kinesis = servers.target(Service.KINESIS);
 *     ...
 * }
 * }</pre>
 *
 * <p>A plain {@code Target} parameter is the target of the <em>first</em> service the annotation
 * names.
 */
public final class Servers {
    private final Map<Service, Target> targets;

    Servers(Map<Service, Target> targets) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no targets");
        }
        this.targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    }

    /** The services, in the order the annotation names them. */
    public List<Service> services() {
        return List.copyOf(targets.keySet());
    }

    /**
     * The target of one of the services.
     *
     * @throws IllegalArgumentException when the annotation does not name {@code service}
     */
    public Target target(Service service) {
        Target t = targets.get(Objects.requireNonNull(service, "service"));
        if (t == null) {
            throw new IllegalArgumentException(service + " is not among the services of this test class " + services()
                    + "; add it to @UsesServer");
        }
        return t;
    }

    /**
     * A kit pointed at every service's server. One server for every service (moto,
     * {@code AWSKIT_IT_ENDPOINT}, LocalStack) becomes the kit's endpoint; a server of one service
     * (S3Proxy, kinesis-mock) or one found elsewhere becomes that service's endpoint, with its own
     * credentials when they differ. Registries get no endpoint (they are not AWS services). S3
     * clients use path-style addressing, which test servers need.
     *
     * @throws IllegalStateException when the servers are in different regions (one kit has one region)
     */
    public AwsKit.Builder kitBuilder() {
        List<Target> aws = targets.values().stream()
                .filter(t -> t.service() != Service.REGISTRY)
                .toList();
        if (aws.isEmpty()) {
            throw new IllegalStateException(
                    "a registry has no AwsKit: use servers.target(Service.REGISTRY) and its endpoint and credentials");
        }
        if (aws.size() == 1) {
            return aws.get(0).kitBuilder();
        }
        Target global =
                aws.stream().filter(Target::servesEveryService).findFirst().orElse(null);
        Target base = global != null ? global : aws.get(0);
        for (Target t : aws) {
            if (!t.region().equals(base.region())) {
                throw new IllegalStateException("the servers are in different regions (" + base + ", " + t
                        + "); one kit has one region: build a kit per target with target(service).kit()");
            }
        }
        AwsKit.Builder b = AwsKit.builder()
                .region(base.region())
                .credentials(base.accessKey(), base.secretKey())
                .customize(S3PathStyle.INSTANCE);
        if (global != null) {
            b.endpoint(global.endpoint());
        }
        List<Target> ownCredentials = new ArrayList<>();
        for (Target t : aws) {
            if (global != null && t.endpoint().equals(global.endpoint()) || t.service() == Service.OTHER) {
                continue;
            }
            b.endpoint(t.service().key(), t.endpoint().toString());
            if (!t.accessKey().equals(base.accessKey()) || !t.secretKey().equals(base.secretKey())) {
                ownCredentials.add(t);
            }
        }
        for (Target t : ownCredentials) {
            StaticCredentialsProvider credentials =
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(t.accessKey(), t.secretKey()));
            String key = t.service().key();
            b.customize((builder, context) -> {
                if (context.service().equals(key)) {
                    builder.credentialsProvider(credentials);
                }
            });
        }
        return b;
    }

    /** {@link #kitBuilder()} built. The caller closes the kit. */
    public AwsKit kit() {
        return kitBuilder().build();
    }

    @Override
    public String toString() {
        return targets.values().stream().map(Target::toString).collect(Collectors.joining(", ", "Servers[", "]"));
    }
}
