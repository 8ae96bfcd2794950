package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awskit.ecr.ImageCopyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Manifests read with the kit's JSON reader (no Jackson class in a copy) read as they did when
 * parsed into a Jackson tree: the tree-based reading is kept here as the oracle, and both read the
 * same seeded, randomly damaged manifests and indexes (OCI image spec shapes).
 */
class ManifestsTest {
    private static final ObjectMapper TREE = new ObjectMapper();
    private static final String D1 = "sha256:" + "a".repeat(64);
    private static final String D2 = "sha256:" + "b".repeat(64);

    /** The reading with jackson-databind's tree, as the module read manifests before. */
    static final class TreeReading {
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

        private static Descriptor descriptor(JsonNode d, String where) {
            String digest = d.path("digest").asText("");
            if (!digest.matches("sha256:[0-9a-f]{64}")) {
                throw new ImageCopyException(where + " names a blob or manifest with digest '" + digest
                        + "'; only sha256 digests are copied");
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
                JsonNode n = TREE.readTree(m.bytes());
                if (n == null || !n.isObject()) {
                    throw new ImageCopyException(where + " is not a JSON manifest");
                }
                return n;
            } catch (IOException e) {
                throw new ImageCopyException(where + " is not valid JSON: " + e.getMessage());
            }
        }
    }

    private static RegistryClient.RawManifest raw(String json) {
        return new RegistryClient.RawManifest(json.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST, "x");
    }

    /**
     * The value, or the exception's type and message; for JSON that is not valid, only that it is not
     * (each reader words the reason its own way: jackson's message, or the kit's with line and column).
     */
    private static String outcome(Supplier<List<Descriptor>> read) {
        try {
            return read.get().toString();
        } catch (ImageCopyException e) {
            String m = e.getMessage();
            int invalid = m.indexOf(" is not valid JSON: ");
            return "ImageCopyException: " + (invalid < 0 ? m : m.substring(0, invalid) + " is not valid JSON");
        }
    }

    @Test
    void blobs_ofAnOciManifest_areConfigThenLayers_withoutForeignLayers() {
        String m = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"c\",\"digest\":\"" + D1 + "\",\"size\":7},"
                + "\"layers\":[{\"mediaType\":\"l\",\"digest\":\"" + D2 + "\",\"size\":9},"
                + "{\"mediaType\":\"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip\",\"digest\":\"" + D1
                + "\",\"size\":1,\"urls\":[\"https://example.com\"]}]}";

        assertThat(Manifests.blobs(raw(m), "app:1"))
                .containsExactly(
                        new Descriptor("c", D1, 7, Optional.empty()), new Descriptor("l", D2, 9, Optional.empty()));
    }

    @Test
    void children_ofAnIndex_carryTheirPlatforms() {
        String m = "{\"manifests\":[{\"mediaType\":\"m\",\"digest\":\"" + D1 + "\",\"size\":3,"
                + "\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}},"
                + "{\"mediaType\":\"m\",\"digest\":\"" + D2 + "\",\"size\":4,\"platform\":{\"os\":\"linux\"}}]}";

        assertThat(Manifests.children(raw(m), "app:1"))
                .containsExactly(
                        new Descriptor("m", D1, 3, Optional.of("linux/arm64/v8")),
                        new Descriptor("m", D2, 4, Optional.empty()));
    }

    @Test
    void blobs_ofASchema1Manifest_areRefusedWithAMessage() {
        Throwable e = catchThrowable(() -> Manifests.blobs(raw("{\"schemaVersion\":1,\"fsLayers\":[]}"), "app:1"));

        assertThat(e)
                .isInstanceOf(ImageCopyException.class)
                .hasMessageStartingWith("app:1 is a Docker schema 1 manifest");
    }

    @Test
    void damagedManifests_readAsTheTreeReadThem() {
        String[] seeds = {
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"c\",\"digest\":\"" + D1 + "\",\"size\":7},"
                    + "\"layers\":[{\"mediaType\":\"l\",\"digest\":\"" + D2 + "\",\"size\":9,\"urls\":null}]}",
            "{\"manifests\":[{\"mediaType\":\"m\",\"digest\":\"" + D1 + "\",\"size\":3,"
                    + "\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\",\"variant\":null}}]}",
            "{\"schemaVersion\":\"1\",\"config\":null,\"layers\":{\"a\":{\"digest\":\"" + D2 + "\",\"size\":\"12\"}}}",
            "{\"layers\":[{\"digest\":\"" + D1 + "\",\"size\":1.5e1,\"mediaType\":true},{\"size\":null}]}",
        };
        String alphabet = "{}[]\":,0123456789.eE-+ nulltruefalse\\abdefsizedigestplatformosurls";
        Random r = new Random(31337);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 5000; i++) {
            StringBuilder b = new StringBuilder(seeds[r.nextInt(seeds.length)]);
            for (int k = r.nextInt(4); k > 0; k--) {
                int at = r.nextInt(b.length());
                switch (r.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                    default -> b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                }
            }
            RegistryClient.RawManifest m = raw(b.toString());
            String blobs = outcome(() -> Manifests.blobs(m, "app:1"));
            assertThat(blobs).as("blobs of %s", b).isEqualTo(outcome(() -> TreeReading.blobs(m, "app:1")));
            String children = outcome(() -> Manifests.children(m, "app:1"));
            assertThat(children).as("children of %s", b).isEqualTo(outcome(() -> TreeReading.children(m, "app:1")));
            seen.add(blobs.replaceAll("[0-9]", "#"));
        }
        // the damage reaches many different outcomes, not one error over and over
        assertThat(seen.size()).isGreaterThan(50);
    }
}
