package dev.awskit.kinesis;

import static dev.awskit.kinesis.KinesisRoundTripIT.newStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.awskit.core.AwsKit;
import dev.awskit.testing.Servers;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enhanced fan-out speaks HTTP/2, as AWS requires for SubscribeToShard ("This operation establishes
 * an HTTP/2 connection between the consumer ... and the shard", Kinesis API reference,
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html), while the
 * standalone polling consumer stays on HTTP/1.1.
 *
 * <p>The kit talks TLS to a {@link TlsRecordingProxy} (its certificate trusted through the JVM's
 * trust-store properties for the test), which offers {@code h2} by ALPN like AWS, records the
 * protocol each connection agreed on and the client's first bytes, and forwards the plaintext to
 * kinesis-mock's plain port (HTTP/1.1 and h2c). The proxy, not the kit, says which protocol was
 * spoken: an HTTP/2 connection starts with the preface {@code PRI * HTTP/2.0}. kinesis-mock's own TLS
 * port is not used: its certificate names no host (CN=Unknown), so no client that checks host
 * names accepts it.
 */
@dev.awskit.testing.UsesServer({Service.KINESIS, Service.DYNAMODB})
class EnhancedFanOutHttp2IT {
    private static final String SUBSCRIBE = "Kinesis_20131202.SubscribeToShard";
    private static final List<String> TRUST =
            List.of("javax.net.ssl.trustStore", "javax.net.ssl.trustStoreType", "javax.net.ssl.trustStorePassword");

    @TempDir
    Path dir;

    private final Map<String, String> saved = new ConcurrentHashMap<>();
    private TlsRecordingProxy proxy;

    @BeforeEach
    void proxy(Servers servers) throws Exception {
        Target kinesis = servers.target(Service.KINESIS);
        assumeTrue(
                kinesis.kind() == Target.Kind.LOCAL_EMULATOR,
                "the proxy forwards h2c to a plain-http Kinesis, which kinesis-mock speaks and " + kinesis
                        + " may not; against AWS itself the kit's client negotiates h2 by ALPN");
        proxy = TlsRecordingProxy.start(kinesis.endpoint(), dir);
        for (String p : TRUST) {
            String v = System.getProperty(p);
            if (v != null) {
                saved.put(p, v);
            }
        }
        System.setProperty("javax.net.ssl.trustStore", proxy.trustStore().toString());
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        System.setProperty("javax.net.ssl.trustStorePassword", proxy.trustStorePassword());
    }

    @AfterEach
    void restore() {
        for (String p : TRUST) {
            String v = saved.get(p);
            if (v == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, v);
            }
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    /** A kit whose Kinesis endpoint is the proxy (https); DynamoDB stays on moto. */
    private AwsKit tlsKit(Servers servers) {
        Target kinesis = servers.target(Service.KINESIS);
        Target dynamo = servers.target(Service.DYNAMODB);
        return AwsKit.builder()
                .region(kinesis.region())
                .credentials(dynamo.accessKey(), dynamo.secretKey())
                .endpoint("kinesis", proxy.endpoint().toString())
                .endpoint("dynamodb", dynamo.endpoint().toString())
                .build();
    }

    private static List<Integer> numbers(List<ConsumedRecord> records) {
        List<Integer> out = new ArrayList<>();
        records.forEach(r -> out.add(Integer.parseInt(r.text().split("\\|")[1])));
        return out;
    }

    private List<TlsRecordingProxy.Connection> http11() {
        return proxy.connections().stream().filter(c -> !c.http2()).toList();
    }

    @Test
    void consumer_enhancedFanOut_overTls_subscribesOverHttp2_whilePollingStaysOnHttp11(
            AwsKit aws, Servers servers, TestResources res) {
        KinesisStream stream = newStream(aws, res, 2);
        ConsumerGroupIT.send(aws, stream.name(), 0, 500);

        List<ConsumedRecord> pushed = new ArrayList<>();
        try (AwsKit tls = tlsKit(servers);
                KinesisConsumer c = Kinesis.of(tls)
                        .consumer(stream.name())
                        .enhancedFanOut("kit-h2")
                        .build()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (pushed.size() < 500 && System.nanoTime() < deadline) {
                pushed.addAll(c.readAvailable(Duration.ofSeconds(10)));
            }
        }
        assertThat(numbers(pushed))
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 500).boxed().toList());
        List<TlsRecordingProxy.Connection> afterPush = proxy.connections();
        assertThat(afterPush)
                .as("an HTTP/2 connection (ALPN h2, then the preface), carrying SubscribeToShard")
                .anyMatch(TlsRecordingProxy.Connection::http2);
        assertThat(http11()).as("no SubscribeToShard over HTTP/1.1").noneMatch(c -> c.text()
                .contains(SUBSCRIBE));

        int before = afterPush.size();
        try (AwsKit tls = tlsKit(servers);
                KinesisConsumer c = Kinesis.of(tls).consumer(stream.name()).build()) {
            assertThat(numbers(c.readAvailable(Duration.ofSeconds(60))))
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, 500).boxed().toList());
        }
        List<TlsRecordingProxy.Connection> all = proxy.connections();
        List<TlsRecordingProxy.Connection> polling = all.subList(before, all.size()).stream()
                .filter(c -> c.clientBytes().length > 0)
                .toList();
        assertThat(polling).isNotEmpty().allSatisfy(c -> {
            assertThat(c.alpn()).isNotEqualTo("h2");
            assertThat(c.start()).startsWith("POST / HTTP/1.1");
        });
        assertThat(polling).anyMatch(c -> c.text().contains("Kinesis_20131202.GetRecords"));
    }

    @Test
    void group_enhancedFanOut_overTls_subscribesOverHttp2(AwsKit aws, Servers servers, TestResources res) {
        KinesisStream stream = newStream(aws, res, 2);
        String group = res.name();
        GroupTables.deleteAfterwards(aws, res, group);
        ConsumerGroupIT.send(aws, stream.name(), 0, 500);

        Map<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
        try (AwsKit tls = tlsKit(servers)) {
            ConsumerGroup g = Kinesis.of(tls).consumerGroup(group).stream(stream.name())
                    .enhancedFanOut("group-h2")
                    .failoverTime(Duration.ofSeconds(3))
                    .process(batch -> batch.forEach(r -> seen.computeIfAbsent(
                                    Integer.parseInt(r.text().split("\\|")[1]), k -> new AtomicInteger())
                            .incrementAndGet()))
                    .start();
            try {
                ConsumerGroupIT.awaitCount(seen, 500, Duration.ofSeconds(120));
            } finally {
                g.close();
            }
        }
        assertThat(seen).hasSize(500);
        assertThat(proxy.connections())
                .as("the KCL's SubscribeToShard over an HTTP/2 connection")
                .anyMatch(TlsRecordingProxy.Connection::http2);
        assertThat(http11()).noneMatch(c -> c.text().contains(SUBSCRIBE));
    }
}
