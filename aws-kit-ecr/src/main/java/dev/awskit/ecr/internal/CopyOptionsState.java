package dev.awskit.ecr.internal;

import dev.awskit.core.ProgressListener;
import dev.awskit.core.internal.Setting;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/** The options of a copy being configured; each may be set once (core's {@link Setting}). */
public final class CopyOptionsState {
    public static final int DEFAULT_PARALLELISM = 6;

    private final Setting<Set<String>> platforms =
            Setting.of("platforms", null, p -> p.isEmpty() ? "allPlatforms()" : p.toString());
    private final Setting<Integer> parallelism = Setting.of("parallelism", DEFAULT_PARALLELISM);
    private final Setting<ProgressListener> progress = Setting.of("progress", ProgressListener.none());

    public void platforms(String... list) {
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
        platforms.set(java.util.Collections.unmodifiableSet(s));
    }

    public void allPlatforms() {
        platforms.set(Set.of());
    }

    public void parallelism(int n) {
        if (n < 1 || n > 64) {
            throw new IllegalArgumentException("parallelism must be 1..64 blobs at once, was " + n);
        }
        parallelism.set(n);
    }

    public void progress(ProgressListener listener) {
        progress.set(Objects.requireNonNull(listener, "listener"));
    }

    /** The platforms chosen; empty for every platform (the default). */
    public Set<String> platforms() {
        return platforms.isSet() ? platforms.get() : Set.of();
    }

    public int parallelism() {
        return parallelism.get();
    }

    public ProgressListener progress() {
        return progress.get();
    }

    /** The options set so far, for a copy's toString: {@code ", all platforms, parallelism 4"}. */
    public String describe() {
        return (!platforms.isSet()
                        ? ""
                        : platforms.get().isEmpty() ? ", all platforms" : ", platforms " + platforms.get())
                + (parallelism.isSet() ? ", parallelism " + parallelism.get() : "")
                + (progress.isSet() ? ", with progress" : "");
    }

    public ImageCopier.Options toOptions(boolean immutableTag) {
        // a registry-level copy creates no repository: every blob is asked for at the target
        return new ImageCopier.Options(platforms(), parallelism(), progress(), immutableTag, false);
    }
}
