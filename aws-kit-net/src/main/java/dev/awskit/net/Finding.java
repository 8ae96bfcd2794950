package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A lint finding: a prowler-style check id, the matching checkov id where one exists, the
 * resource and what to do.
 */
@Value.Immutable
@AwsKitStyle
public abstract class Finding {
    Finding() {}

    /** e.g. {@code ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22}. */
    public abstract String id();

    /** e.g. {@code CKV_AWS_24}, where checkov has the same check. */
    public abstract Optional<String> checkovId();

    public abstract Severity severity();

    /** The resource, e.g. {@code security group app}. */
    public abstract String resource();

    public abstract String message();

    @Override
    public String toString() {
        return severity() + " " + id() + checkovId().map(c -> " [" + c + "]").orElse("") + " " + resource() + ": "
                + message();
    }

    public static FindingBuilder builder() {
        return new FindingBuilder();
    }
}
