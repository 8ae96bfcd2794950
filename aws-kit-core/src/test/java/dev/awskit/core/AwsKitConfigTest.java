package dev.awskit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;

/** Resolution order: builder value, then environment, then ~/.aws/config and ~/.aws/credentials. */
class AwsKitConfigTest {
    @TempDir
    Path dir;

    private Map<String, String> env;
    private Path config;
    private Path credentials;

    @BeforeEach
    void files() throws IOException {
        config = dir.resolve("config");
        credentials = dir.resolve("credentials");
        Files.writeString(
                config,
                """
                [default]
                region = eu-west-1

                [profile dev]
                region = us-west-2
                endpoint_url = http://127.0.0.1:4566

                [profile noregion]
                output = json
                """);
        Files.writeString(
                credentials,
                """
                [default]
                aws_access_key_id = awskit-default-key
                aws_secret_access_key = default-secret

                [dev]
                aws_access_key_id = awskit-dev-key
                aws_secret_access_key = dev-secret

                [noregion]
                aws_access_key_id = awskit-noregion-key
                aws_secret_access_key = noregion-secret
                """);
        env = new HashMap<>();
        env.put("HOME", dir.resolve("nohome").toString());
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
    }

    private AwsKit kit(AwsKit.Builder b) {
        return b.environment(env).build();
    }

    @Test
    void noSettings_usesTheDefaultProfile() {
        try (AwsKit aws = kit(AwsKit.builder())) {
            assertThat(aws.profile()).isEqualTo("default");
            assertThat(aws.region()).isEqualTo(Region.EU_WEST_1);
            assertThat(accessKey(aws)).isEqualTo("awskit-default-key");
            assertThat(aws.endpoint("s3")).isEmpty();
        }
    }

    @Test
    void awsProfileEnv_selectsTheProfile_likeTheCli() {
        env.put("AWS_PROFILE", "dev");
        try (AwsKit aws = kit(AwsKit.builder())) {
            assertThat(aws.profile()).isEqualTo("dev");
            assertThat(aws.region()).isEqualTo(Region.US_WEST_2);
            assertThat(accessKey(aws)).isEqualTo("awskit-dev-key");
            assertThat(aws.endpoint("s3")).contains(URI.create("http://127.0.0.1:4566"));
        }
    }

    @Test
    void builderProfile_beatsAwsProfileEnv() {
        env.put("AWS_PROFILE", "dev");
        try (AwsKit aws = kit(AwsKit.builder().profile("default"))) {
            assertThat(aws.profile()).isEqualTo("default");
            assertThat(aws.region()).isEqualTo(Region.EU_WEST_1);
        }
    }

    @Test
    void awsRegionEnv_beatsTheProfile_andTheBuilderBeatsBoth() {
        env.put("AWS_PROFILE", "dev");
        env.put("AWS_REGION", "ap-northeast-2");
        env.put("AWS_DEFAULT_REGION", "sa-east-1");
        try (AwsKit aws = kit(AwsKit.builder())) {
            assertThat(aws.region()).isEqualTo(Region.AP_NORTHEAST_2);
        }
        try (AwsKit aws = kit(AwsKit.builder().region("ca-central-1"))) {
            assertThat(aws.region()).isEqualTo(Region.CA_CENTRAL_1);
        }
        env.remove("AWS_REGION");
        try (AwsKit aws = kit(AwsKit.builder())) {
            assertThat(aws.region()).isEqualTo(Region.SA_EAST_1);
        }
    }

    @Test
    void envKeys_beatAwsProfile_butNotABuilderProfile() {
        env.put("AWS_PROFILE", "dev");
        env.put("AWS_ACCESS_KEY_ID", "awskit-env-key");
        env.put("AWS_SECRET_ACCESS_KEY", "env-secret");
        env.put("AWS_SESSION_TOKEN", "token");
        try (AwsKit aws = kit(AwsKit.builder())) {
            AwsCredentials c = aws.credentialsProvider().resolveCredentials();
            assertThat(c.accessKeyId()).isEqualTo("awskit-env-key");
            assertThat(c).isInstanceOf(AwsSessionCredentials.class);
        }
        try (AwsKit aws = kit(AwsKit.builder().profile("dev"))) {
            assertThat(accessKey(aws)).isEqualTo("awskit-dev-key");
        }
    }

    @Test
    void endpoints_perServiceBeatsGlobal_builderBeatsEnv() {
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:1000");
        env.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:2000");
        env.put("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://127.0.0.1:3000");
        try (AwsKit aws = kit(AwsKit.builder())) {
            assertThat(aws.endpoint("s3")).contains(URI.create("http://127.0.0.1:2000"));
            assertThat(aws.endpoint("logs")).contains(URI.create("http://127.0.0.1:3000"));
            assertThat(aws.endpoint("kinesis")).contains(URI.create("http://127.0.0.1:1000"));
        }
        try (AwsKit aws =
                kit(AwsKit.builder().endpoint("http://127.0.0.1:9000").endpoint("s3", "http://127.0.0.1:9001"))) {
            assertThat(aws.endpoint("s3")).contains(URI.create("http://127.0.0.1:9001"));
            assertThat(aws.endpoint("kinesis")).contains(URI.create("http://127.0.0.1:9000"));
        }
        env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        try (AwsKit aws = kit(AwsKit.builder())) {
            assertThat(aws.endpoint("s3")).isEmpty();
        }
    }

    @Test
    void unknownProfile_namesTheProfileTheFilesAndTheKnownProfiles() {
        assertThatThrownBy(() -> kit(AwsKit.builder().profile("prod")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Profile 'prod' (from builder) was not found in " + config + " or " + credentials
                        + ". Known profiles: default, dev, noregion. Create it with 'aws configure --profile prod'"
                        + " or choose one of the known profiles.");
        env.put("AWS_PROFILE", "staging");
        assertThatThrownBy(() -> kit(AwsKit.builder()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Profile 'staging' (from AWS_PROFILE) was not found in ");
    }

    @Test
    void missingRegion_saysHowToSetOne() {
        try (AwsKit aws = kit(AwsKit.builder().profile("noregion"))) {
            assertThat(aws.configuredRegion()).isEmpty();
            assertThatThrownBy(aws::region)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("No AWS region is configured for profile 'noregion'. Set one with"
                            + " AwsKit.builder().region(\"us-west-2\"), the AWS_REGION environment variable, or"
                            + " 'region = us-west-2' in " + config
                            + " (aws configure set region us-west-2 --profile noregion).");
        }
    }

    @Test
    void missingFiles_areFine_untilAProfileIsNamed() {
        env.put("AWS_CONFIG_FILE", dir.resolve("absent-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("absent-credentials").toString());
        try (AwsKit aws = kit(AwsKit.builder().region("us-east-1"))) {
            assertThat(aws.profile()).isEqualTo("default");
        }
        assertThatThrownBy(() -> kit(AwsKit.builder().profile("dev")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Known profiles: (none)");
    }

    @Test
    void malformedEndpoint_isIllegalArgumentNamingValueAndForm() {
        assertThatThrownBy(() -> AwsKit.builder().endpoint("localhost:4566"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Endpoint 'localhost:4566' (builder) is not a valid URL: the scheme must be http or"
                        + " https; expected a form like http://127.0.0.1:4566 or https://s3.us-west-2.amazonaws.com");
        env.put("AWS_ENDPOINT_URL_S3", "ftp://x");
        assertThatThrownBy(() -> kit(AwsKit.builder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Endpoint 'ftp://x' (AWS_ENDPOINT_URL_S3) is not a valid URL");
    }

    @Test
    void malformedEndpoint_whosePasswordLostItsAt_isShownWithoutThePassword() {
        // "user:password@host" with the '@' lost: where the password ends cannot be known
        assertThatThrownBy(() -> AwsKit.builder().endpoint("http://admin:pa/ss+word 127.0.0.1:4566/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Endpoint 'http://admin:***' (builder) is not a valid URL: ")
                .hasMessageNotContaining("pa/ss");
        assertThatThrownBy(() -> AwsKit.builder().endpoint("http://[::1]:80 80"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Endpoint 'http://[::1]:80 80' (builder) is not a valid URL: ");
    }

    @Test
    void malformedRegion_isIllegalArgument() {
        assertThatThrownBy(() -> AwsKit.builder().region("uswest2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Region 'uswest2' (builder) is not a region name; expected a form like us-west-2 or"
                        + " eu-central-1");
    }

    @Test
    void settingTwice_isRefusedRatherThanSilentlyOverwritten() {
        assertThatThrownBy(() -> AwsKit.builder().region("us-east-1").region("us-west-2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("region was already set to us-east-1; cannot set it to us-west-2");
        assertThatThrownBy(() -> AwsKit.builder().endpoint("s3", "http://a:1").endpoint("s3", "http://b:2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("endpoint for s3 was already set to http://a:1; cannot set it to http://b:2");
    }

    @Test
    void toStringAndDescribe_neverShowSecrets() {
        try (AwsKit aws = kit(AwsKit.builder().credentials("awskit-test-key", "awskit-test/secret+value"))) {
            assertThat(aws.toString()).doesNotContain("wJalrXUtnFEMI").contains("credentials builder");
            assertThat(aws.describe().toString())
                    .doesNotContain("wJalrXUtnFEMI")
                    .contains("profile     default");
        }
        try (AwsKit aws = kit(AwsKit.builder().profile("dev"))) {
            assertThat(aws.toString() + aws.describe()).doesNotContain("dev-secret");
        }
    }

    private static String accessKey(AwsKit aws) {
        return aws.credentialsProvider().resolveCredentials().accessKeyId();
    }
}
