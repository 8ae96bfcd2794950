// aws-kit JShell startup: imports and a kit for the local emulators when they run.
import java.nio.file.*;
import java.time.*;
import java.util.*;
import dev.awskit.core.*;
import static dev.awskit.core.AwsKitDsl.*;

/** Builds a kit for the emulators of scripts/emulators (S3 and Kinesis endpoints), or null. */
AwsKit emulatorKit() {
    try {
        String file = System.getenv().getOrDefault("AWSKIT_EMULATORS_FILE", ".emulators/endpoints.properties");
        Properties p = new Properties();
        try (var in = Files.newInputStream(Path.of(file))) { p.load(in); }
        AwsKit.Builder b = AwsKit.builder().region("us-east-1")
            .credentials(p.getProperty("s3.accessKey", "test"), p.getProperty("s3.secretKey", "test"));
        if (p.getProperty("s3.endpoint") != null) b.endpoint("s3", p.getProperty("s3.endpoint"));
        if (p.getProperty("kinesis.endpoint") != null) b.endpoint("kinesis", p.getProperty("kinesis.endpoint"));
        return b.build();
    } catch (java.io.IOException e) {
        return null;
    }
}

/**
 * A kit for the control plane (IAM, STS, CloudWatch Logs, ECR's API, ECS, EC2, ELBv2...):
 * AWSKIT_IT_ENDPOINT with the environment's region and keys when set, else the local moto_server
 * of scripts/emulators (one endpoint for every service); null when there is neither.
 */
AwsKit cloudKit() {
    String it = System.getenv("AWSKIT_IT_ENDPOINT");
    if (it != null && !it.isBlank()) {
        return AwsKit.builder()
            .region(System.getenv().getOrDefault("AWS_REGION", "us-east-1"))
            .credentials(System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "test"),
                System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "test"))
            .endpoint(it.trim())
            .build();
    }
    try {
        String file = System.getenv().getOrDefault("AWSKIT_EMULATORS_FILE", ".emulators/endpoints.properties");
        Properties p = new Properties();
        try (var in = Files.newInputStream(Path.of(file))) { p.load(in); }
        String moto = p.getProperty("moto.endpoint");
        if (moto == null) return null;
        return AwsKit.builder().region("us-east-1")
            .credentials(p.getProperty("moto.accessKey", "test"), p.getProperty("moto.secretKey", "test"))
            .endpoint(moto)
            .build();
    } catch (java.io.IOException e) {
        return null;
    }
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
