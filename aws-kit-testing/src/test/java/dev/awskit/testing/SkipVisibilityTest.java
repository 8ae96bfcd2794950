package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;
import org.junit.platform.testkit.engine.Events;

/**
 * A class whose server is missing must be visible: each of its tests counted as skipped, with a
 * reason naming {@code AWSKIT_IT_ENDPOINT} (an aborted class shows in Maven as "Tests run: 0");
 * under {@code CI=true} it fails instead. {@link Service#OTHER} has no server unless
 * {@code AWSKIT_IT_ENDPOINT} is set, which makes the case reproducible here.
 */
class SkipVisibilityTest {

    @UsesServer(Service.OTHER)
    static class NeedsAServer {
        @Test
        void first(Target target) {
            assertThat(target).isNotNull();
        }

        @Test
        void second(Target target) {
            assertThat(target).isNotNull();
        }
    }

    @Test
    void missingServer_eachTestIsSkippedWithTheReason_orFailsUnderCi() {
        Assumptions.assumeTrue(
                System.getenv("AWSKIT_IT_ENDPOINT") == null, "AWSKIT_IT_ENDPOINT is set: the server exists");
        Events all = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(NeedsAServer.class))
                .execute()
                .allEvents();
        if (Targets.inCi()) {
            List<Event> failed = all.failed().list();
            assertThat(failed).hasSize(1);
            Throwable t = failed.get(0)
                    .getPayload(org.junit.platform.engine.TestExecutionResult.class)
                    .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                    .orElseThrow();
            assertThat(t)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("OTHER server not available: AWSKIT_IT_ENDPOINT is not set")
                    .hasMessageEndingWith("CI=true: a missing server is a failure");
            return;
        }
        List<Event> skipped = all.filter(e -> e.getType() == EventType.SKIPPED)
                .filter(e -> e.getTestDescriptor().isTest())
                .toList();
        assertThat(skipped).hasSize(2);
        assertThat(skipped).allSatisfy(e -> assertThat(e.getPayload(String.class))
                .hasValue("OTHER server not available: AWSKIT_IT_ENDPOINT is not set"
                        + " (this test fakes the service itself otherwise). To start one: moto_server -p 5000"
                        + " (pip install 'moto[server]') then AWSKIT_IT_ENDPOINT=http://localhost:5000; or docker run"
                        + " -p 4566:4566 localstack/localstack:4.4.0 then AWSKIT_IT_ENDPOINT=http://localhost:4566"));
        assertThat(all.failed().count()).isZero();
    }
}
