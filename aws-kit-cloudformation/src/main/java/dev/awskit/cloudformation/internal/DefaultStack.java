package dev.awskit.cloudformation.internal;

import dev.awskit.cloudformation.CloudFormationStack;
import dev.awskit.cloudformation.DeleteFailedRequest;
import dev.awskit.cloudformation.StackDeleteReport;
import dev.awskit.cloudformation.StackFailedException;
import dev.awskit.cloudformation.StackFailure;
import dev.awskit.cloudformation.StackReport;
import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.Pages;
import dev.awskit.core.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** What {@link CloudFormationStack} does, over the kit's CloudFormation client. */
public final class DefaultStack implements CloudFormationStack {
    private static final Logger log = LoggerFactory.getLogger(DefaultStack.class);

    static final Duration DEFAULT_AWAIT = Duration.ofHours(1);
    /** Polls start fast (a WireMock fake, a stack that is almost done) and settle at one every 10 s. */
    static final Duration MAX_POLL = Duration.ofSeconds(10);

    private final AwsKit kit;
    private final String name;

    public DefaultStack(AwsKit kit, String nameOrId) {
        this.kit = Objects.requireNonNull(kit, "kit");
        this.name = Objects.requireNonNull(nameOrId, "nameOrId");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean exists() {
        return describe(name)
                .filter(s -> !"DELETE_COMPLETE".equals(s.stackStatusAsString()))
                .isPresent();
    }

    @Override
    public StackStatus status() {
        return describeExisting().stackStatus();
    }

    @Override
    public Stream<StackEvent> events() {
        return eventsOf(name);
    }

    @Override
    public Optional<StackFailure> firstFailure() {
        return FirstFailure.find(this::eventsOf, name);
    }

    @Override
    public StackReport awaitComplete() {
        return awaitComplete(DEFAULT_AWAIT);
    }

    @Override
    public StackReport awaitComplete(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long started = System.nanoTime();
        Stack first = describeExisting();
        String id = first.stackId();
        AtomicInteger polls = new AtomicInteger();
        Stack end = Wait.until("stack " + name + " (" + region() + ") to finish its operation")
                .timeout(timeout)
                .maxDelay(MAX_POLL)
                .pollWithState(() -> {
                    // by id from the second poll on: a deleted stack stays visible as DELETE_COMPLETE
                    Stack s = polls.getAndIncrement() == 0 ? first : describeById(id);
                    StatusKind kind = StatusKind.of(s.stackStatusAsString());
                    return kind == StatusKind.IN_PROGRESS || kind == StatusKind.UNKNOWN
                            ? Wait.Outcome.notYet(s.stackStatusAsString())
                            : Wait.Outcome.done(s);
                });
        String status = end.stackStatusAsString();
        switch (StatusKind.of(status)) {
            case COMPLETE:
                return StackReport.builder()
                        .stackName(end.stackName())
                        .stackId(end.stackId())
                        .region(region())
                        .status(status)
                        .statusReason(Optional.ofNullable(end.stackStatusReason()))
                        .waited(Duration.ofNanos(System.nanoTime() - started))
                        .polls(polls.get())
                        .build();
            case REVIEW:
                throw new AwsKitException("Stack " + name + " (" + region() + ") is REVIEW_IN_PROGRESS: it was"
                        + " created by a change set that nobody executed, and no operation will run until one is"
                        + " (aws cloudformation execute-change-set --stack-name " + end.stackName()
                        + " --change-set-name ...).");
            default:
                throw failed(end, "");
        }
    }

    @Override
    public StackDeleteReport deleteFailed(DeleteFailedRequest request) {
        Objects.requireNonNull(request, "request");
        Optional<Stack> found = describe(name);
        if (found.isEmpty() || "DELETE_COMPLETE".equals(found.get().stackStatusAsString())) {
            return StackDeleteReport.builder()
                    .stackName(StackNames.nameOf(name))
                    .stackId(found.map(Stack::stackId))
                    .region(region())
                    .statusBefore(found.map(Stack::stackStatusAsString))
                    .deleted(false)
                    .waited(Duration.ZERO)
                    .build();
        }
        Stack before = found.get();
        String statusBefore = before.stackStatusAsString();
        List<String> retain = request.retainResources();
        Optional<String> refusal =
                StatusKind.deleteRefusal(before.stackName(), region(), statusBefore, !retain.isEmpty());
        if (refusal.isPresent()) {
            throw new IllegalStateException(refusal.get());
        }
        String id = before.stackId();
        long started = System.nanoTime();
        call(
                "DeleteStack " + before.stackName() + (retain.isEmpty() ? "" : " retaining " + retain),
                "Check the stack's status (aws cloudformation describe-stacks --stack-name " + before.stackName()
                        + ") and that the retained logical ids are resources of the stack",
                () -> cf().deleteStack(r -> {
                    r.stackName(id);
                    if (!retain.isEmpty()) {
                        r.retainResources(retain);
                    }
                }));
        log.info("Deleting stack {} ({}), which was {}", before.stackName(), region(), statusBefore);
        AtomicBoolean deleting = new AtomicBoolean();
        Optional<Stack> end = Wait.until("stack " + before.stackName() + " (" + region() + ") to be deleted")
                .timeout(request.timeout().orElse(DeleteFailedRequest.DEFAULT_TIMEOUT))
                .maxDelay(MAX_POLL)
                .pollWithState(() -> {
                    Optional<Stack> s = describe(id);
                    if (s.isEmpty()) {
                        return Wait.Outcome.done(s); // a server that forgets deleted stacks
                    }
                    String status = s.get().stackStatusAsString();
                    if ("DELETE_IN_PROGRESS".equals(status)) {
                        deleting.set(true);
                        return Wait.Outcome.notYet(status);
                    }
                    if ("DELETE_COMPLETE".equals(status)) {
                        return Wait.Outcome.done(s);
                    }
                    if ("DELETE_FAILED".equals(status) && (deleting.get() || newDeletion(before, s.get()))) {
                        return Wait.Outcome.done(s);
                    }
                    // the status from before DeleteStack: the deletion has not started yet
                    return Wait.Outcome.notYet(status);
                });
        if (end.isPresent() && "DELETE_FAILED".equals(end.get().stackStatusAsString())) {
            List<String> blocking = FirstFailure.failedDeletions(this::eventsOf, id);
            throw failed(
                    end.get(),
                    blocking.isEmpty()
                            ? ""
                            : " Resources that failed to delete: " + String.join(", ", blocking)
                                    + ". To delete the stack and leave them in place, call deleteFailed(d ->"
                                    + " d.retainResources(" + quoted(blocking) + ")) (aws cloudformation"
                                    + " delete-stack --retain-resources); delete them yourself afterwards.");
        }
        return StackDeleteReport.builder()
                .stackName(before.stackName())
                .stackId(id)
                .region(region())
                .statusBefore(statusBefore)
                .deleted(true)
                .addAllRetainedResources(retain)
                .waited(Duration.ofNanos(System.nanoTime() - started))
                .build();
    }

    /** A DELETE_FAILED that is not the one from before: its deletion began later. */
    private static boolean newDeletion(Stack before, Stack now) {
        Instant was = before.deletionTime();
        Instant is = now.deletionTime();
        return !"DELETE_FAILED".equals(before.stackStatusAsString()) || (is != null && !is.equals(was));
    }

    private StackFailedException failed(Stack s, String more) {
        String status = s.stackStatusAsString();
        Optional<StackFailure> first;
        String unread = "";
        try {
            first = FirstFailure.find(this::eventsOf, s.stackId());
        } catch (AwsKitException e) {
            // the stack's outcome is known; not reading why must not hide it
            first = Optional.empty();
            unread = " (its events could not be read: " + e.getMessage() + ")";
        }
        String next =
                switch (status) {
                    case "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED" ->
                        " Fix the cause, delete the failed stack"
                                + " with deleteFailed() (aws cloudformation delete-stack), then create it again.";
                    case "UPDATE_ROLLBACK_COMPLETE" ->
                        " The stack was rolled back to its previous template and is live;"
                                + " fix the cause and update it again.";
                    case "UPDATE_ROLLBACK_FAILED" ->
                        " Continue the rollback (aws cloudformation continue-update-rollback" + " --stack-name "
                                + s.stackName() + ") before anything else.";
                    case "DELETE_FAILED" ->
                        more.isEmpty()
                                ? " Fix the cause and call deleteFailed() again, or retain the resources that block it."
                                : more;
                    default -> " See aws cloudformation describe-stack-events --stack-name " + s.stackName() + ".";
                };
        String message = "Stack " + s.stackName() + " (" + region() + ") ended in " + status
                + first.map(f -> "; first failure: " + f.summary() + ".")
                        .orElse((unread.isEmpty() ? "; its events show no failed resource" : unread)
                                + (s.stackStatusReason() != null
                                        ? " (stack reason: " + s.stackStatusReason() + ")"
                                        : "")
                                + ".")
                + next;
        return new StackFailedException(message, s.stackName(), status, first.orElse(null));
    }

    private static String quoted(List<String> ids) {
        StringBuilder b = new StringBuilder();
        for (String id : ids) {
            b.append(b.length() == 0 ? "" : ", ").append('"').append(id).append('"');
        }
        return b.toString();
    }

    /** A stack's events, newest first, paged lazily; a failed page fetch is an AwsKitException. */
    Stream<StackEvent> eventsOf(String stack) {
        return Pages.byToken(
                token -> call(
                        "DescribeStackEvents " + stack,
                        "Check the stack name (aws cloudformation list-stacks); a deleted stack's events are"
                                + " reached by its stack id",
                        () -> cf().describeStackEvents(r -> r.stackName(stack).nextToken(token))),
                DescribeStackEventsResponse::stackEvents,
                DescribeStackEventsResponse::nextToken);
    }

    private Stack describeExisting() {
        return describe(name)
                .orElseThrow(() -> new AwsKitException("Stack " + name + " does not exist in " + region()
                        + ". List the stacks with aws cloudformation list-stacks; a deleted stack is reached by"
                        + " its stack id (arn:aws:cloudformation:...:stack/<name>/<uuid>)."));
    }

    private Stack describeById(String id) {
        return describe(id)
                .orElseThrow(() -> new AwsKitException("Stack " + name + " (" + id + ") disappeared in "
                        + region() + " while the kit waited for it; CloudFormation keeps a deleted stack"
                        + " visible by its id, so the endpoint " + kit.summary("cloudformation")
                        + " does not behave like CloudFormation."));
    }

    /** DescribeStacks; empty when CloudFormation says the stack does not exist. */
    Optional<Stack> describe(String stack) {
        try {
            return cf().describeStacks(r -> r.stackName(stack)).stacks().stream()
                    .findFirst();
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw new AwsKitException(
                    "DescribeStacks " + stack + " failed in region " + region() + ": " + AwsErrors.describe(e), e);
        }
    }

    /**
     * CloudFormation says "Stack with id X does not exist" as a 400 {@code ValidationError}, not as a
     * not-found code (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html).
     */
    private <T> T call(String what, String next, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new AwsKitException(
                    what + " failed in region " + region() + ": " + AwsErrors.describe(e) + ". " + next, e);
        }
    }

    private CloudFormationClient cf() {
        return kit.client(CloudFormationClient.class);
    }

    private String region() {
        return kit.region().id();
    }

    @Override
    public String toString() {
        return "CloudFormationStack[" + name + ", " + kit.summary("cloudformation") + "]";
    }
}
