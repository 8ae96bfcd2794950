package dev.awskit.core.spi;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * Lets a module adjust the SDK client builders the kit creates, before {@code build()}. Modules
 * register implementations in {@code META-INF/services/dev.awskit.core.spi.ClientCustomizer};
 * users add their own with {@code AwsKit.builder().customize(...)}.
 *
 * <p>Example: aws-kit-storage turns on path-style S3 addressing when an endpoint is overridden,
 * because emulators such as S3Proxy and LocalStack do not serve virtual-host buckets.
 */
@FunctionalInterface
public interface ClientCustomizer {
    /** Adjusts {@code builder}; called once per client the kit creates. */
    void customize(AwsClientBuilder<?, ?> builder, Context context);

    /** What the kit knows about the client being built. */
    interface Context {
        /** The client interface, e.g. {@code S3Client.class}. */
        Class<?> clientType();

        /** The kit's key for the service: {@code s3}, {@code kinesis}, {@code logs}, {@code ecr}... */
        String service();

        Region region();

        /** The endpoint override in effect for this client, if any. */
        Optional<URI> endpoint();

        /**
         * Asks for HTTP/2 for the async client being built, on the kit's shared HTTP/2 client (Netty,
         * {@code h2} offered by ALPN, created on first use). Returns whether the client gets it: not a
         * sync client, and not at a plain {@code http} endpoint override (emulators, local proxies),
         * which stays on HTTP/1.1 because HTTP/2 could only be assumed there, not negotiated. A later
         * customizer may still set an HTTP client of its own.
         *
         * <p>Example: aws-kit-kinesis asks for it for {@code KinesisAsyncClient}, because AWS serves
         * SubscribeToShard (enhanced fan-out) over HTTP/2 only.
         */
        default boolean useHttp2() {
            return false;
        }
    }
}
