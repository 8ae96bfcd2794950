package dev.awskit.kinesis;

import dev.awskit.core.AwsKitException;

/** The stream does not exist in the kit's account and region. The SDK's exception is the cause. */
public class StreamNotFoundException extends AwsKitException {
    private static final long serialVersionUID = 1L;

    private final String streamName;

    public StreamNotFoundException(String streamName, String region, Throwable cause) {
        super(
                "Kinesis stream '" + streamName + "' does not exist in " + region
                        + ". Check the name and the region, or create it with Kinesis.of(aws).stream(\"" + streamName
                        + "\").create(1).awaitActive().",
                cause,
                1,
                false);
        this.streamName = streamName;
    }

    public String streamName() {
        return streamName;
    }
}
