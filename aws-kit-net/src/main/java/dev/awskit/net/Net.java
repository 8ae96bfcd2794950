package dev.awskit.net;

import dev.awskit.core.AwsKit;
import dev.awskit.net.internal.DefaultNet;
import java.time.Duration;
import java.util.Objects;

/**
 * Entry point of aws-kit-net: VPC plans, CIDR math, security groups, network ACLs, offline
 * reachability, and applying a plan to an account.
 *
 * <pre>{@code
 * VpcPlan plan = Net.plan("10.0.0.0/16").zones(2).publicSubnets(24).privateSubnets(24)
 *     .natGateway(NatGateway.PER_ZONE).build();
 * Net.of(aws).apply(plan);                      // creates what is missing, tagged awskit:plan=main
 * Net.of(aws).vpc("vpc-123").reach(internet(), instance("web", "subnet-1", "sg-1"), tcp(80));
 * Net.of(aws).destroy(plan);
 * }</pre>
 */
public final class Net {
    /** How long {@link #apply(VpcPlan)} and {@link #destroy(VpcPlan)} wait for NAT gateways. */
    public static final Duration DEFAULT_NAT_TIMEOUT = Duration.ofMinutes(10);

    private final AwsKit kit;
    private final DefaultNet real;

    private Net(AwsKit kit) {
        this.kit = kit;
        this.real = new DefaultNet(kit);
    }

    /** Starts a plan for the VPC block {@code cidr} (/16 to /28). */
    public static VpcPlan.Builder plan(String cidr) {
        return VpcPlan.builder(cidr);
    }

    /** Network operations with the kit's EC2 client (region, credentials, endpoint). */
    public static Net of(AwsKit kit) {
        return new Net(Objects.requireNonNull(kit, "kit"));
    }

    /**
     * Creates what the plan describes and does not exist yet, in dependency order (VPC, subnets,
     * internet gateway, NAT gateways and their Elastic IPs, route tables and routes, NACLs and
     * their entries, security groups and their rules), tagging each with {@code awskit:plan}
     * and {@code awskit:element}, and waits for NAT gateways to become available.
     *
     * @throws NetApplyException when a step fails; its report lists exactly what exists
     */
    public ApplyReport apply(VpcPlan plan) {
        return apply(plan, DEFAULT_NAT_TIMEOUT);
    }

    /** {@link #apply(VpcPlan)} waiting at most {@code natTimeout} for NAT gateways. */
    public ApplyReport apply(VpcPlan plan, Duration natTimeout) {
        return real.apply(Objects.requireNonNull(plan, "plan"), positive(natTimeout));
    }

    /**
     * Deletes everything tagged with the plan's name, in reverse order; a second call finds
     * nothing and deletes nothing.
     *
     * @throws NetApplyException when a step fails; its report lists what was deleted
     */
    public ApplyReport destroy(VpcPlan plan) {
        return destroy(plan, DEFAULT_NAT_TIMEOUT);
    }

    public ApplyReport destroy(VpcPlan plan, Duration natTimeout) {
        return real.destroy(Objects.requireNonNull(plan, "plan"), positive(natTimeout));
    }

    /**
     * Reads an existing VPC (subnets, route tables, gateways, NACLs, security groups) into a
     * {@link VpcModel} for {@code reach(...)} and {@code lint()}.
     *
     * @throws dev.awskit.core.AwsKitException if the VPC does not exist in the kit's region
     */
    public VpcModel describe(String vpcId) {
        return real.describe(vpcId);
    }

    /**
     * The EC2 key pair {@code name} in the kit's region: {@code createIfAbsent(Path)} writes the
     * private key with mode 0400, {@code importPublicKey(Path)}, {@code exists()}, {@code delete()}.
     */
    public KeyPair keyPair(String name) {
        return new KeyPair(kit, name);
    }

    /** Same as {@link #describe(String)}: {@code Net.of(aws).vpc("vpc-123").reach(...)}. */
    public VpcModel vpc(String vpcId) {
        return describe(vpcId);
    }

    private static Duration positive(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("NAT gateway timeout must be positive, got " + d);
        }
        return d;
    }

    /** {@code Net[region us-east-1, endpoint http://127.0.0.1:5000]}: where the EC2 calls go. */
    @Override
    public String toString() {
        return "Net[" + kit.summary("ec2") + "]";
    }
}
