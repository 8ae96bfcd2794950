package dev.awskit.core.internal;

import dev.awskit.core.HttpSettings;
import dev.awskit.core.RetryPolicy;
import dev.awskit.core.spi.ClientCustomizer;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.builder.SdkAsyncClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Creates SDK clients lazily, one per (client type, region), all sharing one sync (Apache 5) and
 * one async (Netty) HTTP client, and closes exactly what it created. Each HTTP client is created on
 * the first client that needs it, so sync-only use never loads Netty: {@code netty-nio-client} may
 * be excluded from the classpath (see {@link NettyHttp}).
 *
 * <p>A third, HTTP/2 async client is created only when a {@link ClientCustomizer} asks for it with
 * {@link ClientCustomizer.Context#useHttp2()} (aws-kit-kinesis does for {@code KinesisAsyncClient}:
 * AWS serves SubscribeToShard over HTTP/2 only). It is shared by every client that asked.
 */
public final class ClientFactory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientFactory.class);

    private record Key(Class<?> type, Region region) {}

    private final ResolvedConfig config;
    private final RetryPolicy retry;
    private final HttpSettings http;
    private final String userAgent;
    private final List<ClientCustomizer> customizers;
    private final Map<Key, SdkClient> clients = new ConcurrentHashMap<>();
    private SdkHttpClient syncHttp;
    private SdkAsyncHttpClient asyncHttp;
    private SdkAsyncHttpClient asyncHttp2;
    private final SdkAsyncHttpClient lazyAsyncHttp = new LazyAsyncHttp(this::asyncHttp);
    private volatile boolean closed;

    public ClientFactory(
            ResolvedConfig config,
            RetryPolicy retry,
            HttpSettings http,
            String userAgent,
            List<ClientCustomizer> userCustomizers) {
        this.config = config;
        this.retry = retry;
        this.http = http;
        this.userAgent = userAgent;
        List<ClientCustomizer> all = new ArrayList<>();
        ServiceLoader.load(ClientCustomizer.class, ClientFactory.class.getClassLoader())
                .forEach(all::add);
        all.addAll(userCustomizers);
        this.customizers = List.copyOf(all);
    }

    /** The client of {@code type} for {@code region}, created on first use. */
    public <T extends SdkClient> T client(Class<T> type, Region region) {
        refuseWhenClosed();
        if (!type.isInterface()) {
            throw new IllegalArgumentException(
                    "Ask for the client interface (e.g. S3Client.class), not " + type.getName());
        }
        SdkClient c = clients.computeIfAbsent(new Key(type, region), k -> create(type, region));
        return type.cast(c);
    }

    /** How many clients this factory has created (for tests and diagnostics). */
    public int createdClients() {
        return clients.size();
    }

    /**
     * The kit's key for a client type: {@code s3}, {@code kinesis}, {@code logs}, {@code ecr}, {@code
     * sso} ... (see {@link ServiceKeys}).
     */
    public static String serviceKey(Class<?> type) {
        for (String name : new String[] {"SERVICE_METADATA_ID", "SERVICE_NAME"}) {
            try {
                Field f = type.getField(name);
                if (Modifier.isStatic(f.getModifiers())) {
                    return ServiceKeys.ofClient((String) f.get(null));
                }
            } catch (NoSuchFieldException | IllegalAccessException | ClassCastException e) {
                // try the next field
            }
        }
        throw new IllegalArgumentException(type.getName() + " is not an AWS SDK v2 service client interface");
    }

    private SdkClient create(Class<?> type, Region region) {
        String service = serviceKey(type);
        Object raw;
        try {
            Method m = type.getMethod("builder");
            raw = m.invoke(null);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalArgumentException(type.getName() + " has no static builder(); is it an SDK client?", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Creating a builder for " + type.getSimpleName() + " failed", e.getCause());
        }
        if (!(raw instanceof AwsClientBuilder<?, ?> b)) {
            throw new IllegalArgumentException(type.getName() + " is not an AWS service client");
        }
        Optional<URI> endpoint = config.endpoint(service);
        b.credentialsProvider(config.credentials());
        b.region(region);
        endpoint.ifPresent(b::endpointOverride);
        ClientOverrideConfiguration.Builder o = ClientOverrideConfiguration.builder()
                .retryStrategy(retry.toSdkRetryStrategy())
                .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, userAgent);
        if (!http.apiCallAttemptTimeout().isZero()) {
            o.apiCallAttemptTimeout(http.apiCallAttemptTimeout());
        }
        b.overrideConfiguration(o.build());
        if (b instanceof SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(syncHttp());
        } else if (b instanceof SdkAsyncClientBuilder<?, ?> async) {
            // a customizer may replace it (HTTP/2, or a client of its own): the shared HTTP/1.1
            // client is created on the first request that goes through it, not here
            NettyHttp.requireNetty();
            async.httpClient(lazyAsyncHttp);
        }
        ClientCustomizer.Context ctx = new Ctx(type, service, region, endpoint, b);
        for (ClientCustomizer c : customizers) {
            c.customize(b, ctx);
        }
        SdkClient client = (SdkClient) ((SdkBuilder<?, ?>) b).build();
        LOG.debug(
                "created {} for {} (endpoint {})",
                type.getSimpleName(),
                region,
                endpoint.map(URI::toString).orElse("default"));
        return client;
    }

    private synchronized SdkHttpClient syncHttp() {
        if (syncHttp == null) {
            // TLS is set up on the first https connection: http:// endpoints (emulators) never pay for it
            syncHttp = Apache5HttpClient.builder()
                    .tlsSocketStrategy(new LazyTlsStrategy())
                    .maxConnections(http.maxConnections())
                    .connectionTimeout(http.connectTimeout())
                    .socketTimeout(http.socketTimeout())
                    .connectionAcquisitionTimeout(Duration.ofMinutes(1))
                    .build();
        }
        return syncHttp;
    }

    private synchronized SdkAsyncHttpClient asyncHttp() {
        if (asyncHttp == null) {
            refuseWhenClosed(); // a first request after close() must not start a client nobody closes
            asyncHttp = NettyHttp.create(http);
        }
        return asyncHttp;
    }

    /** Which shared HTTP clients exist so far (for tests): "sync", "async", "async-h2". */
    synchronized List<String> httpClientsCreated() {
        List<String> created = new ArrayList<>();
        if (syncHttp != null) {
            created.add("sync");
        }
        if (asyncHttp != null) {
            created.add("async");
        }
        if (asyncHttp2 != null) {
            created.add("async-h2");
        }
        return created;
    }

    /**
     * The shared HTTP/1.1 async client as every async SDK client first gets it: created on its first
     * request, so an SDK client whose customizer swapped in another HTTP client (HTTP/2 for
     * SubscribeToShard) does not leave an unused Netty event loop group behind. Closing it does
     * nothing: the factory closes the shared client.
     */
    private static final class LazyAsyncHttp implements SdkAsyncHttpClient {
        private final Supplier<SdkAsyncHttpClient> create;
        private volatile SdkAsyncHttpClient delegate;

        LazyAsyncHttp(Supplier<SdkAsyncHttpClient> create) {
            this.create = create;
        }

        @Override
        public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
            SdkAsyncHttpClient d = delegate;
            if (d == null) {
                d = create.get(); // synchronized in the factory: one shared client
                delegate = d;
            }
            return d.execute(request);
        }

        @Override
        public String clientName() {
            return "NettyNio";
        }

        @Override
        public void close() {
            // the factory owns the shared client
        }
    }

    private synchronized SdkAsyncHttpClient asyncHttp2() {
        if (asyncHttp2 == null) {
            refuseWhenClosed();
            asyncHttp2 = NettyHttp.create(http, Protocol.HTTP2);
        }
        return asyncHttp2;
    }

    /**
     * Whether a client that asks for HTTP/2 gets it at {@code endpoint}: yes over TLS (AWS's own
     * endpoints, or an {@code https} override), where ALPN lets the server agree; no for a plain
     * {@code http} override. There HTTP/2 would have to be assumed without asking ("prior knowledge"
     * h2c: the SDK's Netty client has no HTTP/1.1 Upgrade), and a server or proxy that speaks only
     * HTTP/1.1 would fail every call of the client, not only SubscribeToShard; plain-http endpoints
     * are emulators and local proxies, which serve the event stream over HTTP/1.1 as well.
     */
    static boolean http2Applies(Optional<URI> endpoint) {
        return endpoint.map(e -> "https".equalsIgnoreCase(e.getScheme())).orElse(true);
    }

    private void refuseWhenClosed() {
        if (closed) {
            throw new IllegalStateException("This AwsKit is closed; build a new one with AwsKit.builder()");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        for (SdkClient c : clients.values()) {
            try {
                c.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        clients.clear();
        if (syncHttp != null) {
            syncHttp.close();
        }
        if (asyncHttp != null) {
            asyncHttp.close();
        }
        if (asyncHttp2 != null) {
            asyncHttp2.close();
        }
        if (first != null) {
            throw first;
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private final class Ctx implements ClientCustomizer.Context {
        private final Class<?> clientType;
        private final String service;
        private final Region region;
        private final Optional<URI> endpoint;
        private final AwsClientBuilder<?, ?> builder;

        Ctx(Class<?> clientType, String service, Region region, Optional<URI> endpoint, AwsClientBuilder<?, ?> b) {
            this.clientType = clientType;
            this.service = service;
            this.region = region;
            this.endpoint = endpoint;
            this.builder = b;
        }

        @Override
        public Class<?> clientType() {
            return clientType;
        }

        @Override
        public String service() {
            return service;
        }

        @Override
        public Region region() {
            return region;
        }

        @Override
        public Optional<URI> endpoint() {
            return endpoint;
        }

        @Override
        public boolean useHttp2() {
            if (!(builder instanceof SdkAsyncClientBuilder<?, ?> async)) {
                return false;
            }
            if (!http2Applies(endpoint)) {
                LOG.debug(
                        "{} stays on HTTP/1.1: its endpoint {} is plain http",
                        clientType.getSimpleName(),
                        endpoint.orElseThrow());
                return false;
            }
            async.httpClient(asyncHttp2());
            return true;
        }
    }
}
