package dev.awskit.net;

/** Whether a subnet is meant to be reachable from the internet. */
public enum Tier {
    /** Routed to an internet gateway. */
    PUBLIC,
    /** Not routed to an internet gateway (at most to a NAT gateway). */
    PRIVATE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
