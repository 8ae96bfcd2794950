package dev.awskit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.awskit.core.AwsKit;
import dev.awskit.core.spi.ClientCustomizer;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Which clients get HTTP/2 when a customizer asks for it, and when the shared HTTP clients are created
 * (no network but one local server that answers GetCallerIdentity).
 */
class ClientFactoryHttp2Test {

    /** Asks for HTTP/2 for every client and records the answer per client type. */
    private static final class AsksForHttp2 implements ClientCustomizer {
        final Map<Class<?>, Boolean> answers = new ConcurrentHashMap<>();

        @Override
        public void customize(
                software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<?, ?> builder, Context context) {
            answers.put(context.clientType(), context.useHttp2());
        }
    }

    private static AwsKit kit(String endpoint, ClientCustomizer c) {
        AwsKit.Builder b = AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", "test-secret")
                .environment(Map.of())
                .customize(c);
        if (endpoint != null) {
            b.endpoint(endpoint);
        }
        return b.build();
    }

    @Test
    void useHttp2_onAwsEndpoints_givesAsyncClientsHttp2_butNotSyncClients() {
        AsksForHttp2 asks = new AsksForHttp2();
        try (AwsKit aws = kit(null, asks)) {
            aws.client(StsAsyncClient.class);
            aws.client(StsClient.class);
        }
        assertThat(asks.answers).containsEntry(StsAsyncClient.class, true).containsEntry(StsClient.class, false);
    }

    @Test
    void useHttp2_atAnHttpsEndpointOverride_givesHttp2() {
        AsksForHttp2 asks = new AsksForHttp2();
        try (AwsKit aws = kit("https://127.0.0.1:8443", asks)) {
            aws.client(StsAsyncClient.class);
        }
        assertThat(asks.answers).containsEntry(StsAsyncClient.class, true);
    }

    @Test
    void useHttp2_atAPlainHttpEndpoint_staysOnHttp11() {
        AsksForHttp2 asks = new AsksForHttp2();
        try (AwsKit aws = kit("http://127.0.0.1:4566", asks)) {
            aws.client(StsAsyncClient.class);
        }
        assertThat(asks.answers).containsEntry(StsAsyncClient.class, false);
    }

    private static List<String> httpClientsCreated(AwsKit aws) throws ReflectiveOperationException {
        Field f = AwsKit.class.getDeclaredField("clients");
        f.setAccessible(true);
        return ((ClientFactory) f.get(aws)).httpClientsCreated();
    }

    @Test
    void anAsyncClientSwitchedToHttp2_leavesNoHttp11ClientBehind() throws Exception {
        AsksForHttp2 asks = new AsksForHttp2();
        try (AwsKit aws = kit("https://127.0.0.1:8443", asks)) {
            aws.client(StsAsyncClient.class);
            // before: the HTTP/1.1 Netty client (its event loop group) was built and then replaced
            assertThat(httpClientsCreated(aws)).containsExactly("async-h2");
        }
    }

    @Test
    void theSharedHttp11Client_isCreatedByTheFirstRequest_notByBuildingTheClient() throws Exception {
        // a local server that answers GetCallerIdentity (STS API reference, GetCallerIdentity,
        // "Response Elements"): the request must go through the shared client and come back
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                            + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/kit</Arn>"
                            + "<UserId>kit</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
                            + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
                            + "</GetCallerIdentityResponse>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        AsksForHttp2 asks = new AsksForHttp2();
        try (AwsKit aws = kit("http://127.0.0.1:" + server.getAddress().getPort(), asks)) {
            StsAsyncClient sts = aws.client(StsAsyncClient.class);
            assertThat(httpClientsCreated(aws)).isEmpty();

            assertThat(sts.getCallerIdentity().join().account()).isEqualTo("123456789012");
            assertThat(requests).hasValue(1);
            assertThat(httpClientsCreated(aws)).containsExactly("async");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFirstRequestAfterClose_isRefused_andStartsNoClient() throws Exception {
        AwsKit aws = kit("http://127.0.0.1:4566", new AsksForHttp2());
        StsAsyncClient sts = aws.client(StsAsyncClient.class);
        aws.close();

        assertThatThrownBy(() -> sts.getCallerIdentity().join())
                .isInstanceOf(CompletionException.class)
                .hasRootCauseInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("This AwsKit is closed; build a new one with AwsKit.builder()");
        assertThat(httpClientsCreated(aws)).isEmpty();
    }

    @Test
    void http2Applies_onlyOverTls() {
        assertThat(ClientFactory.http2Applies(Optional.empty())).isTrue();
        assertThat(ClientFactory.http2Applies(Optional.of(URI.create("https://kinesis.us-east-1.amazonaws.com"))))
                .isTrue();
        assertThat(ClientFactory.http2Applies(Optional.of(URI.create("HTTPS://127.0.0.1:4567"))))
                .isTrue();
        assertThat(ClientFactory.http2Applies(Optional.of(URI.create("http://127.0.0.1:4567"))))
                .isFalse();
    }

    @Test
    void aContextOutsideTheKit_grantsNoHttp2() {
        ClientCustomizer.Context foreign = new ClientCustomizer.Context() {
            @Override
            public Class<?> clientType() {
                return StsAsyncClient.class;
            }

            @Override
            public String service() {
                return "sts";
            }

            @Override
            public software.amazon.awssdk.regions.Region region() {
                return software.amazon.awssdk.regions.Region.US_EAST_1;
            }

            @Override
            public Optional<URI> endpoint() {
                return Optional.empty();
            }
        };
        assertThat(foreign.useHttp2()).isFalse();
    }
}
