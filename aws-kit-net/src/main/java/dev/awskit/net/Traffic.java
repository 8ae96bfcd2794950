package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import org.immutables.value.Value;

/**
 * A protocol and a port range: what a rule allows or what a reachability question asks about.
 * Build with {@link NetDsl#tcp(int)}, {@link NetDsl#udp(int)}, {@link NetDsl#icmp()}, {@link
 * NetDsl#all()}.
 */
@Value.Immutable
@AwsKitStyle
public abstract class Traffic {
    public static final int MIN_PORT = 0;
    public static final int MAX_PORT = 65535;
    /** The ports clients pick for their end of a connection, as AWS documents for NACLs. */
    public static final int EPHEMERAL_FROM = 1024;

    Traffic() {}

    @Value.Parameter
    public abstract Protocol protocol();

    /** First port (inclusive); {@code -1} for ICMP and all traffic. */
    @Value.Parameter
    public abstract int fromPort();

    /** Last port (inclusive); {@code -1} for ICMP and all traffic. */
    @Value.Parameter
    public abstract int toPort();

    /** {@code protocol} on the ports {@code from}..{@code to} (ports are ignored for ICMP and ALL). */
    public static Traffic of(Protocol protocol, int from, int to) {
        if (protocol == Protocol.ICMP || protocol == Protocol.ALL) {
            return TrafficBuilder.ImmutableTraffic.of(protocol, -1, -1);
        }
        return TrafficBuilder.ImmutableTraffic.of(protocol, from, to);
    }

    /** Whether this covers the given protocol and port (the port is ignored for ICMP). */
    public boolean covers(Protocol p, int port) {
        if (protocol() == Protocol.ALL) {
            return true;
        }
        if (protocol() != p) {
            return false;
        }
        return p == Protocol.ICMP || (fromPort() <= port && port <= toPort());
    }

    /** Whether this is TCP or UDP, i.e. has ports. */
    public boolean hasPorts() {
        return protocol() == Protocol.TCP || protocol() == Protocol.UDP;
    }

    /** Whether this covers {@code port} (of any protocol with ports; used by lint). */
    public boolean includesPort(int port) {
        return protocol() == Protocol.ALL || (hasPorts() && fromPort() <= port && port <= toPort());
    }

    /** Whether every port of every protocol is covered: all traffic, or 0-65535 of a protocol. */
    public boolean isAllPorts() {
        return protocol() == Protocol.ALL || (hasPorts() && fromPort() == MIN_PORT && toPort() == MAX_PORT);
    }

    /** The same protocol on the ephemeral ports 1024-65535: what replies to this traffic use. */
    public Traffic returnTraffic() {
        return of(protocol(), EPHEMERAL_FROM, MAX_PORT);
    }

    @Value.Check
    void check() {
        if (hasPorts() && (fromPort() < MIN_PORT || toPort() > MAX_PORT || fromPort() > toPort())) {
            throw new IllegalArgumentException("invalid port range " + fromPort() + "-" + toPort() + " for "
                    + protocol().label() + "; expected 0 <= from <= to <= 65535");
        }
    }

    /** {@code tcp 80}, {@code tcp 1024-65535}, {@code all tcp}, {@code icmp}, {@code all traffic}. */
    @Override
    public String toString() {
        switch (protocol()) {
            case ALL:
                return "all traffic";
            case ICMP:
                return "icmp";
            default:
                if (fromPort() == MIN_PORT && toPort() == MAX_PORT) {
                    return "all " + protocol().label();
                }
                return protocol().label() + " "
                        + (fromPort() == toPort() ? fromPort() + "" : fromPort() + "-" + toPort());
        }
    }
}
