package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import dev.awskit.core.internal.Setting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * A network ACL: numbered, stateless allow/deny entries per direction, evaluated lowest number
 * first; what no entry matches is denied by the implicit {@code *} entry.
 *
 * <pre>{@code
 * nacl("acl-1")
 *     .entry(rule(70).allow(tcp(22)).from("0.0.0.0/0"))
 *     .entry(rule(80).deny(tcp(22)).from("0.0.0.0/0"))
 *     .entry(rule(100).allow(all()).to("0.0.0.0/0"))
 *     .build();
 * }</pre>
 */
@Value.Immutable
@AwsKitStyle
@SuppressWarnings("immutables:incompat") // Builder is the fluent DSL, not the generated builder
public abstract class Nacl {
    Nacl() {}

    public abstract String name();

    /** The {@code acl-...} id once it exists. */
    public abstract Optional<String> id();

    public abstract List<NaclEntry> entries();

    /** Whether this is the VPC's default network ACL (used by subnets without an association). */
    @Value.Default
    public boolean defaultAcl() {
        return false;
    }

    public String ref() {
        return id().orElse(name());
    }

    public boolean answersTo(String nameOrId) {
        return name().equals(nameOrId) || id().map(nameOrId::equals).orElse(false);
    }

    /** Inbound entries, lowest rule number first. */
    @Value.Lazy
    public List<NaclEntry> inbound() {
        return sorted(false);
    }

    /** Outbound entries, lowest rule number first. */
    @Value.Lazy
    public List<NaclEntry> outbound() {
        return sorted(true);
    }

    @Value.Lazy
    NaclEntry[] inboundArray() {
        return inbound().toArray(new NaclEntry[0]);
    }

    @Value.Lazy
    NaclEntry[] outboundArray() {
        return outbound().toArray(new NaclEntry[0]);
    }

    /**
     * The entry that decides for one packet: the lowest-numbered entry of the direction that
     * matches, else the implicit {@code *} deny.
     */
    public NaclEntry decide(boolean egress, Protocol protocol, int port, Cidr address) {
        for (NaclEntry e : egress ? outboundArray() : inboundArray()) {
            if (e.matches(protocol, port, address)) {
                return e;
            }
        }
        return NaclEntry.defaultDeny(egress);
    }

    private List<NaclEntry> sorted(boolean egress) {
        List<NaclEntry> list = new ArrayList<>();
        for (NaclEntry e : entries()) {
            if (e.egress() == egress) {
                list.add(e);
            }
        }
        list.sort(Comparator.comparingInt(NaclEntry::ruleNumber));
        return List.copyOf(list);
    }

    @Value.Check
    void check() {
        Set<String> seen = new HashSet<>();
        for (NaclEntry e : entries()) {
            if (!seen.add(e.egress() + "/" + e.ruleNumber())) {
                throw new IllegalArgumentException("NACL " + ref() + " has two " + (e.egress() ? "outbound" : "inbound")
                        + " entries numbered " + e.ruleNumber() + "; rule numbers must be unique per direction");
            }
        }
    }

    /** A NACL like the one AWS creates with a VPC: rule 100 allows all traffic both ways. */
    public static Nacl allowAll(String name) {
        return named(name)
                .entry(NetDsl.rule(100).allow(NetDsl.all()).from("0.0.0.0/0"))
                .entry(NetDsl.rule(100).allow(NetDsl.all()).to("0.0.0.0/0"))
                .build();
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("NACL ").append(ref());
        inbound().forEach(e -> sb.append("; inbound ").append(e));
        outbound().forEach(e -> sb.append("; outbound ").append(e));
        return sb.toString();
    }

    /**
     * Fluent definition of a {@link Nacl}. Entries accumulate; {@code id} and {@code defaultAcl}
     * may be written once (a second write is an {@link IllegalStateException} naming both values).
     */
    public static final class Builder {
        private final NaclBuilder b = new NaclBuilder();
        private final Setting<String> id = Setting.of("id");
        private final Setting<Boolean> defaultAcl = Setting.of("defaultAcl");

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a NACL needs a non-blank name, got '" + name + "'");
            }
            b.name(name);
        }

        /** Adds entries; {@code .from(cidr)} made them inbound, {@code .to(cidr)} outbound. */
        public Builder entry(NaclEntry... entries) {
            b.addAllEntries(Arrays.asList(entries));
            return this;
        }

        public Builder id(String id) {
            b.id(this.id.set(java.util.Objects.requireNonNull(id, "id")));
            return this;
        }

        public Builder defaultAcl(boolean defaultAcl) {
            b.defaultAcl(this.defaultAcl.set(defaultAcl));
            return this;
        }

        public Nacl build() {
            return b.build();
        }
    }
}
