package dev.awskit.testing;

/**
 * The services an aws-kit test can ask a server for.
 *
 * <p>Locally, S3 runs on S3Proxy, Kinesis on kinesis-mock, OCI registries on Docker's
 * distribution, and every control-plane service ({@link #IAM} to {@link #DYNAMODB}) on one
 * {@code moto_server}. {@code AWSKIT_IT_ENDPOINT} replaces all of them (but the registries).
 */
public enum Service {
    /** S3: S3Proxy locally, LocalStack in a container, or {@code AWSKIT_IT_ENDPOINT}. */
    S3("s3", Server.OWN, true),
    /** Kinesis: kinesis-mock locally, LocalStack, or {@code AWSKIT_IT_ENDPOINT}. */
    KINESIS("kinesis", Server.OWN, true),
    /** An OCI registry (Docker distribution with basic auth); no LocalStack fallback. */
    REGISTRY("registry", Server.OWN, false),
    /** IAM on moto or {@code AWSKIT_IT_ENDPOINT}. */
    IAM("iam", Server.MOTO, false),
    /** STS on moto or {@code AWSKIT_IT_ENDPOINT}. */
    STS("sts", Server.MOTO, false),
    /** CloudWatch Logs on moto or {@code AWSKIT_IT_ENDPOINT}. */
    LOGS("logs", Server.MOTO, false),
    /** ECR's API (not the registry protocol) on moto or {@code AWSKIT_IT_ENDPOINT}. */
    ECR("ecr", Server.MOTO, false),
    /** ECS on moto or {@code AWSKIT_IT_ENDPOINT}. */
    ECS("ecs", Server.MOTO, false),
    /** EC2 and VPC on moto or {@code AWSKIT_IT_ENDPOINT}. */
    EC2("ec2", Server.MOTO, false),
    /** Elastic Load Balancing v2 on moto or {@code AWSKIT_IT_ENDPOINT}. */
    ELBV2("elasticloadbalancing", Server.MOTO, false),
    /** CloudFormation on moto or {@code AWSKIT_IT_ENDPOINT}. */
    CLOUDFORMATION("cloudformation", Server.MOTO, false),
    /** DynamoDB on moto or {@code AWSKIT_IT_ENDPOINT} (DynamoDB Local is not used: its licence). */
    DYNAMODB("dynamodb", Server.MOTO, false),
    /**
     * Services a test fakes itself (WireMock for what no server models: throttling, the Insights
     * cap, ECS deployment progress): only {@code AWSKIT_IT_ENDPOINT} is found for it.
     */
    OTHER("other", Server.NONE, true);

    /** Which local server stands in for the service. */
    enum Server {
        OWN,
        MOTO,
        NONE
    }

    private final String key;
    private final Server server;
    private final boolean inLocalStack;

    Service(String key, Server server, boolean inLocalStack) {
        this.key = key;
        this.server = server;
        this.inLocalStack = inLocalStack;
    }

    /** The kit's per-service endpoint key. */
    public String key() {
        return key;
    }

    /** True when {@code moto_server} serves it locally. */
    public boolean onMoto() {
        return server == Server.MOTO;
    }

    /** The prefix of this service's entries in the emulators' endpoints file. */
    String fileKey() {
        return switch (server) {
            case MOTO -> "moto";
            case OWN -> this == REGISTRY ? "registry.1" : key;
            case NONE -> key;
        };
    }

    boolean inLocalStack() {
        return inLocalStack;
    }

    /** The service's name in LocalStack's {@code /_localstack/health}, empty when LocalStack has none. */
    String localStackName() {
        return switch (this) {
            case REGISTRY, OTHER -> "";
            case ELBV2 -> "elbv2";
            default -> key;
        };
    }

    /** True for the services LocalStack's community image lacks (they need LocalStack Pro). */
    boolean localStackProOnly() {
        return this == ECR || this == ECS || this == ELBV2;
    }
}
