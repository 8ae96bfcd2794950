package dev.awskit.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.testing.FaultProxy;
import dev.awskit.testing.FaultRounds;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * Every read of a stack through {@link FaultProxy} (in the loop of {@link FaultRounds}) in front of moto (or {@code AWSKIT_IT_ENDPOINT}):
 * CloudFormation's own Throttling body, 500s, resets before and after the server acted, bodies cut
 * half-way. Each call returns what the server holds, or fails as an {@link AwsKitException}, never as a
 * raw SDK exception.
 */
@UsesServer(Service.CLOUDFORMATION)
class StacksFaultsIT {
    @Test
    void reads_throughFifteenPercentFaults_returnTheServersAnswerOrAnAwsKitException(
            AwsKit aws, Target target, TestResources res) {
        String name = res.name();
        CloudFormationClient cf = aws.client(CloudFormationClient.class);
        cf.createStack(r -> r.stackName(name).templateBody(String.format(StacksMotoIT.GOOD, name)));
        res.afterwards(() -> cf.deleteStack(r -> r.stackName(name)));
        Stacks.of(aws).stack(name).awaitComplete(Duration.ofMinutes(10));
        List<String> expected =
                Stacks.of(aws).stack(name).events().map(StackEvent::eventId).collect(Collectors.toList());

        FaultRounds.through(target, p -> p.seed(20261203L)
                        .fault(FaultProxy.Fault.THROTTLE, 0.04)
                        .fault(FaultProxy.Fault.ERROR_500, 0.04)
                        .fault(FaultProxy.Fault.RESET_BEFORE, 0.03)
                        .fault(FaultProxy.Fault.RESET_AFTER, 0.02)
                        .fault(FaultProxy.Fault.CUT_BODY, 0.02))
                .retryDelays(Duration.ofMillis(10), Duration.ofMillis(50))
                .run("StacksFaultsIT", 40, (kit, round) -> {
                    CloudFormationStack stack = Stacks.of(kit).stack(name);
                    try {
                        assertThat(stack.status()).isEqualTo(StackStatus.CREATE_COMPLETE);
                        assertThat(stack.events().map(StackEvent::eventId).collect(Collectors.toList()))
                                .isEqualTo(expected);
                        assertThat(stack.firstFailure()).isEmpty();
                        assertThat(stack.awaitComplete(Duration.ofSeconds(30)).status())
                                .isEqualTo("CREATE_COMPLETE");
                        return true;
                    } catch (AwsKitException e) {
                        assertThat(e.getMessage()).contains(name).contains(target.region());
                        return false;
                    }
                });
    }
}
