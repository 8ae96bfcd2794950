package dev.awskit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.awskit.examples.Markdown.Block;
import dev.awskit.examples.Markdown.Line;
import dev.awskit.examples.Markdown.Parsed;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Markdown.parse on random documents made of fences, prelude comments and text. */
class MarkdownFuzzTest {
    private static final List<String> PIECES = List.of(
            "```",
            "```java",
            "````java title",
            "   ```text",
            "    ```java",
            "~~~",
            "~~~~markdown",
            "``` `x`",
            "<!-- prelude: int a; -->",
            "<!-- prelude:",
            "int b;",
            "-->",
            "--> trailing",
            "import java.util.List;",
            "class A {}",
            "System.out.println(1);",
            "",
            "## Heading",
            "text with ``` inside");

    @Test
    void parse_onRandomDocuments_neverThrows_andKeepsLinesInOrderInsideTheFile() {
        Random random = new Random(20261203L);
        for (int doc = 0; doc < 3000; doc++) {
            StringBuilder text = new StringBuilder();
            int lines = random.nextInt(40);
            for (int i = 0; i < lines; i++) {
                text.append(PIECES.get(random.nextInt(PIECES.size()))).append(random.nextInt(10) == 0 ? "\r\n" : "\n");
            }
            Parsed parsed = Markdown.parse("f.md", text.toString());

            int total = text.toString().split("\r\n|\r|\n", -1).length;
            int previous = 0;
            for (Block b : parsed.blocks()) {
                assertThat(b.fenceLine()).isGreaterThan(previous).isBetween(1, total);
                int last = b.fenceLine();
                for (Line l : b.lines()) {
                    assertThat(l.number()).isEqualTo(last + 1);
                    last = l.number();
                }
                previous = last;
            }
            assertThat(parsed.problems()).allMatch(p -> p.startsWith("f.md:"));
        }
    }

    @Test
    void parse_onAMegabyteLine_finishes() {
        String line = "```" + " ".repeat(1 << 20) + "x";
        String doc = line + "\n" + "<!-- prelude:" + " ".repeat(1 << 20) + "\n```java\n";

        Parsed parsed = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Markdown.parse("f.md", doc));

        assertThat(parsed.blocks()).extracting(Block::language).containsExactly("x");
        assertThat(parsed.problems()).containsExactly("f.md:1: this ``` fence is never closed");
    }
}
