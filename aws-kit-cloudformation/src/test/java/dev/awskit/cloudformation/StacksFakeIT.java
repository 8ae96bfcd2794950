package dev.awskit.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.awskit.core.AwsKitException;
import dev.awskit.core.WaitTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * What moto cannot show (it records no resource events, never fails or rolls back a stack, and answers
 * DescribeStackEvents in one page): failed stacks with rollback noise, nested stacks, paged events and
 * deleting failed stacks, against {@link FakeCloudFormation} (CloudFormation's query protocol, XML).
 */
class StacksFakeIT {
    FakeCloudFormation fake;
    Stacks stacks;

    @BeforeEach
    void start() {
        fake = new FakeCloudFormation();
        stacks = Stacks.of(fake.kit);
    }

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void firstFailure_ofANestedFailure_isTheNestedStacksResource_inTwoRequests() {
        fake.events(Sequences.nestedParent(), 100);
        fake.events(Sequences.nestedNetwork(), 100);

        StackFailure f = stacks.stack("platform").firstFailure().orElseThrow();

        assertThat(f.summary())
                .isEqualTo("PrivateSubnet2 (AWS::EC2::Subnet) CREATE_FAILED: " + Sequences.SUBNET_REASON
                        + " [in nested stack Network]");
        assertThat(f.stackId()).isEqualTo(Sequences.networkId());
        assertThat(fake.requests("DescribeStackEvents")).hasSize(2);
        assertThat(fake.requests("DescribeStackEvents").get(1).getBodyAsString())
                .contains("StackName=" + FakeCloudFormation.form(Sequences.networkId()));
    }

    @Test
    void firstFailure_readsOnlyThePagesBackToTheLatestOperation() {
        Timeline t = Sequences.updateFailureWithHistory(); // 28 events; the latest update is the newest 12
        fake.events(t, 5); // 6 pages; the latest update's start is on page 3

        StackFailure f = stacks.stack("web-stack").firstFailure().orElseThrow();

        assertThat(f.logicalId()).isEqualTo("WebService");
        assertThat(f.status()).isEqualTo("UPDATE_FAILED");
        assertThat(fake.requests("DescribeStackEvents")).hasSize(3);
    }

    @Test
    void events_limitN_fetchesOnlyThePagesItConsumes() {
        Timeline t = Sequences.updateFailureWithHistory();
        fake.events(t, 5);

        List<StackEvent> five = stacks.stack("web-stack").events().limit(5).collect(Collectors.toList());

        assertThat(five)
                .extracting(StackEvent::eventId)
                .containsExactlyElementsOf(t.newestFirst().stream()
                        .limit(5)
                        .map(StackEvent::eventId)
                        .collect(Collectors.toList()));
        assertThat(fake.requests("DescribeStackEvents")).hasSize(1);

        List<StackEvent> all = stacks.stack("web-stack").events().collect(Collectors.toList());

        assertThat(all)
                .extracting(StackEvent::eventId)
                .containsExactlyElementsOf(
                        t.newestFirst().stream().map(StackEvent::eventId).collect(Collectors.toList()));
        assertThat(fake.requests("DescribeStackEvents")).hasSize(1 + 6);
    }

    @Test
    void awaitComplete_whenTheCreationRollsBack_throwsWithTheFirstFailureInItsMessage() {
        Timeline t = Sequences.createFailureWithRollback();
        fake.events(t, 100);
        fake.statuses(
                t, "create", "CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE");

        StackFailedException e = catchThrowableOfType(StackFailedException.class, () -> stacks.stack("my-cluster-stack")
                .awaitComplete(Duration.ofSeconds(30)));

        assertThat(e)
                .hasMessage("Stack my-cluster-stack (us-east-1) ended in ROLLBACK_COMPLETE; first failure:"
                        + " NodeGroup (AWS::EKS::Nodegroup) CREATE_FAILED: " + Sequences.NODEGROUP_REASON
                        + ". Fix the cause,"
                        + " delete the failed stack with deleteFailed() (aws cloudformation delete-stack), then create it"
                        + " again.");
        assertThat(e.status()).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(e.stackName()).isEqualTo("my-cluster-stack");
        assertThat(e.firstFailure()).map(StackFailure::logicalId).contains("NodeGroup");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void awaitComplete_whenTheUpdateRollsBack_saysTheStackIsLiveAndNamesTheService() {
        Timeline t = Sequences.updateFailureWithHistory();
        fake.events(t, 5);
        fake.statuses(
                t,
                "update",
                "UPDATE_IN_PROGRESS",
                "UPDATE_ROLLBACK_IN_PROGRESS",
                "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
                "UPDATE_ROLLBACK_COMPLETE");

        StackFailedException e = catchThrowableOfType(
                StackFailedException.class, () -> stacks.stack("web-stack").awaitComplete(Duration.ofSeconds(30)));

        assertThat(e)
                .hasMessage("Stack web-stack (us-east-1) ended in UPDATE_ROLLBACK_COMPLETE; first failure:"
                        + " WebService (AWS::ECS::Service) UPDATE_FAILED: " + Sequences.SERVICE_REASON
                        + ". The stack was"
                        + " rolled back to its previous template and is live; fix the cause and update it again.");
    }

    @Test
    void awaitComplete_whenTheEventsCannotBeRead_stillSaysTheStackFailed() {
        Timeline t = Sequences.createFailureWithRollback();
        fake.statuses(t, "denied", "ROLLBACK_COMPLETE");
        fake.wireMock.stubFor(FakeCloudFormation.action("DescribeStackEvents", t.id())
                .willReturn(FakeCloudFormation.xml(
                        403,
                        "<ErrorResponse xmlns=\"" + FakeCloudFormation.NS + "\"><Error>"
                                + "<Type>Sender</Type><Code>AccessDenied</Code><Message>User:"
                                + " arn:aws:iam::123456789012:user/dev is not authorized to perform:"
                                + " cloudformation:DescribeStackEvents</Message></Error><RequestId>3c1f</RequestId>"
                                + "</ErrorResponse>")));

        StackFailedException e = catchThrowableOfType(StackFailedException.class, () -> stacks.stack("my-cluster-stack")
                .awaitComplete(Duration.ofSeconds(30)));

        assertThat(e)
                .hasMessageStartingWith("Stack my-cluster-stack (us-east-1) ended in ROLLBACK_COMPLETE (its events"
                        + " could not be read: DescribeStackEvents " + t.id() + " failed in region us-east-1:"
                        + " AccessDenied (403): User: arn:aws:iam::123456789012:user/dev is not authorized to perform:"
                        + " cloudformation:DescribeStackEvents.")
                .hasMessageEndingWith("Fix the cause, delete the failed stack with deleteFailed() (aws cloudformation"
                        + " delete-stack), then create it again.");
        assertThat(e.firstFailure()).isEmpty();
    }

    @Test
    void awaitComplete_whenTheUpdateCompletes_returnsTheReport() {
        Timeline t = Sequences.updatedFineAfterAFailure();
        fake.statuses(t, "ok", "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_COMPLETE");

        StackReport r = stacks.stack("queue-stack").awaitComplete(Duration.ofSeconds(30));

        assertThat(r.status()).isEqualTo("UPDATE_COMPLETE");
        assertThat(r.stackId()).isEqualTo(t.id());
        assertThat(r.region()).isEqualTo("us-east-1");
        assertThat(r.polls()).isEqualTo(3);
        assertThat(fake.requests("DescribeStackEvents")).isEmpty();
    }

    @Test
    void awaitComplete_whenStillRunning_timesOutNamingTheStatusLastSeen() {
        Timeline t = Sequences.createFailureWithRollback();
        fake.statuses(t, "slow", "CREATE_IN_PROGRESS");

        WaitTimeoutException e = catchThrowableOfType(WaitTimeoutException.class, () -> stacks.stack("my-cluster-stack")
                .awaitComplete(Duration.ofMillis(300)));

        assertThat(e.getMessage())
                .startsWith("Timed out after ")
                .contains("waiting for stack my-cluster-stack (us-east-1) to finish its operation; last seen:"
                        + " CREATE_IN_PROGRESS. Check the resource, or wait longer with timeout(...).");
    }

    @Test
    void awaitComplete_onAStackThatWaitsForAChangeSet_failsAtOnceSayingSo() {
        Timeline t = Sequences.createFailureWithRollback();
        fake.statuses(t, "review", "REVIEW_IN_PROGRESS");

        AwsKitException e = catchThrowableOfType(
                AwsKitException.class, () -> stacks.stack("my-cluster-stack").awaitComplete(Duration.ofMinutes(5)));

        assertThat(e)
                .isNotInstanceOf(StackFailedException.class)
                .hasMessage("Stack my-cluster-stack (us-east-1) is REVIEW_IN_PROGRESS: it was created by a change set"
                        + " that nobody executed, and no operation will run until one is (aws cloudformation"
                        + " execute-change-set --stack-name my-cluster-stack --change-set-name ...).");
        assertThat(fake.requests("DescribeStacks")).hasSize(1);
    }

    @Test
    void deleteFailed_inRollbackComplete_deletesByStackId_andWaitsForDeleteComplete() {
        Timeline t = Sequences.createFailureWithRollback();
        fake.statuses(t, "delete", "ROLLBACK_COMPLETE", "DELETE_IN_PROGRESS", "DELETE_COMPLETE");
        fake.deleteStack(t.id());

        StackDeleteReport r = stacks.stack("my-cluster-stack").deleteFailed();

        assertThat(r.deleted()).isTrue();
        assertThat(r.statusBefore()).contains("ROLLBACK_COMPLETE");
        assertThat(r.stackId()).contains(t.id());
        assertThat(r.retainedResources()).isEmpty();
        assertThat(fake.requests("DeleteStack")).hasSize(1);
        assertThat(fake.requests("DeleteStack").get(0).getBodyAsString())
                .contains("StackName=" + FakeCloudFormation.form(t.id()))
                .doesNotContain("RetainResources");
    }

    @Test
    void deleteFailed_inDeleteFailed_retainsTheGivenResources_andIgnoresTheOldDeleteFailed() {
        Timeline t = Sequences.deleteFailure();
        String before = "DELETE_FAILED@2026-11-21T12:00:01Z";
        // after DeleteStack, the first answer may still be the previous attempt's DELETE_FAILED
        fake.statuses(t, "retain", before, before, "DELETE_IN_PROGRESS@2026-11-30T15:00:00Z", "DELETE_COMPLETE");
        fake.deleteStack(t.id());

        StackDeleteReport r = stacks.stack("logs-stack").deleteFailed(d -> d.retainResources("LogBucket"));

        assertThat(r.deleted()).isTrue();
        assertThat(r.statusBefore()).contains("DELETE_FAILED");
        assertThat(r.retainedResources()).containsExactly("LogBucket");
        assertThat(fake.requests("DeleteStack").get(0).getBodyAsString())
                .contains("RetainResources.member.1=LogBucket");
        assertThat(fake.requests("DescribeStacks")).hasSize(4);
    }

    @Test
    void deleteFailed_whenTheDeletionFailsAgain_namesTheBlockingResourcesAndHowToRetainThem() {
        Timeline t = Sequences.deleteFailure();
        fake.statuses(t, "again", "ROLLBACK_COMPLETE", "DELETE_IN_PROGRESS", "DELETE_FAILED@2026-11-30T15:00:00Z");
        fake.events(t, 100);
        fake.deleteStack(t.id());

        StackFailedException e = catchThrowableOfType(
                StackFailedException.class, () -> stacks.stack("logs-stack").deleteFailed());

        assertThat(e)
                .hasMessage("Stack logs-stack (us-east-1) ended in DELETE_FAILED; first failure: LogBucket"
                        + " (AWS::S3::Bucket) DELETE_FAILED: " + Sequences.BUCKET_REASON + ". Resources that failed to"
                        + " delete: LogBucket. To delete the stack and leave them in place, call deleteFailed(d ->"
                        + " d.retainResources(\"LogBucket\")) (aws cloudformation delete-stack --retain-resources); delete"
                        + " them yourself afterwards.");
        assertThat(e.status()).isEqualTo("DELETE_FAILED");
    }

    @Test
    void deleteFailed_refusesALiveStackInUpdateRollbackComplete_andSendsNoDelete() {
        Timeline t = Sequences.updateFailureWithHistory();
        fake.statuses(t, "live", "UPDATE_ROLLBACK_COMPLETE");
        fake.deleteStack(t.id());

        IllegalStateException e = catchThrowableOfType(
                IllegalStateException.class, () -> stacks.stack("web-stack").deleteFailed());

        assertThat(e).hasMessageStartingWith("Stack web-stack (us-east-1) is UPDATE_ROLLBACK_COMPLETE: a live stack.");
        assertThat(fake.requests("DeleteStack")).isEmpty();
    }

    @Test
    void deleteFailed_refusesRetainResourcesOutsideDeleteFailed_andSendsNoDelete() {
        Timeline t = Sequences.createFailureWithRollback();
        fake.statuses(t, "retain-refused", "ROLLBACK_COMPLETE");
        fake.deleteStack(t.id());

        IllegalStateException e =
                catchThrowableOfType(IllegalStateException.class, () -> stacks.stack("my-cluster-stack")
                        .deleteFailed(d -> d.retainResources("NodeGroup")));

        assertThat(e)
                .hasMessageStartingWith("Stack my-cluster-stack (us-east-1) is ROLLBACK_COMPLETE: retainResources is"
                        + " accepted only for a stack in DELETE_FAILED");
        assertThat(fake.requests("DeleteStack")).isEmpty();
    }
}
