package dev.awskit.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.spi.ClientCustomizer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

class KinesisClientCustomizerTest {

    private static final class Recording implements ClientCustomizer.Context {
        final Class<?> type;
        final List<String> asked = new ArrayList<>();

        Recording(Class<?> type) {
            this.type = type;
        }

        @Override
        public Class<?> clientType() {
            return type;
        }

        @Override
        public String service() {
            return "kinesis";
        }

        @Override
        public Region region() {
            return Region.US_EAST_1;
        }

        @Override
        public Optional<URI> endpoint() {
            return Optional.empty();
        }

        @Override
        public boolean useHttp2() {
            asked.add("http2");
            return true;
        }
    }

    @Test
    void asksForHttp2_forTheAsyncClientOnly() {
        Recording async = new Recording(KinesisAsyncClient.class);
        Recording sync = new Recording(KinesisClient.class);
        new KinesisClientCustomizer().customize(KinesisAsyncClient.builder(), async);
        new KinesisClientCustomizer().customize(KinesisClient.builder(), sync);
        assertThat(async.asked).containsExactly("http2");
        assertThat(sync.asked).isEmpty();
    }

    @Test
    void isRegisteredForTheServiceLoader() {
        List<String> registered = ServiceLoader.load(ClientCustomizer.class).stream()
                .map(p -> p.type().getName())
                .toList();
        assertThat(registered).contains(KinesisClientCustomizer.class.getName());
    }
}
