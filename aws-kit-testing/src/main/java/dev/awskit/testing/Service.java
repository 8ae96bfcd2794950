package dev.awskit.testing;

/** The services an aws-kit test can ask a server for. */
public enum Service {
    /** S3: S3Proxy locally, LocalStack in a container, or {@code AWSKIT_IT_ENDPOINT}. */
    S3("s3", true),
    /** Kinesis: kinesis-mock locally, LocalStack, or {@code AWSKIT_IT_ENDPOINT}. */
    KINESIS("kinesis", true),
    /** An OCI registry (Docker distribution with basic auth); no LocalStack fallback. */
    REGISTRY("registry", false),
    /** Services with no local emulator here (IAM, STS, ECR's API, ECS, Logs, EC2): WireMock or AWSKIT_IT_ENDPOINT. */
    OTHER("other", true);

    private final String key;
    private final boolean inLocalStack;

    Service(String key, boolean inLocalStack) {
        this.key = key;
        this.inLocalStack = inLocalStack;
    }

    /** The key in the emulators' endpoints file and the kit's per-service endpoint key. */
    public String key() {
        return key;
    }

    boolean inLocalStack() {
        return inLocalStack;
    }
}
