package dev.awskit.cloudformation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * A stack's events written in the order they happened (as one reads a console from the bottom), handed
 * out newest first as DescribeStackEvents returns them
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackEvents.html:
 * "Returns all stack related events for a specified stack in reverse chronological order").
 */
public final class Timeline {
    public static final String ACCOUNT = "123456789012";

    private final String stackName;
    private final String stackId;
    private final List<StackEvent> chronological = new ArrayList<>();
    private Instant clock;
    private int n;

    private Timeline(String stackName, String uuid, Instant start) {
        this.stackName = stackName;
        this.stackId = stackId(stackName, uuid);
        this.clock = start;
    }

    public static Timeline of(String stackName, String uuid, String start) {
        return new Timeline(stackName, uuid, Instant.parse(start));
    }

    public static String stackId(String name, String uuid) {
        return "arn:aws:cloudformation:us-east-1:" + ACCOUNT + ":stack/" + name + "/" + uuid;
    }

    public String name() {
        return stackName;
    }

    public String id() {
        return stackId;
    }

    /** Moves the clock on by {@code seconds}. */
    public Timeline later(int seconds) {
        clock = clock.plusSeconds(seconds);
        return this;
    }

    public Instant now() {
        return clock;
    }

    /** An event of the stack itself. */
    public Timeline stack(String status, String reason) {
        return add(stackName, stackId, "AWS::CloudFormation::Stack", status, reason);
    }

    /** An event of a resource; {@code physical} may be "" (AWS sends an empty physical id before creation). */
    public Timeline resource(String logical, String physical, String type, String status, String reason) {
        return add(logical, physical, type, status, reason);
    }

    private Timeline add(String logical, String physical, String type, String status, String reason) {
        n++;
        chronological.add(StackEvent.builder()
                .stackId(stackId)
                .stackName(stackName)
                .eventId(logical + "-" + status + "-" + String.format("%04d", n))
                .logicalResourceId(logical)
                .physicalResourceId(physical)
                .resourceType(type)
                .timestamp(clock)
                .resourceStatus(status)
                .resourceStatusReason(reason)
                .build());
        return this;
    }

    /** Newest first, as DescribeStackEvents pages them. */
    public List<StackEvent> newestFirst() {
        List<StackEvent> l = new ArrayList<>(chronological);
        Collections.reverse(l);
        return l;
    }
}
