package dev.awskit.kinesis.internal;

import dev.awskit.kinesis.ConsumedRecord;
import dev.awskit.kinesis.StartPosition;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** A consumer group's settings as checked by {@code ConsumerGroup.Builder}; no KCL type in here. */
public record GroupSettings(
        String group,
        String stream,
        Consumer<List<ConsumedRecord>> handler,
        StartPosition from,
        Optional<String> enhancedFanOut,
        Optional<Integer> checkpointEvery,
        Optional<Duration> checkpointInterval,
        Optional<String> metricsNamespace,
        String workerId,
        String leaseTable,
        Duration failoverTime,
        Duration pollInterval,
        int maxRecordsPerCall,
        boolean workerUtilizationAware) {

    /** {@code <host>-<8 hex>}: readable in the lease table, unique per process. */
    public static String defaultWorkerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "worker";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The KCL 3 coordinator state table beside the lease table. */
    public String coordinatorStateTable() {
        return leaseTable + "-CoordinatorState";
    }

    /** The KCL 3 worker metrics table beside the lease table. */
    public String workerMetricsTable() {
        return leaseTable + "-WorkerMetricStats";
    }
}
