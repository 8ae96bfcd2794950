package dev.awskit.ecs;

import java.util.Objects;

/** A task definition as ECS holds it: its ARN, family, revision and status, and the model. */
public final class RegisteredTaskDefinition {
    private final String arn;
    private final String family;
    private final int revision;
    private final String status;
    private final TaskDefinition taskDefinition;
    private final ValidationReport report;

    RegisteredTaskDefinition(
            String arn,
            String family,
            int revision,
            String status,
            TaskDefinition taskDefinition,
            ValidationReport report) {
        this.arn = arn;
        this.family = family;
        this.revision = revision;
        this.status = status;
        this.taskDefinition = taskDefinition;
        this.report = report;
    }

    public String arn() {
        return arn;
    }

    public String family() {
        return family;
    }

    public int revision() {
        return revision;
    }

    /** ACTIVE, INACTIVE or DELETE_IN_PROGRESS. */
    public String status() {
        return status;
    }

    /** {@code family:revision}, what {@code --task-definition} takes. */
    public String familyRevision() {
        return family + ":" + revision;
    }

    /** The task definition as registered (read-only fields left out). */
    public TaskDefinition taskDefinition() {
        return taskDefinition;
    }

    /** The validation done before registering (warnings; errors when forced). */
    public ValidationReport report() {
        return report;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RegisteredTaskDefinition)) {
            return false;
        }
        RegisteredTaskDefinition r = (RegisteredTaskDefinition) o;
        return arn.equals(r.arn) && taskDefinition.equals(r.taskDefinition);
    }

    @Override
    public int hashCode() {
        return Objects.hash(arn, taskDefinition);
    }

    @Override
    public String toString() {
        return "RegisteredTaskDefinition{" + familyRevision() + ", arn=" + arn + ", status=" + status + "}";
    }
}
