package dev.awskit.storage.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks a local directory lazily, one directory at a time, yielding regular files in S3 key order
 * of their {@code /}-separated relative paths: within a directory, a subdirectory {@code a} sorts
 * as {@code a/}, so {@code a-b}, {@code a.b}, {@code a/b}, {@code a0} come out in that order, as S3
 * lists them. Excluded directories are never entered. Symbolic links are followed (as the CLI does),
 * with loops detected. Temporary files of downloads ({@code .awskit-*.part}, see {@link TempFiles})
 * are never listed: they go to the {@link TempFound} callback, which removes stale ones.
 */
public final class LocalListing extends LookaheadListing {
    /** Receives each temporary file found while walking. */
    @FunctionalInterface
    public interface TempFound {
        void found(Path file, BasicFileAttributes attrs);
    }

    private record Item(String sortName, Path path, BasicFileAttributes attrs) {}

    private static final class Frame {
        final String prefix;
        final List<Item> items;
        final Object fileKey;
        int index;

        Frame(String prefix, List<Item> items, Object fileKey) {
            this.prefix = prefix;
            this.items = items;
            this.fileKey = fileKey;
        }
    }

    private final Filters filters;
    private final Problems problems;
    private final TempFound temps;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final Set<Object> ancestors = new HashSet<>();

    public LocalListing(Path root, Filters filters, Problems problems) {
        this(root, filters, problems, (file, attrs) -> {});
    }

    public LocalListing(Path root, Filters filters, Problems problems, TempFound temps) {
        this.filters = filters;
        this.problems = problems;
        this.temps = temps;
        if (Files.isDirectory(root)) {
            enter(root, "", fileKey(root));
        }
    }

    private static Object fileKey(Path dir) {
        try {
            Object k = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
            return k != null ? k : dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    private void enter(Path dir, String prefix, Object key) {
        List<Item> items = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    if (Files.isSymbolicLink(p)) {
                        problems.report(prefix + name, "is a broken symbolic link; skipped", e);
                    }
                    continue; // deleted while walking
                } catch (IOException e) {
                    problems.report(prefix + name, "cannot be read; skipped", e);
                    continue;
                }
                if (a.isDirectory()) {
                    items.add(new Item(name + "/", p, a));
                } else if (a.isRegularFile()) {
                    if (TempFiles.isTemp(name)) {
                        temps.found(p, a);
                        continue;
                    }
                    items.add(new Item(name, p, a));
                } else {
                    problems.report(prefix + name, "is not a regular file (a device, FIFO or socket); skipped", null);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            problems.report(prefix, "directory cannot be read; skipped", e);
            return;
        }
        items.sort((x, y) -> Keys.compare(x.sortName, y.sortName));
        ancestors.add(key);
        stack.push(new Frame(prefix, items, key));
    }

    @Override
    protected Entry advance() {
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.index >= f.items.size()) {
                stack.pop();
                ancestors.remove(f.fileKey);
                continue;
            }
            Item it = f.items.get(f.index++);
            String rel = f.prefix + it.sortName;
            if (it.attrs.isDirectory()) {
                if (filters.excludesAllUnder(rel)) {
                    pruned++;
                    continue;
                }
                Object key = it.attrs.fileKey() != null ? it.attrs.fileKey() : fileKey(it.path);
                if (ancestors.contains(key)) {
                    problems.report(rel, "is a symbolic link loop; not followed", null);
                    continue;
                }
                enter(it.path, rel, key);
                continue;
            }
            return Entry.local(rel, it.attrs.size(), it.attrs.lastModifiedTime().toMillis());
        }
        return null;
    }
}
