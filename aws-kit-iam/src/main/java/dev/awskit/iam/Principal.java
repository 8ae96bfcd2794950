package dev.awskit.iam;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may assume a role: one statement of its trust policy. Immutable; {@link #externalId(String)}
 * and {@link #condition(String, String, String...)} return a new principal.
 *
 * <pre>{@code
 * ServicePrincipal.ECS_TASKS                                    // ecs-tasks.amazonaws.com
 * Principal.account("123456789012").externalId("Unique-Id-1")   // cross-account, with an external id
 * Principal.federated("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com")
 *     .condition("StringEquals", "token.actions.githubusercontent.com:aud", "sts.amazonaws.com")
 * }</pre>
 */
public final class Principal {
    /** The principal element's type, as IAM spells it in JSON. */
    public enum Type {
        SERVICE("Service"),
        AWS("AWS"),
        FEDERATED("Federated");

        private final String json;

        Type(String json) {
            this.json = json;
        }

        /** The key in the trust policy's {@code Principal} object. */
        public String json() {
            return json;
        }
    }

    private static final Pattern SERVICE = Pattern.compile("[a-z0-9.-]+\\.amazonaws\\.com(\\.cn)?");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern OPERATOR = Pattern.compile("(ForAllValues:|ForAnyValue:)?[A-Za-z]+");

    private final Type type;
    private final String value;
    private final String externalId;
    private final Map<String, Map<String, List<String>>> conditions;

    private Principal(Type type, String value, String externalId, Map<String, Map<String, List<String>>> conditions) {
        this.type = type;
        this.value = value;
        this.externalId = externalId;
        this.conditions = conditions;
    }

    /** An AWS service, e.g. {@code ecs-tasks.amazonaws.com}; see {@link ServicePrincipal} for the common ones. */
    public static Principal service(String servicePrincipal) {
        if (servicePrincipal == null || !SERVICE.matcher(servicePrincipal).matches()) {
            throw new IllegalArgumentException(
                    "'" + servicePrincipal + "' is not a service principal; expected e.g. ecs-tasks.amazonaws.com");
        }
        return new Principal(Type.SERVICE, servicePrincipal, null, Map.of());
    }

    /**
     * Every principal of another (or this) account that its administrator lets assume roles:
     * {@code {"AWS": "123456789012"}}, which IAM stores as {@code arn:aws:iam::123456789012:root}.
     * Add {@link #externalId(String)} when a third party assumes the role for several customers.
     */
    public static Principal account(String accountId) {
        if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException(
                    "'" + accountId + "' is not an AWS account id; expected 12 digits, e.g. 123456789012");
        }
        return new Principal(Type.AWS, accountId, null, Map.of());
    }

    /** One IAM role or user by ARN ({@code arn:aws:iam::123456789012:role/ci}). */
    public static Principal arn(String iamArn) {
        if (iamArn == null || !iamArn.matches("arn:[a-z-]+:(iam|sts)::\\d{12}:\\S+")) {
            throw new IllegalArgumentException(
                    "'" + iamArn + "' is not an IAM principal ARN; expected e.g. arn:aws:iam::123456789012:role/ci");
        }
        return new Principal(Type.AWS, iamArn, null, Map.of());
    }

    /**
     * A federated identity provider: a SAML provider ARN ({@code ...:saml-provider/Corp}, assumed with
     * {@code sts:AssumeRoleWithSAML}), an OIDC provider ARN ({@code ...:oidc-provider/host}) or a web
     * identity provider ({@code cognito-identity.amazonaws.com}, {@code accounts.google.com}), assumed
     * with {@code sts:AssumeRoleWithWebIdentity}. Narrow it with {@link #condition}.
     */
    public static Principal federated(String provider) {
        if (provider == null || provider.isBlank() || provider.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + provider + "' is not an identity provider; expected a SAML or"
                    + " OIDC provider ARN (arn:aws:iam::123456789012:saml-provider/Corp) or a web identity"
                    + " provider (cognito-identity.amazonaws.com)");
        }
        return new Principal(Type.FEDERATED, provider, null, Map.of());
    }

    /**
     * Requires {@code sts:ExternalId} to equal {@code id} (the confused-deputy guard for third parties).
     *
     * @throws IllegalStateException unless this is an {@link #account(String)} or {@link #arn(String)} principal,
     *     or when an external id is set already
     */
    public Principal externalId(String id) {
        if (type != Type.AWS) {
            throw new IllegalStateException("An external id applies to AWS account or role principals, not to "
                    + type.json() + " " + value + "; use Principal.account(\"123456789012\").externalId(...)");
        }
        if (externalId != null) {
            throw new IllegalStateException("The external id of " + value + " is set already; set it once");
        }
        if (id == null || !id.matches("[\\w+=,.@:/-]{2,1224}")) {
            throw new IllegalArgumentException(
                    "The external id is not valid; expected 2-1224 of letters, digits" + " and + = , . @ : / - _");
        }
        return new Principal(type, value, id, conditions);
    }

    /** Adds a condition to this principal's statement: {@code condition("StringEquals", "aws:SourceAccount", "123456789012")}. */
    public Principal condition(String operator, String key, String... values) {
        if (operator == null || !OPERATOR.matcher(operator).matches()) {
            throw new IllegalArgumentException(
                    "'" + operator + "' is not a condition operator; expected e.g. StringEquals, StringLike");
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("A condition key is required, e.g. aws:SourceAccount");
        }
        if (values.length == 0 || java.util.Arrays.asList(values).contains(null)) {
            throw new IllegalArgumentException("Condition " + operator + " " + key + " needs at least one value");
        }
        Map<String, Map<String, List<String>>> c = new LinkedHashMap<>();
        conditions.forEach((op, keys) -> c.put(op, new LinkedHashMap<>(keys)));
        Map<String, List<String>> keys = c.computeIfAbsent(operator, o -> new LinkedHashMap<>());
        if (keys.containsKey(key)) {
            throw new IllegalStateException("Condition " + operator + " " + key + " is set already to " + keys.get(key)
                    + "; set it once with every value");
        }
        keys.put(key, List.of(values));
        Map<String, Map<String, List<String>>> frozen = new LinkedHashMap<>();
        c.forEach((op, ks) -> frozen.put(op, Collections.unmodifiableMap(ks)));
        return new Principal(type, value, externalId, Collections.unmodifiableMap(frozen));
    }

    public Type type() {
        return type;
    }

    /** The service principal, account id, ARN or provider. */
    public String value() {
        return value;
    }

    public Optional<String> externalId() {
        return Optional.ofNullable(externalId);
    }

    /** The action this principal assumes the role with. */
    public String assumeAction() {
        if (type != Type.FEDERATED) {
            return "sts:AssumeRole";
        }
        return value.contains(":saml-provider/") ? "sts:AssumeRoleWithSAML" : "sts:AssumeRoleWithWebIdentity";
    }

    /** The conditions of this principal's statement, the external id included. */
    public Map<String, Map<String, List<String>>> conditions() {
        if (externalId == null) {
            return conditions;
        }
        Map<String, Map<String, List<String>>> c = new LinkedHashMap<>(conditions);
        Map<String, List<String>> eq = new LinkedHashMap<>(c.getOrDefault("StringEquals", Map.of()));
        eq.put("sts:ExternalId", List.of(externalId));
        c.put("StringEquals", eq);
        return Collections.unmodifiableMap(c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Principal p
                && type == p.type
                && value.equals(p.value)
                && Objects.equals(externalId, p.externalId)
                && conditions.equals(p.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, value, externalId, conditions);
    }

    /** {@code Principal{AWS 123456789012, externalId=****}}: the external id is not printed. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add(type.json() + " " + value);
        if (externalId != null) {
            parts.add("externalId=****");
        }
        if (!conditions.isEmpty()) {
            parts.add("conditions=" + conditions);
        }
        return "Principal{" + String.join(", ", parts) + "}";
    }
}
