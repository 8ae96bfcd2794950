package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import org.immutables.value.Value;

/**
 * The other side of a security-group rule: a CIDR block ({@link NetDsl#cidr(String)}, {@link
 * NetDsl#anywhere()}) or another security group ({@link NetDsl#group(String)}, by name or id).
 */
@Value.Immutable
@AwsKitStyle
public abstract class Peer {
    /** What a peer refers to. */
    public enum Kind {
        CIDR,
        GROUP
    }

    Peer() {}

    @Value.Parameter
    public abstract Kind kind();

    /** The CIDR text, or the group's name or id. */
    @Value.Parameter
    public abstract String value();

    /** The block of a CIDR peer. */
    @Value.Lazy
    public Cidr cidr() {
        if (kind() != Kind.CIDR) {
            throw new IllegalStateException("peer " + this + " is a security group, not a CIDR block");
        }
        return Cidr.of(value());
    }

    /** A CIDR peer. */
    public static Peer cidr(String cidr) {
        return PeerBuilder.ImmutablePeer.of(Kind.CIDR, Cidr.of(cidr).toString());
    }

    /** A security-group peer, by the group's name in a plan or its id ({@code sg-...}). */
    public static Peer group(String nameOrId) {
        if (nameOrId == null || nameOrId.isBlank()) {
            throw new IllegalArgumentException(
                    "a security group reference needs a name or an sg- id, got '" + nameOrId + "'");
        }
        return PeerBuilder.ImmutablePeer.of(Kind.GROUP, nameOrId);
    }

    /** Whether this is {@code 0.0.0.0/0}. */
    public boolean isAnywhere() {
        return kind() == Kind.CIDR && cidr().prefixLength() == 0;
    }

    /** {@code 10.0.0.0/16} or {@code group alb}. */
    @Override
    public String toString() {
        return kind() == Kind.CIDR ? value() : "group " + value();
    }
}
