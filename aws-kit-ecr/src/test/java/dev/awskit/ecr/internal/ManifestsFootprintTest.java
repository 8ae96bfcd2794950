package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awskit.testing.internal.ChildFirstLoader;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A copy reads its manifests without loading Jackson: jackson-core's first use cost a fresh JVM ~40 ms
 * on every copy's critical path (module README, "Performance"). This module's classes and Jackson's
 * are loaded afresh, child first, in a class loader of their own, which records every class it
 * defines.
 */
class ManifestsFootprintTest {
    private static final String D1 = "sha256:" + "a".repeat(64);
    private static final String D2 = "sha256:" + "b".repeat(64);
    private static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + D1
            + "\",\"size\":7},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
            + "\"digest\":\"" + D2 + "\",\"size\":9}]}";
    private static final String INDEX = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\","
            + "\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + D1
            + "\",\"size\":300,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}}]}";

    @Test
    void readingAManifestAndAnIndex_loadsNoJackson() throws Exception {
        try (Isolated kit = new Isolated()) {
            Object type = kit.call(
                    MediaTypes.class,
                    "ofManifest",
                    new Class<?>[] {byte[].class, String.class},
                    MANIFEST.getBytes(StandardCharsets.UTF_8),
                    "application/json");
            Object blobs = kit.call(Manifests.class, "blobs", kit.rawAndWhere(), kit.raw(MANIFEST), "app:1");
            Object children = kit.call(Manifests.class, "children", kit.rawAndWhere(), kit.raw(INDEX), "app:1");

            assertThat(type).isEqualTo(MediaTypes.OCI_MANIFEST);
            assertThat(blobs.toString()).contains(D1, D2);
            assertThat(children.toString()).contains("linux/arm64/v8");
            assertThat(kit.jacksonDefined()).isEmpty();
        }
    }

    @Test
    void filteringAnIndex_usesJackson_soTheCheckAboveCanFail() throws Exception {
        try (Isolated kit = new Isolated()) {
            Object filtered = kit.call(
                    IndexFilter.class,
                    "filter",
                    new Class<?>[] {kit.loadClass(RegistryClient.RawManifest.class.getName()), Set.class, String.class},
                    kit.raw(INDEX),
                    Set.of(D1),
                    "app:1");

            assertThat(new String((byte[]) filtered, StandardCharsets.UTF_8)).contains(D1);
            assertThat(kit.jacksonDefined()).contains(ObjectMapper.class.getName());
        }
    }

    /** This module's classes and Jackson's loaded afresh; aws-kit-core, the SDK and the JDK from the test's loader. */
    private static final class Isolated implements AutoCloseable {
        private final ChildFirstLoader loader = new ChildFirstLoader(
                name -> name.startsWith("dev.awskit.ecr.") && !name.endsWith("Test")
                        || name.startsWith("com.fasterxml.jackson."),
                Manifests.class,
                JsonFactory.class,
                ObjectMapper.class,
                JsonProperty.class);

        List<String> jacksonDefined() {
            return loader.defined().stream()
                    .filter(n -> n.startsWith("com.fasterxml.jackson."))
                    .toList();
        }

        Class<?> loadClass(String name) throws ClassNotFoundException {
            return loader.loadClass(name);
        }

        Class<?>[] rawAndWhere() throws ClassNotFoundException {
            return new Class<?>[] {loadClass(RegistryClient.RawManifest.class.getName()), String.class};
        }

        Object raw(String json) throws Exception {
            Class<?> raw = loadClass(RegistryClient.RawManifest.class.getName());
            assertThat(raw.getClassLoader()).isSameAs(loader);
            var make = raw.getDeclaredConstructor(byte[].class, String.class, String.class);
            make.setAccessible(true);
            return make.newInstance(json.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST, "x");
        }

        Object call(Class<?> owner, String method, Class<?>[] types, Object... args) throws Exception {
            Class<?> c = loadClass(owner.getName());
            assertThat(c.getClassLoader()).isSameAs(loader);
            Method m = c.getDeclaredMethod(method, types);
            m.setAccessible(true);
            return m.invoke(null, args);
        }

        @Override
        public void close() throws IOException {
            loader.close();
        }
    }
}
