package dev.awskit.kinesis.internal;

import dev.awskit.core.internal.Texts;

/** Enhanced fan-out helpers shared by the consumer group and the standalone consumer. */
public final class EnhancedFanOut {
    private EnhancedFanOut() {}

    /** RegisterStreamConsumer's ConsumerName: 1-128 characters of a-z A-Z 0-9 _ . - */
    public static String checkConsumerName(String name) {
        if (name == null || !name.matches("[a-zA-Z0-9_.-]{1,128}")) {
            throw new IllegalArgumentException("enhanced fan-out consumer name '" + Texts.clip(String.valueOf(name))
                    + "' is invalid: 1-128 characters of a-z A-Z 0-9 _ . - (e.g. orders-app)");
        }
        return name;
    }
}
