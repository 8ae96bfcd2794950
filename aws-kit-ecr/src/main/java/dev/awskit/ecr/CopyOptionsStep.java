package dev.awskit.ecr;

import dev.awskit.core.ProgressListener;

/**
 * The last step of a copy: which platforms, how many blobs at once, progress, then {@link #run()}.
 * Each option may be set once; setting it again is an {@link IllegalStateException}.
 */
public interface CopyOptionsStep {
    /**
     * Copy only these platforms of a multi-platform image, e.g. {@code "linux/amd64",
     * "linux/arm64"} ({@code linux/arm64} also matches {@code linux/arm64/v8}). One platform is
     * copied as a plain manifest under the tag; several as a new index (with another digest).
     */
    CopyOptionsStep platforms(String... platforms);

    /** Copy every platform of an index as is (the default): the target digest equals the source's. */
    CopyOptionsStep allPlatforms();

    /** Blobs copied at once, 1..64; default 6. */
    CopyOptionsStep parallelism(int blobsAtOnce);

    CopyOptionsStep progress(ProgressListener listener);

    /**
     * Copies and returns what was done.
     *
     * @throws ImageCopyException for a digest mismatch (nothing is tagged), an immutable tag at
     *     another digest, a missing source image
     * @throws RegistryException when a registry refuses (authentication, permissions)
     */
    CopyReport run();
}
