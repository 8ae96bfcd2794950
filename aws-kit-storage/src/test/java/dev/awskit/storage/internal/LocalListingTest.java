package dev.awskit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalListingTest {
    @TempDir
    Path root;

    private void touch(String rel) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, rel);
    }

    private List<String> keys(Filters f, List<String> problems) {
        LocalListing l = new LocalListing(root, f, (k, why, e) -> problems.add(k + " " + why));
        List<String> out = new ArrayList<>();
        l.forEachRemaining(e -> out.add(e.key()));
        return out;
    }

    @Test
    void listing_whenTrickyNames_walksInS3KeyOrder() throws IOException {
        for (String k : List.of("a0", "a/b", "a.b", "a-b", "a/a/z", "b", "\uD83D\uDE00", "\uFFFD", "A", "a b")) {
            touch(k);
        }
        List<String> expected =
                new ArrayList<>(List.of("a0", "a/b", "a.b", "a-b", "a/a/z", "b", "\uD83D\uDE00", "\uFFFD", "A", "a b"));
        expected.sort(Keys.ORDER);
        assertThat(expected)
                .containsExactly("A", "a b", "a-b", "a.b", "a/a/z", "a/b", "a0", "b", "\uFFFD", "\uD83D\uDE00");
        assertThat(keys(Filters.none(), new ArrayList<>())).containsExactlyElementsOf(expected);
    }

    @Test
    void listing_whenDirectoryExcluded_neverEntersIt() throws IOException {
        touch("datasets/big/x.csv");
        touch("datasets.txt");
        touch("src/a.java");
        Path locked = root.resolve("datasets/locked");
        Files.createDirectories(locked);
        locked.toFile().setReadable(false);
        try {
            List<String> problems = new ArrayList<>();
            LocalListing l = new LocalListing(root, FiltersTest.parse("-datasets/*"), (k, w, e) -> problems.add(k));
            List<String> out = new ArrayList<>();
            l.forEachRemaining(e -> out.add(e.key()));
            assertThat(out).containsExactly("datasets.txt", "src/a.java");
            assertThat(l.prunedPrefixes()).isEqualTo(1);
            assertThat(problems).isEmpty(); // the unreadable directory below was never touched
        } finally {
            locked.toFile().setReadable(true);
        }
    }

    @Test
    void listing_skipsDownloadTempFilesAndReportsLoops() throws IOException {
        touch("a.txt");
        touch(".awskit-123.part");
        touch("d/f");
        Files.createSymbolicLink(root.resolve("d/loop"), root.resolve("d"));
        List<String> problems = new ArrayList<>();
        assertThat(keys(Filters.none(), problems)).containsExactly("a.txt", "d/f");
        assertThat(problems).containsExactly("d/loop/ is a symbolic link loop; not followed");
    }
}
