package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import org.immutables.value.Value;

/** One allow rule of a security group (security groups have no deny rules). */
@Value.Immutable
@AwsKitStyle
public abstract class SecurityGroupRule {
    SecurityGroupRule() {}

    @Value.Parameter
    public abstract Traffic traffic();

    /** The source (inbound rules) or destination (outbound rules). */
    @Value.Parameter
    public abstract Peer peer();

    /** Whether this is an outbound rule. */
    @Value.Parameter
    public abstract boolean outbound();

    public static SecurityGroupRule inbound(Traffic traffic, Peer from) {
        return SecurityGroupRuleBuilder.ImmutableSecurityGroupRule.of(traffic, from, false);
    }

    public static SecurityGroupRule outbound(Traffic traffic, Peer to) {
        return SecurityGroupRuleBuilder.ImmutableSecurityGroupRule.of(traffic, to, true);
    }

    /** {@code allow tcp 80 from 0.0.0.0/0}. */
    @Override
    public String toString() {
        return "allow " + traffic() + (outbound() ? " to " : " from ") + peer();
    }
}
