package dev.awskit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.retries.StandardRetryStrategy;

class RetryPolicyTest {
    private static final RetryPolicy FAST = RetryPolicy.builder()
            .maxAttempts(4)
            .baseDelay(Duration.ofMillis(1))
            .maxDelay(Duration.ofMillis(2))
            .build();

    @Test
    void execute_retriesThrottlingUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String result = FAST.execute("PutRecords to my-event-dev", () -> {
            if (calls.incrementAndGet() < 3) {
                throw AwsErrorsTest.service("ProvisionedThroughputExceededException", 400, "Rate exceeded for shard");
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(3);
    }

    @Test
    void execute_whenRetriesRunOut_reportsAttemptsAndCause() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> FAST.execute("DeleteObjects in my-bucket (us-west-2)", () -> {
                    calls.incrementAndGet();
                    throw AwsErrorsTest.service("SlowDown", 503, "Please reduce your request rate.");
                }))
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("DeleteObjects in my-bucket (us-west-2) failed after 4 attempts in ")
                .hasMessageEndingWith(": SlowDown (503): Please reduce your request rate")
                .satisfies(e -> {
                    AwsKitException k = (AwsKitException) e;
                    assertThat(k.attempts()).isEqualTo(4);
                    assertThat(k.retryable()).isTrue();
                    assertThat(k.errorCode()).contains("SlowDown");
                    assertThat(k.requestId()).contains("req-1");
                });
        assertThat(calls).hasValue(4);
    }

    /** A subtype a module throws from a workflow step (a registry's error, say). */
    static final class StepException extends AwsKitException {
        private static final long serialVersionUID = 1L;

        StepException(String message) {
            super(message, AwsErrorsTest.service("SlowDown", 503, "Please reduce your request rate."), 2, true);
        }
    }

    @Test
    void execute_whenAStepThrowsAnAwsKitSubtype_rethrowsItWithEveryAttemptCounted() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> FAST.execute("PUT blob sha256:ab to registry-2", () -> {
                    calls.incrementAndGet();
                    throw new StepException("registry-2 answered 503 for blob sha256:ab");
                }))
                .isInstanceOf(StepException.class)
                .hasMessage("registry-2 answered 503 for blob sha256:ab")
                .satisfies(e -> assertThat(((AwsKitException) e).attempts()).isEqualTo(8));
        // each try's exception says 2 HTTP attempts (fewer than the policy's 4, so the step is
        // tried 4 times), and the rethrown exception counts all 8
        assertThat(calls).hasValue(4);
    }

    @Test
    void execute_doesNotRetryClientErrors() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> FAST.execute("GetObject my-bucket/a.txt", () -> {
                    calls.incrementAndGet();
                    throw AwsErrorsTest.service("NoSuchKey", 404, "The specified key does not exist.");
                }))
                .isInstanceOf(AwsKitException.class)
                .hasMessage("GetObject my-bucket/a.txt failed: NoSuchKey (404): The specified key does not exist")
                .satisfies(e -> assertThat(((AwsKitException) e).retryable()).isFalse());
        assertThat(calls).hasValue(1);
    }

    @Test
    void execute_passesMisuseThroughUnchanged() {
        IllegalArgumentException bad = new IllegalArgumentException("bucket name 'A' is invalid");
        assertThatThrownBy(() -> FAST.execute("x", () -> {
                    throw bad;
                }))
                .isSameAs(bad);
    }

    @Test
    void none_triesOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> RetryPolicy.none().execute("x", () -> {
                    calls.incrementAndGet();
                    throw AwsErrorsTest.service("Throttling", 400, "Rate exceeded");
                }))
                .isInstanceOf(AwsKitException.class)
                .hasMessage("x failed: Throttling (400): Rate exceeded");
        assertThat(calls).hasValue(1);
    }

    @Test
    void retryIf_addsACustomCondition() {
        RetryPolicy eventual = FAST.toBuilder().retryIf(AwsErrors::isNotFound).build();
        AtomicInteger calls = new AtomicInteger();
        eventual.run("GetUser admin", () -> {
            if (calls.incrementAndGet() == 1) {
                throw AwsErrorsTest.service("NoSuchEntity", 404, "The user with name admin cannot be found.");
            }
        });
        assertThat(calls).hasValue(2);
    }

    @Test
    void maxTotalTime_stopsRetryingEvenWithAttemptsLeft() {
        // the first attempt alone outlasts the total time, so no retry may start, however fast the machine
        RetryPolicy p = RetryPolicy.builder()
                .maxAttempts(50)
                .baseDelay(Duration.ofMillis(1))
                .maxDelay(Duration.ofMillis(1))
                .maxTotalTime(Duration.ofMillis(20))
                .build();
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> p.run("PutRecords to s", () -> {
                    calls.incrementAndGet();
                    sleep(40);
                    throw AwsErrorsTest.service("Throttling", 400, "Rate exceeded");
                }))
                .isInstanceOf(AwsKitException.class)
                .hasMessage("PutRecords to s failed: Throttling (400): Rate exceeded");
        assertThat(calls).hasValue(1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void delays_areFullJitterUnderTheExponentialCeiling() {
        RetryPolicy p = RetryPolicy.builder()
                .baseDelay(Duration.ofMillis(100))
                .maxDelay(Duration.ofSeconds(1))
                .build();
        assertThat(p.ceilingAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.ceilingAfter(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(p.ceilingAfter(10)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.ceilingAfter(1000)).isEqualTo(Duration.ofSeconds(1));
        for (int i = 0; i < 200; i++) {
            assertThat(p.delayAfter(3)).isBetween(Duration.ZERO, Duration.ofMillis(400));
        }
    }

    @Test
    void builder_rejectsBadValuesNamingThem() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts must be 1..100, was 0");
        assertThatThrownBy(() -> RetryPolicy.builder().baseDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseDelay must be positive, was PT-0.001S");
        assertThatThrownBy(() -> RetryPolicy.builder()
                        .baseDelay(Duration.ofSeconds(5))
                        .maxDelay(Duration.ofSeconds(1))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxDelay (PT1S) must not be shorter than baseDelay (PT5S)");
    }

    @Test
    void sdkStrategy_carriesTheSameAttempts() {
        assertThat(RetryPolicy.standard().toSdkRetryStrategy()).isInstanceOf(StandardRetryStrategy.class);
        assertThat(RetryPolicy.standard().toSdkRetryStrategy().maxAttempts()).isEqualTo(5);
        assertThat(RetryPolicy.patient().toSdkRetryStrategy().maxAttempts()).isEqualTo(20);
        assertThat(RetryPolicy.none().toSdkRetryStrategy().maxAttempts()).isEqualTo(1);
    }

    private static boolean sdkRetries(RetryPolicy policy, Throwable failure) {
        software.amazon.awssdk.retries.api.RetryStrategy sdk = policy.toSdkRetryStrategy();
        software.amazon.awssdk.retries.api.RetryToken token = sdk.acquireInitialToken(
                        software.amazon.awssdk.retries.api.AcquireInitialTokenRequest.create("sts"))
                .token();
        try {
            sdk.refreshRetryToken(software.amazon.awssdk.retries.api.RefreshRetryTokenRequest.builder()
                    .token(token)
                    .failure(failure)
                    .build());
            return true;
        } catch (software.amazon.awssdk.retries.api.TokenAcquisitionFailedException e) {
            return false;
        }
    }

    @Test
    void sdkStrategy_retriesExactlyWhatThePolicyRetries() {
        Throwable throttled = AwsErrorsTest.service("Throttling", 400, "Rate exceeded");
        Throwable internal = AwsErrorsTest.service("InternalError", 500, "We encountered an internal error.");
        Throwable missing = AwsErrorsTest.service("NoSuchEntity", 404, "The user with name admin cannot be found.");
        RetryPolicy serverOnly =
                FAST.toBuilder().retryOn(RetryPolicy.Condition.SERVER_ERROR).build();
        assertThat(sdkRetries(FAST, throttled)).isTrue();
        assertThat(sdkRetries(FAST, internal)).isTrue();
        assertThat(sdkRetries(FAST, missing)).isFalse();
        assertThat(sdkRetries(serverOnly, throttled)).isFalse();
        assertThat(sdkRetries(serverOnly, internal)).isTrue();
        RetryPolicy eventual =
                serverOnly.toBuilder().retryIf(AwsErrors::isNotFound).build();
        assertThat(sdkRetries(eventual, missing)).isTrue();
    }

    @Test
    void execute_countsTheHttpAttemptsOfEachStep() {
        // a workflow step whose failing SDK call made 2 HTTP attempts, tried 3 times: 6 requests
        RetryPolicy thrice = FAST.toBuilder().maxAttempts(3).build();
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> thrice.execute("PutRecords to my-event-dev", () -> {
                    calls.incrementAndGet();
                    throw throttled(2);
                }))
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("PutRecords to my-event-dev failed after 6 attempts in ")
                .hasMessageEndingWith(": Throttling (400): Rate exceeded")
                .satisfies(e -> assertThat(((AwsKitException) e).attempts()).isEqualTo(6));
        assertThat(calls).hasValue(3);
    }

    @Test
    void execute_neverRetriesACallTheSdkAlreadyRetriedToThePolicysLimit() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> FAST.execute("iam:GetUser admin", () -> {
                    calls.incrementAndGet();
                    throw throttled(4);
                }))
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("iam:GetUser admin failed after 4 attempts in ")
                .hasMessageEndingWith(": Throttling (400): Rate exceeded")
                .satisfies(e -> assertThat(((AwsKitException) e).attempts()).isEqualTo(4));
        assertThat(calls).hasValue(1);
    }

    private static RuntimeException throttled(int sdkAttempts) {
        return software.amazon.awssdk.awscore.exception.AwsServiceException.builder()
                .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                        .errorCode("Throttling")
                        .errorMessage("Rate exceeded")
                        .build())
                .statusCode(400)
                .numAttempts(sdkAttempts)
                .build();
    }

    @Test
    void awsKitException_takesTheAttemptCountOfItsSdkCause() {
        Throwable sdk = software.amazon.awssdk.core.exception.SdkClientException.builder()
                .message("Unable to execute HTTP request: Connection reset")
                .numAttempts(4)
                .build();
        assertThat(new AwsKitException("ListStreams in us-east-1 failed", sdk).attempts())
                .isEqualTo(4);
        assertThat(new AwsKitException("ListStreams in us-east-1 failed", new RuntimeException(sdk)).attempts())
                .isEqualTo(4);
        assertThat(new AwsKitException("no cause").attempts()).isEqualTo(1);
    }

    @Test
    void twoAttempts_meanOneRetry() {
        RetryPolicy twice = FAST.toBuilder().maxAttempts(2).build();
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> twice.execute("PutRecords to my-event-dev", () -> {
                    calls.incrementAndGet();
                    throw AwsErrorsTest.service("SlowDown", 503, "Please reduce your request rate.");
                }))
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("PutRecords to my-event-dev failed after 2 attempts in ")
                .satisfies(e -> assertThat(((AwsKitException) e).attempts()).isEqualTo(2));
        assertThat(calls).hasValue(2);
    }

    @Test
    void interruptedWhileWaitingToRetry_keepsTheInterruptAndReportsTheFailure() {
        AtomicInteger calls = new AtomicInteger();
        Thread.currentThread().interrupt(); // the wait before the second try sees it at once
        try {
            assertThatThrownBy(() -> FAST.execute("GetObject my-bucket/a.txt", () -> {
                        calls.incrementAndGet();
                        throw AwsErrorsTest.service("SlowDown", 503, "Please reduce your request rate.");
                    }))
                    .isInstanceOf(AwsKitException.class)
                    .hasMessage("GetObject my-bucket/a.txt failed: SlowDown (503): Please reduce your request rate")
                    .hasCauseInstanceOf(AwsServiceException.class);
            assertThat(calls).hasValue(1);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
