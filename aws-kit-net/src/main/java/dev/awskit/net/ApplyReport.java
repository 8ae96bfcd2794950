package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/** What {@code Net.of(aws).apply(plan)} or {@code destroy(plan)} did, resource by resource. */
@Value.Immutable
@AwsKitStyle
public abstract class ApplyReport {
    /** What happened to one resource. */
    public enum Action {
        /** Created by this run. */
        CREATED,
        /** Already there (found by its tags); left as it was. */
        FOUND,
        /** Deleted by this run. */
        DELETED,
        /** Changed in place (a route, a rule, an association, an attachment). */
        UPDATED
    }

    /** One resource and what happened to it. */
    @Value.Immutable
    @AwsKitStyle
    public abstract static class Change {
        Change() {}

        @Value.Parameter
        public abstract Action action();

        /** e.g. {@code subnet public-a}. */
        @Value.Parameter
        public abstract String element();

        /** e.g. {@code subnet-0abc}. */
        @Value.Parameter
        public abstract String id();

        public static Change of(Action action, String element, String id) {
            return ChangeBuilder.ImmutableChange.of(action, element, id);
        }

        @Override
        public String toString() {
            return action().name().toLowerCase(java.util.Locale.ROOT) + " " + element() + " " + id();
        }
    }

    ApplyReport() {}

    /** The plan's name (its {@code awskit:plan} tag). */
    public abstract String plan();

    public abstract String region();

    /** The VPC's id, when one exists (after apply, or before destroy). */
    public abstract Optional<String> vpcId();

    public abstract List<Change> changes();

    public abstract Duration duration();

    public List<Change> changes(Action action) {
        return changes().stream().filter(c -> c.action() == action).collect(Collectors.toList());
    }

    /** Whether the run changed nothing (a re-apply of a complete plan). */
    public boolean unchanged() {
        return changes().stream().allMatch(c -> c.action() == Action.FOUND);
    }

    @Override
    public String toString() {
        return "plan " + plan() + " in " + region()
                + vpcId().map(v -> " (" + v + ")").orElse("") + ": "
                + changes(Action.CREATED).size() + " created, "
                + changes(Action.UPDATED).size() + " updated, "
                + changes(Action.FOUND).size() + " found, "
                + changes(Action.DELETED).size() + " deleted in "
                + duration().toMillis() + " ms"
                + changes().stream().map(c -> "\n  " + c).collect(Collectors.joining());
    }

    public static ApplyReportBuilder builder() {
        return new ApplyReportBuilder();
    }
}
