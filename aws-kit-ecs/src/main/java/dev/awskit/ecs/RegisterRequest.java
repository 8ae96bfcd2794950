package dev.awskit.ecs;

import dev.awskit.core.internal.Setting;
import java.util.Objects;

/**
 * A task definition to register, and how validation errors are treated: {@link
 * Ecs#register(RegisterRequest)}, or {@link Ecs#register(java.util.function.Consumer)} to build and
 * register in one call. {@link Ecs#register(TaskDefinition)} builds the same value.
 *
 * <pre>{@code
 * ecs.register(r -> r.taskDefinition(td).force());
 * }</pre>
 */
public final class RegisterRequest {
    private final TaskDefinition taskDefinition;
    private final boolean force;

    private RegisterRequest(Builder b) {
        this.taskDefinition = b.taskDefinition.get();
        this.force = b.force.get();
    }

    public static Builder builder() {
        return new Builder();
    }

    public TaskDefinition taskDefinition() {
        return taskDefinition;
    }

    /** Whether to register despite validation errors (AWS has the last word). */
    public boolean force() {
        return force;
    }

    @Override
    public String toString() {
        return "RegisterRequest{" + taskDefinition.family() + (force ? ", force" : "") + "}";
    }

    /** Builds a {@link RegisterRequest}; each setting may be set once. */
    public static final class Builder {
        private final Setting<TaskDefinition> taskDefinition =
                Setting.of("taskDefinition", null, td -> "family " + td.family());
        private final Setting<Boolean> force = Setting.flag("force");

        private Builder() {}

        public Builder taskDefinition(TaskDefinition td) {
            taskDefinition.set(Objects.requireNonNull(td, "td"));
            return this;
        }

        /** Register even when validation finds errors. */
        public Builder force() {
            force.turnOn();
            return this;
        }

        /**
         * The request.
         *
         * @throws IllegalStateException without a task definition
         */
        public RegisterRequest build() {
            if (!taskDefinition.isSet()) {
                throw new IllegalStateException("a registration needs a task definition: .taskDefinition(td), e.g."
                        + " TaskDefinition.fargate(\"web\").container(...).build()");
            }
            return new RegisterRequest(this);
        }
    }
}
