package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.ecr.Registry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Registries share one blocking HTTP/1.1 client and its keep-alive connections: building a {@code
 * java.net.http} client per {@link Registry#at} cost a selector thread and the JVM's default SSL
 * context each (shown against {@link FakeRegistry}, an in-JVM registry: what is counted is this
 * JVM's threads and connections).
 */
class SharedConnectionsIT {

    private static long selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches("HttpClient-\\d+-SelectorManager"))
                .count();
    }

    @Test
    void tenRegistries_sendThroughOneKeptAliveConnection_andNoJavaNetHttpClient() throws Exception {
        try (FakeRegistry fake = new FakeRegistry()) {
            String digest = fake.putBlob("app", new byte[] {1, 2, 3});
            long threadsBefore = selectorThreads();
            long opened = Http1.SHARED.opened.get();
            long inUseBefore = Http1.SHARED.inUse();
            List<Registry> registries = new ArrayList<>();

            for (int i = 0; i < 10; i++) {
                Registry r = Registry.at(fake.url().toString());
                registries.add(r);
                assertThat(r.hasBlob("app", digest)).isTrue();
            }

            assertThat(registries).hasSize(10);
            assertThat(Http1.SHARED.inUse())
                    .as("the connection is back in the pool")
                    .isEqualTo(inUseBefore);
            assertThat(fake.requests("HEAD /v2/app/blobs/")).hasSize(10);
            // ten HEADs one after the other: one connection, kept alive and reused by every client
            assertThat(Http1.SHARED.opened.get() - opened).isEqualTo(1);
            assertThat(selectorThreads()).isEqualTo(threadsBefore);
            // a library never sets a JVM-wide property behind the application's back
            assertThat(System.getProperty("jdk.httpclient.bufsize")).isNull();
        }
    }

    /** The count the fault tests use to find leaks: a blob stream holds its connection until closed. */
    @Test
    void anOpenBlobStream_holdsItsConnection_untilClosed() throws Exception {
        try (FakeRegistry fake = new FakeRegistry()) {
            String digest = fake.putBlob("app", new byte[100_000]);
            RegistryClient client = new RegistryClient(fake.url(), () -> null, java.time.Duration.ofSeconds(10));
            long before = RegistryClient.connectionsInUse();

            java.io.InputStream in = client.openBlob("app", digest);
            assertThat(RegistryClient.connectionsInUse()).isEqualTo(before + 1);
            in.close();

            assertThat(RegistryClient.connectionsInUse()).isEqualTo(before);
        }
    }
}
