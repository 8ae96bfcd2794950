package dev.awskit.kinesis.internal;

import dev.awskit.core.spi.ClientCustomizer;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Puts the kit's {@link KinesisAsyncClient} on HTTP/2, because AWS serves SubscribeToShard (enhanced
 * fan-out, for the standalone consumer and the KCL's consumer groups) over HTTP/2 only: "This
 * operation establishes an HTTP/2 connection between the consumer you specify in the ConsumerARN
 * parameter and the shard" (Kinesis API reference, SubscribeToShard,
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html). The SDK's own
 * default Kinesis async client and the KCL's {@code KinesisClientUtil} use HTTP/2 for every call of
 * that client, and so does the kit; the sync {@code KinesisClient} (the standalone polling consumer,
 * stream management, the producer's sync mode) stays on HTTP/1.1. A plain-http endpoint override
 * (kinesis-mock, LocalStack) keeps HTTP/1.1, see {@link ClientCustomizer.Context#useHttp2()}.
 * Registered in {@code META-INF/services}.
 */
public final class KinesisClientCustomizer implements ClientCustomizer {

    @Override
    public void customize(AwsClientBuilder<?, ?> builder, Context context) {
        if (context.clientType() == KinesisAsyncClient.class) {
            context.useHttp2();
        }
    }
}
