package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import org.immutables.value.Value;

/**
 * One numbered network ACL entry. Build with {@link NetDsl#rule(int)}: {@code
 * rule(80).deny(tcp(22)).from("0.0.0.0/0")}.
 */
@Value.Immutable
@AwsKitStyle
public abstract class NaclEntry {
    /** The number AWS shows as {@code *}: the implicit last rule that denies everything. */
    public static final int DEFAULT_RULE = 32767;

    NaclEntry() {}

    /** 1..32766; lower numbers are evaluated first. */
    @Value.Parameter
    public abstract int ruleNumber();

    /** Whether this is an outbound entry. */
    @Value.Parameter
    public abstract boolean egress();

    @Value.Parameter
    public abstract RuleAction action();

    @Value.Parameter
    public abstract Traffic traffic();

    /** Source (inbound) or destination (outbound) block. */
    @Value.Parameter
    public abstract Cidr cidr();

    public static NaclEntry of(int ruleNumber, boolean egress, RuleAction action, Traffic traffic, Cidr cidr) {
        return NaclEntryBuilder.ImmutableNaclEntry.of(ruleNumber, egress, action, traffic, cidr);
    }

    /** The implicit {@code *} entry that denies what no numbered entry matched. */
    public static NaclEntry defaultDeny(boolean egress) {
        return NaclEntryBuilder.ImmutableNaclEntry.of(
                DEFAULT_RULE, egress, RuleAction.DENY, NetDsl.all(), Cidr.anywhere());
    }

    /** Whether this entry decides for {@code protocol}/{@code port} from or to {@code address}. */
    public boolean matches(Protocol protocol, int port, Cidr address) {
        return traffic().covers(protocol, port) && cidr().contains(address);
    }

    @Value.Check
    void check() {
        if ((ruleNumber() < 1 || ruleNumber() > 32766) && ruleNumber() != DEFAULT_RULE) {
            throw new IllegalArgumentException(
                    "NACL rule number " + ruleNumber() + " is out of range; expected 1..32766");
        }
    }

    /** {@code rule 80 (deny tcp 22 from 0.0.0.0/0)}; the implicit last rule prints as {@code rule *}. */
    @Override
    public String toString() {
        return "rule " + (ruleNumber() == DEFAULT_RULE ? "*" : String.valueOf(ruleNumber())) + " (" + action().label()
                + " " + traffic() + (egress() ? " to " : " from ") + cidr() + ")";
    }

    /** The middle of {@code rule(80).deny(tcp(22)).from("0.0.0.0/0")}. */
    public static final class ActionStep {
        private final int ruleNumber;

        ActionStep(int ruleNumber) {
            this.ruleNumber = ruleNumber;
        }

        public CidrStep allow(Traffic traffic) {
            return new CidrStep(ruleNumber, RuleAction.ALLOW, traffic);
        }

        public CidrStep deny(Traffic traffic) {
            return new CidrStep(ruleNumber, RuleAction.DENY, traffic);
        }
    }

    /** The end of {@code rule(80).deny(tcp(22)).from("0.0.0.0/0")}: the block, and the direction. */
    public static final class CidrStep {
        private final int ruleNumber;
        private final RuleAction action;
        private final Traffic traffic;

        CidrStep(int ruleNumber, RuleAction action, Traffic traffic) {
            this.ruleNumber = ruleNumber;
            this.action = action;
            this.traffic = traffic;
        }

        /** An inbound entry for traffic from {@code cidr}. */
        public NaclEntry from(String cidr) {
            return of(ruleNumber, false, action, traffic, Cidr.of(cidr));
        }

        /** An outbound entry for traffic to {@code cidr}. */
        public NaclEntry to(String cidr) {
            return of(ruleNumber, true, action, traffic, Cidr.of(cidr));
        }
    }
}
