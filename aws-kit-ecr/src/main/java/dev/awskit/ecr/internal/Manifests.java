package dev.awskit.ecr.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awskit.ecr.ImageCopyException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads what a copy needs from manifest JSON: an index's children, a manifest's config and layers. */
public final class Manifests {
    private Manifests() {}

    /** The children of an index, each with its platform as {@code os/arch[/variant]} when given. */
    public static List<Descriptor> children(RegistryClient.RawManifest index, String where) {
        JsonNode n = parse(index, where);
        List<Descriptor> out = new ArrayList<>();
        for (JsonNode m : n.path("manifests")) {
            out.add(descriptor(m, where));
        }
        return out;
    }

    /** The config and layers of an image manifest, config first. */
    public static List<Descriptor> blobs(RegistryClient.RawManifest manifest, String where) {
        JsonNode n = parse(manifest, where);
        if (n.path("schemaVersion").asInt() == 1) {
            throw new ImageCopyException(where + " is a Docker schema 1 manifest, which registries no longer"
                    + " accept; rebuild the image (docker build / buildx) to get a schema 2 or OCI manifest");
        }
        List<Descriptor> out = new ArrayList<>();
        if (n.has("config")) {
            out.add(descriptor(n.get("config"), where));
        }
        for (JsonNode l : n.path("layers")) {
            if (l.has("urls") && l.path("mediaType").asText().contains("foreign")) {
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

    private static Descriptor descriptor(JsonNode d, String where) {
        String digest = d.path("digest").asText("");
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new ImageCopyException(
                    where + " names a blob or manifest with digest '" + digest + "'; only sha256 digests are copied");
        }
        long size = d.path("size").asLong(-1);
        if (size < 0) {
            throw new ImageCopyException(where + " gives no size for " + digest);
        }
        Optional<String> platform = Optional.empty();
        JsonNode p = d.get("platform");
        if (p != null && p.hasNonNull("os") && p.hasNonNull("architecture")) {
            String s = p.get("os").asText() + "/" + p.get("architecture").asText();
            if (p.hasNonNull("variant")) {
                s += "/" + p.get("variant").asText();
            }
            platform = Optional.of(s);
        }
        return new Descriptor(d.path("mediaType").asText(""), digest, size, platform);
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
}
