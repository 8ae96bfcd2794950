package dev.awskit.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The repository this test runs in: its Markdown files and its library modules. */
final class Repository {
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "node_modules");
    private static final Pattern ARTIFACT_ID =
            Pattern.compile("</parent>.*?<artifactId>([^<]+)</artifactId>", Pattern.DOTALL);

    private final Path root;

    private Repository(Path root) {
        this.root = root;
    }

    /** The repository containing the working directory (the directory holding {@code mvnw}). */
    static Repository find() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return new Repository(d);
            }
        }
        throw new IllegalStateException("no aws-kit repository (a directory with mvnw and pom.xml) above " + dir);
    }

    static Repository at(Path root) {
        return new Repository(root);
    }

    Path root() {
        return root;
    }

    String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /** Every Markdown file, outside build output and hidden directories (.git, .emulators). */
    List<Path> markdownFiles() {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.equals(root) ? "" : dir.getFileName().toString();
                    return name.startsWith(".") || SKIPPED_DIRECTORIES.contains(name)
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".md")) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(null);
        return List.copyOf(found);
    }

    /** The library modules: {@code aws-kit-*} directories with Java sources (not the BOM). */
    List<Path> libraryModules() {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("aws-kit-"))
                    .filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
                    .filter(d -> Files.isDirectory(d.resolve("src/main/java")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A module's artifactId, as its pom.xml declares it. */
    static String artifactId(Path module) {
        try {
            Matcher m = ARTIFACT_ID.matcher(Files.readString(module.resolve("pom.xml")));
            if (!m.find()) {
                throw new IllegalStateException(module.resolve("pom.xml") + " declares no artifactId after <parent>");
            }
            return m.group(1).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A module's public packages: those of its main sources with a class, {@code internal} ones excluded. */
    static Set<String> publicPackages(Path module) {
        Path sources = module.resolve("src/main/java");
        try (Stream<Path> walk = Files.walk(sources)) {
            return walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("package-info.java"))
                    .map(p -> sources.relativize(p.getParent()).toString().replace('\\', '/'))
                    .filter(p -> !(p + "/").contains("/internal/") && !p.startsWith("internal/"))
                    .map(p -> p.replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One class of a package of a module's main sources (to check it is on the class path). */
    static String aClassOf(Path module, String pkg) {
        Path dir = module.resolve("src/main/java").resolve(pkg.replace('.', '/'));
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".java") && !n.equals("package-info.java"))
                    .sorted()
                    .findFirst()
                    .map(n -> pkg + "." + n.substring(0, n.length() - ".java".length()))
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
