package dev.awskit.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.net.internal.GroupSpec;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency between the public DSL and its implementation goes one way: {@link Net} and
 * {@link NetDsl} may use {@code dev.awskit.net.internal}, no internal class may use them (GroupSpec
 * once built its rules through NetDsl). Read from the compiled classes' constant pools, so a fully
 * qualified use counts as much as an import.
 */
class InternalLayeringTest {
    private static final List<String> ENTRY_CLASSES = List.of("dev/awskit/net/Net", "dev/awskit/net/NetDsl");

    @Test
    void internalClasses_neverReferToTheFacadeOrTheDsl() throws IOException, URISyntaxException {
        Path internal = Path.of(GroupSpec.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve("dev/awskit/net/internal");
        List<String> arrows = new ArrayList<>();
        int classes = 0;
        try (Stream<Path> files = Files.walk(internal)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                classes++;
                try (InputStream in = Files.newInputStream(f)) {
                    for (String s : constantPoolStrings(in)) {
                        for (String entry : ENTRY_CLASSES) {
                            if (s.equals(entry)
                                    || s.startsWith(entry + "$")
                                    || s.contains("L" + entry + ";")
                                    || s.contains("L" + entry + "$")) {
                                arrows.add(internal.relativize(f) + " -> " + entry);
                            }
                        }
                    }
                }
            }
        }
        assertThat(classes).as("internal classes found").isGreaterThanOrEqualTo(5);
        assertThat(arrows).isEmpty();
    }

    /** The UTF-8 entries of a class file's constant pool (JVMS 4.4): class names, descriptors, signatures. */
    private static List<String> constantPoolStrings(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        List<String> out = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> out.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++; // takes two slots
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return out;
    }
}
