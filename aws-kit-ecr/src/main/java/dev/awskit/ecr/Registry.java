package dev.awskit.ecr;

import dev.awskit.core.ProgressListener;
import dev.awskit.core.RetryPolicy;
import dev.awskit.ecr.internal.CopyOptionsState;
import dev.awskit.ecr.internal.ImageCopier;
import dev.awskit.ecr.internal.MediaTypes;
import dev.awskit.ecr.internal.RegistryClient;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Any OCI / Docker registry reached directly with a user and password (no ECR API): push blobs and
 * manifests, resolve tags, and copy images to another registry with the same engine as {@link
 * Ecr#copy(String)}.
 *
 * <pre>{@code
 * Registry a = Registry.at("http://127.0.0.1:5000", "user", "secret");
 * Registry b = Registry.at("http://127.0.0.1:5001", "user", "secret");
 * CopyReport r = a.copy("app:1.2").to(b, "app:1.2").progress(ProgressListener.console()).run();
 * }</pre>
 */
public final class Registry {
    private final URI url;
    private final RegistryClient.Credentials credentials;
    private final RegistryTimeouts timeouts;
    private final RegistryClient client;
    private final RetryPolicy retryPolicy;

    private Registry(
            URI url, RegistryClient.Credentials credentials, RegistryTimeouts timeouts, RetryPolicy retryPolicy) {
        this.url = url;
        this.credentials = credentials;
        this.timeouts = timeouts;
        this.client =
                new RegistryClient(url, () -> credentials, RegistryClient.newHttpClient(timeouts.connect()), timeouts);
        this.retryPolicy = retryPolicy;
    }

    /** A registry without credentials. */
    public static Registry at(String url) {
        return create(url, null, RetryPolicy.standard());
    }

    /** A registry with Basic credentials (exchanged for a Bearer token when the registry asks). */
    public static Registry at(String url, String user, String password) {
        if (user == null || user.isBlank() || password == null) {
            throw new IllegalArgumentException("user must not be empty and password must not be null");
        }
        return create(url, new RegistryClient.Credentials(user, password), RetryPolicy.standard());
    }

    /** This registry with another retry policy for workflow steps (blob copies, manifest pushes). */
    public Registry withRetryPolicy(RetryPolicy policy) {
        return new Registry(url, credentials, timeouts, Objects.requireNonNull(policy, "policy"));
    }

    /**
     * This registry with other timeouts (default {@link RegistryTimeouts#defaults()}): connect,
     * time to first byte, and idle; none of them bounds how long a large blob may take.
     */
    public Registry withTimeouts(RegistryTimeouts newTimeouts) {
        return new Registry(url, credentials, Objects.requireNonNull(newTimeouts, "timeouts"), retryPolicy);
    }

    private static Registry create(String url, RegistryClient.Credentials credentials, RetryPolicy retry) {
        URI uri;
        try {
            uri = URI.create(Objects.requireNonNull(url, "url").trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "registry url '" + url + "' is not a URL; expected e.g. https://host:5000");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "registry url '" + url + "' must be http:// or https:// with a host, e.g. https://host:5000");
        }
        return new Registry(uri, credentials, RegistryTimeouts.defaults(), retry);
    }

    public URI endpoint() {
        return client.endpoint();
    }

    /** The digest {@code repository:tag} (or {@code repository@digest}) points at, or empty. */
    public Optional<String> digest(String image) {
        ImageRef r = relative(image);
        return client.manifestDigest(r.repository(), r.reference());
    }

    /** The exact bytes of a manifest or index, or empty when absent. */
    public Optional<byte[]> manifest(String image) {
        ImageRef r = relative(image);
        return client.manifest(r.repository(), r.reference()).map(m -> m.bytes().clone());
    }

    public boolean hasBlob(String repository, String digest) {
        return client.blobSize(relative(repository + "@" + digest).repository(), digest)
                .isPresent();
    }

    /** Uploads a blob held in memory (skipped when present); returns its {@code sha256:} digest. */
    public String pushBlob(String repository, byte[] content) {
        return client.uploadBlob(relative(repository + ":x").repository(), content);
    }

    /**
     * Pushes a manifest or index under {@code repository:tag} (or {@code repository@digest});
     * returns its digest. {@code mediaType} is e.g. {@code
     * application/vnd.oci.image.manifest.v1+json}.
     */
    public String pushManifest(String image, String mediaType, byte[] manifest) {
        ImageRef r = relative(image);
        if (!MediaTypes.isIndex(mediaType) && !MediaTypes.isManifest(mediaType)) {
            throw new IllegalArgumentException(
                    "media type '" + mediaType + "' is not an OCI or Docker v2 manifest" + " or index type");
        }
        String digest = dev.awskit.ecr.internal.DigestingInputStream.digestOf(manifest);
        return client.putManifest(
                r.repository(), r.reference(), new RegistryClient.RawManifest(manifest.clone(), mediaType, digest));
    }

    /** Starts a copy of {@code repository:tag} or {@code repository@digest} from this registry. */
    public RegistryCopyStep copy(String image) {
        ImageRef source = relative(image);
        return (target, repositoryAndTag) ->
                new Copy(source, Objects.requireNonNull(target, "target"), relative(repositoryAndTag));
    }

    private static ImageRef relative(String image) {
        ImageRef r = ImageRef.parse(image);
        if (r.host().isPresent()) {
            throw new IllegalArgumentException("image '" + image + "' names a host; a Registry takes"
                    + " repository[:tag][@digest] relative to " + "its own endpoint");
        }
        return r;
    }

    @Override
    public String toString() {
        return "Registry{" + client.endpoint() + (credentials != null ? " as " + credentials.user() : "") + "}";
    }

    private final class Copy implements CopyOptionsStep {
        private final ImageRef source;
        private final Registry target;
        private final ImageRef targetRef;
        private final CopyOptionsState options = new CopyOptionsState();
        private final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

        Copy(ImageRef source, Registry target, ImageRef targetRef) {
            this.source = source;
            this.target = target;
            this.targetRef = targetRef;
        }

        @Override
        public CopyOptionsStep platforms(String... platforms) {
            options.platforms(platforms);
            return this;
        }

        @Override
        public CopyOptionsStep allPlatforms() {
            options.allPlatforms();
            return this;
        }

        @Override
        public CopyOptionsStep parallelism(int blobsAtOnce) {
            options.parallelism(blobsAtOnce);
            return this;
        }

        @Override
        public CopyOptionsStep progress(ProgressListener listener) {
            options.progress(listener);
            return this;
        }

        @Override
        public CopyReport run() {
            runs.incrementAndGet();
            String srcDisplay = client.endpoint().getAuthority() + "/" + source.path();
            String dstDisplay = target.client.endpoint().getAuthority() + "/" + targetRef.path();
            ImageCopier.Side from =
                    new ImageCopier.Side(client, source.repository(), Optional.of(source.reference()), srcDisplay);
            ImageCopier.Side to =
                    new ImageCopier.Side(target.client, targetRef.repository(), targetRef.tag(), dstDisplay);
            return new ImageCopier(retryPolicy)
                    .copy(from, to, options.toOptions(false))
                    .source(srcDisplay)
                    .target(dstDisplay)
                    .repositoryCreated(false)
                    .build();
        }

        @Override
        public String toString() {
            return dev.awskit.core.internal.Texts.operation(
                    "RegistryCopy",
                    client.endpoint().getAuthority() + "/" + source.path() + " -> "
                            + target.client.endpoint().getAuthority() + "/" + targetRef.path() + options.describe(),
                    runs.get());
        }
    }
}
