package dev.awskit.net;

/**
 * Why traffic is blocked, in the spirit of the explanation codes of AWS's Reachability Analyzer.
 */
public enum Explanation {
    /** No outbound rule of the source's security groups allows the traffic. */
    SECURITY_GROUP_OUTBOUND("ENI_SG_RULES_MISMATCH"),
    /** No inbound rule of the destination's security groups allows the traffic. */
    SECURITY_GROUP_INBOUND("ENI_SG_RULES_MISMATCH"),
    /** A network ACL entry (or the implicit {@code *} entry) denies the traffic. */
    NACL_DENIES("SUBNET_ACL_RESTRICTION"),
    /** A network ACL denies the replies (NACLs are stateless: ephemeral ports must be allowed). */
    NACL_DENIES_RETURN("SUBNET_ACL_RESTRICTION"),
    /** The route table has no route to the destination. */
    NO_ROUTE("NO_ROUTE_TO_DESTINATION"),
    /** The matching route points at a gateway that is missing, detached or not available. */
    BLACKHOLE_ROUTE("BAD_STATE_ROUTE"),
    /** The VPC has no attached internet gateway. */
    NO_INTERNET_GATEWAY("IGW_NOT_ATTACHED"),
    /** The interface has no public IP, so an internet gateway cannot translate its address. */
    NO_PUBLIC_IP("ENI_NO_PUBLIC_IP"),
    /** The subnet does not route the internet to an internet gateway, so replies cannot return. */
    NOT_PUBLIC_SUBNET("NO_ROUTE_TO_DESTINATION"),
    /** The NAT gateway cannot reach the internet itself. */
    NAT_GATEWAY_NOT_PUBLIC("BAD_STATE_NAT_GATEWAY"),
    /** The route points at something this library does not evaluate (peering, transit gateway...). */
    UNSUPPORTED_TARGET("UNSUPPORTED_COMPONENT");

    private final String analyzerCode;

    Explanation(String analyzerCode) {
        this.analyzerCode = analyzerCode;
    }

    /** The closest explanation code of AWS's Reachability Analyzer. */
    public String analyzerCode() {
        return analyzerCode;
    }
}
