package dev.awskit.ecs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awskit.core.Finding;
import dev.awskit.core.Severity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Converts SDK model objects to and from the AWS JSON wire format, driven by the SDK's own field
 * metadata ({@link SdkPojo#sdkFields()}), so every field the SDK knows is covered, with the exact
 * member names AWS uses. Reading is strict: unknown keys and wrong types become findings.
 */
public final class SdkJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The fields of each SDK builder class by JSON member name (the SDK's metadata never changes). */
    private static final Map<Class<?>, Map<String, SdkField<?>>> FIELDS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private SdkJson() {}

    /** The JSON object of an SDK model object, members in the SDK's (= AWS documentation) order. */
    public static ObjectNode write(SdkPojo pojo) {
        ObjectNode node = NODES.objectNode();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            JsonNode json = writeValue(value);
            if (json != null) {
                node.set(field.locationName(), json);
            }
        }
        return node;
    }

    private static JsonNode writeValue(Object value) {
        if (value == null || value instanceof SdkAutoConstructList || value instanceof SdkAutoConstructMap) {
            return null;
        }
        if (value instanceof SdkPojo) {
            return write((SdkPojo) value);
        }
        if (value instanceof List) {
            ArrayNode array = NODES.arrayNode();
            for (Object o : (List<?>) value) {
                JsonNode j = writeValue(o);
                array.add(j == null ? NODES.nullNode() : j);
            }
            return array;
        }
        if (value instanceof Map) {
            ObjectNode obj = NODES.objectNode();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                JsonNode j = writeValue(e.getValue());
                obj.set(String.valueOf(e.getKey()), j == null ? NODES.nullNode() : j);
            }
            return obj;
        }
        if (value instanceof String) {
            return NODES.textNode((String) value);
        }
        if (value instanceof Integer) {
            return NODES.numberNode((Integer) value);
        }
        if (value instanceof Long) {
            return NODES.numberNode((Long) value);
        }
        if (value instanceof Boolean) {
            return NODES.booleanNode((Boolean) value);
        }
        if (value instanceof Double) {
            return NODES.numberNode((Double) value);
        }
        if (value instanceof Float) {
            return NODES.numberNode((Float) value);
        }
        if (value instanceof Instant) {
            Instant i = (Instant) value;
            return NODES.numberNode(BigDecimal.valueOf(i.getEpochSecond()).add(BigDecimal.valueOf(i.getNano(), 9)));
        }
        return NODES.textNode(String.valueOf(value));
    }

    /** Where reading reports what it finds, and which keys it must skip silently. */
    public static final class ReadContext {
        final Consumer<Finding> findings;
        final Set<String> skipTopLevel;

        public ReadContext(Consumer<Finding> findings, Set<String> skipTopLevel) {
            this.findings = findings;
            this.skipTopLevel = skipTopLevel;
        }
    }

    /**
     * Reads {@code node} into the SDK type whose builder {@code builderSupplier} makes. Unknown keys
     * and wrong types are reported and skipped (or coerced where AWS's intent is plain), so a model
     * always comes out of an object.
     */
    @SuppressWarnings("unchecked")
    public static <T> T read(
            ObjectNode node, Supplier<? extends SdkPojo> builderSupplier, String pointer, ReadContext ctx) {
        return (T) readPojo(node, builderSupplier, pointer, ctx, true);
    }

    private static Object readPojo(
            ObjectNode node,
            Supplier<? extends SdkPojo> builderSupplier,
            String pointer,
            ReadContext ctx,
            boolean top) {
        SdkPojo builder = builderSupplier.get();
        Map<String, SdkField<?>> byName = FIELDS.computeIfAbsent(builder.getClass(), k -> {
            Map<String, SdkField<?>> m = new LinkedHashMap<>();
            for (SdkField<?> f : builder.sdkFields()) {
                m.put(f.locationName(), f);
            }
            return java.util.Collections.unmodifiableMap(m);
        });
        var it = node.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String childPointer = pointer + "/" + Pointers.escape(key);
            SdkField<?> field = byName.get(key);
            if (field == null) {
                if (top && ctx.skipTopLevel.contains(key)) {
                    continue;
                }
                ctx.findings.accept(unknown(key, pointer, childPointer, byName.keySet()));
                continue;
            }
            Object value = readValue(e.getValue(), field, childPointer, ctx);
            if (value != null) {
                field.set(builder, value);
            }
        }
        return ((SdkBuilder<?, ?>) builder).build();
    }

    private static Finding unknown(String key, String parentPointer, String pointer, Set<String> known) {
        String where = parentPointer.isEmpty() ? "input" : Pointers.toCliPath(parentPointer);
        List<String> names = new ArrayList<>(known);
        String suggestion = DidYouMean.suggest(key, names);
        return Finding.of(
                Severity.ERROR,
                "json.unknown-field",
                pointer,
                "Unknown parameter in " + where + ": \"" + key + "\", must be one of: " + String.join(", ", names),
                suggestion != null
                        ? "Did you mean \"" + suggestion + "\"? Rename \"" + key + "\" to \"" + suggestion + "\"."
                        : "Remove \"" + key + "\".");
    }

    private static Object readValue(JsonNode value, SdkField<?> field, String pointer, ReadContext ctx) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.STRING) {
            if (value.isTextual()) {
                return value.textValue();
            }
            if (value.isValueNode()) {
                ctx.findings.accept(typeError(pointer, value, "string", true));
                return value.asText();
            }
            ctx.findings.accept(typeError(pointer, value, "string", false));
            return null;
        }
        if (type == MarshallingType.INTEGER || type == MarshallingType.LONG) {
            boolean isInt = type == MarshallingType.INTEGER;
            if (value.isIntegralNumber() && (isInt ? value.canConvertToInt() : value.canConvertToLong())) {
                return isInt ? (Object) value.intValue() : (Object) value.longValue();
            }
            if (value.isTextual()) {
                try {
                    long l = Long.parseLong(value.textValue().trim());
                    if (!isInt || (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE)) {
                        ctx.findings.accept(typeError(pointer, value, "integer", true));
                        return isInt ? (Object) (int) l : (Object) l;
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
            }
            ctx.findings.accept(typeError(pointer, value, "integer", false));
            return null;
        }
        if (type == MarshallingType.BOOLEAN) {
            if (value.isBoolean()) {
                return value.booleanValue();
            }
            if (value.isTextual()
                    && ("true".equalsIgnoreCase(value.textValue()) || "false".equalsIgnoreCase(value.textValue()))) {
                ctx.findings.accept(typeError(pointer, value, "boolean", true));
                return Boolean.parseBoolean(value.textValue());
            }
            ctx.findings.accept(typeError(pointer, value, "boolean", false));
            return null;
        }
        if (type == MarshallingType.DOUBLE || type == MarshallingType.FLOAT) {
            if (value.isNumber()) {
                return type == MarshallingType.DOUBLE ? (Object) value.doubleValue() : (Object) value.floatValue();
            }
            ctx.findings.accept(typeError(pointer, value, "number", false));
            return null;
        }
        if (type == MarshallingType.INSTANT) {
            if (value.isNumber()) {
                BigDecimal d = value.decimalValue();
                return Instant.ofEpochSecond(
                        d.longValue(),
                        d.remainder(BigDecimal.ONE).movePointRight(9).longValue());
            }
            ctx.findings.accept(typeError(pointer, value, "timestamp", false));
            return null;
        }
        if (type == MarshallingType.SDK_POJO) {
            if (value.isObject()) {
                return readPojo((ObjectNode) value, field.constructor(), pointer, ctx, false);
            }
            ctx.findings.accept(typeError(pointer, value, "object", false));
            return null;
        }
        if (type == MarshallingType.LIST) {
            if (!value.isArray()) {
                ctx.findings.accept(typeError(pointer, value, "list", false));
                return null;
            }
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                Object v = readValue(value.get(i), member, pointer + "/" + i, ctx);
                if (v != null) {
                    out.add(v);
                }
            }
            return out;
        }
        if (type == MarshallingType.MAP) {
            if (!value.isObject()) {
                ctx.findings.accept(typeError(pointer, value, "map", false));
                return null;
            }
            SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
            Map<String, Object> out = new LinkedHashMap<>();
            var it = value.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                Object v = readValue(e.getValue(), member, pointer + "/" + Pointers.escape(e.getKey()), ctx);
                if (v != null) {
                    out.put(e.getKey(), v);
                }
            }
            return out;
        }
        ctx.findings.accept(typeError(pointer, value, String.valueOf(type), false));
        return null;
    }

    private static Finding typeError(String pointer, JsonNode value, String expected, boolean coerced) {
        String shown =
                value.isTextual() ? value.textValue() : value.isContainerNode() ? abbreviate(value) : value.toString();
        if (pointer.contains("/environment/") || pointer.contains("/options/") || pointer.contains("/secrets/")) {
            shown = "****"; // may be a secret: findings never repeat one
        }
        return Finding.of(
                Severity.ERROR,
                "json.type",
                pointer,
                "Invalid type for parameter " + Pointers.toCliPath(pointer) + ", value: " + shown + ", type: "
                        + jsonType(value) + ", valid types: " + expected,
                coerced && !shown.equals("****")
                        ? "Write " + (value.isTextual() ? value.textValue().trim() : value.toString())
                                + " without quotes (a JSON " + expected + ")."
                        : "Give a JSON " + expected + ".");
    }

    private static String abbreviate(JsonNode value) {
        String s = value.toString();
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    private static String jsonType(JsonNode v) {
        if (v.isTextual()) {
            return "string";
        }
        if (v.isIntegralNumber()) {
            return "integer";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        if (v.isArray()) {
            return "list";
        }
        if (v.isObject()) {
            return "object";
        }
        return v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
