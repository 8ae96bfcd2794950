package dev.awskit.ecs;

import dev.awskit.core.internal.Setting;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployment as a value: which service of which cluster, and which revision, either a {@link
 * TaskDefinition} to register first or an already registered one. {@link Ecs#deploy(DeployRequest)}
 * starts it; {@code ecs.cluster(c).service(s).deploy(td)} builds the same value.
 *
 * <pre>{@code
 * DeployReport r = ecs.deploy(d -> d.cluster("deepdive").service("web").taskDefinition(td))
 *     .awaitSteady(Duration.ofMinutes(10));
 * }</pre>
 */
public final class DeployRequest {
    private final String cluster;
    private final String service;
    private final TaskDefinition taskDefinition;
    private final String registered;
    private final boolean force;
    private final Duration firstPoll;
    private final Duration maxPoll;

    private DeployRequest(Builder b) {
        this.cluster = b.cluster.get();
        this.service = b.service.get();
        this.taskDefinition = b.taskDefinition.get();
        this.registered = b.registered.get();
        this.force = b.force.get();
        this.firstPoll = b.pollEvery.isSet() ? b.pollEvery.get()[0] : null;
        this.maxPoll = b.pollEvery.isSet() ? b.pollEvery.get()[1] : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String cluster() {
        return cluster;
    }

    public String service() {
        return service;
    }

    /** The task definition to register and deploy, when one was given. */
    public Optional<TaskDefinition> taskDefinition() {
        return Optional.ofNullable(taskDefinition);
    }

    /** The registered revision to deploy (ARN or family:revision), when one was given. */
    public Optional<String> registeredTaskDefinition() {
        return Optional.ofNullable(registered);
    }

    /** Whether the task definition is registered despite validation errors. */
    public boolean force() {
        return force;
    }

    /** The first pause between DescribeServices polls, when set. */
    public Optional<Duration> firstPoll() {
        return Optional.ofNullable(firstPoll);
    }

    /** The longest pause between polls, when set. */
    public Optional<Duration> maxPoll() {
        return Optional.ofNullable(maxPoll);
    }

    @Override
    public String toString() {
        return "DeployRequest{service " + service + " in cluster " + cluster + " to "
                + (taskDefinition != null ? "a new revision of " + taskDefinition.family() : registered)
                + (force ? ", force" : "") + "}";
    }

    /**
     * Builds a {@link DeployRequest}. Each setting may be set once (a second write is an {@link
     * IllegalStateException} naming both values); {@link #build()} checks them against each other.
     */
    public static final class Builder {
        private final Setting<String> cluster = Setting.of("cluster");
        private final Setting<String> service = Setting.of("service");
        private final Setting<TaskDefinition> taskDefinition =
                Setting.of("taskDefinition", null, td -> "family " + td.family());
        private final Setting<String> registered = Setting.of("taskDefinition");
        private final Setting<Boolean> force = Setting.flag("force");
        private final Setting<Duration[]> pollEvery =
                Setting.of("pollEvery", null, p -> "(" + p[0] + ", " + p[1] + ")");

        private Builder() {}

        /** The cluster's name or ARN. */
        public Builder cluster(String cluster) {
            this.cluster.set(text("cluster", cluster));
            return this;
        }

        /** The service's name. */
        public Builder service(String service) {
            this.service.set(text("service", service));
            return this;
        }

        /** Register {@code td} (validating it first) and deploy the new revision. */
        public Builder taskDefinition(TaskDefinition td) {
            Objects.requireNonNull(td, "td");
            if (registered.isSet()) {
                throw Setting.alreadySet("taskDefinition", registered.get(), "family " + td.family());
            }
            taskDefinition.set(td);
            return this;
        }

        /** Deploy an already registered revision (ARN or family:revision). */
        public Builder taskDefinition(String registeredTaskDefinition) {
            String v = text("taskDefinition", registeredTaskDefinition);
            if (taskDefinition.isSet()) {
                throw Setting.alreadySet(
                        "taskDefinition", "family " + taskDefinition.get().family(), v);
            }
            registered.set(v);
            return this;
        }

        /** With {@link #taskDefinition(TaskDefinition)}: register even when validation finds errors. */
        public Builder force() {
            force.turnOn();
            return this;
        }

        /** How often to poll DescribeServices: first after {@code first}, doubling up to {@code max}. */
        public Builder pollEvery(Duration first, Duration max) {
            checkPoll(first, max);
            pollEvery.set(new Duration[] {first, max});
            return this;
        }

        static void checkPoll(Duration first, Duration max) {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(max, "max");
            if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
                throw new IllegalArgumentException("pollEvery needs 0 < first <= max, was " + first + ", " + max);
            }
        }

        /**
         * The request.
         *
         * @throws IllegalStateException without a cluster, a service or a task definition, or for
         *     {@code force()} with an already registered revision (there is nothing to validate)
         */
        public DeployRequest build() {
            if (!cluster.isSet() || !service.isSet()) {
                throw new IllegalStateException(
                        "a deployment needs a cluster and a service: .cluster(\"deepdive\")" + ".service(\"web\")");
            }
            if (!taskDefinition.isSet() && !registered.isSet()) {
                throw new IllegalStateException("a deployment of service " + service.get() + " needs a task"
                        + " definition: .taskDefinition(td) to register one, or .taskDefinition(\"family:revision\")");
            }
            if (force.get() && registered.isSet()) {
                throw new IllegalStateException("force() registers a task definition despite validation errors, but "
                        + registered.get() + " is already registered: drop force(), or give the TaskDefinition");
            }
            return new DeployRequest(this);
        }

        private static String text(String name, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
            return value;
        }
    }
}
