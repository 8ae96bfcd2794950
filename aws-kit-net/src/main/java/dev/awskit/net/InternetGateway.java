package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import java.util.Optional;
import org.immutables.value.Value;

/** An internet gateway; routes to a detached one are blackholes. */
@Value.Immutable
@AwsKitStyle
public abstract class InternetGateway {
    InternetGateway() {}

    @Value.Parameter
    public abstract String name();

    public abstract Optional<String> id();

    /** Whether it is attached to the VPC of the model. */
    @Value.Default
    public boolean attached() {
        return true;
    }

    public String ref() {
        return id().orElse(name());
    }

    public boolean answersTo(String nameOrId) {
        return name().equals(nameOrId) || id().map(nameOrId::equals).orElse(false);
    }

    /** An internet gateway attached (or not) to the VPC. */
    public static InternetGateway of(String name, boolean attached) {
        return new InternetGatewayBuilder().name(name).attached(attached).build();
    }

    public static InternetGateway of(String name, String id, boolean attached) {
        return new InternetGatewayBuilder().name(name).id(id).attached(attached).build();
    }

    @Override
    public String toString() {
        return "internet gateway " + ref() + (attached() ? " (attached)" : " (detached)");
    }
}
