package dev.awskit.ecs;

import dev.awskit.core.AwsKitException;
import dev.awskit.core.Finding;
import java.time.Duration;
import java.util.List;

/**
 * A deployment did not reach a steady state: its rollout failed, or the wait ran out. The message
 * and {@link #events()} / {@link #stoppedTasks()} carry what {@code aws ecs describe-services} and
 * {@code describe-tasks} would show: "look for the events section when troubleshooting".
 */
public final class DeploymentFailedException extends AwsKitException {
    private static final long serialVersionUID = 1L;

    private final List<String> events;
    private final List<String> stoppedTasks;
    private final Duration waited;
    private final List<Finding> findings;

    DeploymentFailedException(
            String message,
            List<String> events,
            List<String> stoppedTasks,
            List<Finding> findings,
            Duration waited,
            boolean timedOut) {
        super(message, null, 1, timedOut);
        this.events = List.copyOf(events);
        this.stoppedTasks = List.copyOf(stoppedTasks);
        this.findings = List.copyOf(findings);
        this.waited = waited;
    }

    /**
     * Why, in words: each stopped task's reason (CannotPullContainerError, ResourceInitializationError...)
     * and, for a web service, each unhealthy target's reason (Target.Timeout...), with what to do.
     */
    public List<Finding> findings() {
        return findings;
    }

    /** The service's recent events, newest first, as {@code time message}. */
    public List<String> events() {
        return events;
    }

    /** The deployment's stopped tasks with their stop reasons and container reasons. */
    public List<String> stoppedTasks() {
        return stoppedTasks;
    }

    public Duration waited() {
        return waited;
    }
}
