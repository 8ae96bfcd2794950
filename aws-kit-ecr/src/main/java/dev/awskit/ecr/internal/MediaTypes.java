package dev.awskit.ecr.internal;

import java.util.Map;

/** The manifest media types we copy, and how to tell which one a manifest is. */
public final class MediaTypes {
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

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
        Object root;
        try {
            root = Json.parse(bytes);
        } catch (Json.MalformedJsonException e) {
            return contentType;
        }
        Map<?, ?> document = root instanceof Map<?, ?> o ? o : Map.of();
        Object own = document.get("mediaType");
        if (own != null && own != Json.NULL) {
            return Manifests.asText(own);
        }
        String ct = contentType == null ? "" : contentType.split(";")[0].trim();
        if (isIndex(ct) || isManifest(ct)) {
            return ct;
        }
        if (document.containsKey("manifests")) {
            return OCI_INDEX;
        }
        if (document.containsKey("layers")) {
            return OCI_MANIFEST;
        }
        return ct;
    }
}
