package dev.awskit.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.GeneratedServiceMetadataProvider;
import software.amazon.awssdk.regions.ServiceMetadataProvider;

/**
 * The one list of service keys the kit knows, for endpoint overrides: the key of {@code
 * AwsKit.builder().endpoint(key, url)} and {@code AwsKit.endpoint(key)}, the SDK endpoint prefix
 * ({@code SERVICE_METADATA_ID}) of the client it applies to, and the {@code
 * AWS_ENDPOINT_URL_<SERVICE>} variable that sets it (the service identifiers of the AWS SDKs and
 * Tools reference guide, "Service-specific endpoints").
 *
 * <p>Besides these, any endpoint prefix the SDK's own region metadata knows ({@code sqs}, {@code
 * sns} ...) is accepted as it is, so a client the kit has no module for can still get its own
 * endpoint. Anything else is a typo: refused with a did-you-mean.
 */
public final class ServiceKeys {
    private record Entry(String key, List<String> metadataIds, List<String> envNames) {}

    private static final List<Entry> ENTRIES = List.of(
            new Entry("cloudformation", List.of("cloudformation"), List.of("CLOUDFORMATION")),
            new Entry("dynamodb", List.of("dynamodb"), List.of("DYNAMODB")),
            new Entry("ec2", List.of("ec2"), List.of("EC2")),
            new Entry("ecr", List.of("api.ecr", "ecr"), List.of("ECR")),
            new Entry("ecs", List.of("ecs"), List.of("ECS")),
            new Entry(
                    "elasticloadbalancing",
                    List.of("elasticloadbalancing"),
                    List.of("ELASTIC_LOAD_BALANCING_V2", "ELASTIC_LOAD_BALANCING")),
            new Entry("iam", List.of("iam"), List.of("IAM")),
            new Entry("kinesis", List.of("kinesis"), List.of("KINESIS")),
            new Entry("logs", List.of("logs"), List.of("CLOUDWATCH_LOGS")),
            new Entry("s3", List.of("s3"), List.of("S3")),
            new Entry("s3control", List.of("s3-control"), List.of("S3_CONTROL")),
            new Entry("sso", List.of("portal.sso"), List.of("SSO")),
            new Entry("sso-oidc", List.of("oidc"), List.of("SSO_OIDC")),
            new Entry("sts", List.of("sts"), List.of("STS")));

    /** Every accepted spelling (key, SDK endpoint prefix, lower-cased env suffix) -> key. */
    private static final Map<String, String> ALIASES;

    private static final Map<String, String> BY_ENV;

    private static final ServiceMetadataProvider SDK = new GeneratedServiceMetadataProvider();

    /** Keys longer than this get no suggestion (the distance is quadratic in the length). */
    private static final int SUGGEST_MAX_LENGTH = 64;

    static {
        Map<String, String> aliases = new LinkedHashMap<>();
        Map<String, String> byEnv = new LinkedHashMap<>();
        for (Entry e : ENTRIES) {
            aliases.put(e.key(), e.key());
            e.metadataIds().forEach(m -> aliases.put(m, e.key()));
            for (String env : e.envNames()) {
                byEnv.put(env, e.key());
                aliases.put(env.toLowerCase(Locale.ROOT).replace('_', '-'), e.key());
            }
        }
        ALIASES = Map.copyOf(aliases);
        BY_ENV = Map.copyOf(byEnv);
    }

    private ServiceKeys() {}

    /** The kit's keys, sorted: {@code cloudformation, dynamodb, ec2, ecr, ...}. */
    public static List<String> known() {
        return ENTRIES.stream().map(Entry::key).toList();
    }

    /**
     * The key for an endpoint override as a user wrote it: a kit key, an alias of one ({@code
     * s3-control}, {@code cloudwatch-logs}, {@code api.ecr}) or any SDK endpoint prefix.
     *
     * @throws IllegalArgumentException for anything else, with a did-you-mean and the known keys
     */
    public static String require(String key) {
        Optional<String> k = canonical(key);
        if (k.isPresent()) {
            return k.get();
        }
        String nearest = nearest(key.trim().toLowerCase(Locale.ROOT), ALIASES);
        throw new IllegalArgumentException("Unknown service key '" + Texts.clip(key) + "' for an endpoint"
                + (nearest != null ? "; did you mean '" + nearest + "'?" : ".") + " Known keys: "
                + String.join(", ", known()) + ", or any AWS SDK endpoint prefix (such as sqs).");
    }

    /** {@link #require(String)} without the exception. */
    public static Optional<String> canonical(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String k = key.trim().toLowerCase(Locale.ROOT);
        String known = ALIASES.get(k);
        if (known != null) {
            return Optional.of(known);
        }
        if (isSdkPrefix(k)) {
            return Optional.of(k.startsWith("api.") ? k.substring(4) : k);
        }
        return Optional.empty();
    }

    /** The kit's key of a client, from its {@code SERVICE_METADATA_ID}: {@code portal.sso -> sso}. */
    public static String ofClient(String metadataId) {
        String known = ALIASES.get(metadataId);
        if (known != null) {
            return known;
        }
        return metadataId.startsWith("api.") ? metadataId.substring(4) : metadataId;
    }

    /** The outcome of reading one {@code AWS_ENDPOINT_URL_<SERVICE>} variable. */
    public record EnvKey(Optional<String> key, Optional<String> warning) {}

    /**
     * The key an {@code AWS_ENDPOINT_URL_<SUFFIX>} variable sets. Like the AWS CLI, a variable for a
     * service nobody knows is ignored; the kit says so in a warning, with a did-you-mean when the
     * suffix is a near miss of a known one ({@code KINESYS} for {@code KINESIS}).
     */
    public static EnvKey ofEnvSuffix(String suffix) {
        String known = BY_ENV.get(suffix);
        if (known != null) {
            return new EnvKey(Optional.of(known), Optional.empty());
        }
        String k = suffix.toLowerCase(Locale.ROOT).replace('_', '-');
        if (ALIASES.containsKey(k)) {
            return new EnvKey(Optional.of(ALIASES.get(k)), Optional.empty());
        }
        for (String prefix : new String[] {k, k.replace("-", "")}) {
            if (isSdkPrefix(prefix)) {
                return new EnvKey(Optional.of(prefix), Optional.empty());
            }
        }
        Map<String, String> envNames = new LinkedHashMap<>();
        BY_ENV.keySet().forEach(e -> envNames.put(e, e));
        String nearest = nearest(suffix.toUpperCase(Locale.ROOT), envNames);
        String name = "AWS_ENDPOINT_URL_" + Texts.clip(suffix);
        return new EnvKey(
                Optional.empty(),
                Optional.of("Ignoring " + name + ": '" + Texts.clip(suffix) + "' is not a service the kit knows"
                        + (nearest != null ? "; did you mean AWS_ENDPOINT_URL_" + nearest + "?" : ".")
                        + " Known: AWS_ENDPOINT_URL_ followed by one of "
                        + String.join(", ", sortedEnvNames()) + ", or another AWS service's identifier."));
    }

    /** The variable that sets the endpoint of a key: {@code logs -> AWS_ENDPOINT_URL_CLOUDWATCH_LOGS}. */
    public static String envNameOf(String key) {
        for (Entry e : ENTRIES) {
            if (e.key().equals(key)) {
                return "AWS_ENDPOINT_URL_" + e.envNames().get(0);
            }
        }
        return "AWS_ENDPOINT_URL_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static List<String> sortedEnvNames() {
        List<String> names = new ArrayList<>(BY_ENV.keySet());
        names.sort(null);
        return names;
    }

    private static boolean isSdkPrefix(String k) {
        if (k.isEmpty() || k.length() > SUGGEST_MAX_LENGTH || !k.matches("[a-z0-9][a-z0-9.-]*")) {
            return false;
        }
        try {
            return SDK.serviceMetadata(k) != null || SDK.serviceMetadata("api." + k) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The alias target nearest to {@code word} within a small edit distance, or null. */
    private static String nearest(String word, Map<String, String> candidates) {
        if (word.isEmpty() || word.length() > SUGGEST_MAX_LENGTH) {
            return null;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Map.Entry<String, String> c : candidates.entrySet()) {
            int d = Texts.editDistance(word, c.getKey());
            int allowed = Math.max(1, Math.min(3, c.getKey().length() / 3));
            if (d <= allowed
                    && (d < bestDistance || (d == bestDistance && c.getValue().compareTo(best) < 0))) {
                best = c.getValue();
                bestDistance = d;
            }
        }
        return best;
    }
}
