package dev.awskit.iam.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The IAM policy grammar (the "IAM JSON policy elements reference" of the IAM User Guide): parsing
 * with validation that names the statement and field, canonical JSON, a semantic normal form for
 * comparisons, and a coarse "is this action allowed" evaluation.
 */
public final class PolicyModel {
    public static final String VERSION = "2012-10-17";

    /** Where a document is used: the checks differ (Principal only in trust policies, Resource only in the others). */
    public enum Use {
        PERMISSIONS,
        TRUST
    }

    /** One statement; lists keep the author's order, {@code null} means the field is absent. */
    public record Stmt(
            String sid,
            String effect,
            String principalKey,
            Map<String, List<String>> principal,
            String actionKey,
            List<String> actions,
            String resourceKey,
            List<String> resources,
            Map<String, Map<String, List<String>>> condition) {
        public Stmt {
            Objects.requireNonNull(effect, "effect");
            Objects.requireNonNull(actionKey, "actionKey");
            principal = principal == null ? null : copy(principal);
            actions = List.copyOf(actions);
            resources = resources == null ? null : List.copyOf(resources);
            condition = condition == null ? Map.of() : copyCondition(condition);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(
                            StreamReadConstraints.builder().maxNestingDepth(64).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Set<String> DOC_FIELDS = Set.of("Version", "Id", "Statement");
    private static final List<String> STMT_FIELDS = List.of(
            "Sid",
            "Effect",
            "Principal",
            "NotPrincipal",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Condition");
    private static final Set<String> PRINCIPAL_TYPES = Set.of("AWS", "Service", "Federated", "CanonicalUser");
    static final Pattern ACTION = Pattern.compile("\\*|[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+");
    private static final Pattern SID = Pattern.compile("[A-Za-z0-9]*");
    private static final Pattern OPERATOR = Pattern.compile("(ForAllValues:|ForAnyValue:)?[A-Za-z]+");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ROOT_ARN = Pattern.compile("arn:[a-z-]+:iam::(\\d{12}):root");
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9.-]+\\.amazonaws\\.com(\\.cn)?");
    private static final int SHOWN = 60;

    private PolicyModel() {}

    // ---------------------------------------------------------------- parsing

    /**
     * Parses and validates a policy document.
     *
     * @throws IllegalArgumentException naming every problem found (statement index, field, what to do)
     */
    public static List<Stmt> parse(String json) {
        return parse(json, false).statements();
    }

    /** A parsed document: its version and statements. */
    public record Parsed(String version, List<Stmt> statements) {}

    /**
     * Parses a document; {@code fromIam} accepts what IAM stored and returns (Version 2008-10-17 or
     * none, which IAM takes as 2008-10-17), where a document written now must say 2012-10-17.
     */
    public static Parsed parse(String json, boolean fromIam) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            throw new IllegalArgumentException("Policy document is not valid JSON"
                    + (e.getLocation() == null
                            ? ""
                            : " (line " + e.getLocation().getLineNr() + ", column "
                                    + e.getLocation().getColumnNr() + ")")
                    + ": " + shorten(why) + "; check the quotes, commas and brackets near there");
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException(
                    "Policy document is empty; expected {\"Version\": \"2012-10-17\"," + " \"Statement\": [...]}");
        }
        Problems p = new Problems();
        List<Stmt> out = new ArrayList<>();
        if (!root.isObject()) {
            p.add(
                    "the document",
                    "is " + kind(root) + ", expected a JSON object {\"Version\": \"2012-10-17\","
                            + " \"Statement\": [...]}");
            p.throwIfAny();
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!DOC_FIELDS.contains(f)) {
                p.add(
                        show(f),
                        "is not a policy field; a policy has Version, Id and Statement (check the spelling"
                                + " and case)");
            }
        }
        JsonNode version = root.get("Version");
        String parsedVersion = VERSION;
        if (fromIam && version == null) {
            parsedVersion = "2008-10-17";
        } else if (fromIam && version.isTextual() && version.asText().equals("2008-10-17")) {
            parsedVersion = "2008-10-17";
        } else if (version == null) {
            p.add(
                    "Version",
                    "is missing; add \"Version\": \"2012-10-17\" (without it IAM uses 2008-10-17,"
                            + " where policy variables do not work)");
        } else if (!version.isTextual() || !VERSION.equals(version.asText())) {
            p.add("Version", show(version) + " is not 2012-10-17; write \"Version\": \"2012-10-17\"");
        }
        JsonNode id = root.get("Id");
        if (id != null && !id.isTextual()) {
            p.add("Id", "is " + kind(id) + ", expected a string");
        }
        JsonNode statements = root.get("Statement");
        if (statements == null) {
            p.add(
                    "Statement",
                    "is missing; add \"Statement\": [{\"Effect\": \"Allow\", \"Action\": ...,"
                            + " \"Resource\": ...}]");
        } else if (statements.isObject()) {
            Stmt s = statement(statements, "Statement[0]", p);
            if (s != null) {
                out.add(s);
            }
        } else if (statements.isArray()) {
            if (statements.isEmpty()) {
                p.add("Statement", "is empty; a policy needs at least one statement");
            }
            for (int i = 0; i < statements.size(); i++) {
                Stmt s = statement(statements.get(i), "Statement[" + i + "]", p);
                if (s != null) {
                    out.add(s);
                }
            }
        } else {
            p.add("Statement", "is " + kind(statements) + ", expected a list of statements [{...}, ...]");
        }
        p.throwIfAny();
        return new Parsed(parsedVersion, List.copyOf(out));
    }

    private static Stmt statement(JsonNode s, String where, Problems p) {
        if (!s.isObject()) {
            p.add(where, "is " + kind(s) + ", expected a statement object {\"Effect\": ..., \"Action\": ...}");
            return null;
        }
        int before = p.count();
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!STMT_FIELDS.contains(f)) {
                p.add(
                        where + "." + show(f),
                        "is not a statement field; expected one of " + STMT_FIELDS + " (check the spelling and case)");
            }
        }
        String sid = null;
        JsonNode sidNode = s.get("Sid");
        if (sidNode != null) {
            if (!sidNode.isTextual() || !SID.matcher(sidNode.asText()).matches()) {
                p.add(where + ".Sid", show(sidNode) + " is not valid; use letters and digits only");
            } else {
                sid = sidNode.asText();
            }
        }
        String effect = null;
        JsonNode e = s.get("Effect");
        if (e == null) {
            p.add(where + ".Effect", "is missing; add \"Effect\": \"Allow\" or \"Effect\": \"Deny\"");
        } else if (!e.isTextual() || !(e.asText().equals("Allow") || e.asText().equals("Deny"))) {
            p.add(
                    where + ".Effect",
                    show(e) + " is not Allow or Deny; write \"Effect\": \"Allow\" or \"Deny\"" + " (case matters)");
        } else {
            effect = e.asText();
        }
        String actionKey = exactlyOne(s, where, "Action", "NotAction", true, p);
        List<String> actions = actionKey == null ? List.of() : strings(s.get(actionKey), where + "." + actionKey, p);
        for (int i = 0; i < actions.size(); i++) {
            String a = actions.get(i);
            if (!ACTION.matcher(a).matches()) {
                p.add(
                        where + "." + actionKey + (actions.size() > 1 ? "[" + i + "]" : ""),
                        show(a) + " is not an action; write service:Action, e.g. s3:GetObject, s3:Get* or \"*\"");
            }
        }
        String resourceKey = exactlyOne(s, where, "Resource", "NotResource", false, p);
        List<String> resources = null;
        if (resourceKey != null) {
            resources = strings(s.get(resourceKey), where + "." + resourceKey, p);
            for (int i = 0; i < resources.size(); i++) {
                String r = resources.get(i);
                if (!r.equals("*") && !(r.startsWith("arn:") && r.split(":", 6).length == 6)) {
                    p.add(
                            where + "." + resourceKey + (resources.size() > 1 ? "[" + i + "]" : ""),
                            show(r) + " is not a resource; write an ARN (arn:aws:s3:::my-bucket/*) or \"*\"");
                }
            }
        }
        String principalKey = exactlyOne(s, where, "Principal", "NotPrincipal", false, p);
        Map<String, List<String>> principal = null;
        if (principalKey != null) {
            principal = principal(s.get(principalKey), where + "." + principalKey, p);
        }
        Map<String, Map<String, List<String>>> condition = null;
        JsonNode c = s.get("Condition");
        if (c != null) {
            condition = condition(c, where + ".Condition", p);
        }
        if (p.count() > before || effect == null || actionKey == null) {
            return null;
        }
        return new Stmt(sid, effect, principalKey, principal, actionKey, actions, resourceKey, resources, condition);
    }

    private static String exactlyOne(JsonNode s, String where, String a, String notA, boolean required, Problems p) {
        boolean hasA = s.has(a);
        boolean hasNot = s.has(notA);
        if (hasA && hasNot) {
            p.add(where, "has both " + a + " and " + notA + "; keep one of them");
            return null;
        }
        if (!hasA && !hasNot) {
            if (required) {
                p.add(where + "." + a, "is missing; add \"" + a + "\": \"service:Action\" (or " + notA + ")");
            }
            return null;
        }
        return hasA ? a : notA;
    }

    private static List<String> strings(JsonNode n, String where, Problems p) {
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            out.add(n.asText());
        } else if (n.isArray()) {
            if (n.isEmpty()) {
                p.add(where, "is an empty list; name at least one value");
            }
            for (int i = 0; i < n.size(); i++) {
                JsonNode v = n.get(i);
                if (v.isTextual()) {
                    out.add(v.asText());
                } else {
                    p.add(where + "[" + i + "]", "is " + kind(v) + ", expected a string");
                }
            }
        } else {
            p.add(where, "is " + kind(n) + ", expected a string or a list of strings");
        }
        return out;
    }

    private static Map<String, List<String>> principal(JsonNode n, String where, Problems p) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (n.isTextual()) {
            if (!n.asText().equals("*")) {
                p.add(
                        where,
                        show(n) + " is not a principal; write {\"Service\": \"ecs-tasks.amazonaws.com\"},"
                                + " {\"AWS\": \"123456789012\"}, {\"Federated\": \"...\"} or \"*\"");
            }
            out.put("*", List.of("*"));
            return out;
        }
        if (!n.isObject() || n.isEmpty()) {
            p.add(
                    where,
                    "is " + kind(n) + ", expected {\"Service\": ...}, {\"AWS\": ...}, {\"Federated\": ...}"
                            + " or \"*\"");
            return out;
        }
        for (Map.Entry<String, JsonNode> f : n.properties()) {
            String type = f.getKey();
            if (!PRINCIPAL_TYPES.contains(type)) {
                p.add(
                        where + "." + show(type),
                        "is not a principal type; expected AWS, Service, Federated or"
                                + " CanonicalUser (case matters)");
                continue;
            }
            List<String> values = strings(f.getValue(), where + "." + type, p);
            for (String v : values) {
                if (type.equals("Service") && !SERVICE.matcher(v).matches()) {
                    p.add(
                            where + ".Service",
                            show(v) + " is not a service principal; write e.g." + " ecs-tasks.amazonaws.com");
                } else if (type.equals("AWS")
                        && !(v.equals("*") || ACCOUNT.matcher(v).matches() || v.startsWith("arn:"))) {
                    p.add(
                            where + ".AWS",
                            show(v) + " is not an AWS principal; write a 12-digit account id or an"
                                    + " ARN (arn:aws:iam::123456789012:root)");
                }
            }
            out.put(type, values);
        }
        return out;
    }

    private static Map<String, Map<String, List<String>>> condition(JsonNode n, String where, Problems p) {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        if (!n.isObject()) {
            p.add(where, "is " + kind(n) + ", expected {\"StringEquals\": {\"key\": \"value\"}}");
            return out;
        }
        for (Map.Entry<String, JsonNode> op : n.properties()) {
            String w = where + "." + show(op.getKey());
            if (!OPERATOR.matcher(op.getKey()).matches()) {
                p.add(w, "is not a condition operator; write e.g. StringEquals, StringLike, ArnLike, Bool");
                continue;
            }
            if (!op.getValue().isObject() || op.getValue().isEmpty()) {
                p.add(w, "is " + kind(op.getValue()) + ", expected {\"condition-key\": \"value\"}");
                continue;
            }
            Map<String, List<String>> keys = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> k : op.getValue().properties()) {
                List<String> values = new ArrayList<>();
                JsonNode v = k.getValue();
                if (v.isValueNode() && !v.isNull()) {
                    values.add(v.asText());
                } else if (v.isArray() && !v.isEmpty()) {
                    for (JsonNode x : v) {
                        if (x.isValueNode() && !x.isNull()) {
                            values.add(x.asText());
                        } else {
                            p.add(w + "." + show(k.getKey()), "holds " + kind(x) + ", expected strings");
                        }
                    }
                } else {
                    p.add(w + "." + show(k.getKey()), "is " + kind(v) + ", expected a value or a list of values");
                }
                keys.put(k.getKey(), values);
            }
            out.put(op.getKey(), keys);
        }
        return out;
    }

    // ---------------------------------------------------------------- checks for a use

    /** The problems of {@code statements} used as {@code use}; empty when fine. */
    public static List<String> problemsAs(List<Stmt> statements, Use use) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            Stmt s = statements.get(i);
            String where = "Statement[" + i + "]";
            if (use == Use.PERMISSIONS) {
                if (s.principalKey() != null) {
                    out.add(where + "." + s.principalKey() + ": is only allowed in a trust policy; remove it (a"
                            + " role's permissions apply to whoever assumes the role; who may assume it is"
                            + " the trust policy: trustedBy(...))");
                }
                if (s.resourceKey() == null) {
                    out.add(where + ".Resource: is missing; add \"Resource\": \"arn:...\" or \"*\"");
                }
            } else {
                if (s.principalKey() == null) {
                    out.add(where + ".Principal: is missing; a trust policy names who may assume the role, e.g."
                            + " {\"Service\": \"ecs-tasks.amazonaws.com\"}");
                }
                if (s.resourceKey() != null) {
                    out.add(where + "." + s.resourceKey() + ": is not allowed in a trust policy; remove it (the"
                            + " resource is the role itself)");
                }
                if ("NotPrincipal".equals(s.principalKey()) && s.effect().equals("Allow")) {
                    out.add(where + ".NotPrincipal: is not allowed with \"Effect\": \"Allow\"; name the"
                            + " principals in Principal instead");
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- output

    /** Canonical JSON: fixed field order, a single value as a string, the author's order in lists. */
    public static String toJson(List<Stmt> statements) {
        return toJson(VERSION, statements);
    }

    /** {@link #toJson(List)} with another version (of a document IAM stored long ago). */
    public static String toJson(String version, List<Stmt> statements) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("Version", version);
        ArrayNode list = root.putArray("Statement");
        for (Stmt s : statements) {
            ObjectNode o = list.addObject();
            if (s.sid() != null) {
                o.put("Sid", s.sid());
            }
            o.put("Effect", s.effect());
            if (s.principalKey() != null) {
                if (s.principal().containsKey("*")) {
                    o.put(s.principalKey(), "*");
                } else {
                    ObjectNode pr = o.putObject(s.principalKey());
                    s.principal().forEach((type, values) -> put(pr, type, values));
                }
            }
            put(o, s.actionKey(), s.actions());
            if (s.resourceKey() != null) {
                put(o, s.resourceKey(), s.resources());
            }
            if (!s.condition().isEmpty()) {
                ObjectNode c = o.putObject("Condition");
                s.condition().forEach((op, keys) -> {
                    ObjectNode k = c.putObject(op);
                    keys.forEach((key, values) -> put(k, key, values));
                });
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a policy document", e);
        }
    }

    private static final Pattern EXTERNAL_ID =
            Pattern.compile("(\"sts:externalid\":)(\"(?:[^\"\\\\]|\\\\.)*\"|\\[[^\\]]*\\])", Pattern.CASE_INSENSITIVE);

    /**
     * Canonical JSON with the values of {@code sts:ExternalId} conditions shown as {@code "****"}: for
     * printing (reports, drift, messages), never for sending.
     */
    public static String redacted(String canonicalJson) {
        return EXTERNAL_ID.matcher(canonicalJson).replaceAll("$1\"****\"");
    }

    private static void put(ObjectNode o, String key, List<String> values) {
        if (values.size() == 1) {
            o.put(key, values.get(0));
        } else {
            ArrayNode a = o.putArray(key);
            values.forEach(a::add);
        }
    }

    // ---------------------------------------------------------------- semantics

    /**
     * The document as IAM means it: statements as a set (Sid ignored), lists as sets, a single value
     * equal to a list of one, actions and condition keys case-insensitive, an account id equal to its
     * {@code :root} ARN.
     */
    public static Set<String> normalForm(List<Stmt> statements) {
        Set<String> out = new TreeSet<>();
        for (Stmt s : statements) {
            StringBuilder b = new StringBuilder(s.effect());
            if (s.principalKey() != null) {
                Map<String, Set<String>> pr = new TreeMap<>();
                s.principal().forEach((type, values) -> {
                    Set<String> vs = pr.computeIfAbsent(type, t -> new TreeSet<>());
                    for (String v : values) {
                        vs.add(type.equals("AWS") ? account(v) : v);
                    }
                });
                b.append('|').append(s.principalKey()).append(pr);
            }
            b.append('|').append(s.actionKey()).append(lowerSet(s.actions()));
            if (s.resourceKey() != null) {
                b.append('|').append(s.resourceKey()).append(new TreeSet<>(s.resources()));
            }
            if (!s.condition().isEmpty()) {
                Map<String, Map<String, Set<String>>> c = new TreeMap<>();
                s.condition().forEach((op, keys) -> {
                    Map<String, Set<String>> ks = c.computeIfAbsent(op, o -> new TreeMap<>());
                    keys.forEach((k, values) -> ks.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new TreeSet<>())
                            .addAll(values));
                });
                b.append("|Condition").append(c);
            }
            out.add(b.toString());
        }
        return out;
    }

    private static String account(String v) {
        if (ACCOUNT.matcher(v).matches()) {
            return "account:" + v;
        }
        var m = ROOT_ARN.matcher(v);
        return m.matches() ? "account:" + m.group(1) : v;
    }

    private static Set<String> lowerSet(List<String> values) {
        Set<String> out = new TreeSet<>();
        for (String v : values) {
            out.add(v.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /** Whether a statement's action list covers {@code action} (IAM wildcards {@code *} and {@code ?}, case-insensitive). */
    public static boolean matchesAction(Stmt s, String action) {
        boolean listed = s.actions().stream().anyMatch(a -> wildcard(a, action));
        return s.actionKey().equals("Action") == listed;
    }

    /**
     * Whether {@code statements} allow {@code action} on some resource: an Allow statement covers it
     * and no unconditional Deny on {@code "*"} does. Conditions of Allow statements are not
     * evaluated (the request's context is unknown here).
     */
    public static boolean allows(List<Stmt> statements, String action) {
        boolean allowed = false;
        for (Stmt s : statements) {
            if (!matchesAction(s, action) || s.principalKey() != null) {
                continue;
            }
            if (s.effect().equals("Deny")) {
                if (s.condition().isEmpty()
                        && "Resource".equals(s.resourceKey())
                        && s.resources().contains("*")) {
                    return false;
                }
            } else if (s.resourceKey() != null) {
                allowed = true;
            }
        }
        return allowed;
    }

    /** Whether an Allow statement lets {@code type}/{@code value} assume the role with {@code action}. */
    public static boolean trusts(List<Stmt> statements, String type, String value, String action) {
        String wanted = type.equals("AWS") ? account(value) : value;
        return statements.stream()
                .filter(s -> s.effect().equals("Allow") && "Principal".equals(s.principalKey()))
                .filter(s -> matchesAction(s, action))
                .anyMatch(s -> s.principal().containsKey("*")
                        || s.principal().getOrDefault(type, List.of()).stream()
                                .anyMatch(v -> (type.equals("AWS") ? account(v) : v).equals(wanted)));
    }

    /** Whether an unconditional Deny on {@code "*"} covers {@code action}. */
    public static boolean denies(List<Stmt> statements, String action) {
        return statements.stream()
                .anyMatch(s -> s.effect().equals("Deny")
                        && s.principalKey() == null
                        && matchesAction(s, action)
                        && s.condition().isEmpty()
                        && "Resource".equals(s.resourceKey())
                        && s.resources().contains("*"));
    }

    static boolean wildcard(String pattern, String value) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String v = value.toLowerCase(Locale.ROOT);
        // iterative glob match: linear in practice, no regex backtracking
        int pi = 0, vi = 0, star = -1, mark = 0;
        while (vi < v.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == v.charAt(vi))) {
                pi++;
                vi++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = vi;
            } else if (star >= 0) {
                pi = star + 1;
                vi = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, List<String>> copy(Map<String, List<String>> m) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static Map<String, Map<String, List<String>>> copyCondition(Map<String, Map<String, List<String>>> m) {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, copy(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static String kind(JsonNode n) {
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isTextual()) {
            return "the string " + show(n.asText());
        }
        if (n.isNull()) {
            return "null";
        }
        return "the value " + shorten(n.toString());
    }

    private static String show(JsonNode n) {
        return n.isTextual() ? show(n.asText()) : shorten(n.toString());
    }

    /** A user's value quoted and cut to a readable length (a 1 MB value must not fill the message). */
    static String show(String s) {
        return "'" + shorten(s) + "'";
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("[\\r\\n\\t]", " ");
        return one.length() <= SHOWN ? one : one.substring(0, SHOWN) + "...(" + one.length() + " chars)";
    }

    private static final class Problems {
        private static final int MAX = 10;
        private final List<String> list = new ArrayList<>();
        private int count;

        void add(String where, String what) {
            count++;
            if (list.size() < MAX) {
                list.add(where + ": " + what);
            }
        }

        int count() {
            return count;
        }

        void throwIfAny() {
            if (count == 0) {
                return;
            }
            String more = count > list.size() ? "; and " + (count - list.size()) + " more" : "";
            throw new IllegalArgumentException("Invalid policy document (" + count
                    + (count == 1 ? " problem" : " problems") + "): " + String.join("; ", list) + more);
        }
    }
}
