package dev.awskit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.internal.ClientFactory;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Endpoint overrides per service: a key nobody knows is a typo, and a typo must not send that
 * service's calls to real AWS in silence.
 */
class EndpointKeysTest {
    private static final String KNOWN = "Known keys: cloudformation, dynamodb, ec2, ecr, ecs, elasticloadbalancing,"
            + " iam, kinesis, logs, s3, s3control, sso, sso-oidc, sts, or any AWS SDK endpoint prefix (such as sqs).";

    private final Map<String, String> env = new HashMap<>(Map.of("HOME", "/nonexistent"));

    private AwsKit kit(AwsKit.Builder b) {
        return b.region("us-east-1")
                .credentials("awskit-test-key", "test-secret")
                .environment(env)
                .build();
    }

    @Test
    void builderEndpoint_forAMisspelledKey_isRefusedWithADidYouMean() {
        assertThatThrownBy(() -> AwsKit.builder().endpoint("kinesys", "http://127.0.0.1:4567"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown service key 'kinesys' for an endpoint; did you mean 'kinesis'? " + KNOWN);
        assertThatThrownBy(() -> AwsKit.builder().endpoint("cloudwatchlogs", "http://127.0.0.1:4567"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown service key 'cloudwatchlogs' for an endpoint; did you mean 'logs'? " + KNOWN);
        assertThatThrownBy(() -> AwsKit.builder().endpoint("dynamo", "http://127.0.0.1:4567"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown service key 'dynamo' for an endpoint; did you mean 'dynamodb'? " + KNOWN);
    }

    @Test
    void builderEndpoint_forAKeyFarFromAnyKnownOne_listsTheKnownKeys() {
        assertThatThrownBy(() -> AwsKit.builder().endpoint("my-emulator", "http://127.0.0.1:4567"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown service key 'my-emulator' for an endpoint. " + KNOWN);
    }

    @Test
    void builderEndpoint_acceptsAliasesAndOtherSdkPrefixes_underOneKey() {
        try (AwsKit aws = kit(AwsKit.builder()
                .endpoint("s3-control", "http://127.0.0.1:1001")
                .endpoint("api.ecr", "http://127.0.0.1:1002")
                .endpoint("SQS", "http://127.0.0.1:1003")
                .endpoint("oidc", "http://127.0.0.1:1004"))) {
            assertThat(aws.endpoint("s3control")).contains(URI.create("http://127.0.0.1:1001"));
            assertThat(aws.endpoint("ecr")).contains(URI.create("http://127.0.0.1:1002"));
            assertThat(aws.endpoint("sqs")).contains(URI.create("http://127.0.0.1:1003"));
            assertThat(aws.endpoint("sso-oidc")).contains(URI.create("http://127.0.0.1:1004"));
        }
        assertThatThrownBy(
                        () -> AwsKit.builder().endpoint("logs", "http://a:1").endpoint("cloudwatch-logs", "http://b:2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("endpoint for logs was already set to http://a:1; cannot set it to http://b:2");
    }

    @Test
    void clients_findTheirOverride_underTheKitKey() {
        assertThat(ClientFactory.serviceKey(SsoClient.class)).isEqualTo("sso");
        assertThat(ClientFactory.serviceKey(SsoOidcClient.class)).isEqualTo("sso-oidc");
        assertThat(ClientFactory.serviceKey(CloudWatchLogsClient.class)).isEqualTo("logs");
        assertThat(ClientFactory.serviceKey(StsClient.class)).isEqualTo("sts");
        assertThat(ClientFactory.serviceKey(IamClient.class)).isEqualTo("iam");
    }

    @Test
    void envEndpoint_usesTheServiceIdentifiersOfTheAwsSdks() {
        // https://docs.aws.amazon.com/sdkref/latest/guide/ss-endpoints-table.html
        env.put("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "http://127.0.0.1:2001");
        env.put("AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1:2002");
        env.put("AWS_ENDPOINT_URL_S3_CONTROL", "http://127.0.0.1:2003");
        env.put("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://127.0.0.1:2004");
        try (AwsKit aws = kit(AwsKit.builder())) {
            assertThat(aws.endpoint("elasticloadbalancing")).contains(URI.create("http://127.0.0.1:2001"));
            assertThat(aws.endpoint("sso-oidc")).contains(URI.create("http://127.0.0.1:2002"));
            assertThat(aws.endpoint("s3control")).contains(URI.create("http://127.0.0.1:2003"));
            assertThat(aws.endpoint("logs")).contains(URI.create("http://127.0.0.1:2004"));
        }
    }

    @Test
    void envEndpoint_forAnUnknownService_isIgnoredWithAWarning_andADidYouMeanForANearMiss() {
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:3000");
        env.put("AWS_ENDPOINT_URL_KINESYS", "http://127.0.0.1:3001");
        env.put("AWS_ENDPOINT_URL_FROBNICATOR", "http://127.0.0.1:3002");
        try (AwsKit aws = kit(AwsKit.builder())) {
            assertThat(aws.endpoint("kinesis")).contains(URI.create("http://127.0.0.1:3000"));
            String known = " Known: AWS_ENDPOINT_URL_ followed by one of CLOUDFORMATION, CLOUDWATCH_LOGS, DYNAMODB,"
                    + " EC2, ECR, ECS, ELASTIC_LOAD_BALANCING, ELASTIC_LOAD_BALANCING_V2, IAM, KINESIS, S3, S3_CONTROL,"
                    + " SSO, SSO_OIDC, STS, or another AWS service's identifier.";
            assertThat(aws.describe().toString())
                    .contains("  warning     Ignoring AWS_ENDPOINT_URL_FROBNICATOR: 'FROBNICATOR' is not a service"
                            + " the kit knows." + known + "\n")
                    .contains("  warning     Ignoring AWS_ENDPOINT_URL_KINESYS: 'KINESYS' is not a service the kit"
                            + " knows; did you mean AWS_ENDPOINT_URL_KINESIS?" + known + "\n");
        }
    }
}
