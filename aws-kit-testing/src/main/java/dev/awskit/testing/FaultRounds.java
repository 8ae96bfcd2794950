package dev.awskit.testing;

import dev.awskit.core.AwsKit;
import dev.awskit.core.RetryPolicy;
import dev.awskit.core.internal.Setting;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The loop of a fault test: the same kit call, round after round, through a {@link FaultProxy} in
 * front of a {@link Target}, each round either answered or failed as the code under test promises.
 * It starts the proxy, builds a kit pointed at it (with a short {@link RetryPolicy} so that a round
 * takes milliseconds, not seconds, of back-off), runs the rounds, prints one summary line, and fails
 * the test when the loop proved nothing: no fault injected, or no round answered.
 *
 * <pre>{@code
 * FaultRounds.Tally tally = FaultRounds.through(target, p -> p.seed(20261203L)
 *                 .fault(FaultProxy.Fault.THROTTLE, 0.04)
 *                 .fault(FaultProxy.Fault.RESET_AFTER, 0.02))
 *         .retryDelays(Duration.ofMillis(10), Duration.ofMillis(50))
 *         .run("stack reads", 40, (kit, round) -> {
 *             try {
 *                 assertThat(Stacks.of(kit).stack(name).status()).isEqualTo(StackStatus.CREATE_COMPLETE);
 *                 return true;                       // answered
 *             } catch (AwsKitException e) {          // the failure the facade promises
 *                 assertThat(e).hasMessageContaining(name);
 *                 return false;                      // failed as promised
 *             }
 *         });
 * }</pre>
 *
 * <p>A round decides itself what counts as answered and what as a promised failure (it catches the
 * exception type the code under test documents and asserts on it); anything else it throws, an
 * {@link AssertionError} or an unexpected exception, ends the test at that round. The proxy and the
 * kit are closed when {@link Builder#run} returns or throws.
 */
public final class FaultRounds {
    /** One round: the call under test through {@code kit}; true when it was answered, false when it failed as promised. */
    @FunctionalInterface
    public interface Round {
        boolean run(AwsKit kit, int round) throws Exception;
    }

    /** What a loop saw: rounds answered and failed, and the faults the proxy injected. */
    public static final class Tally {
        private final String label;
        private final int answered;
        private final int failed;
        private final long requests;
        private final Map<FaultProxy.Fault, Long> injected;

        private Tally(String label, int answered, int failed, FaultProxy proxy) {
            this.label = label;
            this.answered = answered;
            this.failed = failed;
            this.requests = proxy.requests();
            Map<FaultProxy.Fault, Long> byKind = new EnumMap<>(FaultProxy.Fault.class);
            for (FaultProxy.Fault f : FaultProxy.Fault.values()) {
                long n = proxy.injected(f);
                if (n > 0) {
                    byKind.put(f, n);
                }
            }
            this.injected = byKind;
        }

        /** Rounds whose call returned the server's answer. */
        public int answered() {
            return answered;
        }

        /** Rounds whose call failed as the code under test promises. */
        public int failed() {
            return failed;
        }

        /** Requests the proxy received. */
        public long requests() {
            return requests;
        }

        /** Faults injected, of every kind. */
        public long injected() {
            return injected.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Faults of one kind injected. */
        public long injected(FaultProxy.Fault fault) {
            return injected.getOrDefault(Objects.requireNonNull(fault, "fault"), 0L);
        }

        /** {@code stack reads: 35 answered, 5 failed; 212 requests, faults {THROTTLE=6, RESET_AFTER=2}}. */
        @Override
        public String toString() {
            return label + ": " + answered + " answered, " + failed + " failed; " + requests + " requests, faults "
                    + injected;
        }
    }

    /** Settings of a loop; {@link #run} runs it. */
    public static final class Builder {
        private final Target target;
        private final UnaryOperator<FaultProxy.Builder> faults;
        private Duration baseDelay;
        private Duration maxDelay;

        private Builder(Target target, UnaryOperator<FaultProxy.Builder> faults) {
            this.target = Objects.requireNonNull(target, "target");
            this.faults = Objects.requireNonNull(faults, "faults");
        }

        /**
         * The back-off of the kit behind the proxy (default 10 ms, at most 50 ms): short, so that
         * the rounds' time goes into requests, not into waiting.
         */
        public Builder retryDelays(Duration base, Duration max) {
            if (baseDelay != null) {
                throw Setting.alreadySet("retryDelays", baseDelay + ".." + maxDelay, base + ".." + max);
            }
            this.baseDelay = Objects.requireNonNull(base, "base");
            this.maxDelay = Objects.requireNonNull(max, "max");
            return this;
        }

        /**
         * Runs {@code rounds} rounds and prints the tally to standard output. What a round throws ends
         * the loop: an unchecked exception or error unchanged, a checked one (an {@code IOException} of
         * the test's own files) inside an {@link AssertionError} that names the round.
         *
         * @throws AssertionError when the proxy injected no fault (the loop tested nothing: raise the
         *     probabilities or the rounds), or when no round was answered (every call failed: the faults
         *     are too dense to show that calls get through)
         */
        public Tally run(String label, int rounds, Round round) {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(round, "round");
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
            }
            FaultProxy.Builder proxyBuilder = FaultProxy.builder(target.endpoint());
            FaultProxy.Builder configured = Objects.requireNonNull(faults.apply(proxyBuilder), "faults returned null");
            int answered = 0;
            int failed = 0;
            Tally tally;
            try (FaultProxy proxy = configured.start();
                    AwsKit kit = target.withEndpoint(proxy.endpoint())
                            .kitBuilder()
                            .retryPolicy(RetryPolicy.builder()
                                    .baseDelay(baseDelay == null ? Duration.ofMillis(10) : baseDelay)
                                    .maxDelay(maxDelay == null ? Duration.ofMillis(50) : maxDelay)
                                    .build())
                            .build()) {
                for (int i = 0; i < rounds; i++) {
                    if (runOne(round, kit, i)) {
                        answered++;
                    } else {
                        failed++;
                    }
                }
                tally = new Tally(label, answered, failed, proxy);
            }
            System.out.println("[FaultRounds] " + tally);
            if (tally.injected() == 0) {
                throw new AssertionError("[FaultRounds] " + tally + ": no fault was injected in " + rounds
                        + " rounds, so the loop tested nothing; raise the fault probabilities or the rounds");
            }
            if (answered == 0) {
                throw new AssertionError("[FaultRounds] " + tally + ": no round was answered; the faults are so dense"
                        + " that nothing shows calls get through them, lower the probabilities");
            }
            return tally;
        }
    }

    private FaultRounds() {}

    private static boolean runOne(Round round, AwsKit kit, int i) {
        try {
            return round.run(kit, i);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("[FaultRounds] round " + i + " threw " + e, e);
        }
    }

    /**
     * A loop through a {@link FaultProxy} in front of {@code target}; {@code faults} sets the proxy's
     * seed and fault mix on the builder it is given (and returns it).
     */
    public static Builder through(Target target, UnaryOperator<FaultProxy.Builder> faults) {
        return new Builder(target, faults);
    }
}
