package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.awskit.core.AwsKit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;
import org.junit.platform.testkit.engine.Events;

/**
 * {@code @UsesServer} with several services, run through the JUnit engine so that the outcome a
 * user sees (skipped with which reason, failed, passed) is what is asserted. The servers come from
 * an endpoints file named by the {@code awskit.emulators.file} configuration parameter, so the
 * cases do not depend on which servers run on this machine.
 */
class UsesServerTest {
    private static final String MOTO_HINT =
            "moto_server -p 5000 (pip install 'moto[server]') then" + " AWSKIT_IT_ENDPOINT=http://localhost:5000";

    @TempDir
    Path dir;

    @BeforeEach
    void noItEndpoint() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                System.getenv("AWSKIT_IT_ENDPOINT") == null, "AWSKIT_IT_ENDPOINT is set: every server exists");
    }

    @UsesServer({Service.IAM, Service.OTHER, Service.ECS})
    static class NeedsThree {
        @Test
        void first(Servers servers) {
            assertThat(servers).isNotNull();
        }

        @Test
        void second(AwsKit aws) {
            assertThat(aws).isNotNull();
        }
    }

    @UsesServer({Service.IAM, Service.OTHER})
    static class NeedsMotoAndAFake {
        @Test
        void only(Target target) {
            assertThat(target).isNotNull();
        }
    }

    @UsesServer({Service.S3, Service.STS})
    static class NeedsS3AndSts {
        static volatile URI s3;
        static volatile URI moto;

        @Test
        void parameters_pointAtEachServer(AwsKit aws, Target target, Servers servers, TestResources res) {
            assertThat(target.service()).isEqualTo(Service.S3);
            assertThat(target.endpoint()).isEqualTo(s3);
            assertThat(servers.target(Service.STS).endpoint()).isEqualTo(moto);
            assertThat(aws.endpoint("s3")).contains(s3);
            assertThat(aws.endpoint("sts")).contains(moto);
            assertThat(res.name()).startsWith("awskit-parameters-pointateachserv");
        }
    }

    @UsesServer(value = Service.OTHER, localStackImage = "localstack/localstack")
    static class UnpinnedImage {
        @Test
        void never() {}
    }

    @UsesServer({Service.S3, Service.KINESIS, Service.S3})
    static class ServiceTwice {
        @Test
        void never() {}
    }

    private Path emulatorsFile(String content) throws IOException {
        Path file = dir.resolve("endpoints.properties");
        Files.writeString(file, content);
        return file;
    }

    private static Events run(Class<?> testClass, Map<String, String> parameters) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(parameters)
                .selectors(selectClass(testClass))
                .execute()
                .allEvents();
    }

    /** Each test skipped with {@code reason}; under {@code CI=true} the class fails with it instead. */
    private static void assertSkippedOrFailedInCi(Events all, int tests, String reason) {
        if (Targets.inCi()) {
            List<Event> failed = all.failed().list();
            assertThat(failed).hasSize(1);
            assertThat(failure(failed.get(0)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(reason + " (")
                    .hasMessageEndingWith("CI=true: a missing server is a failure");
            return;
        }
        List<Event> skipped = all.filter(e -> e.getType() == EventType.SKIPPED)
                .filter(e -> e.getTestDescriptor().isTest())
                .toList();
        assertThat(skipped).hasSize(tests);
        assertThat(skipped)
                .allSatisfy(e -> assertThat(e.getPayload(String.class)).hasValue(reason));
        assertThat(all.failed().count()).isZero();
    }

    private static Throwable failure(Event e) {
        return e.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .orElseThrow();
    }

    @Test
    void severalServicesMissing_eachIsNamedWithWhy_andHowToStartOne_withTheChosenImage() throws IOException {
        Path file = emulatorsFile("s3.endpoint=http://127.0.0.1:1\n");
        Events all = run(
                NeedsThree.class,
                Map.of(
                        "awskit.emulators.file",
                        file.toString(),
                        "awskit.localstack.image",
                        "localstack/localstack:4.9.2"));
        // the tests run in aws-kit-testing/, one level below the repository's scripts/emulators
        Path repository = Path.of("").toAbsolutePath().getParent();
        String noMoto = "AWSKIT_IT_ENDPOINT is not set, and " + file + " has no moto.endpoint";
        assertSkippedOrFailedInCi(
                all,
                2,
                "IAM, OTHER and ECS servers not available: IAM: " + noMoto
                        + "; OTHER: AWSKIT_IT_ENDPOINT is not set (this test fakes the service itself otherwise)"
                        + "; ECS: " + noMoto + ". To start them: scripts/emulators start (in " + repository + "); or "
                        + MOTO_HINT + "; or docker run -p 4566:4566 localstack/localstack:4.9.2 then"
                        + " AWSKIT_IT_ENDPOINT=http://localhost:4566 (LocalStack's community image has no ECS: use"
                        + " moto)");
    }

    @Test
    void oneOfTwoServicesMissing_onlyThatOneIsNamed() throws IOException {
        try (ServerSocket moto = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path file = emulatorsFile("moto.endpoint=http://127.0.0.1:" + moto.getLocalPort() + "\n");
            Events all = run(NeedsMotoAndAFake.class, Map.of("awskit.emulators.file", file.toString()));
            // OTHER has no local server: the repository's script would not help, so it is not offered
            assertSkippedOrFailedInCi(
                    all,
                    1,
                    "OTHER server not available: AWSKIT_IT_ENDPOINT is not set (this test fakes the service itself"
                            + " otherwise). To start one: " + MOTO_HINT + "; or docker run -p 4566:4566"
                            + " localstack/localstack:4.4.0 then AWSKIT_IT_ENDPOINT=http://localhost:4566");
        }
    }

    @Test
    void everyServiceFound_kitTargetAndServersPointAtEachServer() throws IOException {
        try (ServerSocket s3 = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ServerSocket moto = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            NeedsS3AndSts.s3 = URI.create("http://127.0.0.1:" + s3.getLocalPort());
            NeedsS3AndSts.moto = URI.create("http://127.0.0.1:" + moto.getLocalPort());
            Path file =
                    emulatorsFile("s3.endpoint=" + NeedsS3AndSts.s3 + "\nmoto.endpoint=" + NeedsS3AndSts.moto + "\n");
            Events all = run(NeedsS3AndSts.class, Map.of("awskit.emulators.file", file.toString()));
            assertThat(all.failed().list()).as("failures").isEmpty();
            assertThat(all.succeeded()
                            .filter(e -> e.getTestDescriptor().isTest())
                            .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void outsideTheRepository_theHintIsMotoOrLocalStack_andADockerRegistryForRegistry() {
        Map<Service, String> missing = new java.util.LinkedHashMap<>();
        missing.put(Service.S3, "why s3");
        missing.put(Service.REGISTRY, "why registry");
        assertThat(ServerExtension.skipMessage(missing, "localstack/localstack:4.4.0", java.util.Optional.empty()))
                .isEqualTo("S3 and REGISTRY servers not available: S3: why s3; REGISTRY: why registry. To start them: "
                        + MOTO_HINT + "; or docker run -p 4566:4566 localstack/localstack:4.4.0 then"
                        + " AWSKIT_IT_ENDPOINT=http://localhost:4566; or for REGISTRY docker run -p 5000:5000"
                        + " registry:2 and a file named by AWSKIT_EMULATORS_FILE with"
                        + " registry.1.endpoint=http://localhost:5000 (AWSKIT_IT_ENDPOINT serves no registry)");
        assertThat(ServerExtension.skipMessage(
                        Map.of(Service.REGISTRY, "why"), "localstack/localstack:4.4.0", java.util.Optional.of(dir)))
                .isEqualTo(
                        "REGISTRY server not available: why. To start one: scripts/emulators start (in " + dir
                                + "); or for REGISTRY scripts/emulators start registry (AWSKIT_IT_ENDPOINT serves no registry)");
    }

    @Test
    void unpinnedLocalStackImage_failsTheClassSayingWhatToWrite() {
        List<Event> failed = run(UnpinnedImage.class, Map.of()).failed().list();
        assertThat(failed).hasSize(1);
        // JUnit wraps it: "Failed to evaluate condition [ServerExtension]: ..."
        assertThat(failure(failed.get(0)))
                .cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LocalStack image 'localstack/localstack' (from @UsesServer(localStackImage)) is not a"
                        + " pinned image reference; expected name:tag or name@sha256:digest, e.g."
                        + " localstack/localstack:4.4.0");
    }

    @Test
    void serviceNamedTwice_failsTheClass() {
        List<Event> failed = run(ServiceTwice.class, Map.of()).failed().list();
        assertThat(failed).hasSize(1);
        assertThat(failure(failed.get(0)))
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("@UsesServer on " + ServiceTwice.class.getName() + " names S3 twice");
    }
}
