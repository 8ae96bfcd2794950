package dev.awskit.examples;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles {@link Snippet}s with javac against a class path, with the build's lint settings
 * ({@code -Xlint:all} minus the same exclusions as the build, warnings are errors), and reports a
 * failure by README file, README line and the compiler's message.
 */
final class SnippetCompiler implements AutoCloseable {
    private static final List<String> OPTIONS = List.of(
            "--release", "17", "-proc:none", "-Xlint:all,-processing,-serial,-options,-classfile,-path", "-Werror");

    private final JavaCompiler javac;
    private final StandardJavaFileManager files;
    private final Path output;

    SnippetCompiler(List<Path> classPath, Path output) {
        this.javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime (" + System.getProperty("java.home")
                    + "): run the tests on a JDK, not a JRE");
        }
        this.files = javac.getStandardFileManager(null, Locale.ROOT, null);
        this.output = output;
        try {
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class path this JVM's tests run with (surefire's, not its booter jar's). */
    static List<Path> testClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Path> paths = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                paths.add(Path.of(entry));
            }
        }
        return paths;
    }

    /** Compiles one snippet; returns why it does not compile, or empty. */
    Optional<String> compile(Snippet snippet) {
        Path out = output.resolve(snippet.block().file().replaceAll("[^A-Za-z0-9]+", "_") + "_"
                + snippet.block().fenceLine());
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> options = new ArrayList<>(OPTIONS);
        options.add("-d");
        options.add(out.toString());
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter otherOutput = new StringWriter();
        JavaFileObject source = new Source(snippet.fileName(), snippet.source());
        boolean ok = javac.getTask(otherOutput, files, diagnostics, options, null, List.of(source))
                .call();
        if (ok) {
            return Optional.empty();
        }
        StringBuilder message = new StringBuilder();
        diagnostics.getDiagnostics().stream()
                .map(d -> describe(snippet, d))
                .distinct()
                .forEach(d -> message.append(d).append('\n'));
        if (!otherOutput.toString().isBlank()) {
            message.append(otherOutput).append('\n');
        }
        message.append("(the ```java block at ")
                .append(snippet.block().where())
                .append(", compiled as ")
                .append(snippet.isCompilationUnit() ? "a compilation unit" : "a fragment inside a method")
                .append(": fix it, give it a <!-- prelude: ... --> comment, or mark pseudo-code ```text;")
                .append(" see DEVELOPERS.md, \"Java blocks in Markdown\")");
        return Optional.of(message.toString());
    }

    private static String describe(Snippet snippet, Diagnostic<? extends JavaFileObject> d) {
        String kind = d.getKind() == Diagnostic.Kind.ERROR ? "error" : "warning";
        String text = d.getMessage(Locale.ROOT);
        long line = d.getLineNumber();
        if (line == Diagnostic.NOPOS) {
            return snippet.block().where() + ": " + kind + ": " + text;
        }
        int readmeLine = snippet.readmeLine(line);
        String code = snippet.sourceLine(line).strip();
        if (readmeLine == 0) {
            return snippet.block().where() + ": " + kind + " in the generated line `" + code + "`: " + text;
        }
        return snippet.block().file() + ":" + readmeLine + ": " + kind + ": " + text + "\n    " + code;
    }

    @Override
    public void close() throws IOException {
        files.close();
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String fileName, String code) {
            super(URI.create("string:///" + fileName), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
