package dev.awskit.kinesis.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.kinesis.StreamNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/** Stream-level calls shared by the producer, the consumer and {@code KinesisStream}. */
public final class Streams {
    private final AwsKit kit;

    public Streams(AwsKit kit) {
        this.kit = kit;
    }

    public KinesisClient client() {
        return kit.client(KinesisClient.class);
    }

    public String region() {
        return kit.region().id();
    }

    /** DescribeStreamSummary. */
    public StreamDescriptionSummary summary(String stream) {
        return call("DescribeStreamSummary", stream, () -> client().describeStreamSummary(r -> r.streamName(stream))
                .streamDescriptionSummary());
    }

    /** Every shard, open and closed, over all pages (ListShards does not take StreamName with NextToken). */
    public List<Shard> listShards(String stream) {
        return call("ListShards", stream, () -> {
            List<Shard> all = new ArrayList<>();
            ListShardsResponse page = client().listShards(ListShardsRequest.builder()
                    .streamName(stream)
                    .maxResults(1000)
                    .build());
            all.addAll(page.shards());
            while (page.nextToken() != null) {
                String token = page.nextToken();
                page = client().listShards(ListShardsRequest.builder()
                        .nextToken(token)
                        .maxResults(1000)
                        .build());
                all.addAll(page.shards());
            }
            return all;
        });
    }

    /**
     * Runs one SDK call (the SDK retries it), turning a missing stream into {@link
     * StreamNotFoundException} and other failures into {@link AwsKitException}s naming the stream.
     */
    public <T> T call(String operation, String stream, Supplier<T> call) {
        try {
            return call.get();
        } catch (ResourceNotFoundException e) {
            if (stream == null) {
                throw failure(operation, null, e);
            }
            throw new StreamNotFoundException(stream, region(), e);
        } catch (SdkException e) {
            throw failure(operation, stream, e);
        }
    }

    /**
     * An endpoint override that answered a CBOR request with a bare 500: AWS names an error code on
     * every 500 (InternalFailure), moto's Kinesis answers any CBOR request so. The SDK decides CBOR
     * once per JVM (system property aws.cborEnabled, else environment variable CBOR_ENABLED, read
     * when a client is built); it has no per-client switch, and a JVM-wide property set behind the
     * user's back would change every other Kinesis client of the JVM, so the kit only says so.
     */
    private boolean speaksNoCbor(SdkException e) {
        return AwsErrors.statusCode(e) == 500
                && AwsErrors.errorCode(e).isEmpty()
                && kit.endpoint("kinesis").isPresent()
                && cborEnabled();
    }

    private static boolean cborEnabled() {
        try {
            return SdkSystemSetting.CBOR_ENABLED.getBooleanValueOrThrow();
        } catch (IllegalStateException e) {
            return true; // a value that is not a boolean: the SDK's client fails on it, not here
        }
    }

    private AwsKitException failure(String operation, String stream, SdkException e) {
        String what = stream == null
                ? operation + " on Kinesis in " + region()
                : operation + " for Kinesis stream '" + stream + "' in " + region();
        String hint;
        if (!(e instanceof AwsServiceException)) {
            hint = " Kinesis could not be reached: check the network, the endpoint (AWS_ENDPOINT_URL_KINESIS or"
                    + " the kit's endpoint override) and the region, then try again.";
        } else if (AwsErrors.isAccessDenied(e)) {
            hint = " Grant kinesis:" + operation + " to the caller.";
        } else if (speaksNoCbor(e)) {
            hint = " The endpoint " + kit.endpoint("kinesis").orElseThrow() + " answered HTTP 500 without an AWS"
                    + " error code: it may not speak CBOR, the wire format the AWS SDK uses for Kinesis (moto's"
                    + " Kinesis does not; kinesis-mock, LocalStack and AWS do). Start the JVM with"
                    + " -Daws.cborEnabled=false, or set the environment variable CBOR_ENABLED=false, and the SDK"
                    + " sends JSON; the switch is JVM-wide, so the kit does not set it for you.";
        } else if (AwsErrors.isRetryable(e)) {
            hint = " The SDK's retries ran out: try again later.";
        } else {
            hint = "";
        }
        String described = AwsErrors.describe(e);
        return new AwsKitException(what + " failed: " + described + (described.endsWith(".") ? "" : ".") + hint, e);
    }
}
