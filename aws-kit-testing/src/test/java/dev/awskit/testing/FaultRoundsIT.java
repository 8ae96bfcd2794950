package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;

/** The fault loop both IAM's and CloudFormation's fault ITs use, against STS on moto (or AWSKIT_IT_ENDPOINT). */
@UsesServer(Service.STS)
class FaultRoundsIT {

    /** One GetCallerIdentity; an SDK failure is the outcome this call promises under faults. */
    private static boolean identity(dev.awskit.core.AwsKit kit) {
        try {
            assertThat(kit.client(StsClient.class).getCallerIdentity().account())
                    .matches("[0-9]{12}");
            return true;
        } catch (SdkException e) {
            return false;
        }
    }

    @Test
    void run_countsEveryRoundAsAnsweredOrFailed_andTheFaultsTheProxyInjected(Target target) {
        AtomicInteger rounds = new AtomicInteger();
        FaultRounds.Tally tally = FaultRounds.through(
                        target,
                        p -> p.seed(5L).fault(FaultProxy.Fault.ERROR_500, 0.3).fault(FaultProxy.Fault.THROTTLE, 0.2))
                .retryDelays(Duration.ofMillis(1), Duration.ofMillis(5))
                .run("sts", 20, (kit, round) -> {
                    assertThat(round).isEqualTo(rounds.getAndIncrement());
                    return identity(kit);
                });

        assertThat(rounds).hasValue(20);
        assertThat(tally.answered() + tally.failed()).isEqualTo(20);
        assertThat(tally.answered()).isPositive();
        assertThat(tally.injected())
                .isEqualTo(tally.injected(FaultProxy.Fault.ERROR_500) + tally.injected(FaultProxy.Fault.THROTTLE))
                .isPositive();
        // the SDK retries a 500 or a throttle: more requests than rounds
        assertThat(tally.requests()).isGreaterThan(20);
        assertThat(tally.toString())
                .startsWith("sts: " + tally.answered() + " answered, " + tally.failed() + " failed; ");
    }

    @Test
    void run_whenNoFaultWasInjected_failsBecauseTheLoopTestedNothing(Target target) {
        assertThatThrownBy(() -> FaultRounds.through(target, p -> p.fault(FaultProxy.Fault.ERROR_500, 0.0))
                        .run("calm", 3, (kit, round) -> identity(kit)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[FaultRounds] calm: 3 answered, 0 failed; ")
                .hasMessageEndingWith(": no fault was injected in 3 rounds, so the loop tested nothing; raise the"
                        + " fault probabilities or the rounds");
    }

    @Test
    void run_whenNoRoundWasAnswered_failsBecauseNothingShowsCallsGetThrough(Target target) {
        assertThatThrownBy(() -> FaultRounds.through(target, p -> p.fault(FaultProxy.Fault.ERROR_500, 1.0))
                        .retryDelays(Duration.ofMillis(1), Duration.ofMillis(2))
                        .run("storm", 2, (kit, round) -> identity(kit)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[FaultRounds] storm: 0 answered, 2 failed; ")
                .hasMessageEndingWith(": no round was answered; the faults are so dense that nothing shows calls get"
                        + " through them, lower the probabilities");
    }

    @Test
    void run_whenARoundThrowsACheckedException_failsNamingTheRound(Target target) {
        IOException cause = new IOException("credentials file vanished");
        assertThatThrownBy(() -> FaultRounds.through(target, p -> p.fault(FaultProxy.Fault.ERROR_500, 0.5))
                        .run("files", 5, (kit, round) -> {
                            if (round == 1) {
                                throw cause;
                            }
                            return true;
                        }))
                .isInstanceOf(AssertionError.class)
                .hasMessage("[FaultRounds] round 1 threw java.io.IOException: credentials file vanished")
                .hasCause(cause);
    }

    @Test
    void settings_areCheckedBeforeAnythingStarts() {
        Target nowhere = new Target(
                Service.STS, Target.Kind.LOCAL_EMULATOR, URI.create("http://127.0.0.1:9"), "us-east-1", "id", "s");
        FaultRounds.Builder b =
                FaultRounds.through(nowhere, p -> p).retryDelays(Duration.ofMillis(1), Duration.ofMillis(2));
        assertThatThrownBy(() -> b.retryDelays(Duration.ofMillis(3), Duration.ofMillis(4)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("retryDelays was already set to PT0.001S..PT0.002S; cannot set it to PT0.003S..PT0.004S");
        assertThatThrownBy(() -> b.run("none", 0, (kit, round) -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rounds must be >= 1, got 0");
    }
}
