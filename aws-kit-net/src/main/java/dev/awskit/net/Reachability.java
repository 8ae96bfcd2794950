package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The answer to {@code reach(source, destination, traffic)}: reachable with the path taken, or
 * blocked by the first component on the way with the reason, e.g. {@code blocked by NACL acl-1
 * rule 80 (deny tcp 22 from 0.0.0.0/0)}.
 */
@Value.Immutable
@AwsKitStyle
public abstract class Reachability {
    Reachability() {}

    public abstract String source();

    public abstract String destination();

    public abstract Traffic traffic();

    public abstract boolean reachable();

    /** The components passed, in order (up to the blocking one). */
    public abstract List<String> path();

    /** Why it is blocked; empty when reachable. */
    public abstract Optional<Explanation> explanation();

    /** The blocking component, e.g. {@code NACL acl-1}; empty when reachable. */
    public abstract Optional<String> blockedBy();

    /** {@code reachable} or {@code blocked by NACL acl-1 rule 80 (deny tcp 22 from 0.0.0.0/0)}. */
    public abstract String reason();

    public boolean blocked() {
        return !reachable();
    }

    @Override
    public String toString() {
        return source() + " -> " + destination() + " " + traffic() + ": " + reason()
                + (reachable() ? " via " + String.join(" -> ", path()) : "");
    }

    public static ReachabilityBuilder builder() {
        return new ReachabilityBuilder();
    }
}
