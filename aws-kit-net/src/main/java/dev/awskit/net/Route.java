package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import org.immutables.value.Value;

/** One route of a route table: destination block and target. */
@Value.Immutable
@AwsKitStyle
public abstract class Route {
    /** What a route sends traffic to. */
    public enum Target {
        /** The VPC's own block. */
        LOCAL,
        INTERNET_GATEWAY,
        NAT_GATEWAY,
        /** Peering, transit gateway, interface, endpoint...: not evaluated offline. */
        OTHER
    }

    Route() {}

    @Value.Parameter
    public abstract Cidr destination();

    @Value.Parameter
    public abstract Target target();

    /** {@code local}, or the gateway's name or id. */
    @Value.Parameter
    public abstract String targetRef();

    /** Whether AWS reported the route as {@code blackhole} (its target is gone). */
    @Value.Default
    public boolean blackhole() {
        return false;
    }

    public static Route local(Cidr vpcCidr) {
        return RouteBuilder.ImmutableRoute.of(vpcCidr, Target.LOCAL, "local");
    }

    public static Route toInternetGateway(String destination, String igw) {
        return RouteBuilder.ImmutableRoute.of(Cidr.of(destination), Target.INTERNET_GATEWAY, igw);
    }

    public static Route toNatGateway(String destination, String nat) {
        return RouteBuilder.ImmutableRoute.of(Cidr.of(destination), Target.NAT_GATEWAY, nat);
    }

    /** A route as described, {@code blackhole} when AWS's state said so. */
    public static Route of(Cidr destination, Target target, String targetRef, boolean blackhole) {
        return new RouteBuilder()
                .destination(destination)
                .target(target)
                .targetRef(targetRef)
                .blackhole(blackhole)
                .build();
    }

    /** {@code 0.0.0.0/0 -> igw}. */
    @Override
    public String toString() {
        return destination() + " -> " + targetRef() + (blackhole() ? " (blackhole)" : "");
    }
}
