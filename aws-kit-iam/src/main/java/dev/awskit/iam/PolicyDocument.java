package dev.awskit.iam;

import dev.awskit.iam.internal.PolicyModel;
import dev.awskit.iam.internal.PolicyModel.Stmt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An IAM policy document (Version 2012-10-17), validated when it is built or parsed. Two documents
 * are {@link #equals equal} when IAM means the same by them: statement order, list order, a single
 * string versus a list of one, the case of actions and an account id versus its {@code :root} ARN do
 * not matter ({@code Sid}s are ignored).
 *
 * <pre>{@code
 * PolicyDocument logs = PolicyDocument.builder()
 *     .allow(s -> s.actions("logs:CreateLogStream", "logs:PutLogEvents").resources("arn:aws:logs:*:*:log-group:app:*"))
 *     .deny(s -> s.actions("logs:DeleteLogGroup").resources("*"))
 *     .build();
 * PolicyDocument fromFile = PolicyDocument.read(Path.of("policy.json"));   // validated as well
 * }</pre>
 */
public final class PolicyDocument {
    private final String version;
    private final List<Stmt> statements;
    private final Set<String> normalForm;

    private PolicyDocument(String version, List<Stmt> statements) {
        this.version = version;
        this.statements = List.copyOf(statements);
        Set<String> n = new java.util.TreeSet<>(PolicyModel.normalForm(this.statements));
        n.add("Version " + version);
        this.normalForm = java.util.Collections.unmodifiableSet(n);
    }

    private PolicyDocument(List<Stmt> statements) {
        this(PolicyModel.VERSION, statements);
    }

    /**
     * Parses and validates a policy document (the JSON of {@code file://policy.json}, or the
     * URL-encoded form IAM returns).
     *
     * @throws IllegalArgumentException naming each problem by statement index and field, and what to do
     */
    public static PolicyDocument parse(String json) {
        return new PolicyDocument(PolicyModel.parse(decoded(json)));
    }

    /**
     * A document as IAM stored it (URL-encoded or not), where an old {@code Version} (2008-10-17, or
     * none) is accepted: IAM took it once, and it must be comparable, not refused.
     *
     * @throws IllegalArgumentException when even so it is not a policy document
     */
    public static PolicyDocument fromIam(String document) {
        PolicyModel.Parsed p = PolicyModel.parse(decoded(document), true);
        return new PolicyDocument(p.version(), p.statements());
    }

    private static String decoded(String json) {
        Objects.requireNonNull(json, "json");
        String text = json.strip();
        if (text.startsWith("%7B") || text.startsWith("%7b")) {
            // IAM returns documents URL-encoded (RFC 3986): a '+' is %2B there, never a space
            text = java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        return text;
    }

    /** The policy language version: 2012-10-17 for every document written now. */
    public String version() {
        return version;
    }

    /**
     * Reads and validates a policy document from a file.
     *
     * @throws IllegalArgumentException when the document is not valid (the message names the file)
     * @throws UncheckedIOException when the file cannot be read
     */
    public static PolicyDocument read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the policy document " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The trust policy that lets each of {@code principals} assume a role (one statement each). */
    public static PolicyDocument trust(Principal... principals) {
        if (principals.length == 0) {
            throw new IllegalArgumentException(
                    "A trust policy needs at least one principal, e.g. ServicePrincipal.ECS_TASKS");
        }
        Builder b = builder();
        for (Principal p : principals) {
            Objects.requireNonNull(p, "principal");
            b.allow(s -> s.principal(p).actions(p.assumeAction()).conditions(p.conditions()));
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The document as canonical JSON (fixed field order, a single value as a string). */
    public String toJson() {
        return PolicyModel.toJson(version, statements);
    }

    /** How many statements the document has. */
    public int statementCount() {
        return statements.size();
    }

    /**
     * Whether some Allow statement grants {@code action} (wildcards count) on some resource and no
     * Deny statement without conditions denies it on {@code "*"}. Conditions of Allow statements are
     * not evaluated; resources are not matched: this is a check for a missing grant, not IAM's
     * policy evaluation.
     */
    public boolean allows(String action) {
        Objects.requireNonNull(action, "action");
        return PolicyModel.allows(statements, action);
    }

    /**
     * Whether a Deny statement without conditions denies {@code action} on {@code "*"}: such a
     * statement in any policy of a role wins over every Allow of its other policies.
     */
    public boolean denies(String action) {
        Objects.requireNonNull(action, "action");
        return PolicyModel.denies(statements, action);
    }

    /** Whether some statement names {@code principal} (a service, account or provider) with its assume action. */
    public boolean trusts(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        return PolicyModel.trusts(statements, principal.type().json(), principal.value(), principal.assumeAction());
    }

    /**
     * The problems of this document used as a trust policy or as a permissions policy; empty when fine.
     * (Principal belongs in trust policies only; Resource in permissions policies only.)
     */
    public List<String> problemsAs(boolean trustPolicy) {
        return PolicyModel.problemsAs(statements, trustPolicy ? PolicyModel.Use.TRUST : PolicyModel.Use.PERMISSIONS);
    }

    /** Semantic equality: see the class comment. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyDocument d && normalForm.equals(d.normalForm);
    }

    @Override
    public int hashCode() {
        return normalForm.hashCode();
    }

    /** The canonical JSON, with the values of {@code sts:ExternalId} conditions shown as {@code ****}. */
    @Override
    public String toString() {
        return PolicyModel.redacted(toJson());
    }

    /** Builds a document statement by statement. */
    public static final class Builder {
        private final List<Stmt> statements = new ArrayList<>();

        private Builder() {}

        /** Adds an Allow statement. */
        public Builder allow(Consumer<StatementBuilder> statement) {
            return add("Allow", statement);
        }

        /** Adds a Deny statement. */
        public Builder deny(Consumer<StatementBuilder> statement) {
            return add("Deny", statement);
        }

        private Builder add(String effect, Consumer<StatementBuilder> statement) {
            StatementBuilder s = new StatementBuilder(effect);
            statement.accept(s);
            statements.add(s.build(statements.size()));
            return this;
        }

        /**
         * The document, validated like a parsed one.
         *
         * @throws IllegalArgumentException naming the statement index and field
         */
        public PolicyDocument build() {
            if (statements.isEmpty()) {
                throw new IllegalArgumentException("A policy needs at least one statement: allow(...) or deny(...)");
            }
            // one grammar: what the builder makes is checked by the parser that checks files
            return new PolicyDocument(PolicyModel.parse(PolicyModel.toJson(statements)));
        }
    }

    /** One statement: actions, resources, a principal (trust policies only) and conditions. */
    public static final class StatementBuilder {
        private final String effect;
        private String sid;
        private Principal principal;
        private String actionKey;
        private final List<String> actions = new ArrayList<>();
        private String resourceKey;
        private final List<String> resources = new ArrayList<>();
        private final Map<String, Map<String, List<String>>> conditions = new LinkedHashMap<>();

        private StatementBuilder(String effect) {
            this.effect = effect;
        }

        /** The statement id (letters and digits). */
        public StatementBuilder sid(String sid) {
            if (this.sid != null) {
                throw new IllegalStateException("Sid is set already to " + this.sid + "; cannot set it to " + sid);
            }
            this.sid = Objects.requireNonNull(sid, "sid");
            return this;
        }

        /** Actions of the form {@code service:Action}, wildcards allowed ({@code s3:Get*}). */
        public StatementBuilder actions(String... actions) {
            return list("Action", actions, true);
        }

        /** Every action except these ({@code NotAction}). */
        public StatementBuilder notActions(String... actions) {
            return list("NotAction", actions, true);
        }

        /** Resource ARNs or {@code "*"}. */
        public StatementBuilder resources(String... resources) {
            return list("Resource", resources, false);
        }

        /** Every resource except these ({@code NotResource}). */
        public StatementBuilder notResources(String... resources) {
            return list("NotResource", resources, false);
        }

        /** Who may assume the role: trust policies only. */
        public StatementBuilder principal(Principal principal) {
            if (this.principal != null) {
                throw new IllegalStateException("The principal is set already to " + this.principal
                        + "; use one statement per principal (PolicyDocument.trust(a, b))");
            }
            this.principal = Objects.requireNonNull(principal, "principal");
            return this;
        }

        /** A condition: {@code condition("StringEquals", "aws:SourceAccount", "123456789012")}. */
        public StatementBuilder condition(String operator, String key, String... values) {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(key, "key");
            if (values.length == 0 || java.util.Arrays.asList(values).contains(null)) {
                throw new IllegalArgumentException("Condition " + operator + " " + key + " needs at least one value");
            }
            Map<String, List<String>> keys = conditions.computeIfAbsent(operator, o -> new LinkedHashMap<>());
            if (keys.containsKey(key)) {
                throw new IllegalStateException("Condition " + operator + " " + key + " is set already to "
                        + keys.get(key) + "; set it once with every value");
            }
            keys.put(key, List.of(values));
            return this;
        }

        StatementBuilder conditions(Map<String, Map<String, List<String>>> all) {
            all.forEach((op, keys) -> keys.forEach((k, v) -> condition(op, k, v.toArray(String[]::new))));
            return this;
        }

        private StatementBuilder list(String key, String[] values, boolean action) {
            String current = action ? actionKey : resourceKey;
            if (current != null && !current.equals(key)) {
                throw new IllegalStateException("This statement has " + current + " already; a statement has "
                        + (action ? "Action or NotAction" : "Resource or NotResource") + ", not both");
            }
            for (String v : values) {
                (action ? actions : resources).add(Objects.requireNonNull(v, key));
            }
            if (action) {
                actionKey = key;
            } else {
                resourceKey = key;
            }
            return this;
        }

        private Stmt build(int index) {
            if (actionKey == null) {
                throw new IllegalArgumentException(
                        "Statement[" + index + "].Action: is missing; call actions(\"service:Action\")");
            }
            Map<String, List<String>> pr = null;
            if (principal != null) {
                pr = new LinkedHashMap<>();
                pr.put(principal.type().json(), List.of(principal.value()));
            }
            return new Stmt(
                    sid,
                    effect,
                    principal == null ? null : "Principal",
                    pr,
                    actionKey,
                    actions,
                    resourceKey,
                    resourceKey == null ? null : resources,
                    conditions);
        }
    }
}
