package dev.awskit.ecs;

import java.time.Duration;
import java.util.List;

/** A deployment that reached a steady state. */
public final class DeployReport {
    private final String cluster;
    private final String service;
    private final String taskDefinitionArn;
    private final int runningCount;
    private final int desiredCount;
    private final Duration duration;
    private final List<String> events;

    DeployReport(
            String cluster,
            String service,
            String taskDefinitionArn,
            int runningCount,
            int desiredCount,
            Duration duration,
            List<String> events) {
        this.cluster = cluster;
        this.service = service;
        this.taskDefinitionArn = taskDefinitionArn;
        this.runningCount = runningCount;
        this.desiredCount = desiredCount;
        this.duration = duration;
        this.events = List.copyOf(events);
    }

    public String cluster() {
        return cluster;
    }

    public String service() {
        return service;
    }

    public String taskDefinitionArn() {
        return taskDefinitionArn;
    }

    public int runningCount() {
        return runningCount;
    }

    public int desiredCount() {
        return desiredCount;
    }

    public Duration duration() {
        return duration;
    }

    /** The service events seen during the deployment, newest first. */
    public List<String> events() {
        return events;
    }

    @Override
    public String toString() {
        return "DeployReport{service=" + service + ", cluster=" + cluster + ", taskDefinition=" + taskDefinitionArn
                + ", running=" + runningCount + "/" + desiredCount + ", took=" + duration + "}";
    }
}
