package dev.awskit.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.RetryPolicy;
import dev.awskit.testing.FaultProxy;
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
 * Every read of a stack through {@link FaultProxy} in front of moto (or {@code AWSKIT_IT_ENDPOINT}):
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

        int answered = 0;
        int failed = 0;
        try (FaultProxy proxy = FaultProxy.builder(target.endpoint())
                        .seed(20261203L)
                        .fault(FaultProxy.Fault.THROTTLE, 0.04)
                        .fault(FaultProxy.Fault.ERROR_500, 0.04)
                        .fault(FaultProxy.Fault.RESET_BEFORE, 0.03)
                        .fault(FaultProxy.Fault.RESET_AFTER, 0.02)
                        .fault(FaultProxy.Fault.CUT_BODY, 0.02)
                        .start();
                AwsKit kit = target.withEndpoint(proxy.endpoint())
                        .kitBuilder()
                        .retryPolicy(RetryPolicy.builder()
                                .baseDelay(Duration.ofMillis(10))
                                .maxDelay(Duration.ofMillis(50))
                                .build())
                        .build()) {
            CloudFormationStack stack = Stacks.of(kit).stack(name);
            for (int i = 0; i < 40; i++) {
                try {
                    assertThat(stack.status()).isEqualTo(StackStatus.CREATE_COMPLETE);
                    assertThat(stack.events().map(StackEvent::eventId).collect(Collectors.toList()))
                            .isEqualTo(expected);
                    assertThat(stack.firstFailure()).isEmpty();
                    assertThat(stack.awaitComplete(Duration.ofSeconds(30)).status())
                            .isEqualTo("CREATE_COMPLETE");
                    answered++;
                } catch (AwsKitException e) {
                    assertThat(e.getMessage()).contains(name).contains(target.region());
                    failed++;
                }
            }
            System.out.println("[StacksFaultsIT] " + answered + " answered, " + failed + " failed; " + proxy);
            assertThat(proxy.injected()).isPositive();
        }
        assertThat(answered).isPositive();
    }
}
