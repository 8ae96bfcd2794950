package dev.awskit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.examples.Markdown.Block;
import dev.awskit.examples.Markdown.Parsed;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mechanism behind {@link ReadmeSnippetsTest}, on Markdown written here. */
class SnippetCompilerTest {
    private static final List<String> KIT = List.of("dev.awskit.core", "dev.awskit.storage");

    @TempDir
    static Path output;

    private static SnippetCompiler compiler;

    @BeforeAll
    static void startCompiler() {
        compiler = new SnippetCompiler(SnippetCompiler.testClassPath(), output);
    }

    @AfterAll
    static void closeCompiler() throws IOException {
        compiler.close();
    }

    private static Optional<String> compile(String markdown) {
        Parsed parsed = Markdown.parse("x/README.md", markdown);
        assertThat(parsed.problems()).isEmpty();
        Block block = parsed.blocks().stream()
                .filter(b -> b.language().equals("java"))
                .findFirst()
                .orElseThrow();
        return compiler.compile(Snippet.of(block, KIT));
    }

    @Test
    void compile_whenAFragmentHasATypeError_namesTheReadmeLineAndTheCompilersMessage() {
        String md = "# x\n\ntext\n```java\nStorage storage = Storage.of(aws);\nString s = 42;\n```\n";

        assertThat(compile(md))
                .get()
                .asString()
                .contains("x/README.md:6: error: incompatible types: int cannot be converted to java.lang.String")
                .contains("    String s = 42;")
                .contains("the ```java block at x/README.md:4, compiled as a fragment inside a method");
    }

    @Test
    void compile_whenAFragmentUsesAwsAndItsPrelude_compiles_withItsImportsHoisted() {
        String md = "```java\n"
                + "import software.amazon.awssdk.services.s3.S3Client;\n"
                + "S3Client s3 = aws.client(S3Client.class);\n"
                + "System.out.println(bytes.length + \" \" + Duration.ofSeconds(1) + \" \" + s3);\n"
                + "```\n";

        assertThat(compile("<!-- prelude: byte[] bytes; -->\n" + md)).isEmpty();
        assertThat(compile(md))
                .get()
                .asString()
                .contains("x/README.md:4: error: cannot find symbol")
                .contains("symbol:   variable bytes");
    }

    @Test
    void compile_whenAPreludeLineIsWrong_namesThePreludesLine() {
        String md = "<!-- prelude:\n  int n;\n  Strin name;\n-->\n```java\nSystem.out.println(n + name);\n```\n";

        assertThat(compile(md)).get().asString().contains("x/README.md:3: error: cannot find symbol");
    }

    @Test
    void compile_whenAFragmentThrowsACheckedException_failsAsInAMethodWithoutThrows() {
        String md = "```java\nFiles.readString(Path.of(\"a\"));\n```\n";

        assertThat(compile(md))
                .get()
                .asString()
                .contains("x/README.md:2: error: unreported exception java.io.IOException");
    }

    @Test
    void compile_whenABlockUsesAnApiForRemoval_failsOnTheWarning() {
        String md = "```java\nInteger i = new Integer(1);\n```\n";

        assertThat(compile(md))
                .get()
                .asString()
                .contains(
                        "x/README.md:2: warning: Integer(int) in java.lang.Integer has been deprecated and marked for removal")
                .contains("warnings found and -Werror specified");
    }

    @Test
    void compile_whenABlockDeclaresAnAnnotatedType_compilesItAsACompilationUnit() {
        String md = "```java\nimport org.junit.jupiter.api.Test;\n\n@SuppressWarnings(\"unused\")\n"
                + "class UploadTest {\n    @Test\n    void upload() {\n        Storage.of(null);\n    }\n}\n```\n";

        assertThat(compile(md)).isEmpty();
        assertThat(compile(md.replace("Storage.of(null);", "Storage.of(1);")))
                .get()
                .asString()
                .contains("x/README.md:8: error:")
                .contains("compiled as a compilation unit");
    }

    @Test
    void snippet_whenACompilationUnitHasAPreludeWithMembers_isRefused() {
        Block block = Markdown.parse("x/README.md", "<!-- prelude: int n; -->\n```java\nclass A {}\n```\n")
                .blocks()
                .get(0);

        assertThatThrownBy(() -> Snippet.of(block, KIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x/README.md:2: this block declares a type, so it is compiled as written: its prelude may"
                        + " hold import lines only, not int n;");
    }

    @Test
    void parse_findsFencesOfAnyLengthAndIndentation_withTheirLanguageAndLines() {
        Parsed parsed = Markdown.parse(
                "x/README.md", "a\n  ````Java title\n  int a;\n  ```\n  ````\n~~~text\nb\n~~~\n```xml\n<a/>\n```\n");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.blocks())
                .extracting(Block::fenceLine, Block::language, b -> b.lines().size())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, "java", 2),
                        org.assertj.core.groups.Tuple.tuple(6, "text", 1),
                        org.assertj.core.groups.Tuple.tuple(9, "xml", 1));
        assertThat(parsed.blocks().get(0).lines())
                .extracting(Markdown.Line::text)
                .containsExactly("int a;", "```");
    }

    @Test
    void parse_reportsUntaggedFences_strayPreludes_andUnclosedFences() {
        Parsed parsed = Markdown.parse(
                "x/README.md",
                "```\nout\n```\n<!-- prelude: int n; -->\n\n```java\nn++;\n```\n"
                        + "<!-- prelude: int m; -->\n```text\nx\n```\n```java\nint k;\n");

        assertThat(parsed.problems())
                .containsExactly(
                        "x/README.md:1: this fence names no language: write ```java for code that compiles, ```text"
                                + " for output or pseudo-code",
                        "x/README.md:4: a prelude comment must sit directly above its ```java block (no line between)",
                        "x/README.md:9: a prelude comment belongs directly above a ```java block, but the block below"
                                + " it is text",
                        "x/README.md:13: this ``` fence is never closed");
    }

    @Test
    void openingProblems_acceptAModuleReadmeThatOpensWithItsDependencyAndAShortExample() {
        String good = "# aws-kit-x\n\nWhat it does.\n\n"
                + "```xml\n<dependency><groupId>dev.awskit</groupId><artifactId>aws-kit-x</artifactId></dependency>\n```\n"
                + "```java\nimport dev.awskit.x.*;\n\nX.of(aws).run();   // what it does\n```\n\n## Main types\n";

        assertThat(ReadmeSnippetsTest.openingProblems("aws-kit-x/README.md", "aws-kit-x", good))
                .isEmpty();
        assertThat(ReadmeSnippetsTest.openingProblems(
                        "aws-kit-x/README.md",
                        "aws-kit-x",
                        good.replace(
                                "</artifactId></dependency>", "</artifactId><version>0.1.0</version></dependency>")))
                .isEmpty();
        assertThat(ReadmeSnippetsTest.openingProblems(
                        "aws-kit-x/README.md",
                        "aws-kit-x",
                        good.replace("artifactId>aws-kit-x", "artifactId>aws-kit-y")))
                .containsExactly("aws-kit-x/README.md: above the first ## heading, an ```xml block of one line:"
                        + " <dependency><groupId>dev.awskit</groupId><artifactId>aws-kit-x</artifactId></dependency>");
        assertThat(ReadmeSnippetsTest.openingProblems(
                        "aws-kit-x/README.md", "aws-kit-x", good.replace("X.of(aws).run();", "a();\nb();\n".repeat(5))))
                .containsExactly("aws-kit-x/README.md:8: the opening example has 10 lines of code; keep it to 8 and"
                        + " move the rest to a section below");
    }
}
