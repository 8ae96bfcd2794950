package dev.awskit.ecs.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awskit.core.Finding;
import dev.awskit.core.FindingBuilder;
import dev.awskit.core.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * Reads the JSON that {@code aws ecs register-task-definition --cli-input-json} takes, strictly:
 * syntax errors with line and column, unknown keys with a did-you-mean, wrong types, the read-only
 * fields of DescribeTaskDefinition output, and the {@code {"taskDefinition": {...}}} wrapper.
 */
public final class TaskDefinitionReader {
    /** Fields DescribeTaskDefinition returns that RegisterTaskDefinition does not take. */
    public static final Set<String> READ_ONLY = Set.of(
            "taskDefinitionArn",
            "revision",
            "status",
            "requiresAttributes",
            "compatibilities",
            "registeredAt",
            "registeredBy",
            "deregisteredAt");

    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_YAML_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonReadFeature.ALLOW_MISSING_VALUES)
            .build();

    private TaskDefinitionReader() {}

    /** What came out of reading. */
    public static final class Result {
        public final RegisterTaskDefinitionRequest request; // null when no object could be read
        public final List<Finding> findings;
        public final String pointerPrefix; // "/taskDefinition" when wrapped
        public final boolean wrapped;
        public final List<String> readOnlyFields;

        Result(
                RegisterTaskDefinitionRequest request,
                List<Finding> findings,
                String pointerPrefix,
                boolean wrapped,
                List<String> readOnlyFields) {
            this.request = request;
            this.findings = List.copyOf(findings);
            this.pointerPrefix = pointerPrefix;
            this.wrapped = wrapped;
            this.readOnlyFields = List.copyOf(readOnlyFields);
        }
    }

    public static Result read(String json) {
        List<Finding> findings = new ArrayList<>();
        JsonNode root;
        try {
            root = STRICT.readTree(json);
        } catch (JsonProcessingException e) {
            findings.add(syntax(e));
            try {
                root = LENIENT.readTree(json);
            } catch (JsonProcessingException | RuntimeException again) {
                return new Result(null, findings, "", false, List.of());
            }
        }
        if (root == null || root.isMissingNode()) {
            findings.add(Finding.of(
                    Severity.ERROR,
                    "json.syntax",
                    "",
                    "Error parsing parameter 'cli-input-json': the input is empty.",
                    "Give a JSON object with at least \"family\" and \"containerDefinitions\"."));
            return new Result(null, findings, "", false, List.of());
        }
        if (!root.isObject()) {
            findings.add(Finding.of(
                    Severity.ERROR,
                    "json.not-object",
                    "",
                    "Invalid type for parameter input, value: " + abbreviate(root) + ", type: "
                            + root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
                            + ", valid types: object",
                    "A task definition is one JSON object with \"family\" and \"containerDefinitions\"."));
            return new Result(null, findings, "", false, List.of());
        }
        ObjectNode obj = (ObjectNode) root;
        String prefix = "";
        boolean wrapped = false;
        List<Tag> outerTags = null;
        JsonNode inner = obj.get("taskDefinition");
        if (inner != null && inner.isObject() && !obj.has("family") && !obj.has("containerDefinitions")) {
            wrapped = true;
            prefix = "/taskDefinition";
            findings.add(Finding.of(
                    Severity.WARNING,
                    "json.wrapper",
                    "/taskDefinition",
                    "The task definition is wrapped in {\"taskDefinition\": {...}} as DescribeTaskDefinition returns it;"
                            + " register-task-definition takes the inner object.",
                    "Use the inner object (stripReadOnly() does this)."));
            var it = obj.properties().iterator();
            while (it.hasNext()) {
                var e = it.next();
                if (e.getKey().equals("taskDefinition")) {
                    continue;
                }
                if (e.getKey().equals("tags") && e.getValue().isArray()) {
                    // DescribeTaskDefinition --include TAGS puts the tags beside the task definition
                    ObjectNode tagsOnly = STRICT.createObjectNode();
                    tagsOnly.set("tags", e.getValue());
                    RegisterTaskDefinitionRequest t = SdkJson.read(
                            tagsOnly,
                            RegisterTaskDefinitionRequest::builder,
                            "",
                            new SdkJson.ReadContext(findings::add, Set.of()));
                    // DescribeTaskDefinition answers "tags": [] for an untagged definition, and AWS rejects
                    // an empty list on registration ("Tags can not be empty."): an empty list is no tags
                    outerTags = t.hasTags() && !t.tags().isEmpty() ? t.tags() : null;
                    continue;
                }
                findings.add(Finding.of(
                        Severity.ERROR,
                        "json.unknown-field",
                        "/" + Pointers.escape(e.getKey()),
                        "Unknown parameter in input: \"" + e.getKey() + "\", must be one of: taskDefinition, tags",
                        "Remove \"" + e.getKey() + "\"."));
            }
            obj = (ObjectNode) inner;
        }
        List<String> readOnly = new ArrayList<>();
        var names = obj.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (READ_ONLY.contains(name)) {
                readOnly.add(name);
                findings.add(Finding.of(
                        Severity.ERROR,
                        "json.read-only-field",
                        prefix + "/" + name,
                        "Unknown parameter in input: \"" + name
                                + "\": it is a read-only field of DescribeTaskDefinition"
                                + " output, which RegisterTaskDefinition does not accept.",
                        "Remove it (stripReadOnly() removes "
                                + String.join(", ", READ_ONLY.stream().sorted().toList()) + ")."));
            }
        }
        RegisterTaskDefinitionRequest request = SdkJson.read(
                obj, RegisterTaskDefinitionRequest::builder, prefix, new SdkJson.ReadContext(findings::add, READ_ONLY));
        if (outerTags != null && !request.hasTags()) {
            request = request.toBuilder().tags(outerTags).build();
        }
        return new Result(request, findings, prefix, wrapped, readOnly);
    }

    private static Finding syntax(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        FindingBuilder b = Finding.builder()
                .severity(Severity.ERROR)
                .rule("json.syntax")
                .path("")
                .message("Error parsing parameter 'cli-input-json': Invalid JSON: " + plain(e.getOriginalMessage()))
                .fix("Fix the JSON at that position; comments, trailing commas and '...' elisions are not JSON.");
        if (loc != null && loc.getLineNr() > 0) {
            b.line(loc.getLineNr()).column(loc.getColumnNr());
        }
        return b.build();
    }

    /**
     * Jackson's message without its hints about parser features, which mean nothing to a user, and
     * without any text of the document: Jackson quotes the unrecognized token ({@code Unrecognized token
     * 'hunter2'}) and source snippets, and a token that is not JSON is often a pasted secret.
     */
    static String plain(String message) {
        String m = message == null ? "syntax error" : message;
        for (String marker : new String[] {
            " (not recognized as one since", " (for Object starting at", " (for Array starting at", " (start marker at"
        }) {
            int cut = m.indexOf(marker);
            if (cut >= 0) {
                m = m.substring(0, cut);
            }
        }
        m = withoutQuotedText(m);
        if (m.contains("maybe a (non-standard) comment")) {
            return "comments are not allowed in JSON";
        }
        if (m.contains("was expecting double-quote to start field name")) {
            return m + " (a trailing comma before '}' is not allowed in JSON)";
        }
        return m;
    }

    /**
     * Replaces the document text Jackson quotes ({@code token 'hunter2'}, {@code [Source: ...]}) by its
     * length. Key names ({@code Duplicate field 'family'}) and single characters stay.
     */
    static String withoutQuotedText(String m) {
        int src = m.indexOf("[Source:");
        if (src >= 0) {
            m = m.substring(0, src).trim();
        }
        StringBuilder out = new StringBuilder(m.length());
        int from = 0;
        int at;
        while ((at = m.indexOf("token '", from)) >= 0) {
            int start = at + "token '".length();
            int end = m.indexOf('\'', start);
            if (end < 0) {
                break;
            }
            String quoted = m.substring(start, end);
            out.append(m, from, at + "token ".length());
            if (quoted.equals("null") || quoted.equals("true") || quoted.equals("false")) {
                out.append('\'').append(quoted).append('\''); // Jackson's list of what it expected
            } else {
                out.append("(").append(quoted.length()).append(" characters, not shown)");
            }
            from = end + 1;
        }
        out.append(m.substring(from));
        return out.toString();
    }

    /** The root's JSON type and size; a string root is not shown (it may be a pasted secret). */
    private static String abbreviate(JsonNode value) {
        if (value.isTextual()) {
            return "(a string of " + value.textValue().length() + " characters, not shown)";
        }
        String s = value.toString();
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
