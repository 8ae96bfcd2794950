package dev.awskit.core.internal;

import dev.awskit.core.HttpSettings;
import java.time.Duration;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
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

    /** Throws the {@link IllegalStateException} of {@link #create} when Netty is not on the classpath. */
    static void requireNetty() {
        try {
            Class.forName(
                    "software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient",
                    false,
                    NettyHttp.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw missing(e);
        }
    }

    private static IllegalStateException missing(Throwable e) {
        return new IllegalStateException(
                "An async AWS SDK client needs software.amazon.awssdk:netty-nio-client, which is not on the"
                        + " classpath (was it excluded?): add it back, or use the sync variant of the"
                        + " operation (e.g. the Kinesis producer's syncClient(threads))",
                e);
    }

    static SdkAsyncHttpClient create(HttpSettings http) {
        return create(http, Protocol.HTTP1_1);
    }

    /**
     * The kit's async HTTP client for {@code protocol}. HTTP/2 is for TLS endpoints only: it offers
     * {@code h2} by ALPN (the SDK's default for HTTP/2 would assume it without asking the server),
     * allows as many concurrent streams as the server grants (each SubscribeToShard holds one stream
     * for up to five minutes, so a limit would starve shards; the KCL's own client does the same),
     * and pings idle connections every 10 s so a dead one is noticed before the next event is due.
     */
    static SdkAsyncHttpClient create(HttpSettings http, Protocol protocol) {
        try {
            return protocol == Protocol.HTTP2 ? buildHttp2(http) : build(http);
        } catch (NoClassDefFoundError e) {
            throw missing(e);
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

    private static SdkAsyncHttpClient buildHttp2(HttpSettings http) {
        return NettyNioAsyncHttpClient.builder()
                .protocol(Protocol.HTTP2)
                .protocolNegotiation(ProtocolNegotiation.ALPN)
                .maxConcurrency(Integer.MAX_VALUE)
                .http2Configuration(h -> h.initialWindowSize(512 * 1024).healthCheckPingPeriod(Duration.ofSeconds(10)))
                .connectionTimeout(http.connectTimeout())
                .readTimeout(http.socketTimeout())
                .writeTimeout(http.socketTimeout())
                .connectionAcquisitionTimeout(Duration.ofMinutes(1))
                .build();
    }
}
