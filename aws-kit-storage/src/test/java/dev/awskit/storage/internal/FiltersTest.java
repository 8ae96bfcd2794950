package dev.awskit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filter table: the AWS CLI's documented examples ({@code aws s3 help}, "Use of Exclude and
 * Include Filters") and the edges of Python's fnmatch that users trip over.
 */
class FiltersTest {

    /** Rules as "-pattern" (exclude) and "+pattern" (include), separated by two spaces. */
    static Stream<Arguments> table() {
        return Stream.of(
                // the CLI's documented examples (source /tmp/foo with .git/config, foo.txt, bar.txt, baz.jpg)
                row("-.git/*", ".git/config", false),
                row("-.git/*", ".git/description", false),
                row("-.git/*", "foo.txt", true),
                row("-*  +*.txt", "foo.txt", true),
                row("-*  +*.txt", "bar.txt", true),
                row("-*  +*.txt", "baz.jpg", false),
                row("-*  +*.txt", ".git/config", false),
                row("+*.txt  -*", "foo.txt", false), // order matters: the last match wins
                row("-*  +*.txt  -bar.txt", "bar.txt", false),
                row("-*  +*.txt  -bar.txt", "foo.txt", true),
                row("", "anything/at/all", true), // included by default
                // * crosses '/', nested paths
                row("-*.txt", "a/b/c.txt", false),
                row("-a/*", "a/b/c", false),
                row("-a/*", "ab/c", true),
                row("-a/*", "a", true),
                row("-*/tmp/*", "x/y/tmp/z", false),
                row("-*/tmp/*", "tmp/z", true), // '*/' needs a '/' before tmp
                row("-a?b", "a/b", false), // ? matches '/' too
                row("-a/?", "a/b", false),
                row("-a/?", "a/bc", true),
                row("-**", "a/b", false),
                // trailing '/': only the directory-marker key itself
                row("-datasets/", "datasets/", false),
                row("-datasets/", "datasets/a.csv", true),
                row("-datasets", "datasets/a.csv", true), // no implicit directory match
                // leading './' is the root itself
                row("-./foo.txt", "foo.txt", false),
                row("-./a/*", "a/b", false),
                // case-sensitive (as the CLI on Linux and macOS)
                row("-*.TXT", "a.txt", true),
                row("-*.TXT", "a.TXT", false),
                // unicode: code points, no normalization
                row("-données/*", "données/x.csv", false),
                row("-?.txt", "é.txt", false),
                row("-?.txt", "\uD83D\uDE00.txt", false), // one emoji is one character
                row("-??.txt", "\uD83D\uDE00.txt", true),
                row("-?.txt", "e\u0301.txt", true), // decomposed é is two code points
                row("-*\uD83D\uDE00", "a\uD83D\uDE00", false),
                row("-[\uD83D\uDE00x].txt", "\uD83D\uDE00.txt", false),
                // spaces, '+', '%', regex metacharacters: all literal
                row("-my dir/*", "my dir/a b.txt", false),
                row("-my dir/*", "mydir/a", true),
                row("-a+b.txt", "a+b.txt", false),
                row("-a+b.txt", "aab.txt", true),
                row("-100%.txt", "100%.txt", false),
                row("-%20*", "%20x", false),
                row("-%20*", " x", true), // no URL decoding
                row("-a.b", "axb", true),
                row("-(x)|^y$", "(x)|^y$", false),
                row("-*.txt", ".txt", false), // no special case for leading dots
                row("-a\\*", "a\\bc", false), // backslash is a literal, not an escape
                row("-a\\*", "a*", true),
                // sets
                row("-[abc].txt", "a.txt", false),
                row("-[abc].txt", "[abc].txt", true),
                row("-[!abc].txt", "d.txt", false),
                row("-[!abc].txt", "a.txt", true),
                row("-[a-c]*", "b/x", false),
                row("-[a-c]*", "d/x", true),
                row("-[-a]", "-", false),
                row("-[a-]", "-", false),
                row("-[]].txt", "].txt", false),
                row("-[!]].txt", "a.txt", false),
                row("-[!]].txt", "].txt", true),
                row("-x[/]y", "x/y", false),
                row("-[^a]", "^", false),
                row("-[^a]", "b", true),
                // an unclosed '[' is a literal
                row("-a[.txt", "a[.txt", false),
                row("-a[.txt", "a.txt", true),
                row("-[", "[", false));
    }

    private static Arguments row(String rules, String path, boolean included) {
        return Arguments.of(rules, path, included);
    }

    @ParameterizedTest(name = "[{0}] {1} -> included={2}")
    @MethodSource("table")
    void includes_matchesTheCliTable(String rules, String path, boolean included) {
        assertThat(parse(rules).includes(path)).isEqualTo(included);
    }

    @Test
    void excludesAllUnder_whenPrefixExcluded_prunesIt() {
        Filters f = parse("-datasets/*");
        assertThat(f.excludesAllUnder("datasets/")).isTrue();
        assertThat(f.excludesAllUnder("datasets/deep/")).isTrue();
        assertThat(f.excludesAllUnder("data/")).isFalse();
        assertThat(f.excludesAllUnder("other/")).isFalse();
    }

    @Test
    void excludesAllUnder_whenALaterIncludeMayMatch_keepsIt() {
        assertThat(parse("-datasets/*  +*.csv").excludesAllUnder("datasets/")).isFalse();
        Filters keep = parse("-datasets/*  +datasets/keep/*");
        assertThat(keep.excludesAllUnder("datasets/")).isFalse();
        assertThat(keep.excludesAllUnder("datasets/keep/")).isFalse();
        assertThat(keep.excludesAllUnder("datasets/other/")).isTrue();
        // an include before the exclude is overridden by it
        assertThat(parse("+datasets/keep/*  -datasets/*").excludesAllUnder("datasets/keep/"))
                .isTrue();
    }

    @Test
    void excludesAllUnder_forPatternsThatCannotCoverADirectory_isFalse() {
        assertThat(parse("-*.tmp").excludesAllUnder("a/")).isFalse();
        assertThat(parse("-datasets/").excludesAllUnder("datasets/")).isFalse();
        assertThat(parse("-*").excludesAllUnder("x/")).isTrue();
        assertThat(parse("-data*").excludesAllUnder("datasets/")).isTrue();
        assertThat(parse("-[d]ata?ets/*").excludesAllUnder("datasets/")).isTrue();
        assertThat(parse("-*/tmp/*").excludesAllUnder("a/tmp/")).isTrue();
        assertThat(parse("-*/tmp/*").excludesAllUnder("tmp/")).isFalse();
    }

    @Test
    void canPrune_onlyWhenAnExcludeEndsWithStarAndNoLaterIncludeStartsWithOne() {
        assertThat(parse("-logs/2020/*  -*.tmp").canPrune()).isTrue();
        assertThat(parse("-*.tmp").canPrune()).isFalse();
        assertThat(parse("-*  +*.txt").canPrune()).isFalse();
        assertThat(parse("-*  +a/*").canPrune()).isTrue();
    }

    @Test
    void everyPrunedPrefix_agreesWithPerPathDecision() {
        // brute force: whenever a prefix is pruned, no path below it may be included
        List<String> patterns = List.of("-a/*", "+a/b*", "-*/c/*", "+*.txt", "-[ab]?/*", "-*", "+b/*");
        List<String> names = List.of("a", "b", "c", "ab", "bc", "x.txt", "c.txt");
        List<String> prefixes = new ArrayList<>(List.of(""));
        for (String n1 : names) {
            prefixes.add(n1 + "/");
            for (String n2 : names) {
                prefixes.add(n1 + "/" + n2 + "/");
            }
        }
        for (int from = 0; from < patterns.size(); from++) {
            for (int to = from + 1; to <= patterns.size(); to++) {
                Filters f = parse(String.join("  ", patterns.subList(from, to)));
                for (String p : prefixes) {
                    if (f.excludesAllUnder(p)) {
                        for (String n : names) {
                            for (String m : names) {
                                assertThat(f.includes(p + n))
                                        .as("%s under %s", f, p + n)
                                        .isFalse();
                                assertThat(f.includes(p + n + "/" + m)).isFalse();
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void normalize_whenPatternInvalid_saysWhatToWrite() {
        assertThatThrownBy(() -> Filters.exclude("/datasets/*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid filter pattern '/datasets/*': patterns are relative to the source and"
                        + " destination roots; remove the leading '/' (e.g. \"datasets/*\")");
        assertThatThrownBy(() -> Filters.exclude(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> Filters.include("../x/*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid filter pattern '../x/*': patterns are relative to the roots and cannot"
                        + " leave them with '..'");
        assertThatThrownBy(() -> Filters.exclude("[z-a]*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid filter pattern '[z-a]*': the range z-a is reversed; write it as a-z");
        assertThatThrownBy(() -> Filters.exclude("./"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names the root itself");
    }

    static Filters parse(String rules) {
        List<Filters.Rule> list = new ArrayList<>();
        if (!rules.isEmpty()) {
            for (String r : rules.split("  ")) {
                list.add(r.charAt(0) == '+' ? Filters.include(r.substring(1)) : Filters.exclude(r.substring(1)));
            }
        }
        return Filters.of(list);
    }
}
