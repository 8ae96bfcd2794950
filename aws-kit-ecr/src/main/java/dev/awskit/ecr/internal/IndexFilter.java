package dev.awskit.ecr.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awskit.ecr.ImageCopyException;
import java.io.IOException;
import java.util.Set;

/**
 * An index cut down to some of its children ({@code platforms(...)} on a copy), written with
 * jackson-databind. A class of its own so that {@link Manifests}, which every copy uses, refers to
 * no Jackson type: verifying a class that does loads the data-binding classes it names.
 */
final class IndexFilter {
    private IndexFilter() {}

    /**
     * A copy of {@code index} keeping only the children whose digest is in {@code keepDigests}; the
     * new index has another digest than the source's.
     */
    static byte[] filter(RegistryClient.RawManifest index, Set<String> keepDigests, String where) {
        JsonNode n = parse(index, where);
        ArrayNode kept = Jackson.mapper().createArrayNode();
        for (JsonNode m : n.path("manifests")) {
            if (keepDigests.contains(m.path("digest").asText())) {
                kept.add(m);
            }
        }
        ((ObjectNode) n).set("manifests", kept);
        try {
            return Jackson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the filtered index of " + where, e);
        }
    }

    private static JsonNode parse(RegistryClient.RawManifest m, String where) {
        try {
            JsonNode n = Jackson.mapper().readTree(m.bytes());
            if (n == null || !n.isObject()) {
                throw new ImageCopyException(where + " is not a JSON manifest");
            }
            return n;
        } catch (IOException e) {
            throw new ImageCopyException(where + " is not valid JSON: " + e.getMessage());
        }
    }
}
