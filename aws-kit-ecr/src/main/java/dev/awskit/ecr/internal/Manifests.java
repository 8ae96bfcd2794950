package dev.awskit.ecr.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awskit.ecr.ImageCopyException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what a copy needs from manifest JSON: an index's children, a manifest's config and layers.
 * Read with jackson-core's streaming parser into plain maps and lists (a copy never builds the
 * data-binding mapper, a few hundred classes a short-lived JVM would load and compile; only {@link
 * #filterIndex} does), with the lenient coercions of a Jackson tree ({@code asText}, {@code asInt},
 * {@code asLong}) so that a manifest reads as it did when it was parsed into a {@code JsonNode}.
 */
public final class Manifests {
    private Manifests() {}

    /** JSON null in the plain tree. */
    private static final Object NULL = new Object();

    /** The children of an index, each with its platform as {@code os/arch[/variant]} when given. */
    public static List<Descriptor> children(RegistryClient.RawManifest index, String where) {
        Map<String, Object> n = read(index, where);
        List<Descriptor> out = new ArrayList<>();
        for (Object m : elements(n.get("manifests"))) {
            out.add(descriptor(m, where));
        }
        return out;
    }

    /** The config and layers of an image manifest, config first. */
    public static List<Descriptor> blobs(RegistryClient.RawManifest manifest, String where) {
        Map<String, Object> n = read(manifest, where);
        if (asInt(n.get("schemaVersion")) == 1) {
            throw new ImageCopyException(where + " is a Docker schema 1 manifest, which registries no longer"
                    + " accept; rebuild the image (docker build / buildx) to get a schema 2 or OCI manifest");
        }
        List<Descriptor> out = new ArrayList<>();
        if (n.containsKey("config")) {
            out.add(descriptor(n.get("config"), where));
        }
        for (Object l : elements(n.get("layers"))) {
            if (field(l, "urls") != null && asText(field(l, "mediaType")).contains("foreign")) {
                continue; // foreign layers (Windows base layers) are not stored in registries
            }
            out.add(descriptor(l, where));
        }
        return out;
    }

    /**
     * A copy of {@code index} keeping only the children whose platform is in {@code platforms}; the
     * new index has another digest than the source's.
     */
    public static byte[] filterIndex(RegistryClient.RawManifest index, Set<String> keepDigests, String where) {
        JsonNode n = parse(index, where);
        ArrayNode kept = MediaTypes.json().createArrayNode();
        for (JsonNode m : n.path("manifests")) {
            if (keepDigests.contains(m.path("digest").asText())) {
                kept.add(m);
            }
        }
        ((ObjectNode) n).set("manifests", kept);
        try {
            return MediaTypes.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the filtered index of " + where, e);
        }
    }

    private static Descriptor descriptor(Object d, String where) {
        Object dg = field(d, "digest");
        String digest = dg == null || dg == NULL ? "" : asText(dg);
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new ImageCopyException(
                    where + " names a blob or manifest with digest '" + digest + "'; only sha256 digests are copied");
        }
        Object sz = field(d, "size");
        long size = sz == null ? -1 : asLong(sz, -1);
        if (size < 0) {
            throw new ImageCopyException(where + " gives no size for " + digest);
        }
        Optional<String> platform = Optional.empty();
        Object p = field(d, "platform");
        if (nonNull(field(p, "os")) && nonNull(field(p, "architecture"))) {
            String s = asText(field(p, "os")) + "/" + asText(field(p, "architecture"));
            if (nonNull(field(p, "variant"))) {
                s += "/" + asText(field(p, "variant"));
            }
            platform = Optional.of(s);
        }
        Object mt = field(d, "mediaType");
        return new Descriptor(mt == null || mt == NULL ? "" : asText(mt), digest, size, platform);
    }

    private static JsonNode parse(RegistryClient.RawManifest m, String where) {
        try {
            JsonNode n = MediaTypes.json().readTree(m.bytes());
            if (n == null || !n.isObject()) {
                throw new ImageCopyException(where + " is not a JSON manifest");
            }
            return n;
        } catch (IOException e) {
            throw new ImageCopyException(where + " is not valid JSON: " + e.getMessage());
        }
    }

    /** The document's top-level object as maps (fields in order, a repeated one keeping its first place and last value), lists and scalars. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(RegistryClient.RawManifest m, String where) {
        Object root;
        try (JsonParser p = MediaTypes.streaming().createParser(m.bytes())) {
            JsonToken t = p.nextToken();
            root = t == null ? null : value(p, t);
        } catch (IOException e) {
            throw new ImageCopyException(where + " is not valid JSON: " + e.getMessage());
        }
        if (!(root instanceof Map)) {
            throw new ImageCopyException(where + " is not a JSON manifest");
        }
        return (Map<String, Object>) root;
    }

    /** A number as a Jackson tree holds it: int, long or BigInteger for integers, double otherwise. */
    private record Num(Number value) {}

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> o = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    o.put(name, value(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY -> {
                List<Object> a = new ArrayList<>();
                for (JsonToken e; (e = p.nextToken()) != JsonToken.END_ARRAY; ) {
                    a.add(value(p, e));
                }
                return a;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return new Num(p.getNumberValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Num(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return NULL;
            }
            default -> throw new IOException("unexpected " + t);
        }
    }

    /** {@code node.get(name)}: null when absent or when {@code node} is not an object. */
    private static Object field(Object node, String name) {
        return node instanceof Map<?, ?> o ? o.get(name) : null;
    }

    private static boolean nonNull(Object v) {
        return v != null && v != NULL;
    }

    /** Iterating a tree node: an array's elements, an object's values, nothing for anything else. */
    private static Collection<?> elements(Object v) {
        if (v instanceof List<?> a) {
            return a;
        }
        if (v instanceof Map<?, ?> o) {
            return o.values();
        }
        return List.of();
    }

    /** {@code JsonNode.asText()}: a scalar's text, "null" for null, "" for containers and absent. */
    private static String asText(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Num n) {
            return n.value() instanceof Double d
                    ? Double.toString(d)
                    : n.value().toString();
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        return v == NULL ? "null" : "";
    }

    /** {@code JsonNode.asLong(def)}: numbers cut to long, text parsed leniently, booleans 1/0, null 0. */
    private static long asLong(Object v, long def) {
        if (v instanceof Num n) {
            return n.value() instanceof BigInteger b ? b.longValue() : n.value().longValue();
        }
        if (v instanceof String s) {
            return NumberInput.parseAsLong(s, def);
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return v == NULL ? 0 : def;
    }

    /** {@code JsonNode.asInt()}. */
    private static int asInt(Object v) {
        if (v instanceof Num n) {
            return n.value().intValue();
        }
        if (v instanceof String s) {
            return NumberInput.parseAsInt(s, 0);
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return 0;
    }
}
