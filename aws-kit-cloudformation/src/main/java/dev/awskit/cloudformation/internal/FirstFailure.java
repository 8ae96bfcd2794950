package dev.awskit.cloudformation.internal;

import dev.awskit.cloudformation.StackFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * Finds the first failure of a stack's latest operation in its events (newest first, as
 * DescribeStackEvents returns them), reading only the pages back to where that operation began.
 */
public final class FirstFailure {
    static final String STACK_TYPE = "AWS::CloudFormation::Stack";

    /** How deep nested stacks are followed; CloudFormation's own nesting is far shallower in practice. */
    static final int MAX_DEPTH = 16;

    private static final Set<String> STARTS =
            Set.of("CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "DELETE_IN_PROGRESS", "IMPORT_IN_PROGRESS");

    private static final Set<String> ROLLBACK_STARTS =
            Set.of("ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS", "IMPORT_ROLLBACK_IN_PROGRESS");

    /**
     * The reasons CloudFormation gives resources it stopped because another one failed ("Resource creation
     * cancelled", "Resource update cancelled"): noise, not the cause.
     */
    private static final Pattern CANCELLED = Pattern.compile("(?i)^\\s*resource \\w+ cancelled\\b.*", Pattern.DOTALL);

    private FirstFailure() {}

    /**
     * The first failure of {@code stack}'s latest operation, followed into failed nested stacks.
     *
     * @param eventsOf a stack's events, newest first, for a stack name or id (read lazily)
     */
    public static Optional<StackFailure> find(Function<String, Stream<StackEvent>> eventsOf, String stack) {
        return find(eventsOf, stack, null, List.of(), new HashSet<>());
    }

    private static Optional<StackFailure> find(
            Function<String, Stream<StackEvent>> eventsOf,
            String stack,
            Instant notAfter,
            List<String> path,
            Set<String> visited) {
        List<StackEvent> operation;
        try (Stream<StackEvent> events = eventsOf.apply(stack)) {
            operation = latestOperation(events.iterator(), notAfter);
        }
        Optional<StackEvent> failure = pick(operation);
        if (failure.isEmpty()) {
            return Optional.empty();
        }
        StackEvent f = failure.get();
        String nested = f.physicalResourceId();
        if (STACK_TYPE.equals(f.resourceType())
                && !own(f)
                && nested != null
                && !nested.isBlank()
                && path.size() < MAX_DEPTH
                && visited.add(nested)) {
            List<String> deeper = new ArrayList<>(path);
            deeper.add(text(f.logicalResourceId()));
            Optional<StackFailure> inner = find(eventsOf, nested, f.timestamp(), deeper, visited);
            if (inner.isPresent()) {
                return inner;
            }
        }
        return Optional.of(toFailure(f, stack, path));
    }

    /**
     * The events of the latest operation, oldest first: read newest first up to and including the
     * stack's own newest start event not later than {@code notAfter} (all events when there is none).
     */
    static List<StackEvent> latestOperation(Iterator<StackEvent> newestFirst, Instant notAfter) {
        List<StackEvent> read = new ArrayList<>();
        while (newestFirst.hasNext()) {
            StackEvent e = newestFirst.next();
            if (e == null) {
                continue;
            }
            if (notAfter != null && e.timestamp() != null && e.timestamp().isAfter(notAfter)) {
                continue;
            }
            read.add(e);
            if (own(e) && STARTS.contains(status(e))) {
                break;
            }
        }
        Collections.reverse(read);
        return read;
    }

    /** The failure in one operation's events (oldest first). */
    static Optional<StackEvent> pick(List<StackEvent> operation) {
        Predicate<StackEvent> failed = e -> status(e).endsWith("_FAILED");
        Optional<StackEvent> cause = first(operation, e -> !own(e) && failed.test(e) && !cancelled(e));
        if (cause.isPresent()) {
            return cause;
        }
        Optional<StackEvent> stackOwn = first(
                operation,
                e -> own(e)
                        && (failed.test(e)
                                || (ROLLBACK_STARTS.contains(status(e))
                                        && !text(e.resourceStatusReason()).isBlank())));
        if (stackOwn.isPresent()) {
            return stackOwn;
        }
        return first(operation, e -> !own(e) && failed.test(e));
    }

    /**
     * The logical ids of the resources whose status in {@code operation} ended in {@code _FAILED}, in the
     * order they failed (for DELETE_FAILED: the resources that blocked the deletion).
     */
    static List<String> failedResources(List<StackEvent> operation, String status) {
        Set<String> ids = new LinkedHashSet<>();
        for (StackEvent e : operation) {
            if (!own(e) && status.equals(status(e)) && e.logicalResourceId() != null) {
                ids.add(e.logicalResourceId());
            }
        }
        return List.copyOf(ids);
    }

    /** The resources that failed to delete in {@code stack}'s latest operation. */
    public static List<String> failedDeletions(Function<String, Stream<StackEvent>> eventsOf, String stack) {
        try (Stream<StackEvent> events = eventsOf.apply(stack)) {
            return failedResources(latestOperation(events.iterator(), null), "DELETE_FAILED");
        }
    }

    /** An event of the stack itself (its logical id is the stack's name, its physical id the stack id). */
    static boolean own(StackEvent e) {
        if (!STACK_TYPE.equals(e.resourceType())) {
            return false;
        }
        String physical = e.physicalResourceId();
        if (physical != null && !physical.isBlank() && e.stackId() != null) {
            return physical.equals(e.stackId());
        }
        return e.logicalResourceId() != null && Objects.equals(e.logicalResourceId(), e.stackName());
    }

    /** The event's resource status as CloudFormation sent it; "" when it sent none. */
    private static String status(StackEvent e) {
        return text(e.resourceStatusAsString());
    }

    static boolean cancelled(StackEvent e) {
        return e.resourceStatusReason() != null
                && CANCELLED.matcher(e.resourceStatusReason()).matches();
    }

    private static Optional<StackEvent> first(List<StackEvent> events, Predicate<StackEvent> p) {
        return events.stream().filter(p).findFirst();
    }

    private static StackFailure toFailure(StackEvent e, String stack, List<String> path) {
        String physical = e.physicalResourceId();
        String reason = e.resourceStatusReason();
        String stackId = e.stackId() != null && !e.stackId().isBlank() ? e.stackId() : stack;
        String stackName =
                e.stackName() != null && !e.stackName().isBlank() ? e.stackName() : StackNames.nameOf(stackId);
        return StackFailure.builder()
                .logicalId(text(e.logicalResourceId()))
                .physicalId(Optional.ofNullable(physical).filter(p -> !p.isBlank()))
                .resourceType(text(e.resourceType()))
                .status(text(e.resourceStatusAsString()))
                .statusReason(Optional.ofNullable(reason).filter(r -> !r.isBlank()))
                .timestamp(e.timestamp() != null ? e.timestamp() : Instant.EPOCH)
                .stackName(text(stackName))
                .stackId(text(stackId))
                .addAllNestedStackPath(path)
                .build();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
