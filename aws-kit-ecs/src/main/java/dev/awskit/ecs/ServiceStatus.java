package dev.awskit.ecs;

import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;

/**
 * A service as ECS describes it now ({@link EcsService#describe()}): the numbers a deploy is
 * judged by, and a {@link #toString()} of a few short lines for JShell, where the SDK's {@code
 * Service} prints as one line of several thousand characters. {@link #sdk()} has everything else.
 *
 * <pre>
 * service chat in cluster deepdive: ACTIVE
 *   task definition  arn:aws:ecs:us-east-1:123456789012:task-definition/chat:2
 *   tasks            1 running, 1 pending, 2 desired
 *   deployment       PRIMARY chat:2 IN_PROGRESS, 1 of 2 running
 *   deployment       ACTIVE chat:1 COMPLETED, 0 of 0 running
 *   event            2025-01-01T10:00:00Z (service chat) has started 1 tasks: (task 1b2c...).
 * </pre>
 */
public final class ServiceStatus {
    static final int EVENTS_SHOWN = 3;

    private final Service service;
    private final String cluster;

    ServiceStatus(Service service, String cluster) {
        this.service = Objects.requireNonNull(service, "service");
        this.cluster = cluster;
    }

    /** The service's name. */
    public String name() {
        return service.serviceName();
    }

    /** The service's ARN. */
    public String arn() {
        return service.serviceArn();
    }

    /** The cluster it runs in, as it was named to the kit. */
    public String cluster() {
        return cluster;
    }

    /** {@code ACTIVE}, {@code DRAINING} or {@code INACTIVE}. */
    public String status() {
        return service.status();
    }

    /** The task definition ARN the service runs (its primary deployment's). */
    public String taskDefinition() {
        return service.taskDefinition();
    }

    public int desiredCount() {
        return service.desiredCount() == null ? 0 : service.desiredCount();
    }

    public int runningCount() {
        return service.runningCount() == null ? 0 : service.runningCount();
    }

    public int pendingCount() {
        return service.pendingCount() == null ? 0 : service.pendingCount();
    }

    /** The deployments, primary first, as the SDK gives them. */
    public List<Deployment> deployments() {
        return service.deployments();
    }

    /** The service's events, newest first, as the SDK gives them. */
    public List<ServiceEvent> events() {
        return service.events();
    }

    /** Everything DescribeServices answered. */
    public Service sdk() {
        return service;
    }

    /** A few lines: status, task definition, counts, deployments and the newest events. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("service ")
                .append(name())
                .append(" in cluster ")
                .append(cluster)
                .append(": ")
                .append(status());
        b.append("\n  task definition  ").append(taskDefinition());
        b.append("\n  tasks            ")
                .append(runningCount())
                .append(" running, ")
                .append(pendingCount())
                .append(" pending, ")
                .append(desiredCount())
                .append(" desired");
        for (Deployment d : deployments()) {
            b.append("\n  deployment       ")
                    .append(d.status())
                    .append(' ')
                    .append(shortRevision(d.taskDefinition()))
                    .append(d.rolloutState() != null ? " " + d.rolloutStateAsString() : "")
                    .append(", ")
                    .append(d.runningCount() == null ? 0 : d.runningCount())
                    .append(" of ")
                    .append(d.desiredCount() == null ? 0 : d.desiredCount())
                    .append(" running");
        }
        events().stream().limit(EVENTS_SHOWN).forEach(e -> b.append("\n  event            ")
                .append(e.createdAt())
                .append(' ')
                .append(dev.awskit.core.internal.Texts.clip(e.message(), 200)));
        return b.toString();
    }

    /** {@code arn:...:task-definition/chat:2} -> {@code chat:2}. */
    private static String shortRevision(String arn) {
        if (arn == null) {
            return "(none)";
        }
        int slash = arn.lastIndexOf('/');
        return slash >= 0 ? arn.substring(slash + 1) : arn;
    }
}
