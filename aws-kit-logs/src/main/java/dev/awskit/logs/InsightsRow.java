package dev.awskit.logs;

import dev.awskit.core.AwsKitStyle;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One row of a Logs Insights result: field name to value, in the order the query returned them.
 * {@code @timestamp} is parsed both from AWS's {@code yyyy-MM-dd HH:mm:ss.SSS} (UTC) and from epoch
 * milliseconds.
 */
@Value.Immutable
@AwsKitStyle
public abstract class InsightsRow {
    private static final DateTimeFormatter AWS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");

    /** Every field of the row, in result order. */
    public abstract Map<String, String> fields();

    /** A field's value, e.g. {@code get("@logStream")}. */
    public Optional<String> get(String field) {
        return Optional.ofNullable(fields().get(field));
    }

    /** {@code @timestamp}, parsed. Empty when the query did not return it. */
    @Value.Lazy
    public Optional<Instant> timestamp() {
        return get("@timestamp").map(InsightsRow::parseTimestamp);
    }

    /** {@code @message}. */
    public Optional<String> message() {
        return get("@message");
    }

    /** {@code @logStream}. */
    public Optional<String> logStream() {
        return get("@logStream");
    }

    /** {@code @ptr}, the pointer that identifies the log event (used to deduplicate). */
    public Optional<String> ptr() {
        return get("@ptr");
    }

    /**
     * Parses {@code 2024-01-02 03:04:05.678} (UTC), ISO-8601, or epoch milliseconds.
     *
     * @throws IllegalArgumentException naming the value and the expected forms
     */
    public static Instant parseTimestamp(String value) {
        String v = value.trim();
        if (!v.isEmpty() && v.length() <= 18 && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Instant.ofEpochMilli(Long.parseLong(v));
        }
        if (v.length() <= 40) { // the longest form, ISO-8601 with nanoseconds and an offset, is shorter
            try {
                return LocalDateTime.parse(v, AWS).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(v);
                } catch (DateTimeParseException e2) {
                    // neither form: below
                }
            }
        }
        String shown = value.length() > 60 ? value.substring(0, 60) + "..." : value;
        throw new IllegalArgumentException("'" + shown
                + "' is not a Logs Insights timestamp; expected 2024-01-02 03:04:05.678 or epoch milliseconds");
    }

    public static InsightsRow of(Map<String, String> fields) {
        return builder().putAllFields(fields).build();
    }

    public static InsightsRowBuilder builder() {
        return new InsightsRowBuilder();
    }

    @Override
    public String toString() {
        return "InsightsRow" + fields();
    }
}
