package dev.awskit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.awskit.testing.FaultProxy;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.UsesServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * {@code RequestCountIT}'s counts on a real STS/IAM server (moto, or {@code AWSKIT_IT_ENDPOINT}):
 * the throttling comes from {@link FaultProxy} in front of it (no server throttles on demand), the
 * rest of the answers from the server itself. It lives in aws-kit-testing because aws-kit-core
 * cannot depend on the module that holds FaultProxy.
 */
@UsesServer(Service.STS)
class RequestCountOnMotoIT {

    private static AwsKit kit(Target target, RetryPolicy policy) {
        AwsKit.Builder b = target.kitBuilder().environment(Map.of("HOME", "/nonexistent"));
        return (policy == null ? b : b.retryPolicy(policy)).build();
    }

    private static RetryPolicy.Builder quick() {
        return RetryPolicy.builder().baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5));
    }

    private static String who(Target target) {
        return "sts:GetCallerIdentity (profile default, region " + target.region() + ") failed";
    }

    private static AwsKitException throttledIdentity(Target target, RetryPolicy policy, FaultProxy proxy) {
        try (AwsKit aws = kit(target.withEndpoint(proxy.endpoint()), policy)) {
            Throwable t = catchThrowable(aws::identity);
            assertThat(t).isInstanceOf(AwsKitException.class);
            return (AwsKitException) t;
        }
    }

    @Test
    void identity_throttledInFrontOfTheServer_makesExactlyThePolicysAttempts(Target target) {
        for (int attempts : new int[] {1, 3}) {
            try (FaultProxy proxy = FaultProxy.alwaysThrottle(target.endpoint())) {
                AwsKitException e =
                        throttledIdentity(target, quick().maxAttempts(attempts).build(), proxy);
                assertThat(proxy.requests())
                        .as("requests for maxAttempts(%d)", attempts)
                        .isEqualTo(attempts);
                assertThat(e.attempts()).isEqualTo(attempts);
                assertThat(e)
                        .hasMessage(who(target) + (attempts > 1 ? " after " + attempts + " attempts" : "")
                                + ": Throttling (400): Rate exceeded");
            }
        }
        try (FaultProxy proxy = FaultProxy.alwaysThrottle(target.endpoint())) {
            AwsKitException e = throttledIdentity(target, null, proxy);
            assertThat(proxy.requests()).as("requests for the default policy").isEqualTo(5);
            assertThat(e.attempts()).isEqualTo(5);
        }
    }

    @Test
    void identity_whenTheServerAnswers_isOneRequest_andAClientErrorIsNeverRetried(Target target) {
        try (FaultProxy proxy = FaultProxy.builder(target.endpoint()).start();
                AwsKit aws = kit(target.withEndpoint(proxy.endpoint()), null)) {
            assertThat(aws.identity().accountId()).matches("\\d{12}");
            assertThat(aws.identity().accountId()).matches("\\d{12}");
            assertThat(proxy.requests()).as("identity() twice").isEqualTo(1);
            // the server's own NoSuchEntity (404): not retryable, so one request under 5 attempts
            Throwable t = catchThrowable(() ->
                    aws.client(IamClient.class).getUser(r -> r.userName("awskit-no-such-user-" + System.nanoTime())));
            assertThat(t).isInstanceOf(NoSuchEntityException.class);
            assertThat(proxy.requests())
                    .as("identity() twice, then one GetUser")
                    .isEqualTo(2);
        }
    }
}
