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
        String mediaType = null;
        boolean manifests = false;
        boolean layers = false;
        Object root;
        try {
            root = Json.parse(bytes);
        } catch (Json.MalformedJsonException e) {
            return contentType;
        }
        if (root instanceof Map<?, ?> o) {
            Object v = o.get("mediaType");
            mediaType = v == null || v == Json.NULL ? null : Manifests.asText(v);
            manifests = o.containsKey("manifests");
            layers = o.containsKey("layers");
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
