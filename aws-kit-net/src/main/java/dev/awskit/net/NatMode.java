package dev.awskit.net;

/** How many NAT gateways a plan gives its private subnets. */
public enum NatMode {
    /** No NAT gateway: private subnets reach only the VPC. */
    NONE,
    /** One NAT gateway in the first public subnet, shared by all zones (cheaper, one zone of failure). */
    SINGLE,
    /** One NAT gateway per zone, each private subnet routed to the one in its zone. */
    PER_ZONE
}
