package dev.awskit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.awskit.examples.Markdown.Block;
import dev.awskit.examples.Markdown.Line;
import dev.awskit.examples.Markdown.Parsed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Docs that cannot lie: every {@code java} block of every Markdown file of the repository compiles
 * against this module's test class path (every aws-kit module, aws-kit-testing, the KCL), and every
 * module README opens with its Maven dependency and a short example. The convention is in
 * DEVELOPERS.md, "Java blocks in Markdown".
 */
class ReadmeSnippetsTest {
    /**
     * The most lines of code of a README's opening example (blank lines, comments, imports and lines
     * of closing brackets only not counted).
     */
    static final int OPENING_EXAMPLE_MAX_LINES = 8;

    private static final Repository REPO = Repository.find();
    private static SnippetCompiler compiler;

    @BeforeAll
    static void startCompiler() {
        compiler = new SnippetCompiler(
                SnippetCompiler.testClassPath(), REPO.root().resolve("examples/target/readme-snippets"));
    }

    @AfterAll
    static void closeCompiler() throws IOException {
        compiler.close();
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockInTheMarkdownCompiles() {
        List<String> packages = kitPackagesOnClassPath();
        List<Block> javaBlocks = parsedFiles().stream()
                .flatMap(p -> p.blocks().stream())
                .filter(b -> b.language().equals("java"))
                .toList();
        assertThat(javaBlocks).as("java blocks found in %s", REPO.root()).isNotEmpty();
        return javaBlocks.stream()
                .map(block -> dynamicTest(block.where(), () -> {
                    Optional<String> failure = compiler.compile(Snippet.of(block, packages));
                    if (failure.isPresent()) {
                        fail(failure.get());
                    }
                }));
    }

    @Test
    void everyFenceNamesItsLanguage_andEveryPreludeSitsDirectlyAboveAJavaBlock() {
        List<String> problems =
                parsedFiles().stream().flatMap(p -> p.problems().stream()).toList();

        assertThat(problems)
                .as("Markdown fences (see DEVELOPERS.md, \"Java blocks in Markdown\")")
                .isEmpty();
    }

    @Test
    void theScan_findsTheRootReadmeAndEveryModuleReadme() {
        List<String> found = REPO.markdownFiles().stream().map(REPO::relative).toList();
        List<String> expected = new ArrayList<>(List.of("README.md", "DEVELOPERS.md", "examples/README.md"));
        REPO.libraryModules().forEach(m -> expected.add(REPO.relative(m.resolve("README.md"))));

        assertThat(found).containsAll(expected);
    }

    @Test
    void everyLibraryModule_isOnTheClassPathTheBlocksCompileAgainst() {
        List<String> missing = new ArrayList<>();
        for (Path module : REPO.libraryModules()) {
            for (String pkg : Repository.publicPackages(module)) {
                if (!loadable(Repository.aClassOf(module, pkg))) {
                    missing.add(Repository.artifactId(module) + " (package " + pkg + ")");
                }
            }
        }

        assertThat(missing)
                .as("modules whose README blocks cannot compile: add each as a dependency of examples/pom.xml")
                .isEmpty();
    }

    @Test
    void everyModuleReadme_opensWithItsDependencyLineAndAShortExample() {
        List<String> problems = new ArrayList<>();
        for (Path module : REPO.libraryModules()) {
            problems.addAll(openingProblems(module));
        }

        assertThat(problems).isEmpty();
    }

    /** What is missing from the part of a module README above its first {@code ##} heading. */
    static List<String> openingProblems(Path module) {
        String artifactId = Repository.artifactId(module);
        Path readme = module.resolve("README.md");
        String name = REPO.relative(readme);
        if (!Files.isRegularFile(readme)) {
            return List.of(name + ": missing (a module README opens with its dependency and a short example)");
        }
        String text = read(readme);
        return openingProblems(name, artifactId, text);
    }

    static List<String> openingProblems(String name, String artifactId, String text) {
        List<String> lines = text.lines().toList();
        int firstSection = lines.size() + 1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("## ")) {
                firstSection = i + 1;
                break;
            }
        }
        int end = firstSection;
        List<Block> opening = Markdown.parse(name, text).blocks().stream()
                .filter(b -> b.fenceLine() < end)
                .toList();
        Pattern dependency =
                Pattern.compile("<dependency><groupId>dev\\.awskit</groupId><artifactId>" + Pattern.quote(artifactId)
                        + "</artifactId>(<version>[^<]+</version>)?(<scope>test</scope>)?</dependency>");
        List<String> problems = new ArrayList<>();
        boolean hasDependency = opening.stream()
                .filter(b -> b.language().equals("xml"))
                .map(b -> b.lines().stream()
                        .map(Line::text)
                        .filter(t -> !t.isBlank())
                        .toList())
                .anyMatch(l ->
                        l.size() == 1 && dependency.matcher(l.get(0).strip()).matches());
        if (!hasDependency) {
            problems.add(name + ": above the first ## heading, an ```xml block of one line: <dependency><groupId>"
                    + "dev.awskit</groupId><artifactId>" + artifactId + "</artifactId></dependency>");
        }
        Optional<Block> example =
                opening.stream().filter(b -> b.language().equals("java")).findFirst();
        if (example.isEmpty()) {
            problems.add(name + ": above the first ## heading, a ```java example of at most "
                    + OPENING_EXAMPLE_MAX_LINES + " lines");
        } else {
            long code = example.get().lines().stream()
                    .map(l -> l.text().strip())
                    .filter(t -> !t.isEmpty() && !t.startsWith("//") && !t.startsWith("import "))
                    .filter(t -> !t.matches("[})\\];]+"))
                    .count();
            if (code > OPENING_EXAMPLE_MAX_LINES) {
                problems.add(name + ":" + example.get().fenceLine() + ": the opening example has " + code
                        + " lines of code; keep it to " + OPENING_EXAMPLE_MAX_LINES
                        + " and move the rest to a section below");
            }
        }
        return problems;
    }

    private static List<Parsed> parsedFiles() {
        return REPO.markdownFiles().stream()
                .map(f -> Markdown.parse(REPO.relative(f), read(f)))
                .toList();
    }

    /** The public packages of every library module that is on the class path (the default imports). */
    private static List<String> kitPackagesOnClassPath() {
        TreeSet<String> packages = new TreeSet<>();
        for (Path module : REPO.libraryModules()) {
            for (String pkg : Repository.publicPackages(module)) {
                if (loadable(Repository.aClassOf(module, pkg))) {
                    packages.add(pkg);
                }
            }
        }
        return List.copyOf(packages);
    }

    private static boolean loadable(String className) {
        try {
            Class.forName(className, false, ReadmeSnippetsTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
