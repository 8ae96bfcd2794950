package dev.awskit.ecr.internal;

import dev.awskit.core.ProgressListener;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/** The options of a copy being configured; each may be set once. */
public final class CopyOptionsState {
    public static final int DEFAULT_PARALLELISM = 6;

    private Set<String> platforms;
    private Integer parallelism;
    private ProgressListener progress;

    public void platforms(String... list) {
        if (platforms != null) {
            throw new IllegalStateException("platforms were already chosen: "
                    + (platforms.isEmpty() ? "allPlatforms()" : platforms.toString()));
        }
        if (list == null || list.length == 0) {
            throw new IllegalArgumentException("platforms(...) needs at least one platform such as linux/amd64;"
                    + " use allPlatforms() for every platform");
        }
        Set<String> s = new LinkedHashSet<>();
        for (String p : list) {
            if (p == null || !p.matches("[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?")) {
                throw new IllegalArgumentException(
                        "platform '" + p + "' must be os/architecture[/variant], e.g. linux/amd64 or linux/arm64/v8");
            }
            s.add(p);
        }
        platforms = Set.copyOf(s);
    }

    public void allPlatforms() {
        if (platforms != null) {
            throw new IllegalStateException("platforms were already chosen: " + platforms);
        }
        platforms = Set.of();
    }

    public void parallelism(int n) {
        if (parallelism != null) {
            throw new IllegalStateException("parallelism was already set to " + parallelism);
        }
        if (n < 1 || n > 64) {
            throw new IllegalArgumentException("parallelism must be 1..64 blobs at once, was " + n);
        }
        parallelism = n;
    }

    public void progress(ProgressListener listener) {
        if (progress != null) {
            throw new IllegalStateException("a progress listener was already set");
        }
        progress = Objects.requireNonNull(listener, "listener");
    }

    /** The options set so far, for a copy's toString: {@code ", all platforms, parallelism 4"}. */
    public String describe() {
        return (platforms == null ? "" : platforms.isEmpty() ? ", all platforms" : ", platforms " + platforms)
                + (parallelism == null ? "" : ", parallelism " + parallelism)
                + (progress == null ? "" : ", with progress");
    }

    public ImageCopier.Options toOptions(boolean immutableTag) {
        return new ImageCopier.Options(
                platforms == null ? Set.of() : platforms,
                parallelism == null ? DEFAULT_PARALLELISM : parallelism,
                progress == null ? ProgressListener.none() : progress,
                immutableTag);
    }
}
