package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awskit.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bounded fuzzing of the task-definition reader and validator (issue 11 §2): seeded random and mutated
 * documents, starting from the seeds' task definitions and the test fixtures, give a report (or an
 * IllegalArgumentException with a message from the throwing shortcuts), never another exception; a 1 MB
 * or 5 MB value validates with a hang guard and within a memory bound. A failure names the seed.
 */
class TaskDefinitionFuzzTest {
    static final Duration HANG_GUARD = Duration.ofSeconds(10); // a hang guard only, not a speed claim

    /** Inputs per loop multiply by {@code -Dawskit.fuzz.factor=N} for a longer run (default 1 in CI). */
    static final int FACTOR = Integer.getInteger("awskit.fuzz.factor", 1);

    /** Fixtures to start from: the seeds, RuleTest's clean definition, ValidatorDefectsTest's documents. */
    static List<String> fixtures() {
        List<String> l = new ArrayList<>(ValidationPropertiesTest.SEED_TEXTS);
        l.add(RuleTest.BASE);
        l.add(ValidatorDefectsTest.REGISTERED);
        l.add(ValidatorDefectsTest.DESCRIBED);
        l.add(ValidatorDefectsTest.web(", \"secrets\": [{\"name\": \"DB\", \"valueFrom\": \"/prod/db\"}],"
                + " \"healthCheck\": {\"command\": [\"CMD-SHELL\", \"curl -f http://localhost/\"]},"
                + " \"dependsOn\": [{\"containerName\": \"web\", \"condition\": \"START\"}],"
                + " \"mountPoints\": [{\"sourceVolume\": \"data\", \"containerPath\": \"/d\"}]"));
        return l;
    }

    /** Strings that have broken the validator before, or could: placeholders, caps words, escapes. */
    static final List<String> NASTY = List.of(
            "${",
            "{{",
            "${X}",
            "{{x}}",
            "<IMAGE>",
            "<",
            "ACCOUNT_ID",
            "YOUR_REGION",
            "REPLACED_BY_CI",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:a:b:c:d:e",
            "arn:aws:ssm:",
            "arn:",
            "",
            " ",
            "\u0000",
            "\uD800",
            "\u00e9\u4e2d\uD83D\uDE00",
            "../../etc/passwd",
            "a:b:c",
            "-1",
            "99999999999999999999",
            "*",
            "http://user:pass@host/",
            TestKeys.longTerm("fuzz"), // an access key id the validator must recognise
            "-----BEGIN RSA PRIVATE KEY-----",
            "CMD-SHELL",
            "awslogs",
            "FARGATE",
            "null");

    static String nasty(Random r) {
        if (r.nextInt(10) == 0) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(2_000);
            for (int i = 0; i < n; i++) {
                sb.append(NASTY.get(r.nextInt(NASTY.size())));
            }
            return sb.toString();
        }
        return NASTY.get(r.nextInt(NASTY.size()));
    }

    /** Replaces, removes or adds one value somewhere in the tree. */
    static JsonNode mutate(JsonNode node, Random r, int depth) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            if (keys.isEmpty() || r.nextInt(6) == 0) {
                o.set(r.nextBoolean() ? nasty(r) : keys.isEmpty() ? "x" : keys.get(0) + "x", leaf(r));
                return o;
            }
            String k = keys.get(r.nextInt(keys.size()));
            switch (r.nextInt(5)) {
                case 0 -> o.remove(k);
                case 1 -> o.set(k, leaf(r));
                default -> o.set(k, mutate(o.get(k), r, depth + 1));
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            if (a.isEmpty() || r.nextInt(5) == 0) {
                a.add(
                        r.nextBoolean()
                                ? leaf(r)
                                : a.isEmpty() ? leaf(r) : a.get(0).deepCopy());
                return a;
            }
            int i = r.nextInt(a.size());
            switch (r.nextInt(4)) {
                case 0 -> a.remove(i);
                default -> a.set(i, mutate(a.get(i), r, depth + 1));
            }
            return a;
        }
        return leaf(r);
    }

    static JsonNode leaf(Random r) {
        var f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        return switch (r.nextInt(8)) {
            case 0 -> f.nullNode();
            case 1 -> f.numberNode(r.nextInt());
            case 2 -> f.booleanNode(r.nextBoolean());
            case 3 -> f.arrayNode().add(nasty(r));
            case 4 -> f.objectNode().put(nasty(r), nasty(r));
            case 5 -> f.numberNode(r.nextDouble() * 1e12);
            default -> f.textNode(nasty(r));
        };
    }

    /** Reader, validator, the throwing shortcut, diff and the JSON round trip on one input. */
    static void exercise(long seed, String json) {
        try {
            ValidationReport report = TaskDefinitions.validate(json);
            assertThat(report.findings()).isNotNull();
            assertThat(report.toString()).isNotNull();
            TaskDefinitionDocument doc = TaskDefinitions.read(json);
            doc.taskDefinition().ifPresent(td -> {
                TaskDefinitions.validate(td);
                String first = td.containers().isEmpty()
                        ? null
                        : td.containers().get(0).name();
                if (first != null) {
                    assertThat(TaskDefinitions.diff(td, td.withImage(first, "y"))
                                    .toString())
                            .isNotEmpty();
                }
                TaskDefinitions.validate(td.toJson());
            });
            try {
                TaskDefinition td = TaskDefinition.fromJson(json);
                assertThat(TaskDefinitions.diff(td, td).isEmpty()).isTrue();
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            throw new AssertionError(
                    "seed " + seed + ": " + e + "\ninput (first 2000 chars): "
                            + json.substring(0, Math.min(2000, json.length())),
                    e);
        }
    }

    @Test
    void structurallyMutatedFixtures_giveAReport() throws Exception {
        List<String> fixtures = fixtures();
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.core.JsonParser.Feature.ALLOW_COMMENTS)
                .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA.mappedFeature());
        List<JsonNode> trees = new ArrayList<>();
        for (String f : fixtures) {
            trees.add(mapper.readTree(f));
        }
        for (long seed = 1; seed <= 1_200L * FACTOR; seed++) {
            Random r = new Random(seed);
            JsonNode tree = trees.get(r.nextInt(trees.size())).deepCopy();
            for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
                tree = mutate(tree, r, 0);
            }
            exercise(seed, tree.toString());
        }
    }

    @Test
    void textMutatedFixtures_giveAReport() {
        List<String> fixtures = fixtures();
        for (long seed = 1; seed <= 1_000L * FACTOR; seed++) {
            Random r = new Random(seed);
            StringBuilder s = new StringBuilder(fixtures.get(r.nextInt(fixtures.size())));
            for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
                int at = r.nextInt(s.length() + 1);
                switch (r.nextInt(4)) {
                    case 0 -> s.insert(at, nasty(r));
                    case 1 -> s.delete(at, Math.min(s.length(), at + r.nextInt(40)));
                    case 2 -> s.insert(at, s.substring(at, Math.min(s.length(), at + r.nextInt(200))));
                    default -> {
                        if (at < s.length()) {
                            s.setCharAt(at, (char) r.nextInt(0x3000));
                        }
                    }
                }
            }
            exercise(seed, s.toString());
        }
    }

    @Test
    void byteMutatedFiles_giveAReport_evenWhenNotUtf8(@TempDir Path dir) throws Exception {
        List<String> fixtures = fixtures();
        Path file = dir.resolve("td.json");
        for (long seed = 1; seed <= 200L * FACTOR; seed++) {
            Random r = new Random(seed);
            byte[] bytes = fixtures.get(r.nextInt(fixtures.size())).getBytes(StandardCharsets.UTF_8);
            for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
            }
            Files.write(file, bytes);
            long s = seed;
            try {
                ValidationReport report = TaskDefinitions.validate(file);
                assertThat(report.findings()).isNotNull();
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + s + ": " + e, e);
            }
        }
    }

    // --- large values: a hang guard and a memory bound

    static Stream<Arguments> largeValues() {
        List<Arguments> l = new ArrayList<>();
        for (int mb : new int[] {1, 5}) {
            int n = mb * 1024 * 1024;
            l.add(Arguments.of(mb + " MB env value of '${'", (Supplier<String>)
                    () -> ValidatorDefectsTest.web(ValidatorDefectsTest.env("A", "${".repeat(n / 2)))));
            l.add(Arguments.of(mb + " MB env value of '{{'", (Supplier<String>)
                    () -> ValidatorDefectsTest.web(ValidatorDefectsTest.env("A", "{{".repeat(n / 2)))));
            l.add(Arguments.of(mb + " MB env value of '<a'", (Supplier<String>)
                    () -> ValidatorDefectsTest.web(ValidatorDefectsTest.env("A", "<a".repeat(n / 2)))));
            l.add(Arguments.of(mb + " MB all-caps word", (Supplier<String>)
                    () -> ValidatorDefectsTest.web(ValidatorDefectsTest.env("A", "A_".repeat(n / 2)))));
            l.add(Arguments.of(mb + " MB secret-looking env value", (Supplier<String>)
                    () -> ValidatorDefectsTest.web(ValidatorDefectsTest.env("DB_PASSWORD", "a://b:" + "@".repeat(n)))));
            l.add(Arguments.of(mb + " MB image", (Supplier<String>)
                    () -> ValidatorDefectsTest.web("").replace("nginx:1.27", "x".repeat(n) + ".dkr.ecr")));
            l.add(Arguments.of(mb + " MB family", (Supplier<String>) () -> ValidatorDefectsTest.web("")
                    .replace("\"web\", \"networkMode\"", "\"" + "f".repeat(n) + "\", \"networkMode\"")));
            l.add(Arguments.of(mb + " MB log driver", (Supplier<String>)
                    () -> ValidatorDefectsTest.web("").replace("\"awslogs\"", "\"" + "d".repeat(n) + "\"")));
            l.add(Arguments.of(mb + " MB valueFrom", (Supplier<String>) () -> ValidatorDefectsTest.web(
                    ", \"secrets\": [{\"name\": \"X\", \"valueFrom\": \"arn:aws:secretsmanager:" + ":".repeat(n)
                            + "\"}]")));
            l.add(Arguments.of(mb + " MB health check", (Supplier<String>) () -> ValidatorDefectsTest.web(
                    ", \"healthCheck\": {\"command\": [\"CMD-SHELL\", \"" + "x".repeat(n) + "\"]}")));
            l.add(Arguments.of(mb + " MB unknown key's value", (Supplier<String>)
                    () -> ValidatorDefectsTest.web(", \"imagee\": \"" + "i".repeat(n) + "\"")));
            l.add(Arguments.of(mb + " MB of unclosed brackets", (Supplier<String>) () -> "[".repeat(n)));
            l.add(Arguments.of(mb + " MB unquoted token", (Supplier<String>) () -> "{\"cpu\": " + "t".repeat(n) + "}"));
        }
        return l.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("largeValues")
    void largeValue_validatesWithinAHangGuard_andBoundedMemory(String what, Supplier<String> input) {
        String json = input.get();
        long[] allocated = new long[1];
        ValidationReport r = assertTimeoutPreemptively(HANG_GUARD, () -> {
            long before = ValidatorDefectsTest.allocatedBytes();
            ValidationReport report = TaskDefinitions.validate(json);
            allocated[0] = ValidatorDefectsTest.allocatedBytes() - before;
            return report;
        });
        assertThat(r.source()).as(what).isEqualTo("<string>");
        // parsing, the model and the locator copy the text a few times; a quadratic or matrix-shaped step
        // would be gigabytes. 60 bytes per input character is far above the few copies it takes.
        assertThat(allocated[0]).as("bytes allocated for %s", what).isLessThan(60L * json.length() + (64 << 20));
        assertThat(r.toString().length()).as("report length for %s", what).isLessThan(20_000);
    }
}
