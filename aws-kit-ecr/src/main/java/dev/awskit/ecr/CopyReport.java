package dev.awskit.ecr;

import dev.awskit.core.AwsKitStyle;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.immutables.value.Value;

/** What an image copy did: blobs copied and skipped, bytes, the digest pushed, how long it took. */
@Value.Immutable
@AwsKitStyle
public interface CopyReport {
    /** The source image as given. */
    String source();

    /** The target image, {@code host/repository[:tag]}. */
    String target();

    /** The digest the source reference resolved to. */
    String sourceDigest();

    /**
     * The digest of the manifest or index now at the target: equal to {@link #sourceDigest()}
     * unless a platform filter changed the index (then see {@link #notes()}).
     */
    String digest();

    /** Blobs (layers and configs) uploaded. */
    long blobsCopied();

    /** Blobs the target already had (HEAD said so), not transferred. */
    long blobsSkipped();

    /**
     * Blobs the target registry mounted from the source repository instead of receiving them: a copy
     * between two repositories of one registry sends no bytes for them (ECR: with the registry's
     * {@code BLOB_MOUNTING} setting enabled).
     */
    @Value.Default
    default long blobsMounted() {
        return 0;
    }

    /** Bytes uploaded. */
    long bytesCopied();

    /** Manifests pushed (platform manifests by digest, then the index or manifest). */
    int manifestsPushed();

    /** The platforms copied ({@code linux/amd64} ...), empty for a single-platform manifest. */
    List<String> platforms();

    /** True when the target tag already pointed at the same digest: nothing was pushed. */
    boolean upToDate();

    /** True when the target repository did not exist and was created with the source's settings. */
    boolean repositoryCreated();

    /** Things the caller should know: encryption chosen for a new repository, a filtered index. */
    List<String> notes();

    Duration duration();

    @Override
    String toString();

    /** One readable line, e.g. for JShell. */
    default String summary() {
        return String.format(
                Locale.ROOT,
                "%s -> %s %s: %d blobs copied (%,d bytes), %d skipped%s, %d manifests, %s%s",
                source(),
                target(),
                digest(),
                blobsCopied(),
                bytesCopied(),
                blobsSkipped(),
                blobsMounted() > 0 ? ", " + blobsMounted() + " mounted" : "",
                manifestsPushed(),
                duration().toMillis() < 1000
                        ? duration().toMillis() + " ms"
                        : String.format(Locale.ROOT, "%.1f s", duration().toMillis() / 1000.0),
                upToDate() ? " (already up to date)" : "");
    }

    static CopyReportBuilder builder() {
        return new CopyReportBuilder();
    }
}
