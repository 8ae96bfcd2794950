package dev.awskit.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of one Markdown file (CommonMark fences: three or more backticks or tildes,
 * indented by at most three spaces), each with the {@code <!-- prelude: ... -->} comment that sits
 * directly above it, and what is wrong with the file's fences: a fence that names no language, a
 * fence never closed, a prelude comment that is not directly above a {@code java} block.
 */
final class Markdown {
    private static final Pattern FENCE = Pattern.compile("^( {0,3})(`{3,}|~{3,})(.*)$");
    private static final Pattern PRELUDE_START = Pattern.compile("^ {0,3}<!--\\s*prelude:(.*)$");

    /** One line of a file: its 1-based number and its text. */
    record Line(int number, String text) {}

    /**
     * A fenced block.
     *
     * @param file the file as the failure messages name it (relative to the repository)
     * @param fenceLine the 1-based line of the opening fence
     * @param language the first word of the fence's info string, lower case; empty if none
     * @param lines the block's lines, without the fence's indentation
     * @param prelude the lines of the prelude comment directly above, if any
     */
    record Block(String file, int fenceLine, String language, List<Line> lines, Optional<List<Line>> prelude) {
        String where() {
            return file + ":" + fenceLine;
        }
    }

    /** The blocks of a file and the problems of its fences. */
    record Parsed(List<Block> blocks, List<String> problems) {}

    private Markdown() {}

    static Parsed parse(String file, String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<Block> blocks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Line> pendingPrelude = null;
        int pendingPreludeStart = 0;
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()
                    && !(fence.group(2).startsWith("`") && fence.group(3).contains("`"))) {
                int indent = fence.group(1).length();
                String marker = fence.group(2);
                String info = fence.group(3).strip();
                String language = info.isEmpty() ? "" : info.split("\\s+")[0].toLowerCase(Locale.ROOT);
                int open = i + 1;
                List<Line> body = new ArrayList<>();
                boolean closed = false;
                for (i = i + 1; i < lines.length; i++) {
                    if (isClosingFence(lines[i], marker)) {
                        closed = true;
                        break;
                    }
                    body.add(new Line(i + 1, stripIndent(lines[i], indent)));
                }
                i++;
                if (!closed) {
                    problems.add(file + ":" + open + ": this " + marker + " fence is never closed");
                }
                if (language.isEmpty()) {
                    problems.add(file + ":" + open + ": this fence names no language: write " + marker
                            + "java for code that compiles, " + marker + "text for output or pseudo-code");
                }
                if (pendingPrelude != null && !language.equals("java")) {
                    problems.add(file + ":" + pendingPreludeStart + ": a prelude comment belongs directly above a "
                            + "```java block, but the block below it is "
                            + (language.isEmpty() ? "untagged" : language));
                }
                blocks.add(new Block(file, open, language, List.copyOf(body), Optional.ofNullable(pendingPrelude)));
                pendingPrelude = null;
                continue;
            }
            if (pendingPrelude != null) {
                problems.add(file + ":" + pendingPreludeStart
                        + ": a prelude comment must sit directly above its ```java block (no line between)");
                pendingPrelude = null;
            }
            Matcher prelude = PRELUDE_START.matcher(line);
            if (prelude.matches()) {
                pendingPreludeStart = i + 1;
                pendingPrelude = new ArrayList<>();
                String rest = prelude.group(1);
                int end;
                while ((end = rest.indexOf("-->")) < 0) {
                    pendingPrelude.add(new Line(i + 1, rest));
                    i++;
                    if (i == lines.length) {
                        problems.add(file + ":" + pendingPreludeStart + ": this prelude comment is never closed (-->)");
                        pendingPrelude = null;
                        break;
                    }
                    rest = lines[i];
                }
                if (pendingPrelude != null) {
                    if (!rest.substring(end + 3).isBlank()) {
                        problems.add(
                                file + ":" + (i + 1) + ": nothing may follow --> on a prelude comment's last line");
                    }
                    pendingPrelude.add(new Line(i + 1, rest.substring(0, end)));
                }
            }
            i++;
        }
        if (pendingPrelude != null) {
            problems.add(file + ":" + pendingPreludeStart + ": a prelude comment with no ```java block below it");
        }
        return new Parsed(List.copyOf(blocks), List.copyOf(problems));
    }

    private static boolean isClosingFence(String line, String marker) {
        String trimmed = line.strip();
        int leading = line.length() - line.stripLeading().length();
        if (leading > 3 || trimmed.length() < marker.length()) {
            return false;
        }
        char c = marker.charAt(0);
        for (int k = 0; k < trimmed.length(); k++) {
            if (trimmed.charAt(k) != c) {
                return false;
            }
        }
        return true;
    }

    private static String stripIndent(String line, int indent) {
        int k = 0;
        while (k < indent && k < line.length() && line.charAt(k) == ' ') {
            k++;
        }
        return line.substring(k);
    }
}
