package dev.awskit.ecs;

import dev.awskit.core.spi.ClientCustomizer;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the HTTP requests (every attempt) the kit's SDK clients send, per service and operation
 * ({@code ECS.CreateService}), at the SDK's transmission hook: independent of the code under test.
 */
final class RequestCounter implements ClientCustomizer {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** Every operation seen and how often, e.g. {@code {EC2.DescribeVpcs=1, ...}}. */
    Map<String, Integer> snapshot() {
        Map<String, Integer> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    void reset() {
        counts.clear();
    }

    @Override
    public void customize(AwsClientBuilder<?, ?> builder, Context context) {
        builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                .addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(
                            software.amazon.awssdk.core.interceptor.Context.BeforeTransmission c,
                            ExecutionAttributes a) {
                        String op = a.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                                + a.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
                        counts.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
                    }
                })
                .build());
    }
}
