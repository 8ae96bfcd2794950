package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One end of a reachability question: the internet, an interface placed in a subnet with
 * security groups (an instance, a task, a load balancer node), or a reference by name to an
 * endpoint the model already declares.
 *
 * <pre>{@code
 * internet()                                        // 203.0.113.10 somewhere outside
 * instance("app-a", "private-a", "app")             // in subnet private-a, group app
 * instance("alb-a", "public-a", "alb").withPublicIp()
 * endpoint("app-a")                                 // declared in the plan
 * }</pre>
 */
@Value.Immutable
@AwsKitStyle
public abstract class Endpoint {
    /** The address the internet endpoint uses unless told otherwise (TEST-NET-3). */
    public static final String DEFAULT_INTERNET_ADDRESS = "203.0.113.10";

    /** What the endpoint stands for. */
    public enum Kind {
        INTERNET,
        INSTANCE,
        REFERENCE
    }

    Endpoint() {}

    public abstract Kind kind();

    public abstract String name();

    /** The subnet (name or id) of an instance. */
    public abstract Optional<String> subnet();

    /** Security groups (names or ids) of an instance. */
    public abstract List<String> groups();

    /** Whether an instance has a public IPv4 (or Elastic IP) address. */
    @Value.Default
    public boolean publicIp() {
        return false;
    }

    /** Its private address (or the internet address); empty: the subnet's first usable address. */
    public abstract Optional<String> address();

    public static Endpoint internet() {
        return internet(DEFAULT_INTERNET_ADDRESS);
    }

    /** An internet host at {@code address}. */
    public static Endpoint internet(String address) {
        Cidr a = Cidr.of(address);
        if (!a.isSingleAddress()) {
            throw new IllegalArgumentException("internet(" + address + ") needs one address, not a block");
        }
        return new EndpointBuilder()
                .kind(Kind.INTERNET)
                .name("internet")
                .address(a.networkAddress())
                .build();
    }

    /** An interface in {@code subnet} (name or id) with the given security groups. */
    public static Endpoint instance(String name, String subnet, String... groups) {
        return new EndpointBuilder()
                .kind(Kind.INSTANCE)
                .name(name)
                .subnet(subnet)
                .addAllGroups(Arrays.asList(groups))
                .build();
    }

    /** An endpoint declared in the model, by name. */
    public static Endpoint ref(String name) {
        return new EndpointBuilder().kind(Kind.REFERENCE).name(name).build();
    }

    /** The same endpoint with a public IPv4 address. */
    public Endpoint withPublicIp() {
        requireInstance("withPublicIp()");
        return copy().address(address()).publicIp(true).build();
    }

    /** The same endpoint at a given private address. */
    public Endpoint at(String address) {
        requireInstance("at(" + address + ")");
        return copy().publicIp(publicIp())
                .address(Cidr.of(address).networkAddress())
                .build();
    }

    /** A builder holding this endpoint's kind, name, subnet and groups (a strict builder has no {@code from}). */
    private EndpointBuilder copy() {
        return new EndpointBuilder().kind(kind()).name(name()).subnet(subnet()).addAllGroups(groups());
    }

    private void requireInstance(String what) {
        if (kind() != Kind.INSTANCE) {
            throw new IllegalStateException(what + " applies to instance(...) endpoints, not to " + this);
        }
    }

    @Value.Check
    void check() {
        if (kind() == Kind.INSTANCE && subnet().isEmpty()) {
            throw new IllegalArgumentException("endpoint " + name() + " needs a subnet");
        }
    }

    @Override
    public String toString() {
        switch (kind()) {
            case INTERNET:
                return "internet (" + address().orElse(DEFAULT_INTERNET_ADDRESS) + ")";
            case REFERENCE:
                return name();
            default:
                return name() + " in " + subnet().orElse("?") + " " + groups()
                        + address().map(a -> " " + a).orElse("") + (publicIp() ? " with public IP" : "");
        }
    }
}
