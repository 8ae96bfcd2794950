package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A NAT gateway in a subnet. The constants {@link #NONE}, {@link #SINGLE}, {@link #PER_ZONE} let
 * a plan read {@code .natGateway(NatGateway.PER_ZONE)}.
 */
@Value.Immutable
@AwsKitStyle
public abstract class NatGateway {
    public static final NatMode NONE = NatMode.NONE;
    public static final NatMode SINGLE = NatMode.SINGLE;
    public static final NatMode PER_ZONE = NatMode.PER_ZONE;

    NatGateway() {}

    public abstract String name();

    public abstract Optional<String> id();

    /** The subnet (name or id) it lives in; it must be a public one to reach the internet. */
    public abstract String subnet();

    /** Public connectivity (an Elastic IP) rather than private NAT. */
    @Value.Default
    public boolean publicConnectivity() {
        return true;
    }

    /** Whether it is {@code available} (not pending, failed or deleted). */
    @Value.Default
    public boolean available() {
        return true;
    }

    public String ref() {
        return id().orElse(name());
    }

    public boolean answersTo(String nameOrId) {
        return name().equals(nameOrId) || id().map(nameOrId::equals).orElse(false);
    }

    public static NatGateway of(String name, String subnet) {
        return builder().name(name).subnet(subnet).build();
    }

    @Override
    public String toString() {
        return "NAT gateway " + ref() + " in " + subnet() + (publicConnectivity() ? " (public)" : " (private)")
                + (available() ? "" : " (not available)");
    }

    public static NatGatewayBuilder builder() {
        return new NatGatewayBuilder();
    }
}
