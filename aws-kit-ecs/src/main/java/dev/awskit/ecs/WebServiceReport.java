package dev.awskit.ecs;

import dev.awskit.core.AwsKitStyle;
import dev.awskit.core.Finding;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * What {@link WebService#deploy()} or {@link WebService#destroy()} did, resource by resource, in
 * order, and what the checks found ({@link WebService#explain()}'s findings on the resources as they
 * are now).
 */
@Value.Immutable
@AwsKitStyle
public abstract class WebServiceReport {
    /** What happened to one resource. */
    public enum Action {
        /** Created by this run. */
        CREATED,
        /** Already there and as asked; left as it was. */
        FOUND,
        /** Already there but not as asked; reported, not changed (the step's detail says what differs and how to change it). */
        DIFFERS,
        /** Deleted by this run. */
        DELETED,
        /** Not there (a destroy that found nothing to delete). */
        ABSENT,
        /** Left in place on purpose (a destroy keeps what it did not create, e.g. a shared cluster). */
        KEPT
    }

    /** One resource and what happened to it. */
    @Value.Immutable
    @AwsKitStyle
    public abstract static class Step {
        Step() {}

        public abstract Action action();

        /** e.g. {@code load balancer chat-alb}. */
        public abstract String resource();

        /** Its id or ARN, when it exists. */
        public abstract String id();

        /** For {@link Action#DIFFERS}: what differs and the call that would change it; else empty. */
        @Value.Default
        public String detail() {
            return "";
        }

        public static Step of(Action action, String resource, String id, String detail) {
            return new StepBuilder()
                    .action(action)
                    .resource(resource)
                    .id(id)
                    .detail(detail)
                    .build();
        }

        @Override
        public String toString() {
            return action().name().toLowerCase(Locale.ROOT) + " " + resource() + (id().isEmpty() ? "" : " " + id())
                    + (detail().isEmpty() ? "" : ": " + detail());
        }
    }

    WebServiceReport() {}

    /** The ECS service's name. */
    public abstract String service();

    public abstract String cluster();

    public abstract String region();

    /** Every resource the run looked at, in the order it did. */
    public abstract List<Step> steps();

    /** What the checks found on the resources as they are after the run (empty: nothing wrong seen). */
    public abstract List<Finding> findings();

    /** The load balancer's DNS name, where clients connect. */
    public abstract Optional<String> loadBalancerDns();

    public abstract Duration duration();

    public List<Step> steps(Action action) {
        return steps().stream().filter(s -> s.action() == action).collect(Collectors.toUnmodifiableList());
    }

    /** Whether the run created, deleted and found different nothing (a re-run of a complete deploy). */
    public boolean unchanged() {
        return steps().stream().allMatch(s -> s.action() == Action.FOUND || s.action() == Action.ABSENT);
    }

    /** A summary line, one line per step, then the findings. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("web service ")
                .append(service())
                .append(" in cluster ")
                .append(cluster())
                .append(" (")
                .append(region())
                .append("): ");
        for (Action a : Action.values()) {
            long n = steps().stream().filter(s -> s.action() == a).count();
            if (n > 0) {
                sb.append(n)
                        .append(' ')
                        .append(a.name().toLowerCase(Locale.ROOT))
                        .append(", ");
            }
        }
        sb.append("in ").append(duration().toMillis()).append(" ms");
        loadBalancerDns()
                .ifPresent(d ->
                        sb.append(System.lineSeparator()).append("  http://").append(d));
        steps().forEach(s -> sb.append(System.lineSeparator()).append("  ").append(s));
        if (!findings().isEmpty()) {
            sb.append(System.lineSeparator()).append("  findings:");
            findings()
                    .forEach(f -> sb.append(System.lineSeparator()).append("  ").append(f.describe()));
        }
        return sb.toString();
    }

    public static WebServiceReportBuilder builder() {
        return new WebServiceReportBuilder();
    }
}
