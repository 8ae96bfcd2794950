// aws-kit JShell startup (scripts/jshell loads it): every module's public package, the DSLs, and kits
// for the local servers of scripts/emulators (or the endpoint in AWSKIT_IT_ENDPOINT).
// Finding and Severity (of ecs's validator and net's lint) are one type each, in dev.awskit.core:
// no two star imports below share a name.
import java.nio.file.*;
import java.time.*;
import java.util.*;
import dev.awskit.core.*;
import dev.awskit.iam.*;
import dev.awskit.logs.*;
import dev.awskit.storage.*;
import dev.awskit.kinesis.*;
import dev.awskit.ecr.*;
import dev.awskit.ecs.*;
import dev.awskit.net.*;
import dev.awskit.cloudformation.*;
import static dev.awskit.core.AwsKitDsl.*;
import static dev.awskit.net.NetDsl.*;

/**
 * The endpoints file of scripts/emulators: AWSKIT_EMULATORS_FILE (scripts/jshell sets it), else
 * .emulators/endpoints.properties in the current directory or the nearest parent that has one; null
 * when there is none (JShell started outside an aws-kit checkout, or the servers never started).
 */
Path emulatorsFile() {
    String set = System.getenv("AWSKIT_EMULATORS_FILE");
    if (set != null && !set.isBlank()) {
        return Files.isRegularFile(Path.of(set)) ? Path.of(set) : null;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
        Path f = dir.resolve(".emulators/endpoints.properties");
        if (Files.isRegularFile(f)) {
            return f;
        }
    }
    return null;
}

/** Why a kit for the local servers could not be made, and what to do; printed by emulatorKit() and cloudKit(). */
void noServers(String kitName) {
    String set = System.getenv("AWSKIT_EMULATORS_FILE");
    System.out.println(kitName + "() is null: "
        + (set != null && !set.isBlank()
            ? "AWSKIT_EMULATORS_FILE names " + set + ", which does not exist."
            : "no .emulators/endpoints.properties in " + Path.of("").toAbsolutePath() + " or a parent directory.")
        + "\n  Local servers: in an aws-kit checkout run scripts/emulators start, then open JShell with scripts/jshell"
        + " (or set AWSKIT_EMULATORS_FILE to that checkout's .emulators/endpoints.properties)."
        + "\n  LocalStack, moto or AWS: set AWSKIT_IT_ENDPOINT (e.g. http://localhost:4566), AWS_REGION and the keys"
        + " in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, and start JShell again."
        + "\n  Or build a kit yourself: AwsKit aws = AwsKit.builder().profile(\"dev\").region(\"us-east-1\").build();");
}

/** A kit for AWSKIT_IT_ENDPOINT (every service on that endpoint), or null when it is not set. */
AwsKit itEndpointKit() {
    String it = System.getenv("AWSKIT_IT_ENDPOINT");
    if (it == null || it.isBlank()) {
        return null;
    }
    return AwsKit.builder()
        .region(System.getenv().getOrDefault("AWS_REGION", "us-east-1"))
        .credentials(System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "test"),
            System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "test"))
        .endpoint(it.trim())
        .build();
}

Properties emulatorEndpoints(Path file) {
    Properties p = new Properties();
    try (var in = Files.newInputStream(file)) {
        p.load(in);
    } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("Cannot read the emulators file " + file, e);
    }
    return p;
}

/**
 * A kit for the data plane (S3, Kinesis): AWSKIT_IT_ENDPOINT with the environment's region and keys
 * when set, else S3Proxy and kinesis-mock of scripts/emulators; null, saying why, when there is neither.
 */
AwsKit emulatorKit() {
    AwsKit it = itEndpointKit();
    if (it != null) {
        return it;
    }
    Path file = emulatorsFile();
    if (file == null) {
        noServers("emulatorKit");
        return null;
    }
    Properties p = emulatorEndpoints(file);
    AwsKit.Builder b = AwsKit.builder().region("us-east-1")
        .credentials(p.getProperty("s3.accessKey", "test"), p.getProperty("s3.secretKey", "test"));
    if (p.getProperty("s3.endpoint") != null) b.endpoint("s3", p.getProperty("s3.endpoint"));
    if (p.getProperty("kinesis.endpoint") != null) b.endpoint("kinesis", p.getProperty("kinesis.endpoint"));
    return b.build();
}

/**
 * A kit for the control plane (IAM, STS, CloudWatch Logs, ECR's API, ECS, EC2, ELBv2...):
 * AWSKIT_IT_ENDPOINT with the environment's region and keys when set, else the local moto_server
 * of scripts/emulators (one endpoint for every service); null, saying why, when there is neither.
 */
AwsKit cloudKit() {
    AwsKit it = itEndpointKit();
    if (it != null) {
        return it;
    }
    Path file = emulatorsFile();
    if (file == null) {
        noServers("cloudKit");
        return null;
    }
    Properties p = emulatorEndpoints(file);
    String moto = p.getProperty("moto.endpoint");
    if (moto == null) {
        System.out.println("cloudKit() is null: " + file + " names no moto.endpoint; run scripts/emulators start"
            + " (it starts moto_server), or set AWSKIT_IT_ENDPOINT.");
        return null;
    }
    return AwsKit.builder().region("us-east-1")
        .credentials(p.getProperty("moto.accessKey", "test"), p.getProperty("moto.secretKey", "test"))
        .endpoint(moto)
        .build();
}

int tourFailures = 0;

/** Runs one tour step, printing its title; a failure is counted and shown, and the tour goes on. */
void step(String title, Runnable body) {
    System.out.println("\n== " + title);
    try {
        body.run();
    } catch (Throwable t) {
        tourFailures++;
        System.out.println("!! step failed: " + t);
        t.printStackTrace(System.out);
    }
}
