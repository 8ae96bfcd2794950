package dev.awskit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsErrorsTest {

    static AwsServiceException service(String code, int status, String message) {
        return AwsServiceException.builder()
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .build())
                .statusCode(status)
                .message(message)
                .requestId("req-1")
                .build();
    }

    @ParameterizedTest(name = "{0} {1} \"{2}\" -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                // code | status | message | kind
                "Throttling|400|Rate exceeded|throttling",
                "ThrottlingException|400|Rate exceeded|throttling",
                "ProvisionedThroughputExceededException|400|Rate exceeded for shard|throttling",
                "SlowDown|503|Please reduce your request rate.|throttling",
                "RequestLimitExceeded|503|Request limit exceeded.|throttling",
                "TooManyRequestsException|429|Too many requests|throttling",
                "LimitExceededException|400|Rate exceeded|throttling",
                "LimitExceeded|409|Cannot exceed quota for AccessKeysPerUser: 2|none",
                "LimitExceededException|400|Resource limit exceeded: 100 concurrent queries|none",
                "InternalError|500|We encountered an internal error.|server",
                "ServiceUnavailable|503|Service is unavailable|server",
                "Unknown|502|Bad gateway|server",
                "Unknown|504|Gateway timeout|server",
                "RequestTimeTooSkewed|403|The difference between the request time and the current time is too large.|skew",
                "InvalidSignatureException|400|Signature expired: 20260101T000000Z is now earlier than ...|skew",
                "InvalidSignatureException|400|The request signature we calculated does not match|none",
                "NoSuchBucket|404|The specified bucket does not exist|none",
                "AccessDenied|403|Access Denied|none",
            })
    void classification_ofServiceErrors(String code, int status, String message, String kind) {
        AwsServiceException e = service(code, status, message);
        assertThat(AwsErrors.isThrottling(e)).as("throttling").isEqualTo(kind.equals("throttling"));
        // SlowDown and RequestLimitExceeded arrive as 503: both throttling and a server error
        assertThat(AwsErrors.isServerError(e))
                .as("server")
                .isEqualTo(kind.equals("server")
                        || java.util.Set.of(500, 502, 503, 504).contains(status));
        assertThat(AwsErrors.isClockSkew(e)).as("skew").isEqualTo(kind.equals("skew"));
        assertThat(AwsErrors.isTransientIo(e))
                .as("service errors are never transient I/O")
                .isFalse();
        assertThat(AwsErrors.isRetryable(e)).isEqualTo(!kind.equals("none"));
    }

    @org.junit.jupiter.api.Test
    void transientIo_responseCutMidBody_isRetryable_thoughTheSdkDoesNotRetryIt() {
        // what the SDK throws when a 200 CopyObject answer is cut half-way (FaultProxy CUT_BODY on moto)
        SdkClientException xml = SdkClientException.builder()
                .message("Could not parse XML response.")
                .cause(new IllegalStateException("ParseError at [row,col]:[1,97]"))
                .build();
        assertThat(xml.retryable()).isFalse();
        assertThat(AwsErrors.isTransientIo(xml)).isTrue();
        assertThat(AwsErrors.isRetryable(xml)).isTrue();
        SdkClientException json = SdkClientException.builder()
                .message("Unable to unmarshall response (Unexpected end-of-input). Response Code: 200")
                .build();
        assertThat(AwsErrors.isRetryable(json)).isTrue();
        SdkClientException other = SdkClientException.builder()
                .message("Unable to load credentials from any of the providers")
                .build();
        assertThat(AwsErrors.isRetryable(other)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void transientIo_connectionResetInsideClientException_isRetryable() {
        SdkClientException e = SdkClientException.builder()
                .message("Unable to execute HTTP request: Connection reset")
                .cause(new SocketException("Connection reset"))
                .build();
        assertThat(AwsErrors.isTransientIo(e)).isTrue();
        assertThat(AwsErrors.isRetryable(e)).isTrue();
        assertThat(AwsErrors.isRetryable(new java.io.UncheckedIOException(new IOException("broken pipe"))))
                .isTrue();
    }

    @org.junit.jupiter.api.Test
    void plainBugs_areNotRetryable() {
        assertThat(AwsErrors.isRetryable(new IllegalArgumentException("bad"))).isFalse();
        assertThat(AwsErrors.isRetryable(new NullPointerException())).isFalse();
    }

    @org.junit.jupiter.api.Test
    void notFoundAndAccessDenied_areRecognised() {
        assertThat(AwsErrors.isNotFound(service("NoSuchKey", 404, "The specified key does not exist.")))
                .isTrue();
        assertThat(AwsErrors.isNotFound(service("RepositoryNotFoundException", 400, "no repo")))
                .isTrue();
        assertThat(AwsErrors.isAccessDenied(service("AccessDeniedException", 400, "not authorized")))
                .isTrue();
        assertThat(AwsErrors.isAccessDenied(service("UnauthorizedOperation", 403, "no")))
                .isTrue();
        assertThat(AwsErrors.isNotFound(service("SlowDown", 503, "slow"))).isFalse();
    }

    @org.junit.jupiter.api.Test
    void isNotFound_whenCloudFormationSaysTheStackDoesNotExist_isTrue() {
        // DescribeStacks on an unknown stack: HTTP 400, code ValidationError (AWS CloudFormation API
        // Reference, DescribeStacks and Common Errors), not a *NotFound code
        assertThat(AwsErrors.isNotFound(service("ValidationError", 400, "Stack with id my-stack does not exist")))
                .isTrue();
        assertThat(AwsErrors.isNotFound(service("ValidationError", 400, "Template format error: unresolved")))
                .isFalse();
        assertThat(AwsErrors.isNotFound(service("ValidationException", 400, "Stack with id x does not exist")))
                .as("only CloudFormation's ValidationError code")
                .isFalse();
    }

    @org.junit.jupiter.api.Test
    void describe_neverEndsWithAPeriod_soACallerThatEndsItsSentenceWritesOnlyOne() {
        AwsServiceException e = service("NoSuchKey", 404, "The specified key does not exist.");
        assertThat(AwsErrors.describe(e)).isEqualTo("NoSuchKey (404): The specified key does not exist");
        assertThat("GetObject a.txt failed: " + AwsErrors.describe(e) + ". Check the key.")
                .isEqualTo("GetObject a.txt failed: NoSuchKey (404): The specified key does not exist. Check the key.");
        assertThat(AwsErrors.describe(new IOException("stream closed.. \n"))).isEqualTo("IOException: stream closed");
        assertThat(AwsErrors.describe(new IOException("waiting...")))
                .as("an ellipsis is the message's own")
                .isEqualTo("IOException: waiting...");
        assertThat(AwsErrors.describe(new IOException("."))).isEqualTo("IOException");
    }

    @org.junit.jupiter.api.Test
    void describe_includesCodeStatusAndMessage() {
        assertThat(AwsErrors.describe(service("SlowDown", 503, "Please reduce your request rate.")))
                .isEqualTo("SlowDown (503): Please reduce your request rate");
        assertThat(AwsErrors.describe(new SocketException("Connection reset")))
                .isEqualTo("SocketException: Connection reset");
        assertThat(AwsErrors.requestId(service("X", 500, "m"))).contains("req-1");
    }
}
