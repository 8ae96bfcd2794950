package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.RetryPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The proxy's faults as the AWS SDK itself sees them: the SDK's own error unmarshalling is the
 * judge of each protocol's error body (S3 REST XML on S3Proxy, Kinesis CBOR on kinesis-mock, the
 * Query protocol on moto's STS), and the servers' state is the judge of "acted" vs "not acted".
 * Every kit here has retries off ({@link RetryPolicy#none()}), so one call is one request.
 */
class FaultProxyIT {

    static AwsKit noRetries(Target target, FaultProxy proxy) {
        return target.withEndpoint(proxy.endpoint())
                .kitBuilder()
                .retryPolicy(RetryPolicy.none())
                .build();
    }

    @Nested
    @UsesServer(Service.S3)
    class OnS3 {
        @Test
        void hold_forwardsAHeldRequestWhenItsConditionComesTrue_orAtTheTimeLimit(Target target) throws Exception {
            AtomicBoolean open = new AtomicBoolean();
            Predicate<FaultProxy.Request> listBuckets =
                    r -> r.method().equals("GET") && r.path().equals("/");
            try (FaultProxy waits = FaultProxy.builder(target.endpoint())
                            .hold(listBuckets, open::get, Duration.ofSeconds(60))
                            .start();
                    FaultProxy givesUp = FaultProxy.builder(target.endpoint())
                            .hold(listBuckets, () -> false, Duration.ofMillis(200))
                            .start();
                    AwsKit viaWaits = noRetries(target, waits);
                    AwsKit viaGivesUp = noRetries(target, givesUp)) {
                S3Client s3 = viaWaits.client(S3Client.class);
                CompletableFuture<Integer> held = CompletableFuture.supplyAsync(
                        () -> s3.listBuckets().buckets().size());
                while (waits.exchanges().isEmpty()) { // recorded, then held
                    Thread.sleep(5);
                }
                assertThat(held).as("held until the condition comes true").isNotDone();
                open.set(true);
                assertThat(held.get(60, TimeUnit.SECONDS)).isNotNegative();
                assertThat(waits.releasedByCondition()).isEqualTo(1);
                assertThat(waits.releasedByTimeLimit()).isZero();

                viaGivesUp.client(S3Client.class).listBuckets();
                assertThat(givesUp.releasedByTimeLimit()).isEqualTo(1);
                assertThat(givesUp.releasedByCondition()).isZero();
            }
        }

        @Test
        void passThrough_copiesBodiesByteForByte_andCountsRequests(Target target, TestResources res) {
            try (FaultProxy proxy = FaultProxy.builder(target.endpoint()).start();
                    AwsKit kit = noRetries(target, proxy)) {
                S3Client s3 = kit.client(S3Client.class);
                String bucket = res.bucketName();
                s3.createBucket(r -> r.bucket(bucket));
                res.afterwards(() -> {
                    try (AwsKit direct = target.kit()) {
                        S3Client d = direct.client(S3Client.class);
                        d.listObjectsV2Paginator(r -> r.bucket(bucket))
                                .contents()
                                .forEach(o ->
                                        d.deleteObject(r -> r.bucket(bucket).key(o.key())));
                        d.deleteBucket(r -> r.bucket(bucket));
                    }
                });
                Random random = new Random(7);
                int[] sizes = {0, 1, 1000, 65_536, 65_537, 3 * 1024 * 1024 + 11};
                for (int i = 0; i < sizes.length; i++) {
                    byte[] data = new byte[sizes[i]];
                    random.nextBytes(data);
                    String key = "k" + i;
                    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(data));
                    ResponseBytes<GetObjectResponse> back =
                            s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
                    assertThat(back.asByteArray())
                            .as("object of %d bytes", sizes[i])
                            .isEqualTo(data);
                }
                assertThat(proxy.requests()).isEqualTo(1 + 2L * sizes.length);
                assertThat(proxy.injected()).isZero();
                assertThat(proxy.exchanges())
                        .extracting(e -> e.request().service())
                        .containsOnly("s3");
            }
        }

        @Test
        void throttle_isS3SlowDown503_andTheServerNeverSawIt(Target target, TestResources res) {
            String bucket = res.bucketName();
            try (AwsKit direct = target.kit()) {
                direct.client(S3Client.class).createBucket(r -> r.bucket(bucket));
            }
            res.afterwards(() -> {
                try (AwsKit direct = target.kit()) {
                    direct.client(S3Client.class).deleteBucket(r -> r.bucket(bucket));
                }
            });
            try (FaultProxy proxy = FaultProxy.alwaysThrottle(target.endpoint());
                    AwsKit kit = noRetries(target, proxy)) {
                S3Client s3 = kit.client(S3Client.class);
                assertThatThrownBy(() -> s3.putObject(r -> r.bucket(bucket).key("never"), RequestBody.fromString("x")))
                        .isInstanceOf(S3Exception.class)
                        .satisfies(e -> {
                            S3Exception s = (S3Exception) e;
                            assertThat(s.statusCode()).isEqualTo(503);
                            assertThat(s.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                            assertThat(s.isThrottlingException()).isTrue();
                        });
                assertThat(proxy.injected(FaultProxy.Fault.THROTTLE)).isEqualTo(1);
            }
            try (AwsKit direct = target.kit()) {
                assertThat(direct.client(S3Client.class)
                                .listObjectsV2(r -> r.bucket(bucket))
                                .contents())
                        .isEmpty();
            }
        }

        @Test
        void resetAfter_losesTheAnswer_butTheServerActed(Target target, TestResources res) {
            String bucket = res.bucketName();
            try (AwsKit direct = target.kit()) {
                direct.client(S3Client.class).createBucket(r -> r.bucket(bucket));
            }
            res.afterwards(() -> {
                try (AwsKit direct = target.kit()) {
                    S3Client d = direct.client(S3Client.class);
                    d.deleteObject(r -> r.bucket(bucket).key("acted"));
                    d.deleteBucket(r -> r.bucket(bucket));
                }
            });
            try (FaultProxy proxy = FaultProxy.builder(target.endpoint())
                            .fault(FaultProxy.Fault.RESET_AFTER, 1.0)
                            .start();
                    AwsKit kit = noRetries(target, proxy)) {
                assertThatThrownBy(() -> kit.client(S3Client.class)
                                .putObject(r -> r.bucket(bucket).key("acted"), RequestBody.fromString("stored")))
                        .isInstanceOf(SdkClientException.class);
            }
            try (AwsKit direct = target.kit()) {
                assertThat(direct.client(S3Client.class)
                                .getObjectAsBytes(r -> r.bucket(bucket).key("acted"))
                                .asUtf8String())
                        .isEqualTo("stored");
            }
        }

        @Test
        void cutBody_givesAShortBody_thatTheSdkRejects(Target target, TestResources res) {
            String bucket = res.bucketName();
            byte[] data = new byte[200_000];
            new Random(3).nextBytes(data);
            try (AwsKit direct = target.kit()) {
                S3Client d = direct.client(S3Client.class);
                d.createBucket(r -> r.bucket(bucket));
                d.putObject(r -> r.bucket(bucket).key("big"), RequestBody.fromBytes(data));
            }
            res.afterwards(() -> {
                try (AwsKit direct = target.kit()) {
                    S3Client d = direct.client(S3Client.class);
                    d.deleteObject(r -> r.bucket(bucket).key("big"));
                    d.deleteBucket(r -> r.bucket(bucket));
                }
            });
            try (FaultProxy proxy = FaultProxy.builder(target.endpoint())
                            .fault(FaultProxy.Fault.CUT_BODY, 1.0)
                            .only(r -> r.method().equals("GET"))
                            .start();
                    AwsKit kit = noRetries(target, proxy)) {
                assertThatThrownBy(() -> kit.client(S3Client.class)
                                .getObjectAsBytes(r -> r.bucket(bucket).key("big")))
                        .isInstanceOf(SdkClientException.class);
                assertThat(proxy.injected(FaultProxy.Fault.CUT_BODY)).isEqualTo(1);
            }
        }

        @Test
        void sameSeed_sameFaultSequence(Target target, TestResources res) {
            String bucket = res.bucketName();
            try (AwsKit direct = target.kit()) {
                direct.client(S3Client.class).createBucket(r -> r.bucket(bucket));
            }
            res.afterwards(() -> {
                try (AwsKit direct = target.kit()) {
                    direct.client(S3Client.class).deleteBucket(r -> r.bucket(bucket));
                }
            });
            List<String> first = faultsOf20HeadBuckets(target, bucket);
            List<String> second = faultsOf20HeadBuckets(target, bucket);
            assertThat(first).isEqualTo(second).contains("THROTTLE", "ERROR_500", "-");
        }

        private List<String> faultsOf20HeadBuckets(Target target, String bucket) {
            try (FaultProxy proxy = FaultProxy.builder(target.endpoint())
                            .seed(99)
                            .fault(FaultProxy.Fault.THROTTLE, 0.3)
                            .fault(FaultProxy.Fault.ERROR_500, 0.3)
                            .start();
                    AwsKit kit = noRetries(target, proxy)) {
                for (int i = 0; i < 20; i++) {
                    try {
                        kit.client(S3Client.class).headBucket(r -> r.bucket(bucket));
                    } catch (S3Exception expected) {
                        assertThat(expected.statusCode()).isIn(500, 503);
                    }
                }
                return proxy.exchanges().stream()
                        .map(e -> e.fault().map(Enum::name).orElse("-"))
                        .collect(Collectors.toList());
            }
        }
    }

    @Nested
    @UsesServer(Service.KINESIS)
    class OnKinesis {
        @Test
        void throttle_speaksCbor_asProvisionedThroughputExceeded_forPutRecord(Target target) {
            try (FaultProxy proxy = FaultProxy.alwaysThrottle(target.endpoint());
                    AwsKit kit = noRetries(target, proxy)) {
                KinesisClient k = kit.client(KinesisClient.class);
                assertThatThrownBy(() -> k.putRecord(
                                r -> r.streamName("any").partitionKey("p").data(SdkBytes.fromUtf8String("x"))))
                        .isInstanceOf(ProvisionedThroughputExceededException.class)
                        .hasMessageStartingWith("Rate exceeded");
                // Kinesis throttles control-plane calls with LimitExceededException (400), as its API
                // reference lists for ListStreams/ListShards; the SDK's throttling detection does not
                // count that code, so whoever retries Kinesis calls has to.
                assertThatThrownBy(() -> k.listStreams())
                        .isInstanceOf(LimitExceededException.class)
                        .satisfies(e -> {
                            AwsServiceException a = (AwsServiceException) e;
                            assertThat(a.statusCode()).isEqualTo(400);
                            assertThat(a.awsErrorDetails().errorCode()).isEqualTo("LimitExceededException");
                        });
                assertThat(proxy.exchanges())
                        .extracting(
                                e -> e.request().service() + ":" + e.request().operation())
                        .containsExactly("kinesis:PutRecord", "kinesis:ListStreams");
            }
        }

        @Test
        void error500_isInternalFailure(Target target) {
            try (FaultProxy proxy = FaultProxy.builder(target.endpoint())
                            .fault(FaultProxy.Fault.ERROR_500, 1.0)
                            .start();
                    AwsKit kit = noRetries(target, proxy)) {
                assertThatThrownBy(() -> kit.client(KinesisClient.class).listStreams())
                        .isInstanceOf(AwsServiceException.class)
                        .satisfies(e -> {
                            AwsServiceException a = (AwsServiceException) e;
                            assertThat(a.statusCode()).isEqualTo(500);
                            assertThat(a.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
                        });
            }
        }
    }

    @Nested
    @UsesServer(Service.STS)
    class OnTheQueryProtocol {
        @Test
        void throttle_isTheQueryProtocolsThrottling(Target target) {
            try (FaultProxy proxy = FaultProxy.alwaysThrottle(target.endpoint());
                    AwsKit kit = noRetries(target, proxy)) {
                assertThatThrownBy(() -> kit.client(StsClient.class).getCallerIdentity())
                        .isInstanceOf(AwsServiceException.class)
                        .satisfies(e -> {
                            AwsServiceException a = (AwsServiceException) e;
                            assertThat(a.statusCode()).isEqualTo(400);
                            assertThat(a.awsErrorDetails().errorCode()).isEqualTo("Throttling");
                            assertThat(a.isThrottlingException()).isTrue();
                        });
                assertThat(proxy.exchanges())
                        .extracting(
                                e -> e.request().service() + ":" + e.request().operation())
                        .containsExactly("sts:GetCallerIdentity");
            }
        }

        @Test
        void resetBefore_isAClientError_andPassThroughStillWorks(Target target) {
            try (FaultProxy proxy = FaultProxy.builder(target.endpoint())
                            .fault(FaultProxy.Fault.RESET_BEFORE, 1.0)
                            .maxFaults(1)
                            .start();
                    AwsKit kit = noRetries(target, proxy)) {
                StsClient sts = kit.client(StsClient.class);
                assertThatThrownBy(sts::getCallerIdentity).isInstanceOf(SdkClientException.class);
                assertThat(sts.getCallerIdentity().account()).matches("[0-9]{12}");
                assertThat(proxy.requests()).isEqualTo(2);
                assertThat(proxy.injected()).isEqualTo(1);
            }
        }
    }

    @Nested
    @UsesServer(Service.REGISTRY)
    class OnARegistry {
        @Test
        void throttle_isTooManyRequestsInTheDistributionErrorFormat(Target target) throws Exception {
            try (FaultProxy proxy = FaultProxy.alwaysThrottle(target.endpoint())) {
                HttpResponse<String> r = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(proxy.endpoint() + "/v2/"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(429);
                assertThat(r.body()).contains("\"code\":\"TOOMANYREQUESTS\"");
                assertThat(proxy.exchanges())
                        .extracting(e -> e.request().service())
                        .containsExactly("registry");
            }
        }
    }

    @Test
    void builder_rejectsBadSettings_withTheValue() {
        URI up = URI.create("http://127.0.0.1:1");
        assertThatThrownBy(() -> FaultProxy.builder(URI.create("https://example.com")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FaultProxy forwards plain HTTP only: upstream must look like http://host:port, got"
                        + " https://example.com");
        assertThatThrownBy(() -> FaultProxy.builder(up).fault(FaultProxy.Fault.THROTTLE, 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probability of THROTTLE must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> FaultProxy.builder(up)
                        .fault(FaultProxy.Fault.THROTTLE, 0.5)
                        .fault(FaultProxy.Fault.THROTTLE, 0.2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("probability of THROTTLE was already set to 0.5; cannot set it to 0.2");
        assertThatThrownBy(() -> FaultProxy.builder(up)
                        .fault(FaultProxy.Fault.THROTTLE, 0.7)
                        .fault(FaultProxy.Fault.ERROR_500, 0.7)
                        .start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("fault probabilities add up to 1.4 > 1");
    }
}
