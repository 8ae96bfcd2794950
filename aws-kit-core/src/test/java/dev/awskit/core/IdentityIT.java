package dev.awskit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * {@code aws.identity()} against an independent STS: the shared moto_server of scripts/emulators,
 * or {@code AWSKIT_IT_ENDPOINT} (LocalStack, AWS). The requests are counted at the SDK's transmission
 * hook, so the count holds on any server. Throttling and refusals, which no server here does on
 * demand, are in {@link IdentityFaultsIT} and {@link RequestCountIT}.
 */
class IdentityIT {

    /** Every HTTP request the kit's clients send, with its User-Agent header. */
    static final class Requests implements ExecutionInterceptor {
        final List<String> userAgents = new CopyOnWriteArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            userAgents.add(
                    context.httpRequest().firstMatchingHeader("User-Agent").orElse(""));
        }
    }

    @Test
    void identity_isAskedOnceAndCached() {
        ControlPlaneServer server = ControlPlaneServer.require();
        System.out.println("[IdentityIT] against " + server);
        Requests requests = new Requests();
        try (AwsKit aws = server.kitBuilder()
                .environment(Map.of("HOME", "/nonexistent"))
                .customize((b, ctx) -> b.overrideConfiguration(b.overrideConfiguration().toBuilder()
                        .addExecutionInterceptor(requests)
                        .build()))
                .build()) {
            CallerIdentity first = aws.identity();
            CallerIdentity second = aws.identity();
            assertThat(second).isSameAs(first);
            assertThat(requests.userAgents).hasSize(1);
            assertThat(requests.userAgents.get(0)).contains("aws-kit/" + AwsKit.version());
            assertThat(first.accountId()).matches("\\d{12}");
            assertThat(first.parsedArn().accountId()).isEqualTo(first.accountId());
            assertThat(first.userId()).isNotBlank();
            if (server.localMoto()) {
                // scripts/emulators starts moto with its default account
                assertThat(first.accountId()).isEqualTo("123456789012");
            }
        }
    }
}
