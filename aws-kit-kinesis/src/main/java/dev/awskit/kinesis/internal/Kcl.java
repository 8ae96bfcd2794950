package dev.awskit.kinesis.internal;

import dev.awskit.core.AwsKit;
import dev.awskit.kinesis.ConsumerGroup;

/**
 * The door to the KCL: checks it is on the class path before any class that names a KCL type is
 * loaded, so an application without the optional dependency gets a message instead of a {@link
 * NoClassDefFoundError} from deep inside.
 */
public final class Kcl {
    static final String PROBE = "software.amazon.kinesis.coordinator.Scheduler";

    private Kcl() {}

    /** Starts a consumer group worker on the KCL. */
    public static ConsumerGroup start(AwsKit kit, GroupSettings settings) {
        require(PROBE, settings.group());
        return DefaultConsumerGroup.start(kit, settings);
    }

    /** Throws the kit's message when {@code probeClass} (a KCL class) cannot be loaded. */
    static void require(String probeClass, String group) {
        try {
            Class.forName(probeClass, false, Kcl.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(
                    "consumer group " + group + " runs on the Kinesis Client Library,"
                            + " which is not on the class path: add the dependency"
                            + " software.amazon.kinesis:amazon-kinesis-client (3.1.3, an optional dependency of"
                            + " aws-kit-kinesis; import aws-kit-bom so its AWS SDK modules match the kit's)",
                    e);
        }
    }
}
