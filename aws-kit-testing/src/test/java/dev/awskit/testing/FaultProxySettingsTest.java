package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The proxy builder's settings: written once, checked together before a port opens. No network. */
class FaultProxySettingsTest {
    private static final URI UPSTREAM = URI.create("http://127.0.0.1:9");

    @Test
    void secondWrite_namesBothValues() {
        assertThatThrownBy(() -> FaultProxy.builder(UPSTREAM).seed(1).seed(2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("seed was already set to 1; cannot set it to 2");
        assertThatThrownBy(() -> FaultProxy.builder(UPSTREAM)
                        .latency(Duration.ofMillis(5))
                        .latency(Duration.ofMillis(6)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("latency was already set to PT0.005S; cannot set it to PT0.006S");
        assertThatThrownBy(() -> FaultProxy.builder(UPSTREAM).only(r -> true).only(r -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("only was already set to a filter; cannot set it to a filter");
    }

    @Test
    void hold_isWrittenOnce_andWaitsAPositiveTimeAtMost() {
        assertThatThrownBy(() -> FaultProxy.builder(UPSTREAM)
                        .hold(r -> true, () -> true, Duration.ofSeconds(1))
                        .hold(r -> true, () -> true, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("hold was already set to a filter; cannot set it to a filter");
        assertThatThrownBy(() -> FaultProxy.builder(UPSTREAM).hold(r -> true, () -> true, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hold: atMost must be positive, got PT0S");
    }

    @Test
    void limitsWithoutAnyFault_areRefused() {
        assertThatThrownBy(() -> FaultProxy.builder(UPSTREAM).maxFaults(3).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxFaults(3) limits the injected faults, but no fault(...) was given: add"
                        + " fault(Fault.X, probability), or drop it");
        assertThatThrownBy(() -> FaultProxy.builder(UPSTREAM).only(r -> true).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("only(...) limits the injected faults, but no fault(...) was given: add"
                        + " fault(Fault.X, probability), or drop it");
    }
}
