package dev.awskit.ecs;

import dev.awskit.core.AwsKitStyle;
import java.time.Duration;
import java.util.List;
import org.immutables.value.Value;

/** A deployment that reached a steady state. */
@Value.Immutable
@AwsKitStyle
public abstract class DeployReport {
    DeployReport() {}

    public abstract String cluster();

    public abstract String service();

    public abstract String taskDefinitionArn();

    public abstract int runningCount();

    public abstract int desiredCount();

    public abstract Duration duration();

    /** The service events seen during the deployment, newest first. */
    public abstract List<String> events();

    static DeployReport of(
            String cluster,
            String service,
            String taskDefinitionArn,
            int runningCount,
            int desiredCount,
            Duration duration,
            List<String> events) {
        return new DeployReportBuilder()
                .cluster(cluster)
                .service(service)
                .taskDefinitionArn(taskDefinitionArn)
                .runningCount(runningCount)
                .desiredCount(desiredCount)
                .duration(duration)
                .addAllEvents(events)
                .build();
    }

    @Override
    public String toString() {
        return "DeployReport{service=" + service() + ", cluster=" + cluster() + ", taskDefinition="
                + taskDefinitionArn() + ", running=" + runningCount() + "/" + desiredCount() + ", took=" + duration()
                + "}";
    }
}
