package dev.awskit.net;

import dev.awskit.core.internal.Setting;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link Net#apply(ApplyRequest)} creates and how long it waits for NAT gateways; {@link
 * Net#apply(java.util.function.Consumer)} builds and applies it in one call, and {@link
 * Net#apply(VpcPlan)} builds the same value.
 *
 * <pre>{@code
 * Net.of(aws).apply(a -> a.plan(plan).natTimeout(Duration.ofMinutes(15)));
 * }</pre>
 */
public final class ApplyRequest {
    private final VpcPlan plan;
    private final Duration natTimeout;

    private ApplyRequest(Builder b) {
        this.plan = b.plan.get();
        this.natTimeout = b.natTimeout.get();
    }

    public static Builder builder() {
        return new Builder();
    }

    public VpcPlan plan() {
        return plan;
    }

    /** How long to wait for NAT gateways to become available; default {@link Net#DEFAULT_NAT_TIMEOUT}. */
    public Duration natTimeout() {
        return natTimeout;
    }

    @Override
    public String toString() {
        return "ApplyRequest{plan " + plan.name() + ", natTimeout " + natTimeout + "}";
    }

    /** Builds an {@link ApplyRequest}; each setting may be set once. */
    public static final class Builder {
        private final Setting<VpcPlan> plan = Setting.of("plan", null, p -> p.name());
        private final Setting<Duration> natTimeout = Setting.of("natTimeout", Net.DEFAULT_NAT_TIMEOUT);

        private Builder() {}

        public Builder plan(VpcPlan plan) {
            this.plan.set(Objects.requireNonNull(plan, "plan"));
            return this;
        }

        /** Lays out {@code plan} and takes it: {@code plan(Net.plan("10.0.0.0/16").publicSubnets(24))}. */
        public Builder plan(VpcPlan.Builder plan) {
            return plan(Objects.requireNonNull(plan, "plan").build());
        }

        public Builder natTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("NAT gateway timeout must be positive, got " + timeout);
            }
            this.natTimeout.set(timeout);
            return this;
        }

        /**
         * The request.
         *
         * @throws IllegalStateException without a plan
         */
        public ApplyRequest build() {
            if (!plan.isSet()) {
                throw new IllegalStateException(
                        "an apply needs a plan: .plan(Net.plan(\"10.0.0.0/16\")" + ".publicSubnets(24))");
            }
            return new ApplyRequest(this);
        }
    }
}
