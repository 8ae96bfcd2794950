package dev.awskit.ecs;

import dev.awskit.core.AwsKitException;
import dev.awskit.core.Finding;
import dev.awskit.core.Severity;
import dev.awskit.core.Wait;
import dev.awskit.core.WaitTimeoutException;
import dev.awskit.core.internal.Setting;
import dev.awskit.ecs.internal.EcsCalls;
import dev.awskit.ecs.internal.WebServiceChecks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;

/** A deployment under way: the service points at a new revision; wait for it with {@link #awaitSteady}. */
public final class DeployStep {
    static final int MAX_EVENTS = 10;

    private final Ecs ecs;
    private final String cluster;
    private final String service;
    private final String taskDefinitionArn;
    private final long startedNanos;
    private final Instant startedAt;
    private final java.util.concurrent.atomic.AtomicInteger awaits = new java.util.concurrent.atomic.AtomicInteger();
    private Duration firstPoll = Duration.ofSeconds(1);
    private Duration maxPoll = Duration.ofSeconds(15);
    private final Setting<String> pollEvery = Setting.of("pollEvery");
    /** More "why" findings for a failure (a web service adds its target health); stopped tasks are always diagnosed. */
    private Supplier<List<Finding>> moreFindings = List::of;

    DeployStep(
            Ecs ecs, String cluster, String service, String taskDefinitionArn, long startedNanos, Instant startedAt) {
        this.ecs = ecs;
        this.cluster = cluster;
        this.service = service;
        this.taskDefinitionArn = taskDefinitionArn;
        this.startedNanos = startedNanos;
        this.startedAt = startedAt;
    }

    /** The revision being deployed. */
    public String taskDefinitionArn() {
        return taskDefinitionArn;
    }

    /** Adds findings to a failure's diagnosis (called when the wait fails, on the waiting thread). */
    DeployStep diagnoseWith(Supplier<List<Finding>> more) {
        this.moreFindings = more;
        return this;
    }

    /** How often to poll DescribeServices: first after {@code first}, doubling up to {@code max}. */
    public DeployStep pollEvery(Duration first, Duration max) {
        DeployRequest.Builder.checkPoll(first, max);
        pollEvery.set("(" + first + ", " + max + ")");
        this.firstPoll = first;
        this.maxPoll = max;
        return this;
    }

    /** Waits up to 10 minutes. */
    public DeployReport awaitSteady() {
        return awaitSteady(Duration.ofMinutes(10));
    }

    /**
     * Waits until the deployment of {@link #taskDefinitionArn()} is complete.
     *
     * @throws DeploymentFailedException when the rollout fails or the timeout passes; the message
     *     lists the service's recent events and the stopped tasks' reasons
     */
    public DeployReport awaitSteady(Duration timeout) {
        awaits.incrementAndGet();
        String what = "service " + service + " in cluster " + cluster + " to deploy " + taskDefinitionArn;
        try {
            return Wait.until(what)
                    .timeout(timeout)
                    .firstDelay(firstPoll)
                    .maxDelay(maxPoll)
                    .pollWithState(this::probe);
        } catch (WaitTimeoutException e) {
            Service s = describe(ecs, cluster, service);
            throw failure(
                    "did not reach a steady state within " + timeout + " (" + state(s) + ")", s, e.waited(), true);
        }
    }

    private Wait.Outcome<DeployReport> probe() {
        Service s = describe(ecs, cluster, service);
        Deployment primary = s.deployments().stream()
                .filter(d -> "PRIMARY".equals(d.status()))
                .findFirst()
                .orElse(null);
        if (primary == null) {
            return Wait.Outcome.notYet("no PRIMARY deployment");
        }
        boolean ours = sameRevision(primary.taskDefinition(), taskDefinitionArn);
        String rollout = primary.rolloutStateAsString();
        if (ours && "FAILED".equals(rollout)) {
            throw failure(
                    "rollout FAILED"
                            + (primary.rolloutStateReason() == null ? "" : ": " + primary.rolloutStateReason()),
                    s,
                    elapsed(),
                    false);
        }
        if (!ours) {
            // the circuit breaker rolled back to the previous revision, or someone deployed another one
            boolean ourFailed = s.deployments().stream()
                    .anyMatch(d -> sameRevision(d.taskDefinition(), taskDefinitionArn)
                            && "FAILED".equals(d.rolloutStateAsString()));
            if (ourFailed
                    || s.deployments().stream().noneMatch(d -> sameRevision(d.taskDefinition(), taskDefinitionArn))) {
                throw failure(
                        "the service now runs " + primary.taskDefinition() + " instead (rolled back or replaced)",
                        s,
                        elapsed(),
                        false);
            }
            return Wait.Outcome.notYet(state(s));
        }
        boolean done = rollout != null
                ? "COMPLETED".equals(rollout)
                : s.deployments().size() == 1 && num(primary.runningCount()) == num(primary.desiredCount());
        if (done) {
            return Wait.Outcome.done(DeployReport.of(
                    cluster,
                    service,
                    primary.taskDefinition(),
                    num(primary.runningCount()),
                    num(primary.desiredCount()),
                    elapsed(),
                    events(s)));
        }
        return Wait.Outcome.notYet(state(s));
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static int num(Integer i) {
        return i == null ? 0 : i;
    }

    static boolean sameRevision(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return a.equals(b) || a.endsWith("/" + b) || b.endsWith("/" + a);
    }

    private static String state(Service s) {
        return s.deployments().stream()
                .map(d -> d.status() + " " + shortName(d.taskDefinition()) + " "
                        + (d.rolloutStateAsString() == null ? "" : d.rolloutStateAsString() + " ")
                        + num(d.runningCount()) + "/" + num(d.desiredCount()) + " running"
                        + (num(d.failedTasks()) > 0 ? ", " + d.failedTasks() + " failed" : ""))
                .collect(Collectors.joining("; "));
    }

    private static String shortName(String arn) {
        return arn == null ? "?" : arn.substring(arn.lastIndexOf('/') + 1);
    }

    private List<String> events(Service s) {
        List<String> out = new ArrayList<>();
        for (ServiceEvent e : s.events()) {
            if (out.size() >= MAX_EVENTS) {
                break;
            }
            if (e.createdAt() != null && e.createdAt().isBefore(startedAt.minusSeconds(60)) && out.size() >= 3) {
                break;
            }
            out.add((e.createdAt() == null ? "" : e.createdAt() + " ") + e.message());
        }
        return out;
    }

    private List<Task> stoppedTaskList() {
        List<String> arns = EcsCalls.call(
                        ecs.kit(),
                        "ListTasks (STOPPED) of service " + service + " in cluster " + cluster,
                        "",
                        () -> ecs.client()
                                .listTasks(b ->
                                        b.cluster(cluster).serviceName(service).desiredStatus("STOPPED")))
                .taskArns();
        if (arns.isEmpty()) {
            return List.of();
        }
        List<String> batch = arns.subList(0, Math.min(arns.size(), 100));
        List<Task> tasks = EcsCalls.call(ecs.kit(), "DescribeTasks in cluster " + cluster, "", () -> ecs.client()
                        .describeTasks(b -> b.cluster(cluster).tasks(batch)))
                .tasks();
        List<Task> out = new ArrayList<>();
        for (Task t : tasks) {
            if (t.taskDefinitionArn() != null && !sameRevision(t.taskDefinitionArn(), taskDefinitionArn)) {
                continue;
            }
            out.add(t);
        }
        return out;
    }

    private static List<String> stoppedTasks(List<Task> tasks) {
        List<String> out = new ArrayList<>();
        for (Task t : tasks) {
            StringBuilder sb = new StringBuilder(t.taskArn() == null ? "?" : t.taskArn());
            sb.append(": ");
            if (t.stopCodeAsString() != null) {
                sb.append(t.stopCodeAsString()).append(": ");
            }
            sb.append(t.stoppedReason() == null ? "no reason given" : t.stoppedReason());
            for (Container c : t.containers()) {
                if (c.reason() != null || (c.exitCode() != null && c.exitCode() != 0)) {
                    sb.append("; container ").append(c.name());
                    if (c.exitCode() != null) {
                        sb.append(" exit code ").append(c.exitCode());
                    }
                    if (c.reason() != null) {
                        sb.append(": ").append(c.reason());
                    }
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    private DeploymentFailedException failure(String why, Service s, Duration waited, boolean timedOut) {
        List<String> events = events(s);
        List<String> stopped;
        List<Finding> findings = new ArrayList<>();
        try {
            List<Task> tasks = stoppedTaskList();
            stopped = stoppedTasks(tasks);
            findings.addAll(WebServiceChecks.stoppedTasks(tasks));
        } catch (AwsKitException e) {
            stopped = List.of("(could not list stopped tasks: " + e.getMessage() + ")");
        }
        try {
            findings.addAll(0, moreFindings.get());
        } catch (AwsKitException e) {
            findings.add(Finding.of(
                    Severity.WARNING, "webservice.target-health", "", "Could not read: " + e.getMessage(), ""));
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Service ")
                .append(service)
                .append(" in cluster ")
                .append(cluster)
                .append(" (")
                .append(ecs.kit().region())
                .append(") did not become steady on ")
                .append(taskDefinitionArn)
                .append(": ")
                .append(why)
                .append('.');
        sb.append("\n  Recent service events (newest first):");
        if (events.isEmpty()) {
            sb.append("\n    (none)");
        }
        events.forEach(e -> sb.append("\n    ").append(e));
        sb.append("\n  Stopped tasks of this revision:");
        if (stopped.isEmpty()) {
            sb.append("\n    (none)");
        }
        stopped.forEach(t -> sb.append("\n    ").append(t));
        if (!findings.isEmpty()) {
            sb.append("\n  Why:");
            findings.forEach(f -> sb.append("\n    ").append(f.describe()));
        }
        sb.append("\n  Next: aws ecs describe-services --cluster ")
                .append(cluster)
                .append(" --services ")
                .append(service)
                .append(" (events), and the task's logs.");
        return new DeploymentFailedException(sb.toString(), events, stopped, findings, waited, timedOut);
    }

    static Service describe(Ecs ecs, String cluster, String service) {
        DescribeServicesResponse r = EcsCalls.call(
                ecs.kit(), "DescribeServices " + service + " in cluster " + cluster, "", () -> ecs.client()
                        .describeServices(b -> b.cluster(cluster).services(service)));
        if (r.services().isEmpty()) {
            String reason =
                    r.failures().isEmpty() ? "not found" : r.failures().get(0).reason();
            throw new AwsKitException("Service " + service + " in cluster " + cluster + " ("
                    + ecs.kit().region() + "): " + reason + ". Check the names (aws ecs list-services --cluster "
                    + cluster + ").");
        }
        return r.services().get(0);
    }

    @Override
    public String toString() {
        // UpdateService has run; what is left is the wait
        return "DeployStep{service " + service + " in cluster " + cluster + " -> " + taskDefinitionArn + ", started "
                + startedAt + (awaits.get() == 0 ? ", not awaited: call awaitSteady()" : ", awaited") + "}";
    }
}
