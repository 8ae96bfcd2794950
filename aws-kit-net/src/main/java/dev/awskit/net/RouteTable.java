package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** A route table; subnets without an explicit association use the {@link #main()} one. */
@Value.Immutable
@AwsKitStyle
public abstract class RouteTable {
    RouteTable() {}

    public abstract String name();

    public abstract Optional<String> id();

    public abstract List<Route> routes();

    @Value.Default
    public boolean main() {
        return false;
    }

    public String ref() {
        return id().orElse(name());
    }

    public boolean answersTo(String nameOrId) {
        return name().equals(nameOrId) || id().map(nameOrId::equals).orElse(false);
    }

    /** The most specific route whose destination contains {@code address} (longest prefix match). */
    public Optional<Route> longestMatch(Cidr address) {
        Route best = null;
        for (Route r : routes()) {
            if (r.destination().contains(address)
                    && (best == null
                            || r.destination().prefixLength()
                                    > best.destination().prefixLength())) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public String toString() {
        return "route table " + ref() + " " + routes();
    }

    public static RouteTableBuilder builder() {
        return new RouteTableBuilder();
    }
}
