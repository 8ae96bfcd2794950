package dev.awskit.ecs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small reading of IAM policy documents, enough to say whether an execution role can do what a
 * task needs: {@code Allow} statements with {@code Action} or {@code NotAction} (wildcards {@code *}
 * and {@code ?}, case-insensitive, as the IAM policy reference specifies), overridden by a matching
 * {@code Deny}. Resources and conditions are not evaluated (a grant limited by them counts as a
 * grant), so this never reports a permission missing that a policy grants.
 */
final class PolicyGrants {
    private PolicyGrants() {}

    /** Whether some document allows {@code action} and none denies it. */
    static boolean allows(List<String> documents, String action) {
        boolean allowed = false;
        for (String d : documents) {
            for (JsonNode st : statements(d)) {
                boolean matches = matches(st, action);
                if (!matches) {
                    continue;
                }
                String effect = st.path("Effect").asText("");
                if ("Deny".equals(effect) && st.path("Condition").isMissingNode()) {
                    return false;
                }
                if ("Allow".equals(effect)) {
                    allowed = true;
                }
            }
        }
        return allowed;
    }

    /** Whether a trust policy allows {@code sts:AssumeRole} to the service principal. */
    static boolean trustsService(String trustPolicy, String service) {
        for (JsonNode st : statements(trustPolicy)) {
            if (!"Allow".equals(st.path("Effect").asText("")) || !matches(st, "sts:AssumeRole")) {
                continue;
            }
            JsonNode principal = st.path("Principal");
            if (principal.isTextual() && "*".equals(principal.asText())) {
                return true;
            }
            for (String p : strings(principal.path("Service"))) {
                if (p.equals(service)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(JsonNode statement, String action) {
        if (statement.has("Action")) {
            return strings(statement.get("Action")).stream().anyMatch(p -> wildcard(p, action));
        }
        if (statement.has("NotAction")) {
            return strings(statement.get("NotAction")).stream().noneMatch(p -> wildcard(p, action));
        }
        return false;
    }

    /**
     * IAM's wildcard match ({@code *} any run, {@code ?} one character, case-insensitive), by the
     * classic backtrack-to-the-last-star loop: linear in practice, O(pattern x action) at worst, never
     * the exponential backtracking of a regular expression built from the pattern.
     */
    static boolean wildcard(String pattern, String action) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String a = action.toLowerCase(Locale.ROOT);
        int pi = 0;
        int ai = 0;
        int star = -1;
        int mark = 0;
        while (ai < a.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == a.charAt(ai))) {
                pi++;
                ai++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = ai;
            } else if (star >= 0) {
                pi = star + 1;
                ai = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            out.add(n.asText());
        } else if (n.isArray()) {
            n.forEach(e -> {
                if (e.isTextual()) {
                    out.add(e.asText());
                }
            });
        }
        return out;
    }

    private static List<JsonNode> statements(String document) {
        List<JsonNode> out = new ArrayList<>();
        if (document == null || document.isBlank()) {
            return out;
        }
        String json = decode(document);
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return out; // not JSON: grants nothing
        }
        JsonNode st = root == null ? null : root.path("Statement");
        if (st == null) {
            return out;
        }
        if (st.isArray()) {
            st.forEach(out::add);
        } else if (st.isObject()) {
            out.add(st);
        }
        return out;
    }

    /** IAM returns policy documents URL-encoded (RFC 3986); a document that is already JSON is kept. */
    static String decode(String document) {
        String t = document.trim();
        if (t.startsWith("{")) {
            return t;
        }
        try {
            return URLDecoder.decode(t.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return t; // a stray % that is not an escape: read as it is
        }
    }
}
