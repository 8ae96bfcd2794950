package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import dev.awskit.core.internal.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A security group: stateful, allow-only rules, inbound and outbound.
 *
 * <pre>{@code
 * securityGroup("alb").allow(tcp(80)).from(anywhere())
 * securityGroup("app").allow(tcp(8080)).from(group("alb")).build()
 * }</pre>
 *
 * <p>Like AWS, a group built without outbound rules allows all outbound traffic; call {@link
 * Builder#noDefaultEgress()} to start from none.
 */
@Value.Immutable
@AwsKitStyle
@SuppressWarnings("immutables:incompat") // Builder is the fluent DSL, not the generated builder
public abstract class SecurityGroup {
    SecurityGroup() {}

    /** The name in a plan, or the {@code GroupName} of a described group. */
    public abstract String name();

    /** The {@code sg-...} id once the group exists. */
    public abstract Optional<String> id();

    @Value.Default
    public String description() {
        return name();
    }

    public abstract List<SecurityGroupRule> ingress();

    public abstract List<SecurityGroupRule> egress();

    /** Whether this is the VPC's default security group. */
    @Value.Default
    public boolean defaultGroup() {
        return false;
    }

    /** The id if known, else the name: how other parts of a model refer to this group. */
    public String ref() {
        return id().orElse(name());
    }

    /** Whether {@code nameOrId} names this group. */
    public boolean answersTo(String nameOrId) {
        return name().equals(nameOrId) || id().map(nameOrId::equals).orElse(false);
    }

    /** Starts a group definition: {@code SecurityGroup.named("app").allow(tcp(8080)).from(group("alb"))}. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("security group ").append(ref());
        if (id().isPresent() && !id().get().equals(name())) {
            sb.append(" (").append(name()).append(')');
        }
        ingress().forEach(r -> sb.append("; ").append(r));
        egress().forEach(r -> sb.append("; ").append(r));
        return sb.toString();
    }

    /**
     * Fluent definition of a {@link SecurityGroup}. Rules accumulate; every other setting may be
     * written once (a second write is an {@link IllegalStateException} naming both values). Not
     * thread-safe.
     */
    public static final class Builder {
        private final String name;
        private final Setting<String> id = Setting.of("id");
        private final Setting<String> description = Setting.of("description");
        private final Setting<Boolean> defaultGroup = Setting.of("defaultGroup", Boolean.FALSE);
        private final Setting<Boolean> noDefaultEgress = Setting.flag("noDefaultEgress");
        private final List<SecurityGroupRule> ingress = new ArrayList<>();
        private final List<SecurityGroupRule> egress = new ArrayList<>();

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a security group needs a non-blank name, got '" + name + "'");
            }
            this.name = name;
        }

        /** Inbound {@code traffic}; say from where with {@link RuleStep#from(Peer...)}. */
        public RuleStep allow(Traffic traffic) {
            return new RuleStep(this, traffic, false);
        }

        /** Outbound {@code traffic}; say to where with {@link RuleStep#to(Peer...)}. */
        public RuleStep allowOutbound(Traffic traffic) {
            return new RuleStep(this, traffic, true);
        }

        /** Adds a rule as it is. */
        public Builder rule(SecurityGroupRule rule) {
            (rule.outbound() ? egress : ingress).add(rule);
            return this;
        }

        /** Starts with no outbound rule instead of AWS's default "all traffic to 0.0.0.0/0". */
        public Builder noDefaultEgress() {
            this.noDefaultEgress.turnOn();
            return this;
        }

        public Builder description(String description) {
            this.description.set(java.util.Objects.requireNonNull(description, "description"));
            return this;
        }

        /** The {@code sg-...} id of an existing group. */
        public Builder id(String id) {
            this.id.set(java.util.Objects.requireNonNull(id, "id"));
            return this;
        }

        /** Marks the VPC's default security group. */
        public Builder defaultGroup(boolean defaultGroup) {
            this.defaultGroup.set(defaultGroup);
            return this;
        }

        public SecurityGroup build() {
            SecurityGroupBuilder b = new SecurityGroupBuilder()
                    .name(name)
                    .id(id.explicit())
                    .defaultGroup(defaultGroup.get())
                    .addAllIngress(ingress)
                    .addAllEgress(egress);
            if (egress.isEmpty() && !noDefaultEgress.get()) {
                b.addEgress(SecurityGroupRule.outbound(NetDsl.all(), NetDsl.anywhere()));
            }
            description.explicit().ifPresent(b::description);
            return b.build();
        }

        @Override
        public String toString() {
            return build().toString();
        }
    }

    /** The second half of a rule: where the traffic comes from (inbound) or goes to (outbound). */
    public static final class RuleStep {
        private final Builder builder;
        private final Traffic traffic;
        private final boolean outbound;

        private RuleStep(Builder builder, Traffic traffic, boolean outbound) {
            this.builder = builder;
            this.traffic = traffic;
            this.outbound = outbound;
        }

        /** Sources of an inbound rule; one rule per peer. */
        public Builder from(Peer... peers) {
            if (outbound) {
                throw new IllegalStateException("allowOutbound(" + traffic + ") needs to(...), not from(...)");
            }
            return add(peers);
        }

        /** Destinations of an outbound rule; one rule per peer. */
        public Builder to(Peer... peers) {
            if (!outbound) {
                throw new IllegalStateException("allow(" + traffic + ") needs from(...), not to(...)");
            }
            return add(peers);
        }

        private Builder add(Peer... peers) {
            if (peers.length == 0) {
                throw new IllegalArgumentException("a rule for " + traffic + " needs at least one peer");
            }
            for (Peer p : peers) {
                builder.rule(SecurityGroupRuleBuilder.ImmutableSecurityGroupRule.of(traffic, p, outbound));
            }
            return builder;
        }
    }
}
