package dev.awskit.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awskit.ecs.internal.Locator;
import dev.awskit.ecs.internal.SdkJson;
import dev.awskit.ecs.internal.Sizes;
import dev.awskit.ecs.internal.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        return TaskDefinitionDocument.read(file.toString(), readFile(file));
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
        List<Finding> findings = new ArrayList<>(doc.findings());
        doc.taskDefinition().ifPresent(td -> Validator.validate(td.toRequest(), doc.pointerPrefix(), findings));
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
     * containers are matched by position, like ECS shows revisions.
     */
    public static TaskDefinitionDiff diff(TaskDefinition before, TaskDefinition after) {
        List<TaskDefinitionDiff.Change> changes = new ArrayList<>();
        diff("", redacted(SdkJson.write(before.toRequest())), redacted(SdkJson.write(after.toRequest())), changes);
        return new TaskDefinitionDiff(changes);
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

    /** Plain environment variables that look like secrets print as ****, in a diff as in a report. */
    private static JsonNode redacted(com.fasterxml.jackson.databind.node.ObjectNode td) {
        JsonNode cs = td.get("containerDefinitions");
        if (cs != null) {
            for (JsonNode c : cs) {
                JsonNode env = c.get("environment");
                if (env == null) {
                    continue;
                }
                for (JsonNode e : env) {
                    if (e.isObject()
                            && Validator.looksSecret(
                                    e.path("name").asText(), e.path("value").asText())) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) e).put("value", "****");
                    }
                }
            }
        }
        return td;
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.textValue() : n.toString();
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("No such task definition file: " + file.toAbsolutePath(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read task definition file " + file.toAbsolutePath(), e);
        }
    }
}
