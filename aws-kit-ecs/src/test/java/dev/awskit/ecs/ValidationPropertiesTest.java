package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random and mutated JSON never produce anything but a report: no exception escapes validation.
 *
 * <p>Seeded-random properties: each case is one fixed seed (shown in the test name), its inputs come
 * from {@code new Random(seed)}, and a failure names the seed and the generated input.
 */
class ValidationPropertiesTest {
    static final JsonNodeFactory N = JsonNodeFactory.instance;

    static final List<String> SEEDS = List.of(
            "seed-002-webserver.json",
            "seed-002-chat-resources.json",
            "seed-002-chat-load-balancing.json",
            "seed-002-chat-logs.json",
            "seed-003-web-task-definition.json");

    static final List<String> JUNK_TOKENS =
            List.of("", ",", "}", "]", "{", "[", "\"", ":", "null", "-1", "1e999", "\"x\"", "//", "\\u0000");

    /** The seeds' texts, read once. */
    static final List<String> SEED_TEXTS = SEEDS.stream()
            .map(name -> {
                try {
                    return Files.readString(Path.of("src/test/resources/seeds", name));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            })
            .collect(Collectors.toUnmodifiableList());

    /** The seeds with comments need the lenient reader to become a tree. */
    static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    static String seed(int i) {
        return SEED_TEXTS.get(i % SEED_TEXTS.size());
    }

    static LongStream seeds300() {
        return LongStream.rangeClosed(1, 300);
    }

    static LongStream seeds500() {
        return LongStream.rangeClosed(1, 500);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds300")
    void anyString_givesAReport(long seed) {
        Random random = new Random(seed);
        String text = anyString(random);
        check(seed, "text=" + quote(text), () -> {
            ValidationReport r = TaskDefinitions.validate(text);
            assertThat(r.findings()).isNotEmpty();
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds300")
    void truncatedOrEditedSeed_givesAReport(long seed) {
        Random random = new Random(seed);
        int which = between(random, 0, 4);
        int cut = between(random, 0, 100_000);
        String insert = junk(random);
        check(seed, "which=" + which + " (" + SEEDS.get(which) + "), cut=" + cut + ", insert=" + quote(insert), () -> {
            String s = seed(which);
            int at = cut % (s.length() + 1);
            ValidationReport r = TaskDefinitions.validate(s.substring(0, at) + insert + s.substring(at));
            assertThat(r.source()).isEqualTo("<string>");
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds500")
    void structurallyMutatedSeed_givesAReport(long seed) {
        Random generator = new Random(seed);
        int which = between(generator, 0, 4);
        long randomSeed = generator.nextLong();
        String input = "which=" + which + " (" + SEEDS.get(which) + "), mutation seed=" + randomSeed;
        check(seed, input, () -> {
            String s = seed(which);
            JsonNode tree = LENIENT.readTree(s);
            Random random = new Random(randomSeed);
            for (int i = 0; i < 1 + random.nextInt(6); i++) {
                tree = mutate(tree, random, 0);
            }
            String json = tree.toString();
            try {
                ValidationReport r = TaskDefinitions.validate(json);
                assertThat(r).isNotNull();
                // and what was read writes and reads again without exceptions
                TaskDefinitions.read(json).taskDefinition().ifPresent(td -> TaskDefinitions.validate(td.toJson()));
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("mutated JSON: " + json + "\n" + e, e);
            }
        });
    }

    // ---- generators -----------------------------------------------------------------------------

    /** An int in [min, max]; the bounds themselves come up often, like in property-testing tools. */
    static int between(Random r, int min, int max) {
        switch (r.nextInt(10)) {
            case 0:
                return min;
            case 1:
                return max;
            default:
                return min + r.nextInt(max - min + 1);
        }
    }

    /** Any string: empty, short and long (up to 255 chars), from ASCII, JSON syntax, controls, any UTF-16 unit. */
    static String anyString(Random r) {
        switch (r.nextInt(20)) {
            case 0:
                return "";
            case 1:
                return " ";
            default:
                break;
        }
        int length = r.nextInt(4) == 0 ? r.nextInt(256) : r.nextInt(17);
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(anyChar(r));
        }
        return b.toString();
    }

    static char anyChar(Random r) {
        int kind = r.nextInt(20);
        if (kind < 6) {
            return (char) (0x20 + r.nextInt(0x7f - 0x20)); // printable ASCII
        } else if (kind < 9) {
            return pick(r, "{}[]\":, \t\r\n"); // JSON syntax and whitespace
        } else if (kind < 11) {
            return pick(r, "truefalsn0123456789-+.eE/\\*"); // literals, numbers, comments, escapes
        } else if (kind < 13) {
            return (char) r.nextInt(0x20); // control characters
        } else {
            return (char) r.nextInt(0x10000); // any UTF-16 unit, lone surrogates included
        }
    }

    static char pick(Random r, String chars) {
        return chars.charAt(r.nextInt(chars.length()));
    }

    /** A JSON-breaking token or a short random string. */
    static String junk(Random r) {
        if (r.nextBoolean()) {
            return JUNK_TOKENS.get(r.nextInt(JUNK_TOKENS.size()));
        }
        int length = r.nextInt(9);
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(anyChar(r));
        }
        return b.toString();
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

    // ---- reporting ------------------------------------------------------------------------------

    interface Body {
        void run() throws Exception;
    }

    /** Runs one case; whatever escapes (an exception or a failed assertion) is reported with seed and input. */
    static void check(long seed, String input, Body body) {
        try {
            body.run();
        } catch (Exception | AssertionError | StackOverflowError e) {
            throw new AssertionError(
                    "property failed for seed " + seed + " (new Random(" + seed + ")), input: " + input + "\n" + e, e);
        }
    }

    /** The text as a Java string literal, so that controls and lone surrogates are visible and can be copied. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.append('"').toString();
    }
}
