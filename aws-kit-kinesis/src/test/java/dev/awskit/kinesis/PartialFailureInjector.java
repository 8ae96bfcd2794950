package dev.awskit.kinesis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Injects PutRecords partial failures without writing anything twice: the chosen entries are taken
 * out of the request before it is sent (so the server never stores them), and the response gets a
 * failed result entry ({@code ProvisionedThroughputExceededException} or {@code InternalFailure}) at
 * their positions, as Kinesis answers when a shard is over its limit. A request whose every entry is
 * chosen carries one filler entry instead (partition key {@link #FILLER_KEY}, which readers skip)
 * and is answered with every real entry failed: a whole-request failure would be the SDK's to
 * retry, not the producer's.
 */
final class PartialFailureInjector implements ExecutionInterceptor {
    private static final ExecutionAttribute<List<Integer>> DROPPED = new ExecutionAttribute<>("awskit-dropped");
    private static final ExecutionAttribute<Boolean> FILLED = new ExecutionAttribute<>("awskit-filled");

    /** The partition key of the filler entries this injector writes; readers skip these records. */
    static final String FILLER_KEY = "awskit-injector-filler";

    private final IntPredicate failEntry;
    private final boolean throttleOnly;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong entries = new AtomicLong();
    final AtomicLong injected = new AtomicLong();

    /** {@code failEntry} gets a running entry number (over all requests) and says whether to fail it. */
    PartialFailureInjector(IntPredicate failEntry) {
        this(failEntry, false);
    }

    /**
     * With {@code throttleOnly} every injected failure is {@code ProvisionedThroughputExceededException};
     * otherwise every fourth is {@code InternalFailure}.
     */
    PartialFailureInjector(IntPredicate failEntry, boolean throttleOnly) {
        this.failEntry = failEntry;
        this.throttleOnly = throttleOnly;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof PutRecordsRequest req)) {
            return context.request();
        }
        requests.incrementAndGet();
        List<PutRecordsRequestEntry> kept = new ArrayList<>();
        List<Integer> dropped = new ArrayList<>();
        for (int i = 0; i < req.records().size(); i++) {
            if (failEntry.test((int) entries.getAndIncrement())) {
                dropped.add(i);
            } else {
                kept.add(req.records().get(i));
            }
        }
        if (kept.isEmpty()) {
            // PutRecords needs at least one entry: send a filler that readers skip
            kept.add(PutRecordsRequestEntry.builder()
                    .partitionKey(FILLER_KEY)
                    .data(SdkBytes.fromByteArray(new byte[] {0}))
                    .build());
            attributes.putAttribute(FILLED, Boolean.TRUE);
        }
        attributes.putAttribute(DROPPED, dropped);
        return req.toBuilder().records(kept).build();
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        List<Integer> dropped = attributes.getAttribute(DROPPED);
        if (!(context.response() instanceof PutRecordsResponse resp) || dropped == null || dropped.isEmpty()) {
            return context.response();
        }
        List<PutRecordsResultEntry> results = new ArrayList<>(resp.records());
        int fillerFailed = 0;
        if (Boolean.TRUE.equals(attributes.getAttribute(FILLED))) {
            PutRecordsResultEntry filler = results.remove(0);
            fillerFailed = filler.errorCode() != null ? 1 : 0;
        }
        for (int index : dropped) {
            boolean throttle = injected.incrementAndGet() % 4 != 0 || throttleOnly;
            results.add(
                    index,
                    PutRecordsResultEntry.builder()
                            .errorCode(throttle ? "ProvisionedThroughputExceededException" : "InternalFailure")
                            .errorMessage(
                                    throttle
                                            ? "Rate exceeded for shard (injected)"
                                            : "Internal service failure (injected)")
                            .build());
        }
        int failed = (resp.failedRecordCount() == null ? 0 : resp.failedRecordCount()) - fillerFailed + dropped.size();
        return resp.toBuilder().records(results).failedRecordCount(failed).build();
    }
}
