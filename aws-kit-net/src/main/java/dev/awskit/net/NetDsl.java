package dev.awskit.net;

/**
 * Static imports that make a network script read like the console steps it replaces:
 *
 * <pre>{@code
 * import static dev.awskit.net.NetDsl.*;
 * var plan = plan("10.0.0.0/16").zones(2).publicSubnets(24).privateSubnets(24)
 *     .natGateway(NatGateway.PER_ZONE)
 *     .securityGroup(securityGroup("alb").allow(tcp(80)).from(anywhere()))
 *     .securityGroup(securityGroup("app").allow(allTcp()).from(group("alb")))
 *     .build();
 * plan.reach(from(internet()), to(instance("app-a", "private-a", "app")), tcp(8080));
 * }</pre>
 */
public final class NetDsl {
    private NetDsl() {}

    /** Starts a VPC plan: {@link Net#plan(String)}. */
    public static VpcPlan.Builder plan(String cidr) {
        return VpcPlan.builder(cidr);
    }

    /** TCP on one port. */
    public static Traffic tcp(int port) {
        return Traffic.of(Protocol.TCP, port, port);
    }

    /** TCP on a port range. */
    public static Traffic tcp(int from, int to) {
        return Traffic.of(Protocol.TCP, from, to);
    }

    /** TCP on every port (the console's "All TCP"). */
    public static Traffic allTcp() {
        return Traffic.of(Protocol.TCP, Traffic.MIN_PORT, Traffic.MAX_PORT);
    }

    public static Traffic udp(int port) {
        return Traffic.of(Protocol.UDP, port, port);
    }

    public static Traffic udp(int from, int to) {
        return Traffic.of(Protocol.UDP, from, to);
    }

    /** ICMP, every type. */
    public static Traffic icmp() {
        return Traffic.of(Protocol.ICMP, -1, -1);
    }

    /** All traffic: every protocol, every port. */
    public static Traffic all() {
        return Traffic.of(Protocol.ALL, -1, -1);
    }

    /** A CIDR peer for a security-group rule. */
    public static Peer cidr(String cidr) {
        return Peer.cidr(cidr);
    }

    /** {@code 0.0.0.0/0}. */
    public static Peer anywhere() {
        return Peer.cidr("0.0.0.0/0");
    }

    /** Another security group, by its name in the plan or its {@code sg-} id. */
    public static Peer group(String nameOrId) {
        return Peer.group(nameOrId);
    }

    public static SecurityGroup.Builder securityGroup(String name) {
        return SecurityGroup.named(name);
    }

    /** Security groups in words: {@code securityGroups("alb: 80 from anywhere; app: all TCP from the alb group")}. */
    public static java.util.List<SecurityGroup> securityGroups(String description) {
        return dev.awskit.net.internal.GroupSpec.parse(description);
    }

    public static Nacl.Builder nacl(String name) {
        return Nacl.named(name);
    }

    /** A numbered NACL entry: {@code rule(80).deny(tcp(22)).from("0.0.0.0/0")}. */
    public static NaclEntry.ActionStep rule(int ruleNumber) {
        if (ruleNumber < 1 || ruleNumber > 32766) {
            throw new IllegalArgumentException(
                    "NACL rule number " + ruleNumber + " is out of range; expected 1..32766");
        }
        return new NaclEntry.ActionStep(ruleNumber);
    }

    /** A host on the internet (203.0.113.10). */
    public static Endpoint internet() {
        return Endpoint.internet();
    }

    /** A host on the internet at {@code address}. */
    public static Endpoint internet(String address) {
        return Endpoint.internet(address);
    }

    /** An interface in {@code subnet} with the given security groups. */
    public static Endpoint instance(String name, String subnet, String... groups) {
        return Endpoint.instance(name, subnet, groups);
    }

    /** An endpoint the model declares, by name. */
    public static Endpoint endpoint(String name) {
        return Endpoint.ref(name);
    }

    /** Reads as "from": returns {@code source}. */
    public static Endpoint from(Endpoint source) {
        return source;
    }

    /** Reads as "to": returns {@code destination}. */
    public static Endpoint to(Endpoint destination) {
        return destination;
    }

    /** A CIDR block for arithmetic: {@link Cidr#of(String)}. */
    public static Cidr block(String cidr) {
        return Cidr.of(cidr);
    }
}
