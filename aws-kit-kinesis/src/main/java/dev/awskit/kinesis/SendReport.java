package dev.awskit.kinesis;

import dev.awskit.core.AwsKitStyle;
import java.util.List;
import java.util.Locale;
import org.immutables.value.Value;

/**
 * What {@link KinesisProducer#sendAll(List)} did with a list of records: how many were written and,
 * for every record that was not, its index in the list and why. Every record of the list is
 * accounted for: {@code succeeded() + failures().size() == records()}.
 *
 * <pre>
 * SendReport{10,000 records: 9,998 written, 2 failed
 *   RecordFailure{index=17, partitionKey=user-17, error=dev.awskit.kinesis.ProducerException: Kinesis rejected ...}
 *   RecordFailure{index=4711, partitionKey=user-711, error=...}}
 * </pre>
 */
@Value.Immutable
@AwsKitStyle
public abstract class SendReport {
    /** The records given to {@code sendAll}. */
    public abstract int records();

    /** The records Kinesis confirmed. */
    public abstract int succeeded();

    /** The records that were not written, in the order of their index. */
    public abstract List<RecordFailure> failures();

    /** Whether every record was written. */
    public boolean allSucceeded() {
        return failures().isEmpty();
    }

    public static SendReportBuilder builder() {
        return new SendReportBuilder();
    }

    /** Counts and the first 5 failures, e.g. {@code SendReport{500 records: 500 written, 0 failed}}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("SendReport{")
                .append(String.format(
                        Locale.ROOT,
                        "%,d records: %,d written, %,d failed",
                        records(),
                        succeeded(),
                        failures().size()));
        for (int i = 0; i < Math.min(5, failures().size()); i++) {
            b.append("\n  ").append(failures().get(i));
        }
        if (failures().size() > 5) {
            b.append(String.format(
                    Locale.ROOT, "\n  ... and %,d more", failures().size() - 5));
        }
        return b.append('}').toString();
    }
}
