package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Random and mutated JSON never produce anything but a report: no exception escapes validation. */
class ValidationPropertiesTest {
    static final JsonNodeFactory N = JsonNodeFactory.instance;

    static final List<String> SEEDS = List.of(
            "seed-002-webserver.json",
            "seed-002-chat-resources.json",
            "seed-002-chat-load-balancing.json",
            "seed-002-chat-logs.json",
            "seed-003-web-task-definition.json");

    static String seed(int i) {
        try {
            return Files.readString(Path.of("src/test/resources/seeds", SEEDS.get(i % SEEDS.size())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 300)
    void anyString_givesAReport(@ForAll String text) {
        ValidationReport r = TaskDefinitions.validate(text);
        assertThat(r.findings()).isNotEmpty();
    }

    @Property(tries = 300)
    void truncatedOrEditedSeed_givesAReport(
            @ForAll @IntRange(min = 0, max = 4) int which,
            @ForAll @IntRange(min = 0, max = 100_000) int cut,
            @ForAll("junk") String insert) {
        String s = seed(which);
        int at = cut % (s.length() + 1);
        ValidationReport r = TaskDefinitions.validate(s.substring(0, at) + insert + s.substring(at));
        assertThat(r.source()).isEqualTo("<string>");
    }

    @Property(tries = 500)
    void structurallyMutatedSeed_givesAReport(@ForAll @IntRange(min = 0, max = 4) int which, @ForAll long randomSeed)
            throws IOException {
        String s = seed(which);
        // the seeds with comments need the lenient reader to become a tree
        JsonNode tree = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS)
                .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA)
                .build()
                .readTree(s);
        Random random = new Random(randomSeed);
        for (int i = 0; i < 1 + random.nextInt(6); i++) {
            tree = mutate(tree, random, 0);
        }
        ValidationReport r = TaskDefinitions.validate(tree.toString());
        assertThat(r).isNotNull();
        // and what was read writes and reads again without exceptions
        TaskDefinitions.read(tree.toString()).taskDefinition().ifPresent(td -> TaskDefinitions.validate(td.toJson()));
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.oneOf(
                Arbitraries.of("", ",", "}", "]", "{", "[", "\"", ":", "null", "-1", "1e999", "\"x\"", "//", "\\u0000"),
                Arbitraries.strings().ofMaxLength(8));
    }

    static JsonNode randomValue(Random r) {
        switch (r.nextInt(9)) {
            case 0:
                return N.nullNode();
            case 1:
                return N.numberNode(r.nextInt(200_000) - 100_000);
            case 2:
                return N.textNode(List.of("", "FARGATE", "awsvpc", "CMD", "1 vCPU", "${TAG}", "HEALTHY", "web", "-1")
                        .get(r.nextInt(9)));
            case 3:
                return N.booleanNode(r.nextBoolean());
            case 4:
                return N.arrayNode();
            case 5:
                return N.objectNode();
            case 6:
                return N.numberNode(Long.MAX_VALUE);
            case 7:
                return N.numberNode(r.nextDouble() * 1e6);
            default:
                ArrayNode a = N.arrayNode();
                a.add(N.objectNode()
                        .put("name", "web")
                        .put("containerName", "web")
                        .put("condition", "START"));
                return a;
        }
    }

    static JsonNode mutate(JsonNode node, Random r, int depth) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            if (keys.isEmpty() || r.nextInt(5) == 0) {
                o.set(
                        List.of("memory", "cpu", "name", "dependsOn", "links", "portMappings", "healthCheck", "x")
                                .get(r.nextInt(8)),
                        randomValue(r));
                return o;
            }
            String k = keys.get(r.nextInt(keys.size()));
            int action = r.nextInt(4);
            if (action == 0) {
                o.remove(k);
            } else if (action == 1 || depth > 6) {
                o.set(k, randomValue(r));
            } else {
                o.set(k, mutate(o.get(k), r, depth + 1));
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            if (a.isEmpty() || r.nextInt(4) == 0) {
                a.add(randomValue(r));
                return a;
            }
            int i = r.nextInt(a.size());
            if (r.nextBoolean()) {
                a.set(i, mutate(a.get(i), r, depth + 1));
            } else {
                a.add(a.get(i).deepCopy());
            }
            return a;
        }
        return randomValue(r);
    }
}
