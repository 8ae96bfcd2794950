package dev.awskit.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Counts the HTTP requests behind {@code kit.identity()} against an STS that always throttles: one
 * retry owner for a single call (the SDK's strategy, configured from the kit's policy), so the
 * count is the policy's {@code maxAttempts}, never its square, and {@link AwsKitException#attempts()}
 * says so.
 *
 * <p>The fake speaks STS's Query protocol. Its error body is the Query API error response
 * ({@code <ErrorResponse><Error><Type>Sender</Type><Code>...</Code><Message>...</Message></Error>
 * <RequestId>...</RequestId></ErrorResponse>}, HTTP 400) with the throttling code of STS's common
 * errors: https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html and
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html (the Query error
 * format STS shares). No server we run throttles on demand, hence WireMock here; the same counts on
 * moto's STS behind {@code FaultProxy.alwaysThrottle}, and a client error moto itself returns, are
 * checked by {@code RequestCountOnMotoIT} in aws-kit-testing (aws-kit-core cannot use FaultProxy).
 */
class RequestCountIT {
    private static final String THROTTLED =
            """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
              <RequestId>5f0c7e2a-0000-4000-8000-000000000001</RequestId>
            </ErrorResponse>""";

    private static final String WHO = "sts:GetCallerIdentity (profile default, region us-east-1) failed";

    private WireMockServer sts;

    @BeforeEach
    void start() {
        sts = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        sts.start();
        sts.stubFor(post(urlEqualTo("/"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(THROTTLED)));
    }

    @AfterEach
    void stop() {
        sts.stop();
    }

    private AwsKit kit(RetryPolicy policy) {
        AwsKit.Builder b = AwsKit.builder()
                .environment(Map.of("HOME", "/nonexistent"))
                .region("us-east-1")
                .credentials("awskit-test-key", "test-secret")
                .endpoint("http://127.0.0.1:" + sts.port());
        return (policy == null ? b : b.retryPolicy(policy)).build();
    }

    private static RetryPolicy.Builder quick() {
        return RetryPolicy.builder().baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5));
    }

    private AwsKitException identityFailure(RetryPolicy policy) {
        try (AwsKit aws = kit(policy)) {
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(aws::identity);
            assertThat(t).isInstanceOf(AwsKitException.class);
            return (AwsKitException) t;
        }
    }

    private int requests() {
        return sts.countRequestsMatching(postRequestedFor(urlEqualTo("/")).build())
                .getCount();
    }

    @Test
    void identity_withOneAttempt_makesOneRequest() {
        AwsKitException e = identityFailure(quick().maxAttempts(1).build());
        assertThat(requests()).isEqualTo(1);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.retryable()).isTrue();
        assertThat(e).hasMessage(WHO + ": Throttling (400): Rate exceeded");
    }

    @Test
    void identity_withThreeAttempts_makesThreeRequests_notNine() {
        AwsKitException e = identityFailure(quick().maxAttempts(3).build());
        assertThat(requests()).isEqualTo(3);
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e).hasMessage(WHO + " after 3 attempts: Throttling (400): Rate exceeded");
        assertThat(e.errorCode()).contains("Throttling");
        assertThat(e.requestId()).contains("5f0c7e2a-0000-4000-8000-000000000001");
    }

    @Test
    void identity_withTheDefaultPolicy_makesFiveRequests_not25() {
        AwsKitException e = identityFailure(null);
        assertThat(requests()).isEqualTo(5);
        assertThat(e.attempts()).isEqualTo(5);
        assertThat(e).hasMessage(WHO + " after 5 attempts: Throttling (400): Rate exceeded");
    }

    @Test
    void identity_withPolicyNone_makesOneRequest() {
        AwsKitException e = identityFailure(RetryPolicy.none());
        assertThat(requests()).isEqualTo(1);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e).hasMessage(WHO + ": Throttling (400): Rate exceeded");
    }

    @Test
    void identity_whenThePolicyDoesNotRetryThrottling_theSdkDoesNotEither() {
        AwsKitException e = identityFailure(quick().maxAttempts(4)
                .retryOn(RetryPolicy.Condition.SERVER_ERROR)
                .build());
        assertThat(requests()).isEqualTo(1);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e).hasMessage(WHO + ": Throttling (400): Rate exceeded");
    }

    @Test
    void identity_aUserRetryCondition_reachesTheSdkLayer() {
        // only the custom condition says "retry throttling"; identity() has no kit-level retry, so
        // every request after the first is the SDK's, made because the user's predicate said so
        AwsKitException e = identityFailure(quick().maxAttempts(4)
                .retryOn(RetryPolicy.Condition.SERVER_ERROR)
                .retryIf(
                        t -> AwsErrors.errorCode(t).filter("Throttling"::equals).isPresent())
                .build());
        assertThat(requests()).isEqualTo(4);
        assertThat(e.attempts()).isEqualTo(4);
        assertThat(e).hasMessage(WHO + " after 4 attempts: Throttling (400): Rate exceeded");
    }

    @Test
    void aClientCall_failingThroughTheKit_reportsTheSdkAttempts() {
        // a module that wraps an SDK failure in AwsKitException(message, cause) gets the real count
        try (AwsKit aws = kit(quick().maxAttempts(3).build())) {
            var sdk = aws.client(software.amazon.awssdk.services.sts.StsClient.class);
            assertThatThrownBy(sdk::getCallerIdentity)
                    .isInstanceOf(software.amazon.awssdk.services.sts.model.StsException.class)
                    .satisfies(t -> {
                        AwsKitException wrapped = new AwsKitException("who am I", t);
                        assertThat(wrapped.attempts()).isEqualTo(3);
                    });
        }
        assertThat(requests()).isEqualTo(3);
    }
}
