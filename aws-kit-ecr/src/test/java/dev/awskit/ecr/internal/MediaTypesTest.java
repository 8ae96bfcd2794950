package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How a manifest's media type is found (OCI image spec: the {@code mediaType} field, else the
 * answer's Content-Type, else the document's shape), read with the kit's JSON reader; checked against
 * a tree-based reading with jackson-databind written here as the oracle.
 */
class MediaTypesTest {
    private static final String JSON_CT = "application/json";
    private static final ObjectMapper TREE = new ObjectMapper();

    private static String type(String json, String contentType) {
        return MediaTypes.ofManifest(json.getBytes(StandardCharsets.UTF_8), contentType);
    }

    @Test
    void ofManifest_theDocumentsOwnFieldWins_overTheContentType() {
        assertThat(type(
                        "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"layers\":[]}",
                        MediaTypes.OCI_INDEX))
                .isEqualTo(MediaTypes.DOCKER_MANIFEST);
    }

    @Test
    void ofManifest_withoutTheField_takesAKnownContentTypeWithoutItsParameters() {
        assertThat(type("{\"schemaVersion\":2,\"layers\":[]}", MediaTypes.OCI_INDEX + "; charset=utf-8"))
                .isEqualTo(MediaTypes.OCI_INDEX);
    }

    @Test
    void ofManifest_withoutFieldOrKnownContentType_goesByShape() {
        assertThat(type("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"x\"}]}", JSON_CT))
                .isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(type("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"y\"},\"layers\":[]}", JSON_CT))
                .isEqualTo(MediaTypes.OCI_MANIFEST);
    }

    @Test
    void ofManifest_aNestedMediaType_isNotTheDocuments() {
        assertThat(type("{\"config\":{\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\"}}", JSON_CT))
                .isEqualTo(JSON_CT);
    }

    @Test
    void ofManifest_aNullField_countsAsAbsent_andARepeatedFieldCountsItsLastValue() {
        assertThat(type("{\"mediaType\":null,\"layers\":[]}", JSON_CT)).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(type("{\"mediaType\":\"a\",\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\"}", JSON_CT))
                .isEqualTo(MediaTypes.OCI_INDEX);
    }

    @Test
    void ofManifest_invalidJson_isTheContentTypeAsSent() {
        assertThat(type("{\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",", JSON_CT + "; x=y"))
                .isEqualTo(JSON_CT + "; x=y");
        assertThat(type("{\"layers\":[1,}", JSON_CT)).isEqualTo(JSON_CT);
    }

    /** The tree-based reading: parse the whole document, then look at its top-level fields. */
    private static String oracle(byte[] bytes, String contentType) {
        JsonNode n;
        try {
            n = TREE.readTree(bytes);
        } catch (IOException e) {
            return contentType;
        }
        if (n != null && n.hasNonNull("mediaType")) {
            return n.get("mediaType").asText();
        }
        String ct = contentType == null ? "" : contentType.split(";")[0].trim();
        if (MediaTypes.isIndex(ct) || MediaTypes.isManifest(ct)) {
            return ct;
        }
        if (n != null && n.has("manifests")) {
            return MediaTypes.OCI_INDEX;
        }
        if (n != null && n.has("layers")) {
            return MediaTypes.OCI_MANIFEST;
        }
        return ct;
    }

    @Test
    void ofManifest_onDamagedManifests_agreesWithATreeBasedReading() {
        String[] seeds = {
            "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{\"digest\":\"d\"}]}",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"c\"},\"layers\":[{\"size\":1}]}",
            "{\"mediaType\":null,\"manifests\":[],\"layers\":{}}",
            "[1,2,{\"mediaType\":\"m\"}]",
        };
        String[] contentTypes = {JSON_CT, MediaTypes.DOCKER_MANIFEST_LIST, "", MediaTypes.OCI_MANIFEST + ";p=1"};
        String alphabet = "{}[]\":,0123456789 nulltrue\\mediaTypelayersmanifests";
        Random r = new Random(20261203);
        int checked = 0;
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
            byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
            String ct = contentTypes[r.nextInt(contentTypes.length)];
            String expected = oracle(bytes, ct);
            assertThat(MediaTypes.ofManifest(bytes, ct)).as("%s with %s", b, ct).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isEqualTo(5000);
    }
}
