package dev.awskit.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * Guards a build decision that speed depends on but no functional test sees: the module is compiled
 * with {@code -XDstringConcat=inline} (aws-kit-ecr/pom.xml), so its string concatenations are plain
 * {@code StringBuilder} code. With javac's default ({@code indy}) every concatenation site bootstraps
 * {@code StringConcatFactory} on first use and spins method-handle classes: a re-copy run as a
 * command spun 69 such classes instead of 23 and took a paired 1.2x the CPU (module README,
 * "Performance").
 */
class StartupFootprintTest {
    /** The name of the bootstrap method javac's {@code indy} strategy puts in a class's constant pool. */
    private static final byte[] INDY_CONCAT = "makeConcatWithConstants".getBytes(StandardCharsets.UTF_8);

    @Test
    void moduleClasses_concatenateStringsWithoutInvokedynamic() throws IOException, URISyntaxException {
        Path where = Path.of(Registry.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> classes = new ArrayList<>();
        List<String> withIndyConcat = new ArrayList<>();
        if (Files.isDirectory(where)) {
            try (Stream<Path> files = Files.walk(where)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    classes.add(f.toString());
                    if (contains(Files.readAllBytes(f), INDY_CONCAT)) {
                        withIndyConcat.add(where.relativize(f).toString());
                    }
                }
            }
        } else {
            try (InputStream in = Files.newInputStream(where);
                    ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    if (e.getName().endsWith(".class")) {
                        classes.add(e.getName());
                        if (contains(zip.readAllBytes(), INDY_CONCAT)) {
                            withIndyConcat.add(e.getName());
                        }
                    }
                }
            }
        }

        // the module's own classes were found (Registry, Ecr, the internal client...)
        assertThat(classes).hasSizeGreaterThan(20);
        assertThat(withIndyConcat)
                .as("classes of aws-kit-ecr that concatenate strings with invokedynamic (compile with"
                        + " -XDstringConcat=inline, see aws-kit-ecr/pom.xml)")
                .isEmpty();
    }

    @Test
    void contains_findsTheBootstrapNameOnlyWhenPresent() {
        byte[] pool = ("\u0001\u0000\u0017makeConcatWithConstants\u0001").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(contains(pool, INDY_CONCAT)).isTrue();
        assertThat(contains("makeConcatWithConstant".getBytes(StandardCharsets.UTF_8), INDY_CONCAT))
                .isFalse();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
