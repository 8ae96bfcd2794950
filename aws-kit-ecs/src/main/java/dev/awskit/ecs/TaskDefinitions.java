package dev.awskit.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awskit.core.Finding;
import dev.awskit.core.Severity;
import dev.awskit.ecs.internal.Locator;
import dev.awskit.ecs.internal.SdkJson;
import dev.awskit.ecs.internal.Sizes;
import dev.awskit.ecs.internal.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Reading, validating and comparing task definitions, with no AWS call.
 *
 * <pre>{@code
 * ValidationReport r = TaskDefinitions.validate(Path.of("web-task-definition.json"));
 * r.findings().forEach(System.out::println);
 * }</pre>
 */
public final class TaskDefinitions {
    private TaskDefinitions() {}

    /** Reads JSON strictly; never throws for bad input (the problems are findings). */
    public static TaskDefinitionDocument read(String json) {
        return TaskDefinitionDocument.read("<string>", Objects.requireNonNull(json, "json"));
    }

    /**
     * Reads a JSON file strictly.
     *
     * @throws IllegalArgumentException when the file does not exist
     * @throws UncheckedIOException when it cannot be read
     */
    public static TaskDefinitionDocument read(Path file) {
        byte[] bytes = readFile(file);
        CharsetDecoder strict = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = strict.decode(in, out, true);
        if (!result.isError()) {
            strict.flush(out);
            return TaskDefinitionDocument.read(file.toString(), out.flip().toString());
        }
        // not UTF-8 (the AWS CLI reads file:// input as UTF-8): report where, then check the rest as far
        // as it reads with the bad bytes replaced
        int offset = in.position();
        String text = new String(bytes, StandardCharsets.UTF_8);
        Finding encoding = Finding.of(
                Severity.ERROR,
                "json.encoding",
                "",
                "The file is not UTF-8: the byte at offset " + offset + " (0x"
                        + String.format("%02X", bytes[offset] & 0xff) + ") does not start a valid UTF-8 sequence.",
                "Save the file as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8).");
        return TaskDefinitionDocument.read(file.toString(), text).withFirst(encoding);
    }

    /** Validates a task definition JSON text: reading findings plus every rule. */
    public static ValidationReport validate(String json) {
        return validate(read(json));
    }

    /** Validates a task definition JSON file. */
    public static ValidationReport validate(Path file) {
        return validate(read(file));
    }

    /** Validates what was read, keeping the reading findings. */
    public static ValidationReport validate(TaskDefinitionDocument doc) {
        return validate(doc, doc.taskDefinition().orElse(null));
    }

    /**
     * Validates {@code td}, a model made from {@code doc}'s with the same structure (e.g. a log region
     * filled in), keeping the reading findings and locating each finding in the document's text.
     */
    static ValidationReport validate(TaskDefinitionDocument doc, TaskDefinition td) {
        List<Finding> findings = new ArrayList<>(doc.findings());
        if (td != null) {
            Validator.validate(td.toRequest(), doc.pointerPrefix(), findings);
        }
        return report(doc.source(), Locator.locate(doc.text(), findings));
    }

    /** Validates a model (built with the DSL or read earlier). */
    public static ValidationReport validate(TaskDefinition td) {
        List<Finding> findings = new ArrayList<>();
        Validator.validate(td.toRequest(), "", findings);
        return report(td.family() == null ? "<task definition>" : td.family(), findings);
    }

    private static ValidationReport report(String source, List<Finding> findings) {
        List<Finding> sorted = new ArrayList<>(findings);
        // errors first; the sort is stable, so document order stays within a severity
        sorted.sort(Comparator.comparing(Finding::severity));
        return ValidationReport.of(source, sorted);
    }

    /** CPU units of {@code "1 vCPU"}, {@code ".25 vCPU"} or {@code "1024"}. */
    public static int cpuUnits(String cpu) {
        int units = Sizes.cpuUnits(cpu);
        if (units <= 0) {
            throw new IllegalArgumentException(
                    "cpu '" + cpu + "' is not a cpu value; write CPU units (\"1024\") or vCPUs (\"1 vCPU\")");
        }
        return units;
    }

    /** MiB of {@code "2 GB"}, {@code "512 MB"} or {@code "2048"}. */
    public static int memoryMiB(String memory) {
        int mib = Sizes.memoryMiB(memory);
        if (mib <= 0) {
            throw new IllegalArgumentException(
                    "memory '" + memory + "' is not a memory size; write MiB (\"2048\") or GB (\"2 GB\")");
        }
        return mib;
    }

    /** Whether Fargate has a size with {@code cpu} units and {@code memoryMiB}. */
    public static boolean isFargateSize(int cpu, int memoryMiB) {
        return Validator.fargateCombination(cpu, memoryMiB);
    }

    /**
     * What changed from {@code before} to {@code after}, as JSON Pointers with old and new values;
     * lists of named things (containers, environment, secrets) are matched by name.
     *
     * <p>What AWS fills in on registration is no change: DescribeTaskDefinition returns empty lists
     * ({@code "environment": []}, {@code "mountPoints": []}, {@code "volumes": []}) and defaults
     * ({@code "cpu": 0} and {@code "essential": true} on a container, {@code "protocol": "tcp"}, the host
     * port under awsvpc/host, network mode bridge on Linux EC2), so a definition described back equals
     * the one registered. A value that looks like a secret (a plain environment variable or log option
     * named like one) is compared but printed as {@code ****}.
     */
    public static TaskDefinitionDiff diff(TaskDefinition before, TaskDefinition after) {
        List<TaskDefinitionDiff.Change> changes = new ArrayList<>();
        diff("", comparable(before), comparable(after), changes);
        return new TaskDefinitionDiff(changes);
    }

    /** Marks a secret-looking string inside the compared trees; such strings print as ****. */
    private static final String SECRET = "\u0000secret\u0000";

    private static JsonNode comparable(TaskDefinition td) {
        ObjectNode json = SdkJson.write(td.toRequest());
        markSecrets(json);
        boolean fargate = td.isFargate();
        String mode = json.path("networkMode").asText("");
        JsonNode os = json.path("runtimePlatform").path("operatingSystemFamily");
        if (mode.equals("bridge")
                && !fargate
                && (os.isMissingNode() || os.asText().equals("LINUX"))) {
            json.remove("networkMode"); // the default on Linux EC2 (task definition parameters, networkMode)
        }
        boolean hostIsContainer = mode.equals("awsvpc") || mode.equals("host");
        for (JsonNode c : json.path("containerDefinitions")) {
            if (!(c instanceof ObjectNode)) {
                continue;
            }
            ObjectNode co = (ObjectNode) c;
            if (co.path("cpu").isIntegralNumber() && co.path("cpu").intValue() == 0) {
                co.remove("cpu");
            }
            if (co.path("essential").isBoolean() && co.path("essential").booleanValue()) {
                co.remove("essential");
            }
            for (JsonNode pm : co.path("portMappings")) {
                if (!(pm instanceof ObjectNode)) {
                    continue;
                }
                ObjectNode p = (ObjectNode) pm;
                if (p.path("protocol").asText("").equals("tcp")) {
                    p.remove("protocol");
                }
                if (hostIsContainer && p.has("hostPort") && p.get("hostPort").equals(p.get("containerPort"))) {
                    p.remove("hostPort");
                }
            }
        }
        return withoutEmpty(json);
    }

    /** Drops empty lists and objects, which AWS returns where nothing was given. */
    private static JsonNode withoutEmpty(JsonNode n) {
        if (n instanceof ObjectNode) {
            ObjectNode o = (ObjectNode) n;
            List<String> empty = new ArrayList<>();
            o.properties().forEach(e -> {
                JsonNode v = withoutEmpty(e.getValue());
                if (v.isContainerNode() && v.isEmpty()) {
                    empty.add(e.getKey());
                }
            });
            empty.forEach(o::remove);
        } else if (n instanceof ArrayNode) {
            n.forEach(TaskDefinitions::withoutEmpty);
        }
        return n;
    }

    /** Plain environment variables and log options that look like secrets get the SECRET mark. */
    private static void markSecrets(ObjectNode td) {
        for (JsonNode c : td.path("containerDefinitions")) {
            for (JsonNode e : c.path("environment")) {
                if (e instanceof ObjectNode
                        && e.path("value").isTextual()
                        && Validator.looksSecret(
                                e.path("name").asText(), e.path("value").asText())) {
                    ((ObjectNode) e).put("value", SECRET + e.path("value").asText());
                }
            }
            JsonNode options = c.path("logConfiguration").path("options");
            if (options instanceof ObjectNode) {
                ObjectNode o = (ObjectNode) options;
                List<String> keys = new ArrayList<>();
                o.fieldNames().forEachRemaining(keys::add);
                for (String k : keys) {
                    if (o.get(k).isTextual()
                            && Validator.looksSecret(k, o.get(k).asText())) {
                        o.put(k, SECRET + o.get(k).asText());
                    }
                }
            }
        }
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<TaskDefinitionDiff.Change> out) {
        if (a == null && b == null) {
            return;
        }
        if (a != null && b != null && a.equals(b)) {
            return;
        }
        if (a != null && b != null && a.isObject() && b.isObject()) {
            // keep AWS order where possible: first a's keys, then b's new ones
            List<String> ordered = new ArrayList<>();
            a.fieldNames().forEachRemaining(ordered::add);
            Iterator<String> bi = b.fieldNames();
            while (bi.hasNext()) {
                String k = bi.next();
                if (!a.has(k)) {
                    ordered.add(k);
                }
            }
            for (String k : ordered) {
                diff(path + "/" + dev.awskit.ecs.internal.Pointers.escape(k), a.get(k), b.get(k), out);
            }
            return;
        }
        if (a != null && b != null && a.isArray() && b.isArray() && byName(a) && byName(b)) {
            // lists of named things (containers, environment, secrets...) are matched by name
            for (int i = 0; i < a.size(); i++) {
                String name = a.get(i).get("name").asText();
                int j = indexOfName(b, name);
                if (j < 0) {
                    out.add(new TaskDefinitionDiff.Change(path + "/" + i, text(a.get(i)), null));
                }
            }
            for (int j = 0; j < b.size(); j++) {
                String name = b.get(j).get("name").asText();
                int i = indexOfName(a, name);
                diff(path + "/" + j, i < 0 ? null : a.get(i), b.get(j), out);
            }
            return;
        }
        if (a != null && b != null && a.isArray() && b.isArray()) {
            int n = Math.max(a.size(), b.size());
            for (int i = 0; i < n; i++) {
                diff(path + "/" + i, a.get(i), b.get(i), out);
            }
            return;
        }
        out.add(new TaskDefinitionDiff.Change(path, a == null ? null : text(a), b == null ? null : text(b)));
    }

    private static boolean byName(JsonNode array) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (JsonNode e : array) {
            if (!e.isObject() || !e.has("name") || !names.add(e.get("name").asText())) {
                return false;
            }
        }
        return array.size() > 0;
    }

    private static int indexOfName(JsonNode array, String name) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).get("name").asText().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** How a compared value prints: secret-marked strings as ****, in a diff as in a report. */
    private static String text(JsonNode n) {
        if (n.isTextual()) {
            return n.textValue().startsWith(SECRET) ? "****" : n.textValue();
        }
        return masked(n.deepCopy()).toString();
    }

    private static JsonNode masked(JsonNode n) {
        if (n instanceof ObjectNode) {
            ObjectNode o = (ObjectNode) n;
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                JsonNode v = o.get(k);
                if (v.isTextual() && v.textValue().startsWith(SECRET)) {
                    o.put(k, "****");
                } else {
                    masked(v);
                }
            }
        } else if (n instanceof ArrayNode) {
            ArrayNode a = (ArrayNode) n;
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual() && a.get(i).textValue().startsWith(SECRET)) {
                    a.set(i, "****");
                } else {
                    masked(a.get(i));
                }
            }
        }
        return n;
    }

    private static byte[] readFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("No such task definition file: " + file.toAbsolutePath(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read task definition file " + file.toAbsolutePath(), e);
        }
    }
}
