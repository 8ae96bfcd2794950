package dev.awskit.ecs;

import dev.awskit.core.internal.Setting;
import java.util.Objects;

/**
 * How a {@link WebService} is exposed: an Application Load Balancer listening on {@link #port()}
 * (HTTP), forwarding to a target group of type {@code ip} whose health checks ask {@link
 * #healthCheckPath()} on the container port (or {@link #healthCheckPort()}) and count {@link
 * #healthyHttpCodes()} as healthy.
 *
 * <pre>{@code
 * .behindLoadBalancer(lb -> lb.listen(80).healthCheck("/health"))
 * }</pre>
 */
public final class LoadBalancerSpec {
    /** The matcher AWS uses when none is given. */
    public static final String DEFAULT_HEALTHY_CODES = "200";

    private final int port;
    private final String healthCheckPath;
    private final int healthCheckPort;
    private final String healthyHttpCodes;
    private final boolean internetFacing;

    private LoadBalancerSpec(Builder b) {
        this.port = b.port.get();
        this.healthCheckPath = b.path.get();
        this.healthCheckPort = b.healthPort.get();
        this.healthyHttpCodes = b.codes.get();
        this.internetFacing = !b.internal.get();
    }

    /** The listener port (HTTP). */
    public int port() {
        return port;
    }

    /** The health-check path, {@code /} unless told. */
    public String healthCheckPath() {
        return healthCheckPath;
    }

    /** The health-check port; 0 means {@code traffic-port} (the container port the tasks register with). */
    public int healthCheckPort() {
        return healthCheckPort;
    }

    /** HTTP codes that count as healthy, e.g. {@code 200} or {@code 200-399}. */
    public String healthyHttpCodes() {
        return healthyHttpCodes;
    }

    /** Whether the load balancer is internet-facing (in the public subnets) rather than internal. */
    public boolean internetFacing() {
        return internetFacing;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return (internetFacing ? "internet-facing" : "internal") + " ALB on HTTP " + port + ", health check "
                + healthCheckPath + " on " + (healthCheckPort == 0 ? "traffic-port" : String.valueOf(healthCheckPort))
                + " expecting " + healthyHttpCodes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoadBalancerSpec
                && ((LoadBalancerSpec) o).port == port
                && ((LoadBalancerSpec) o).healthCheckPath.equals(healthCheckPath)
                && ((LoadBalancerSpec) o).healthCheckPort == healthCheckPort
                && ((LoadBalancerSpec) o).healthyHttpCodes.equals(healthyHttpCodes)
                && ((LoadBalancerSpec) o).internetFacing == internetFacing;
    }

    @Override
    public int hashCode() {
        return Objects.hash(port, healthCheckPath, healthCheckPort, healthyHttpCodes, internetFacing);
    }

    /** Settings of a {@link LoadBalancerSpec}; each may be written once. Not thread-safe. */
    public static final class Builder {
        private final Setting<Integer> port = Setting.of("listen", 80);
        private final Setting<String> path = Setting.of("healthCheck", "/");
        private final Setting<Integer> healthPort = Setting.of("healthCheckPort", 0);
        private final Setting<String> codes = Setting.of("healthyHttpCodes", DEFAULT_HEALTHY_CODES);
        private final Setting<Boolean> internal = Setting.flag("internal");

        private Builder() {}

        /** The listener's port (HTTP); default 80. */
        public Builder listen(int port) {
            this.port.set(port(port, "listen"));
            return this;
        }

        /** The health-check path, starting with {@code /}; default {@code /}. */
        public Builder healthCheck(String path) {
            if (path == null || !path.startsWith("/") || path.length() > 1024) {
                throw new IllegalArgumentException(
                        "healthCheck path must start with / and have at most 1024 characters, got '" + path + "'");
            }
            this.path.set(path);
            return this;
        }

        /** Health checks on another port than the container port (default: {@code traffic-port}). */
        public Builder healthCheckPort(int port) {
            this.healthPort.set(port(port, "healthCheckPort"));
            return this;
        }

        /** HTTP codes that count as healthy: {@code 200}, {@code 200,302} or {@code 200-399}. */
        public Builder healthyHttpCodes(String codes) {
            if (codes == null || !codes.matches("[1-5][0-9]{2}([-,][1-5][0-9]{2})*")) {
                throw new IllegalArgumentException(
                        "healthyHttpCodes takes codes like 200, 200,302 or 200-399, got '" + codes + "'");
            }
            this.codes.set(codes);
            return this;
        }

        /** An internal load balancer, in the private subnets, instead of an internet-facing one. */
        public Builder internal() {
            this.internal.turnOn();
            return this;
        }

        public LoadBalancerSpec build() {
            return new LoadBalancerSpec(this);
        }

        private static int port(int port, String what) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(what + " takes a port from 1 to 65535, got " + port);
            }
            return port;
        }

        @Override
        public String toString() {
            return build().toString();
        }
    }
}
