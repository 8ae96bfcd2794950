package dev.awskit.core.internal;

import dev.awskit.core.HttpSettings;
import java.time.Duration;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;

/**
 * The only class of the kit that names Netty. {@link ClientFactory} reaches it only when an async
 * SDK client is asked for, so an application that excludes {@code
 * software.amazon.awssdk:netty-nio-client} (sync-only use) never loads it; if it does ask for an
 * async client, it gets an {@link IllegalStateException} that says which dependency to add back.
 */
final class NettyHttp {
    private NettyHttp() {}

    static SdkAsyncHttpClient create(HttpSettings http) {
        try {
            return build(http);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException(
                    "An async AWS SDK client needs software.amazon.awssdk:netty-nio-client, which is not on the"
                            + " classpath (was it excluded?): add it back, or use the sync variant of the"
                            + " operation (e.g. the Kinesis producer's syncClient(threads))",
                    e);
        }
    }

    private static SdkAsyncHttpClient build(HttpSettings http) {
        return NettyNioAsyncHttpClient.builder()
                .maxConcurrency(http.maxConnections())
                .connectionTimeout(http.connectTimeout())
                .readTimeout(http.socketTimeout())
                .writeTimeout(http.socketTimeout())
                .connectionAcquisitionTimeout(Duration.ofMinutes(1))
                .build();
    }
}
