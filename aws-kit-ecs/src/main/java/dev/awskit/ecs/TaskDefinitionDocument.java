package dev.awskit.ecs;

import dev.awskit.core.Finding;
import dev.awskit.ecs.internal.TaskDefinitionReader;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A task definition as read from JSON: the model (when the text was a JSON object) and what reading
 * found (syntax errors with line and column, unknown keys with a did-you-mean, wrong types,
 * DescribeTaskDefinition's read-only fields and wrapper).
 *
 * <pre>{@code
 * TaskDefinitionDocument doc = TaskDefinitions.read(describeOutputJson);
 * TaskDefinition td = doc.stripReadOnly().taskDefinition().orElseThrow();
 * }</pre>
 */
public final class TaskDefinitionDocument {
    private final String source;
    private final TaskDefinition taskDefinition;
    private final List<Finding> findings;
    private final String pointerPrefix;
    private final boolean wrapped;
    private final List<String> readOnlyFields;
    private final String text;

    private TaskDefinitionDocument(
            String text,
            String source,
            TaskDefinition taskDefinition,
            List<Finding> findings,
            String pointerPrefix,
            boolean wrapped,
            List<String> readOnlyFields) {
        this.text = text;
        this.source = source;
        this.taskDefinition = taskDefinition;
        this.findings = List.copyOf(findings);
        this.pointerPrefix = pointerPrefix;
        this.wrapped = wrapped;
        this.readOnlyFields = List.copyOf(readOnlyFields);
    }

    static TaskDefinitionDocument read(String source, String json) {
        TaskDefinitionReader.Result r = TaskDefinitionReader.read(json);
        return new TaskDefinitionDocument(
                json,
                source,
                r.request == null ? null : TaskDefinition.of(r.request),
                r.findings,
                r.pointerPrefix,
                r.wrapped,
                r.readOnlyFields);
    }

    /** This document with {@code finding} before the others (a problem found before reading the JSON). */
    TaskDefinitionDocument withFirst(Finding finding) {
        List<Finding> all = new java.util.ArrayList<>(findings.size() + 1);
        all.add(finding);
        all.addAll(findings);
        return new TaskDefinitionDocument(text, source, taskDefinition, all, pointerPrefix, wrapped, readOnlyFields);
    }

    /** The JSON text as read. */
    String text() {
        return text;
    }

    /** Where the JSON came from. */
    public String source() {
        return source;
    }

    /** The model; empty when the text was not a JSON object. Unknown keys are left out of it. */
    public Optional<TaskDefinition> taskDefinition() {
        return Optional.ofNullable(taskDefinition);
    }

    /** What reading found (validation adds to these). */
    public List<Finding> findings() {
        return findings;
    }

    /** Whether the JSON was DescribeTaskDefinition's {@code {"taskDefinition": {...}}}. */
    public boolean wrapped() {
        return wrapped;
    }

    /** The read-only DescribeTaskDefinition fields present (taskDefinitionArn, revision, ...). */
    public List<String> readOnlyFields() {
        return readOnlyFields;
    }

    /** JSON Pointer prefix of the task definition inside the document ({@code /taskDefinition} when wrapped). */
    public String pointerPrefix() {
        return pointerPrefix;
    }

    /**
     * The document as RegisterTaskDefinition takes it: without the wrapper and the read-only fields,
     * and without the findings about them. Pointers of the remaining findings stay as they were.
     */
    public TaskDefinitionDocument stripReadOnly() {
        List<Finding> kept = findings.stream()
                .filter(f ->
                        !f.rule().equals("json.read-only-field") && !f.rule().equals("json.wrapper"))
                .collect(Collectors.toList());
        return new TaskDefinitionDocument(text, source, taskDefinition, kept, pointerPrefix, false, List.of());
    }

    /** The model's JSON, as {@link TaskDefinition#toJson()}; empty when there is no model. */
    public Optional<String> toJson() {
        return taskDefinition().map(TaskDefinition::toJson);
    }

    @Override
    public String toString() {
        return "TaskDefinitionDocument{source=" + source + ", taskDefinition=" + taskDefinition + ", findings="
                + findings.size() + (wrapped ? ", wrapped" : "") + "}";
    }
}
