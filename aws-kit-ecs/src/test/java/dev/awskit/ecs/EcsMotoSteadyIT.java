package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A service that becomes steady, on a moto of its own: moto takes a service's running count from the
 * environment variable {@code MOTO_ECS_SERVICE_RUNNING} (moto's ECS backend documents it), which the shared
 * moto of scripts/emulators does not set. With it, CreateService's deployment is COMPLETED with 2 of 2
 * running, and {@code awaitSteady} must see that. (Rollouts that progress or fail: EcsDeployIT.)
 */
class EcsMotoSteadyIT {
    static Process moto;
    static AwsKit kit;
    static Path log;

    @BeforeAll
    static void startMoto() throws Exception {
        boolean onPath = java.util.Arrays.stream(
                        System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "moto_server")));
        if (!onPath && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("moto_server is not on PATH (pip install 'moto[server]'); CI=true");
        }
        Assumptions.assumeTrue(onPath, "moto_server is not on PATH: pip install 'moto[server]' to run this test");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        log = Files.createTempFile("moto-ecs-steady", ".log");
        ProcessBuilder pb = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("MOTO_ECS_SERVICE_RUNNING", "2");
        moto = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!listening(port)) {
            if (!moto.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("moto_server did not start on port " + port + ": "
                        + Files.readString(log).strip());
            }
            Thread.sleep(200);
        }
        kit = AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", "test-secret")
                .endpoint("http://127.0.0.1:" + port)
                .build();
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (kit != null) {
            kit.close();
        }
        if (moto != null) {
            moto.destroy();
            if (!moto.waitFor(10, TimeUnit.SECONDS)) {
                moto.destroyForcibly();
            }
        }
        if (log != null) {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void awaitSteady_whenTheDeploymentIsCompleted_reportsRunningOfDesired() {
        Ecs ecs = Ecs.of(kit);
        String name = "steady-" + UUID.randomUUID().toString().substring(0, 8);
        RegisteredTaskDefinition td = ecs.register(EcsMotoIT.web(name, "nginx:1.27"));
        EcsCluster cluster = ecs.cluster(name);
        cluster.create();
        EcsService service = cluster.service("web");
        service.create(td, 2, b -> {});

        DeployReport report = service.deploy(td.arn())
                .pollEvery(Duration.ofMillis(100), Duration.ofMillis(500))
                .awaitSteady(Duration.ofSeconds(30));

        assertThat(report.taskDefinitionArn()).isEqualTo(td.arn());
        assertThat(report.runningCount()).isEqualTo(2);
        assertThat(report.desiredCount()).isEqualTo(2);
        assertThat(report.cluster()).isEqualTo(name);
        assertThat(report.service()).isEqualTo("web");
    }
}
