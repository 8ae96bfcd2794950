package dev.awskit.net;

/**
 * Entry point of aws-kit-net: VPC plans, CIDR math, security groups, network ACLs and offline
 * reachability.
 *
 * <pre>{@code
 * VpcPlan plan = Net.plan("10.0.0.0/16").zones(2).publicSubnets(24).privateSubnets(24)
 *     .natGateway(NatGateway.PER_ZONE).build();
 * }</pre>
 */
public final class Net {
    private Net() {}

    /** Starts a plan for the VPC block {@code cidr} (/16 to /28). */
    public static VpcPlan.Builder plan(String cidr) {
        return VpcPlan.builder(cidr);
    }
}
