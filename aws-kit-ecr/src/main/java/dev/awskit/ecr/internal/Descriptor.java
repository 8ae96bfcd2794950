package dev.awskit.ecr.internal;

import java.util.Optional;

/** A content descriptor of a manifest: media type, digest, size, and the platform of index entries. */
public record Descriptor(String mediaType, String digest, long size, Optional<String> platform) {}
