package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import java.util.Optional;
import org.immutables.value.Value;

/** A subnet of a {@link VpcModel}. */
@Value.Immutable
@AwsKitStyle
public abstract class Subnet {
    Subnet() {}

    /** {@code public-a} in a plan, the Name tag (or the id) of a described subnet. */
    public abstract String name();

    public abstract Optional<String> id();

    public abstract Cidr cidr();

    /** A zone letter ({@code a}) in a plan, a zone name ({@code us-east-1a}) once described. */
    public abstract String zone();

    @Value.Default
    public Tier tier() {
        return Tier.PRIVATE;
    }

    /** Whether instances launched here get a public IPv4 address. */
    @Value.Default
    public boolean mapPublicIpOnLaunch() {
        return false;
    }

    /** The associated route table (name or id); empty: the VPC's main route table. */
    public abstract Optional<String> routeTable();

    /** The associated network ACL (name or id); empty: the VPC's default network ACL. */
    public abstract Optional<String> nacl();

    public String ref() {
        return id().orElse(name());
    }

    public boolean answersTo(String nameOrId) {
        return name().equals(nameOrId) || id().map(nameOrId::equals).orElse(false);
    }

    /** Addresses left for interfaces: the block's size minus the five AWS reserves. */
    public long availableAddresses() {
        return cidr().usableAddresses();
    }

    @Value.Check
    void check() {
        int p = cidr().prefixLength();
        if (p < 16 || p > 28) {
            throw new IllegalArgumentException(
                    "subnet " + name() + " has block " + cidr() + "; AWS subnets are /16 to /28");
        }
    }

    @Override
    public String toString() {
        return "subnet " + ref() + " " + cidr() + " zone " + zone() + " " + tier().label();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Subnet}: the generated {@link SubnetBuilder}'s setters, and the block as text. */
    public static final class Builder extends SubnetBuilder {
        Builder() {}

        public Builder cidr(String cidr) {
            cidr(Cidr.of(cidr));
            return this;
        }
    }
}
