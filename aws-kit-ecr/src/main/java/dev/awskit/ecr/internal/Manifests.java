package dev.awskit.ecr.internal;

import com.fasterxml.jackson.core.io.NumberInput;
import dev.awskit.ecr.ImageCopyException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what a copy needs from manifest JSON: an index's children, a manifest's config and layers.
 * Read with {@link Json} into plain maps and lists (a copy loads no Jackson class; only {@link
 * IndexFilter} builds the data-binding mapper), with the lenient coercions of a Jackson tree
 * ({@code asText}, {@code asInt}, {@code asLong}) so that a manifest reads as it did when it was
 * parsed into a {@code JsonNode}.
 */
public final class Manifests {
    private Manifests() {}

    private static final Object NULL = Json.NULL;

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

    /** The document's top-level object as maps (fields in order, a repeated one keeping its first place and last value), lists and scalars. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(RegistryClient.RawManifest m, String where) {
        Object root;
        try {
            root = Json.parse(m.bytes());
        } catch (Json.MalformedJsonException e) {
            throw new ImageCopyException(where + " is not valid JSON: " + e.getMessage());
        }
        if (!(root instanceof Map)) {
            throw new ImageCopyException(where + " is not a JSON manifest");
        }
        return (Map<String, Object>) root;
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
    static String asText(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Json.Num n) {
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
        if (v instanceof Json.Num n) {
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
        if (v instanceof Json.Num n) {
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
