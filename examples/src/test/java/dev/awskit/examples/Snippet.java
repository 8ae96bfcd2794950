package dev.awskit.examples;

import dev.awskit.examples.Markdown.Block;
import dev.awskit.examples.Markdown.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code java} block turned into a compilation unit, with the README line of every generated line.
 *
 * <p>The convention (DEVELOPERS.md, "Java blocks in Markdown"): a block whose first line of code
 * (after its imports) declares a type is a compilation unit and is compiled as written; any other
 * block is a fragment: its statements become the body of a method of a class that declares the
 * field {@code AwsKit aws}. Both get the default imports (every public aws-kit package and a few
 * java.* packages). A {@code <!-- prelude: ... -->} comment directly above the block adds imports
 * (its {@code import} lines) and, for a fragment, members of the class (fields, helper methods).
 */
final class Snippet {
    /** The class a fragment is wrapped in. */
    static final String WRAPPER = "ReadmeSnippet";

    static final List<String> JAVA_PACKAGES = List.of(
            "java.io",
            "java.net",
            "java.nio.charset",
            "java.nio.file",
            "java.time",
            "java.util",
            "java.util.concurrent",
            "java.util.function",
            "java.util.stream");

    private static final Pattern IMPORT =
            Pattern.compile("^\\s*import\\s+(static\\s+)?[\\w.]+(\\.\\*)?\\s*;\\s*(//.*)?$");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+[\\w.]+\\s*;\\s*$");
    private static final Pattern TYPE_DECLARATION = Pattern.compile("^\\s*(@[A-Za-z][\\w.]*(\\(.*\\))?\\s*)*"
            + "((public|protected|private|abstract|final|static|sealed|non-sealed|strictfp)\\s+)*"
            + "(class|interface|enum|record|@interface)\\s+\\w+.*");
    private static final Pattern ANNOTATION_ONLY = Pattern.compile("^\\s*(@[A-Za-z][\\w.]*(\\(.*\\))?\\s*)+$");
    private static final Pattern PUBLIC_TYPE =
            Pattern.compile("^\\s*((abstract|final|sealed|non-sealed|strictfp)\\s+)*public\\s+"
                    + "((abstract|final|sealed|non-sealed|strictfp|static)\\s+)*"
                    + "(class|interface|enum|record|@interface)\\s+(\\w+).*");

    private final Block block;
    private final boolean compilationUnit;
    private final String fileName;
    private final List<String> source = new ArrayList<>();
    private final List<Integer> readmeLines = new ArrayList<>();

    private Snippet(Block block, List<String> kitPackages) {
        this.block = block;
        List<Line> packageLine = new ArrayList<>();
        List<Line> imports = new ArrayList<>();
        List<Line> code = new ArrayList<>();
        for (Line line : block.lines()) {
            if (code.isEmpty() && PACKAGE.matcher(line.text()).matches()) {
                packageLine.add(line);
            } else if (IMPORT.matcher(line.text()).matches()) {
                imports.add(line);
            } else {
                code.add(line);
            }
        }
        List<Line> preludeImports = new ArrayList<>();
        List<Line> preludeMembers = new ArrayList<>();
        for (Line line : block.prelude().orElse(List.of())) {
            (IMPORT.matcher(line.text()).matches() ? preludeImports : preludeMembers).add(line);
        }
        this.compilationUnit = code.stream()
                .map(Line::text)
                .filter(t -> !isBlankOrComment(t) && !ANNOTATION_ONLY.matcher(t).matches())
                .findFirst()
                .map(t -> TYPE_DECLARATION.matcher(t).matches())
                .orElse(false);
        if (compilationUnit && preludeMembers.stream().map(Line::text).anyMatch(t -> !t.isBlank())) {
            throw new IllegalArgumentException(block.where()
                    + ": this block declares a type, so it is compiled as written: its prelude may hold"
                    + " import lines only, not "
                    + preludeMembers.stream()
                            .map(Line::text)
                            .filter(t -> !t.isBlank())
                            .findFirst()
                            .orElseThrow()
                            .strip());
        }
        packageLine.forEach(this::add);
        imports.forEach(this::add);
        preludeImports.forEach(this::add);
        for (String p : kitPackages) {
            generated("import " + p + ".*;");
        }
        for (String p : JAVA_PACKAGES) {
            generated("import " + p + ".*;");
        }
        if (compilationUnit) {
            code.forEach(this::add);
            this.fileName = code.stream()
                            .map(l -> PUBLIC_TYPE.matcher(l.text()))
                            .filter(Matcher::matches)
                            .map(m -> m.group(6))
                            .findFirst()
                            .orElse(WRAPPER)
                    + ".java";
        } else {
            generated("class " + WRAPPER + " {");
            generated("dev.awskit.core.AwsKit aws;");
            preludeMembers.forEach(this::add);
            generated("void snippet() {");
            code.forEach(this::add);
            generated("}");
            generated("}");
            this.fileName = WRAPPER + ".java";
        }
    }

    static Snippet of(Block block, List<String> kitPackages) {
        return new Snippet(block, kitPackages);
    }

    private static boolean isBlankOrComment(String text) {
        String t = text.strip();
        return t.isEmpty() || t.startsWith("//") || t.startsWith("/*") || t.startsWith("*");
    }

    private void add(Line line) {
        source.add(line.text());
        readmeLines.add(line.number());
    }

    private void generated(String text) {
        source.add(text);
        readmeLines.add(0);
    }

    Block block() {
        return block;
    }

    boolean isCompilationUnit() {
        return compilationUnit;
    }

    String fileName() {
        return fileName;
    }

    String source() {
        return String.join("\n", source) + "\n";
    }

    /** The README line of a line of {@link #source()} (1-based), or 0 for a generated line. */
    int readmeLine(long sourceLine) {
        return sourceLine >= 1 && sourceLine <= readmeLines.size() ? readmeLines.get((int) sourceLine - 1) : 0;
    }

    /** The text of a line of {@link #source()} (1-based). */
    String sourceLine(long sourceLine) {
        return sourceLine >= 1 && sourceLine <= source.size() ? source.get((int) sourceLine - 1) : "";
    }
}
