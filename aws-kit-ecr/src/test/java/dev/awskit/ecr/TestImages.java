package dev.awskit.ecr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builds small random images in a test and pushes them with the registry-level API. */
final class TestImages {
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String CONFIG = "application/vnd.oci.image.config.v1+json";

    /** What was pushed: the index digest, its platform manifests and every blob (digest -> bytes). */
    record Pushed(String digest, Map<String, String> manifestByPlatform, Map<String, byte[]> blobs) {}

    private TestImages() {}

    static String sha256(byte[] b) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An OCI index with one manifest per platform; each manifest has its own config, {@code
     * layers} random layers of {@code layerSize} bytes and one layer shared by all platforms.
     */
    static Pushed pushIndex(Registry r, String repoAndTag, long seed, int layers, int layerSize, String... platforms) {
        String repo = repoAndTag.substring(0, repoAndTag.indexOf(':'));
        Random random = new Random(seed);
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        byte[] shared = randomBytes(random, layerSize);
        Map<String, String> manifests = new LinkedHashMap<>();
        StringBuilder index =
                new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[");
        for (int p = 0; p < platforms.length; p++) {
            String[] parts = platforms[p].split("/");
            List<byte[]> ls = new ArrayList<>();
            ls.add(shared);
            for (int i = 0; i < layers; i++) {
                ls.add(randomBytes(random, layerSize));
            }
            byte[] config = ("{\"architecture\":\"" + parts[1] + "\",\"os\":\"" + parts[0] + "\",\"seed\":" + seed
                            + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] manifest = manifest(config, ls).getBytes(StandardCharsets.UTF_8);
            blobs.put(r.pushBlob(repo, config), config);
            for (byte[] l : ls) {
                blobs.put(r.pushBlob(repo, l), l);
            }
            String md = r.pushManifest(repo + "@" + sha256(manifest), OCI_MANIFEST, manifest);
            manifests.put(platforms[p], md);
            index.append(p > 0 ? "," : "")
                    .append("{\"mediaType\":\"")
                    .append(OCI_MANIFEST)
                    .append("\",\"digest\":\"")
                    .append(md)
                    .append("\",\"size\":")
                    .append(manifest.length)
                    .append(",\"platform\":{\"architecture\":\"")
                    .append(parts[1])
                    .append("\",\"os\":\"")
                    .append(parts[0])
                    .append('"')
                    .append(parts.length > 2 ? ",\"variant\":\"" + parts[2] + "\"" : "")
                    .append("}}");
        }
        // deliberately unusual spacing: the copy must keep these exact bytes
        index.append("],  \"annotations\":{\"seed\":\"").append(seed).append("\"}}\n");
        byte[] indexBytes = index.toString().getBytes(StandardCharsets.UTF_8);
        String digest = r.pushManifest(repoAndTag, OCI_INDEX, indexBytes);
        return new Pushed(digest, manifests, blobs);
    }

    static String manifest(byte[] config, List<byte[]> layers) {
        StringBuilder b = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",")
                .append("\"config\":{\"mediaType\":\"")
                .append(CONFIG)
                .append("\",\"digest\":\"")
                .append(sha256(config))
                .append("\",\"size\":")
                .append(config.length)
                .append("},\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            b.append(i > 0 ? "," : "")
                    .append("{\"mediaType\":\"")
                    .append(LAYER)
                    .append("\",\"digest\":\"")
                    .append(sha256(layers.get(i)))
                    .append("\",\"size\":")
                    .append(layers.get(i).length)
                    .append('}');
        }
        return b.append("]}").toString();
    }

    static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
