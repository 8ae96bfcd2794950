package dev.awskit.ecr.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The manifest media types we copy, and how to tell which one a manifest is. */
public final class MediaTypes {
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    /** The tree mapper, built on first use (see {@link Streaming}). */
    static ObjectMapper json() {
        return Tree.MAPPER;
    }

    /** The streaming parser's factory (jackson-core alone). */
    static JsonFactory streaming() {
        return Streaming.FACTORY;
    }

    private static final class Tree {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /**
     * jackson-core's streaming parser alone, for {@link #ofManifest}: every copy reads a manifest's
     * type, and a re-copy (the target has the image) needs nothing else from the JSON, so a command
     * that only re-copies never builds the data-binding {@link #json()} mapper (a few hundred classes).
     */
    private static final class Streaming {
        static final JsonFactory FACTORY = new JsonFactory();
    }

    private MediaTypes() {}

    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    public static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    /**
     * The media type of a manifest: its own {@code mediaType} field, else the response's
     * Content-Type, else (an OCI document without the field) index or manifest by its shape.
     */
    static String ofManifest(byte[] bytes, String contentType) {
        String mediaType = null;
        boolean manifests = false;
        boolean layers = false;
        try (JsonParser p = Streaming.FACTORY.createParser(bytes)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    switch (name) {
                        // a repeated field: the last one counts, as in a parsed tree
                        case "mediaType" ->
                            mediaType = v == JsonToken.VALUE_NULL ? null : v.isScalarValue() ? p.getText() : "";
                        case "manifests" -> manifests = true;
                        case "layers" -> layers = true;
                        default -> {}
                    }
                    p.skipChildren();
                }
            } else if (t != null) {
                p.skipChildren(); // not an object: read (and so check) the value, then by Content-Type
            }
        } catch (IOException e) {
            return contentType;
        }
        if (mediaType != null) {
            return mediaType;
        }
        String ct = contentType == null ? "" : contentType.split(";")[0].trim();
        if (isIndex(ct) || isManifest(ct)) {
            return ct;
        }
        if (manifests) {
            return OCI_INDEX;
        }
        if (layers) {
            return OCI_MANIFEST;
        }
        return ct;
    }
}
