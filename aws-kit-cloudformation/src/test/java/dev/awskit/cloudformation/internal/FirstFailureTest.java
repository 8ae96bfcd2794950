package dev.awskit.cloudformation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.cloudformation.Sequences;
import dev.awskit.cloudformation.StackFailure;
import dev.awskit.cloudformation.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/** The first-failure selection over the sequences of {@link Sequences}; expected values read off the sequences. */
class FirstFailureTest {
    /** Serves timelines by stack name and id, counts the events read, records the stacks asked. */
    static final class Server implements Function<String, Stream<StackEvent>> {
        final Map<String, List<StackEvent>> byStack = new HashMap<>();
        final List<String> asked = new ArrayList<>();
        final AtomicInteger read = new AtomicInteger();

        Server with(Timeline t) {
            byStack.put(t.name(), t.newestFirst());
            byStack.put(t.id(), t.newestFirst());
            return this;
        }

        @Override
        public Stream<StackEvent> apply(String stack) {
            asked.add(stack);
            return byStack.getOrDefault(stack, List.of()).stream().peek(e -> read.incrementAndGet());
        }
    }

    @Test
    void createFailure_isTheNodeGroup_notTheCancelledLaunchTemplateNorTheRollback() {
        Timeline t = Sequences.createFailureWithRollback();

        StackFailure f = FirstFailure.find(new Server().with(t), t.name()).orElseThrow();

        assertThat(f.logicalId()).isEqualTo("NodeGroup");
        assertThat(f.resourceType()).isEqualTo("AWS::EKS::Nodegroup");
        assertThat(f.status()).isEqualTo("CREATE_FAILED");
        assertThat(f.statusReason()).contains(Sequences.NODEGROUP_REASON);
        assertThat(f.physicalId()).isEmpty();
        assertThat(f.timestamp()).isEqualTo(Instant.parse("2026-11-30T09:00:28Z"));
        assertThat(f.stackName()).isEqualTo("my-cluster-stack");
        assertThat(f.stackId()).isEqualTo(t.id());
        assertThat(f.nestedStackPath()).isEmpty();
        assertThat(f.summary())
                .isEqualTo("NodeGroup (AWS::EKS::Nodegroup) CREATE_FAILED: " + Sequences.NODEGROUP_REASON);
    }

    @Test
    void updateFailure_isTheLatestUpdatesService_andOnlyThatOperationsEventsAreRead() {
        Timeline t = Sequences.updateFailureWithHistory();
        Server server = new Server().with(t);

        StackFailure f = FirstFailure.find(server, t.name()).orElseThrow();

        assertThat(f.logicalId()).isEqualTo("WebService");
        assertThat(f.resourceType()).isEqualTo("AWS::ECS::Service");
        assertThat(f.status()).isEqualTo("UPDATE_FAILED");
        assertThat(f.statusReason()).contains(Sequences.SERVICE_REASON);
        assertThat(f.physicalId()).contains("arn:aws:ecs:us-east-1:123456789012:service/deepdive/web");
        // the latest update is the newest 12 of 28 events: its UPDATE_IN_PROGRESS is the 12th
        assertThat(t.newestFirst().size()).isEqualTo(28);
        assertThat(server.read.get()).isEqualTo(12);
    }

    @Test
    void nestedFailure_isFollowedIntoTheNestedStackByItsPhysicalId() {
        Timeline parent = Sequences.nestedParent();
        Timeline network = Sequences.nestedNetwork();
        Server server = new Server().with(parent).with(network);

        StackFailure f = FirstFailure.find(server, parent.name()).orElseThrow();

        assertThat(f.logicalId()).isEqualTo("PrivateSubnet2");
        assertThat(f.resourceType()).isEqualTo("AWS::EC2::Subnet");
        assertThat(f.status()).isEqualTo("CREATE_FAILED");
        assertThat(f.statusReason()).contains(Sequences.SUBNET_REASON);
        assertThat(f.stackName()).isEqualTo("platform-Network-1A2B3C4D5E6F");
        assertThat(f.stackId()).isEqualTo(Sequences.networkId());
        assertThat(f.nestedStackPath()).containsExactly("Network");
        assertThat(f.summary()).endsWith("[in nested stack Network]");
        assertThat(server.asked).containsExactly("platform", Sequences.networkId());
    }

    @Test
    void nestedTwoLevelsDeep_namesBothNestedStackResourcesOnThePath() {
        Timeline root = Timeline.of("shop", "0f0e0d0c-3a3b-11ef-8c8d-0e0f1a1b1c1d", "2026-11-30T14:00:00Z");
        Timeline app =
                Timeline.of("shop-App-2B3C4D5E6F7G", "1f1e1d1c-3a3b-11ef-8c8d-0e0f1a1b1c1d", "2026-11-30T14:00:02Z");
        Timeline queues = Timeline.of(
                "shop-App-2B3C4D5E6F7G-Queues-3C4D5E6F7G8H",
                "2f2e2d2c-3a3b-11ef-8c8d-0e0f1a1b1c1d",
                "2026-11-30T14:00:04Z");
        queues.stack("CREATE_IN_PROGRESS", "User Initiated").later(1);
        queues.resource(
                        "OrdersDlq",
                        "",
                        "AWS::SQS::Queue",
                        "CREATE_FAILED",
                        "Resource handler returned message:"
                                + " \"Value 5 for parameter maxReceiveCount is invalid.\" (HandlerErrorCode: InvalidRequest)")
                .later(1);
        queues.stack("ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [OrdersDlq].")
                .later(1);
        queues.stack("ROLLBACK_COMPLETE", null);
        app.stack("CREATE_IN_PROGRESS", "User Initiated").later(1);
        app.resource(
                        "Queues",
                        queues.id(),
                        "AWS::CloudFormation::Stack",
                        "CREATE_IN_PROGRESS",
                        "Resource creation Initiated")
                .later(4);
        app.resource(
                        "Queues",
                        queues.id(),
                        "AWS::CloudFormation::Stack",
                        "CREATE_FAILED",
                        "Embedded stack "
                                + queues.id()
                                + " was not successfully created: The following resource(s) failed to create:"
                                + " [OrdersDlq]. ")
                .later(1);
        app.stack("ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [Queues].")
                .later(1);
        app.stack("ROLLBACK_COMPLETE", null);
        root.stack("CREATE_IN_PROGRESS", "User Initiated").later(1);
        root.resource(
                        "App",
                        app.id(),
                        "AWS::CloudFormation::Stack",
                        "CREATE_IN_PROGRESS",
                        "Resource creation Initiated")
                .later(9);
        root.resource(
                        "App",
                        app.id(),
                        "AWS::CloudFormation::Stack",
                        "CREATE_FAILED",
                        "Embedded stack " + app.id()
                                + " was not successfully created: The following resource(s) failed to create: [Queues]. ")
                .later(1);
        root.stack("ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [App].")
                .later(1);
        root.stack("ROLLBACK_COMPLETE", null);

        StackFailure f = FirstFailure.find(new Server().with(root).with(app).with(queues), "shop")
                .orElseThrow();

        assertThat(f.logicalId()).isEqualTo("OrdersDlq");
        assertThat(f.nestedStackPath()).containsExactly("App", "Queues");
        assertThat(f.stackName()).isEqualTo("shop-App-2B3C4D5E6F7G-Queues-3C4D5E6F7G8H");
        assertThat(f.summary()).endsWith("[in nested stack App > Queues]");
    }

    @Test
    void nestedFailure_readsTheNestedOperationThatRanAtTheParentsFailure_notItsLaterDeletion() {
        // the nested stack's newest operation is the deletion by the parent's rollback, which has no failure
        Timeline network = Sequences.nestedNetwork();
        List<StackEvent> op = FirstFailure.latestOperation(network.newestFirst().iterator(), null);
        assertThat(FirstFailure.pick(op)).isEmpty();

        Optional<StackFailure> f =
                FirstFailure.find(new Server().with(Sequences.nestedParent()).with(network), "platform");

        assertThat(f).map(StackFailure::logicalId).contains("PrivateSubnet2");
    }

    @Test
    void nestedStackWhoseEventsShowNoFailure_reportsTheParentsNestedStackEvent() {
        Timeline parent = Sequences.nestedParent();

        StackFailure f =
                FirstFailure.find(new Server().with(parent), parent.name()).orElseThrow();

        assertThat(f.logicalId()).isEqualTo("Network");
        assertThat(f.resourceType()).isEqualTo("AWS::CloudFormation::Stack");
        assertThat(f.physicalId()).contains(Sequences.networkId());
        assertThat(f.statusReason().orElseThrow()).startsWith("Embedded stack " + Sequences.networkId());
        assertThat(f.nestedStackPath()).isEmpty();
    }

    @Test
    void timeout_isTheStacksOwnRollbackReason_notTheCancelledResource() {
        Timeline t = Sequences.createTimeout();

        StackFailure f = FirstFailure.find(new Server().with(t), t.name()).orElseThrow();

        assertThat(f.logicalId()).isEqualTo("batch-stack");
        assertThat(f.resourceType()).isEqualTo("AWS::CloudFormation::Stack");
        assertThat(f.status()).isEqualTo("ROLLBACK_IN_PROGRESS");
        assertThat(f.statusReason())
                .contains("Stack creation time exceeded the specified timeout. Rollback requested by user.");
    }

    @Test
    void deleteFailure_isTheBucket_andTheBlockingResourcesAreListed() {
        Timeline t = Sequences.deleteFailure();
        Server server = new Server().with(t);

        StackFailure f = FirstFailure.find(server, t.name()).orElseThrow();

        assertThat(f.logicalId()).isEqualTo("LogBucket");
        assertThat(f.status()).isEqualTo("DELETE_FAILED");
        assertThat(f.physicalId()).contains("logs-stack-logbucket-1x2y3z4w5v6u");
        assertThat(FirstFailure.failedDeletions(server, t.id())).containsExactly("LogBucket");
    }

    @Test
    void noFailure_inTheLatestOperation_isEmpty_evenWhenAnOlderOneFailed() {
        Timeline t = Sequences.updatedFineAfterAFailure();

        assertThat(FirstFailure.find(new Server().with(t), t.name())).isEmpty();
    }

    @Test
    void createComplete_hasNoFailure() {
        Timeline t = Timeline.of("ok-stack", "0a0b0c0d-1e1f-11ef-8a8b-0c0d0e0f1a1b", "2026-11-30T12:00:00Z");
        t.stack("CREATE_IN_PROGRESS", "User Initiated").later(1);
        t.resource("Logs", "", "AWS::Logs::LogGroup", "CREATE_IN_PROGRESS", null)
                .later(1);
        t.resource("Logs", "ok-stack-Logs-1a2b3c", "AWS::Logs::LogGroup", "CREATE_COMPLETE", null)
                .later(1);
        t.stack("CREATE_COMPLETE", null);

        assertThat(FirstFailure.find(new Server().with(t), t.name())).isEmpty();
    }

    @Test
    void aNestedStackResourceNamedLikeItsStack_isNotTakenForTheStacksOwnStart() {
        Timeline t = Timeline.of("app", "1b2c3d4e-2f3a-11ef-9b8c-0d1e2f3a4b5c", "2026-11-30T13:00:00Z");
        String inner = Timeline.stackId("app-app-9Z8Y7X6W5V4U", "2c3d4e5f-2f3a-11ef-9b8c-0d1e2f3a4b5c");
        t.stack("CREATE_IN_PROGRESS", "User Initiated").later(1);
        t.resource("app", inner, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null)
                .later(1);
        t.resource("Worker", "", "AWS::Lambda::Function", "CREATE_COMPLETE", null)
                .later(1);
        t.stack("CREATE_COMPLETE", null).later(100);
        t.stack("UPDATE_IN_PROGRESS", "User Initiated").later(1);
        t.resource(
                        "Worker",
                        "app-Worker-1q2w3e",
                        "AWS::Lambda::Function",
                        "UPDATE_FAILED",
                        "Resource handler returned message: \"Unzipped size must be smaller than 262144000 bytes\"")
                .later(1);
        t.stack("UPDATE_ROLLBACK_IN_PROGRESS", "The following resource(s) failed to update: [Worker].")
                .later(1);
        t.resource("app", inner, "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS", null)
                .later(1);
        t.resource("app", inner, "AWS::CloudFormation::Stack", "UPDATE_COMPLETE", null)
                .later(1);
        t.stack("UPDATE_ROLLBACK_COMPLETE", null);

        assertThat(FirstFailure.find(new Server().with(t), t.name()))
                .map(StackFailure::logicalId)
                .contains("Worker");
    }

    @Test
    void eventsWithoutAStart_areReadWhole() {
        // a history older than the events CloudFormation keeps: the latest start is gone
        Timeline t = Sequences.createFailureWithRollback();
        List<StackEvent> withoutStart =
                t.newestFirst().subList(0, t.newestFirst().size() - 1);

        Optional<StackFailure> f = FirstFailure.find(s -> withoutStart.stream(), t.name());

        assertThat(f).map(StackFailure::logicalId).contains("NodeGroup");
    }
}
