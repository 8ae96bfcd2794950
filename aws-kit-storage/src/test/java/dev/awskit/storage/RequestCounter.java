package dev.awskit.storage;

import dev.awskit.core.spi.ClientCustomizer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the HTTP requests (every attempt, retries included) the kit's SDK clients send, per
 * operation name, at the SDK's transmission hook: independent of the code under test.
 */
final class RequestCounter implements ClientCustomizer {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, ExecutionAttributes> afterResponse = (op, a) -> {};

    int count(String operation) {
        AtomicInteger c = counts.get(operation);
        return c == null ? 0 : c.get();
    }

    /** Runs {@code hook} after each response is received (e.g. to delete a file mid-upload). */
    RequestCounter afterResponse(BiConsumer<String, ExecutionAttributes> hook) {
        this.afterResponse = hook;
        return this;
    }

    @Override
    public void customize(AwsClientBuilder<?, ?> builder, Context context) {
        builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                .addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(
                            software.amazon.awssdk.core.interceptor.Context.BeforeTransmission c,
                            ExecutionAttributes a) {
                        counts.computeIfAbsent(
                                        a.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new AtomicInteger())
                                .incrementAndGet();
                    }

                    @Override
                    public void afterExecution(
                            software.amazon.awssdk.core.interceptor.Context.AfterExecution c, ExecutionAttributes a) {
                        afterResponse.accept(a.getAttribute(SdkExecutionAttribute.OPERATION_NAME), a);
                    }
                })
                .build());
    }
}
