package dev.awskit.core;

import dev.awskit.core.internal.Texts;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An Amazon Resource Name: {@code arn:partition:service:region:account-id:resource}.
 *
 * <pre>{@code
 * Arn a = Arn.parse("arn:aws:iam::123456789012:user/admin");
 * a.service();        // "iam"
 * a.resourceType();   // Optional[user]
 * a.resourceName();   // "admin"
 * }</pre>
 *
 * <p>The resource part keeps everything after the fifth colon, colons included, so ARNs such as
 * {@code arn:aws:logs:us-east-1:123456789012:log-group:app:*} round-trip unchanged.
 */
public final class Arn {
    private static final Pattern PARTITION = Pattern.compile("aws(-[a-z]+)*");
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern REGION = Pattern.compile("([a-z]{2}(-[a-z]+)+-\\d+)?");
    private static final Pattern ACCOUNT = Pattern.compile("(\\d{12}|aws)?");
    private static final String FORM = "arn:partition:service:region:account-id:resource";

    private final String partition;
    private final String service;
    private final String region;
    private final String accountId;
    private final String resource;

    private Arn(String partition, String service, String region, String accountId, String resource) {
        this.partition = partition;
        this.service = service;
        this.region = region;
        this.accountId = accountId;
        this.resource = resource;
    }

    /**
     * Parses an ARN.
     *
     * @throws IllegalArgumentException naming the value, the part that is wrong and the expected form
     */
    public static Arn parse(String value) {
        Objects.requireNonNull(value, "arn");
        String[] parts = value.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn")) {
            throw invalid(value, "it does not have six ':'-separated parts starting with 'arn'");
        }
        return of(parts[1], parts[2], parts[3], parts[4], parts[5], value);
    }

    /** Parses an ARN, or returns empty when {@code value} is not one. */
    public static Optional<Arn> tryParse(String value) {
        try {
            return Optional.of(parse(value));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** True when {@code value} parses as an ARN. */
    public static boolean isArn(String value) {
        return tryParse(value).isPresent();
    }

    /** Builds an ARN from its parts, validating each. Region and account may be empty. */
    public static Arn of(String partition, String service, String region, String accountId, String resource) {
        return of(partition, service, region, accountId, resource, null);
    }

    private static Arn of(
            String partition, String service, String region, String accountId, String resource, String original) {
        String shown =
                original != null ? original : String.join(":", "arn", partition, service, region, accountId, resource);
        if (!PARTITION.matcher(partition).matches()) {
            throw invalid(shown, "partition '" + Texts.clip(partition) + "' is not aws, aws-cn, aws-us-gov or similar");
        }
        if (!SERVICE.matcher(service).matches()) {
            throw invalid(shown, "service '" + Texts.clip(service) + "' must be lower-case letters, digits and '-'");
        }
        if (!REGION.matcher(region).matches()) {
            throw invalid(shown, "region '" + Texts.clip(region) + "' is not a region like us-east-1 (or empty)");
        }
        if (!ACCOUNT.matcher(accountId).matches()) {
            throw invalid(shown, "account id '" + Texts.clip(accountId) + "' is not 12 digits (or empty)");
        }
        if (resource.isEmpty()) {
            throw invalid(shown, "the resource part is empty");
        }
        return new Arn(partition, service, region, accountId, resource);
    }

    private static IllegalArgumentException invalid(String value, String why) {
        return new IllegalArgumentException("Invalid ARN '" + Texts.clip(value) + "': " + why + "; expected " + FORM);
    }

    public String partition() {
        return partition;
    }

    public String service() {
        return service;
    }

    /** The region, or empty for global resources such as IAM users and S3 buckets. */
    public String region() {
        return region;
    }

    /** The account id, or empty (S3 buckets), or {@code aws} for AWS-managed policies. */
    public String accountId() {
        return accountId;
    }

    /** Everything after the account id, e.g. {@code user/admin} or {@code log-group:app:*}. */
    public String resource() {
        return resource;
    }

    /**
     * The resource type when the resource is {@code type/name} or {@code type:name}, e.g. {@code
     * user} in {@code user/admin}, {@code role} in {@code role/path/name}.
     */
    public Optional<String> resourceType() {
        int i = separator();
        return i < 0 ? Optional.empty() : Optional.of(resource.substring(0, i));
    }

    /** The resource name after the type, or the whole resource when it has no type. */
    public String resourceName() {
        int i = separator();
        return i < 0 ? resource : resource.substring(i + 1);
    }

    private int separator() {
        int slash = resource.indexOf('/');
        int colon = resource.indexOf(':');
        if (slash < 0) {
            return colon;
        }
        if (colon < 0) {
            return slash;
        }
        return Math.min(slash, colon);
    }

    /** The ARN as text; {@code Arn.parse(a.format())} equals {@code a}. */
    public String format() {
        return String.join(":", "arn", partition, service, region, accountId, resource);
    }

    @Override
    public String toString() {
        return format();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Arn other && format().equals(other.format());
    }

    @Override
    public int hashCode() {
        return format().hashCode();
    }
}
