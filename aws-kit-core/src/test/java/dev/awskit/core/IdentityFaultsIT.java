package dev.awskit.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code aws.identity()} when STS throttles or refuses: what no server we run does on demand, so a
 * WireMock fake speaks STS's Query protocol (the error body of
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html in the Query format
 * {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}). The
 * happy path runs against moto in {@link IdentityIT}.
 */
class IdentityFaultsIT {
    private static final String OK =
            """
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult>
                <Arn>arn:aws:iam::123456789012:user/admin</Arn>
                <UserId>AIDAJQABLZS4A3QDU576Q</UserId>
                <Account>123456789012</Account>
              </GetCallerIdentityResult>
              <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
            </GetCallerIdentityResponse>""";

    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private static String itEndpoint() {
        String e = System.getenv("AWSKIT_IT_ENDPOINT");
        return e == null || e.isBlank() ? null : e.trim();
    }

    private AwsKit kit(RetryPolicy policy) {
        String it = itEndpoint();
        AwsKit.Builder b =
                AwsKit.builder().environment(Map.of("HOME", "/nonexistent")).retryPolicy(policy);
        if (it != null) {
            Map<String, String> env = System.getenv();
            return b.region(env.getOrDefault("AWS_REGION", "us-east-1"))
                    .credentials(
                            env.getOrDefault("AWS_ACCESS_KEY_ID", "test"),
                            env.getOrDefault("AWS_SECRET_ACCESS_KEY", "test"))
                    .endpoint(it)
                    .build();
        }
        return b.region("us-east-1")
                .credentials("awskit-test-key", "test-secret")
                .endpoint("http://127.0.0.1:" + wm.port())
                .build();
    }

    private static RetryPolicy fast() {
        return RetryPolicy.builder()
                .maxAttempts(3)
                .baseDelay(java.time.Duration.ofMillis(1))
                .maxDelay(java.time.Duration.ofMillis(5))
                .build();
    }

    @Test
    void identity_whenThrottledOnce_isRetriedBySdk() {
        org.junit.jupiter.api.Assumptions.assumeTrue(itEndpoint() == null, "fault injection needs the WireMock stubs");
        wm.stubFor(post(urlEqualTo("/"))
                .inScenario("throttle")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(
                        aResponse()
                                .withStatus(400)
                                .withHeader("Content-Type", "text/xml")
                                .withBody(
                                        """
                        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                          <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
                          <RequestId>r-1</RequestId>
                        </ErrorResponse>"""))
                .willSetStateTo("ok"));
        wm.stubFor(post(urlEqualTo("/"))
                .inScenario("throttle")
                .whenScenarioStateIs("ok")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(OK)));
        try (AwsKit aws = kit(fast())) {
            assertThat(aws.identity().accountId()).isEqualTo("123456789012");
            wm.verify(2, postRequestedFor(urlEqualTo("/")));
        }
    }

    @Test
    void identity_withABadKey_failsOnceNamingProfileRegionAndCode() {
        org.junit.jupiter.api.Assumptions.assumeTrue(itEndpoint() == null, "fault injection needs the WireMock stubs");
        wm.stubFor(
                post(urlEqualTo("/"))
                        .willReturn(
                                aResponse()
                                        .withStatus(403)
                                        .withHeader("Content-Type", "text/xml")
                                        .withBody(
                                                """
                        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                          <Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>
                          <Message>The security token included in the request is invalid.</Message></Error>
                          <RequestId>r-2</RequestId>
                        </ErrorResponse>""")));
        try (AwsKit aws = kit(fast())) {
            assertThatThrownBy(aws::identity)
                    .isInstanceOf(AwsKitException.class)
                    .hasMessage("sts:GetCallerIdentity (profile default, region us-east-1) failed:"
                            + " InvalidClientTokenId (403): The security token included in the request is invalid")
                    .satisfies(e -> {
                        assertThat(((AwsKitException) e).retryable()).isFalse();
                        assertThat(((AwsKitException) e).requestId()).contains("r-2");
                    });
            wm.verify(1, postRequestedFor(urlEqualTo("/")));
        }
    }
}
