package dev.awskit.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.WaitTimeoutException;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * Stacks against the shared moto_server (or {@code AWSKIT_IT_ENDPOINT}), with resources moto's
 * CloudFormation supports: {@code AWS::Logs::LogGroup}, {@code AWS::EC2::VPC}, {@code AWS::EC2::Subnet}.
 *
 * <p>Where moto differs from CloudFormation (moto 5.2.1): it records only the stack's own events (no
 * resource events), creates resources inside CreateStack, and a resource that fails there fails the
 * CreateStack call itself (here {@code InvalidVpcID.NotFound}) and leaves the stack in {@code
 * CREATE_IN_PROGRESS} for ever: no {@code CREATE_FAILED} event, no rollback, no {@code ROLLBACK_COMPLETE}.
 * The failing-template test asserts moto's behaviour on moto and CloudFormation's everywhere else; the
 * failed, rolled-back and nested event sequences, paged events and deleting failed stacks are covered by
 * {@link StacksFakeIT}, a fake that follows the API reference.
 */
@UsesServer(Service.CLOUDFORMATION)
class StacksMotoIT {
    static final String GOOD = "{\"Resources\": {"
            + "\"AppLogs\": {\"Type\": \"AWS::Logs::LogGroup\", \"Properties\": {\"LogGroupName\": \"%s\","
            + " \"RetentionInDays\": 7}},"
            + "\"Vpc\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": {\"CidrBlock\": \"10.42.0.0/16\"}}}}";

    /** A subnet in a VPC that does not exist: CloudFormation fails the Subnet resource and rolls back. */
    static final String MISSING_VPC = "vpc-0aaaaaaaaaaaaaaa1";

    static final String FAILS = "{\"Resources\": {"
            + "\"AppLogs\": {\"Type\": \"AWS::Logs::LogGroup\", \"Properties\": {\"LogGroupName\": \"%s\"}},"
            + "\"Subnet\": {\"Type\": \"AWS::EC2::Subnet\", \"Properties\": {\"VpcId\": \"" + MISSING_VPC + "\","
            + " \"CidrBlock\": \"10.43.1.0/24\"}}}}";

    static void deleteAfterwards(AwsKit aws, TestResources res, String name) {
        res.afterwards(() -> aws.client(CloudFormationClient.class).deleteStack(r -> r.stackName(name)));
    }

    @Test
    void aCreatedStack_existsIsComplete_hasNoFailure_andIsNotDeletedAsFailed(
            AwsKit aws, Target target, TestResources res) {
        String name = res.name();
        CloudFormationClient cf = aws.client(CloudFormationClient.class);
        String id = cf.createStack(r -> r.stackName(name).templateBody(String.format(GOOD, name)))
                .stackId();
        deleteAfterwards(aws, res, name);
        CloudFormationStack stack = Stacks.of(aws).stack(name);

        StackReport done = stack.awaitComplete(Duration.ofMinutes(10));

        assertThat(done.status()).isEqualTo("CREATE_COMPLETE");
        assertThat(done.stackId()).isEqualTo(id);
        assertThat(done.region()).isEqualTo(target.region());
        assertThat(stack.exists()).isTrue();
        assertThat(stack.status()).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(stack.firstFailure()).isEmpty();
        List<StackEvent> events = stack.events().collect(Collectors.toList());
        // newest first: the stack's own CREATE_COMPLETE, oldest its own CREATE_IN_PROGRESS (User Initiated)
        assertThat(events.get(0).logicalResourceId()).isEqualTo(name);
        assertThat(events.get(0).resourceStatusAsString()).isEqualTo("CREATE_COMPLETE");
        StackEvent oldest = events.get(events.size() - 1);
        assertThat(oldest.logicalResourceId()).isEqualTo(name);
        assertThat(oldest.physicalResourceId()).isEqualTo(id);
        assertThat(oldest.resourceStatusAsString()).isEqualTo("CREATE_IN_PROGRESS");

        IllegalStateException refused = catchThrowableOfType(IllegalStateException.class, stack::deleteFailed);

        assertThat(refused)
                .hasMessageStartingWith("Stack " + name + " (" + target.region() + ") is CREATE_COMPLETE: a live"
                        + " stack, not a failed creation or deletion.");
        assertThat(stack.exists()).isTrue();
    }

    @Test
    void aDeletedStack_isGoneByName_andDeleteCompleteByItsId(AwsKit aws, TestResources res) {
        String name = res.name();
        CloudFormationClient cf = aws.client(CloudFormationClient.class);
        String id = cf.createStack(r -> r.stackName(name).templateBody(String.format(GOOD, name)))
                .stackId();
        deleteAfterwards(aws, res, name);
        Stacks.of(aws).stack(name).awaitComplete(Duration.ofMinutes(10));

        cf.deleteStack(r -> r.stackName(name));
        StackReport deleted = Stacks.of(aws).stack(id).awaitComplete(Duration.ofMinutes(10));

        assertThat(deleted.status()).isEqualTo("DELETE_COMPLETE");
        assertThat(Stacks.of(aws).stack(name).exists()).isFalse();
        assertThat(Stacks.of(aws).stack(id).exists()).isFalse();
        assertThat(Stacks.of(aws).stack(id).status()).isEqualTo(StackStatus.DELETE_COMPLETE);
        StackDeleteReport again = Stacks.of(aws).stack(id).deleteFailed();
        assertThat(again.deleted()).isFalse();
        assertThat(again.statusBefore()).contains("DELETE_COMPLETE");
    }

    @Test
    void aTemplateThatFailsOnASubnetInAMissingVpc(AwsKit aws, Target target, TestResources res) {
        String name = res.name();
        CloudFormationClient cf = aws.client(CloudFormationClient.class);
        Throwable created =
                catchThrowable(() -> cf.createStack(r -> r.stackName(name).templateBody(String.format(FAILS, name))));
        deleteAfterwards(aws, res, name);
        CloudFormationStack stack = Stacks.of(aws).stack(name);

        if (target.kind() == Target.Kind.LOCAL_EMULATOR) {
            // moto: CreateStack itself fails and the stack stays CREATE_IN_PROGRESS with no resource event
            assertThat(created)
                    .isInstanceOf(AwsServiceException.class)
                    .hasMessageStartingWith("VpcID " + MISSING_VPC + " does not exist.");
            assertThat(((AwsServiceException) created).awsErrorDetails().errorCode())
                    .isEqualTo("InvalidVpcID.NotFound");
            assertThat(stack.status()).isEqualTo(StackStatus.CREATE_IN_PROGRESS);
            assertThat(stack.firstFailure()).isEmpty();
            WaitTimeoutException timedOut =
                    catchThrowableOfType(WaitTimeoutException.class, () -> stack.awaitComplete(Duration.ofMillis(500)));
            assertThat(timedOut.getMessage())
                    .contains("waiting for stack " + name + " (" + target.region() + ") to finish its operation;"
                            + " last seen: CREATE_IN_PROGRESS");
            IllegalStateException refused = catchThrowableOfType(IllegalStateException.class, stack::deleteFailed);
            assertThat(refused)
                    .hasMessage("Stack " + name + " (" + target.region() + ") is CREATE_IN_PROGRESS: an operation is in"
                            + " progress. Wait for it (awaitComplete()), then call deleteFailed() if it failed.");
            return;
        }
        // CloudFormation: the subnet fails, the stack rolls back, deleteFailed removes it
        assertThat(created).isNull();
        StackFailedException failed =
                catchThrowableOfType(StackFailedException.class, () -> stack.awaitComplete(Duration.ofMinutes(15)));
        assertThat(failed.status()).isEqualTo("ROLLBACK_COMPLETE");
        StackFailure first = failed.firstFailure().orElseThrow();
        assertThat(first.logicalId()).isEqualTo("Subnet");
        assertThat(first.resourceType()).isEqualTo("AWS::EC2::Subnet");
        assertThat(first.status()).isEqualTo("CREATE_FAILED");
        assertThat(first.statusReason().orElseThrow()).contains(MISSING_VPC);
        assertThat(failed).hasMessageContaining("; first failure: Subnet (AWS::EC2::Subnet) CREATE_FAILED: ");
        assertThat(stack.firstFailure()).contains(first);

        StackDeleteReport r = stack.deleteFailed();

        assertThat(r.deleted()).isTrue();
        assertThat(r.statusBefore()).contains("ROLLBACK_COMPLETE");
        assertThat(stack.exists()).isFalse();
    }

    @Test
    void aStackThatDoesNotExist_isAValueForExistsAndDeleteFailed_andAnErrorForTheRest(
            AwsKit aws, Target target, TestResources res) {
        String name = res.name();
        CloudFormationStack stack = Stacks.of(aws).stack(name);

        assertThat(stack.exists()).isFalse();
        StackDeleteReport r = stack.deleteFailed();
        assertThat(r.deleted()).isFalse();
        assertThat(r.statusBefore()).isEmpty();
        assertThat(r.stackId()).isEmpty();

        AwsKitException status = catchThrowableOfType(AwsKitException.class, stack::status);
        assertThat(status)
                .hasMessage("Stack " + name + " does not exist in " + target.region() + ". List the stacks with aws"
                        + " cloudformation list-stacks; a deleted stack is reached by its stack id"
                        + " (arn:aws:cloudformation:...:stack/<name>/<uuid>).");
        AwsKitException events =
                catchThrowableOfType(AwsKitException.class, () -> stack.events().findFirst());
        assertThat(events)
                .hasMessageStartingWith("DescribeStackEvents " + name + " failed in region " + target.region()
                        + ": ValidationError (400): ")
                .hasMessageContaining(name)
                .hasMessageEndingWith(". Check the stack name (aws cloudformation list-stacks); a deleted stack's"
                        + " events are reached by its stack id");
    }
}
