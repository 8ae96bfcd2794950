package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.ecr.Registry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Registries share their HTTP client: building a {@code java.net.http} client per {@link
 * Registry#at} cost a selector thread and, for every client, the JVM's default SSL context (shown
 * against {@link FakeRegistry}, an in-JVM registry: what is counted is this JVM's threads).
 */
class SharedHttpClientIT {

    private static long selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches("HttpClient-\\d+-SelectorManager"))
                .count();
    }

    @Test
    void tenRegistries_sendThroughAtMostOneNewHttpClient() throws Exception {
        try (FakeRegistry fake = new FakeRegistry()) {
            String digest = fake.putBlob("app", new byte[] {1, 2, 3});
            long before = selectorThreads();
            List<Registry> registries = new ArrayList<>(); // kept reachable: their clients stay alive

            for (int i = 0; i < 10; i++) {
                Registry r = Registry.at(fake.url().toString());
                registries.add(r);
                assertThat(r.hasBlob("app", digest)).isTrue();
            }

            assertThat(registries).hasSize(10);
            assertThat(selectorThreads() - before).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void plainHttpAndTls_useTwoSharedClients_thePlainOneWithoutTheDefaultSslContext() {
        java.time.Duration connect = java.time.Duration.ofSeconds(7);

        var plain = RegistryClient.SharedClients.get(connect, false);
        var tls = RegistryClient.SharedClients.get(connect, true);

        assertThat(RegistryClient.SharedClients.get(connect, false)).isSameAs(plain);
        assertThat(RegistryClient.SharedClients.get(connect, true)).isSameAs(tls);
        assertThat(plain).isNotSameAs(tls);
        assertThat(plain.sslContext().getProtocol()).isEqualTo("none");
        assertThat(tls.sslContext().getProtocol()).isNotEqualTo("none");
        // a library never sets a JVM-wide property behind the application's back
        assertThat(System.getProperty("jdk.httpclient.bufsize")).isNull();
    }
}
