package dev.awskit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.StsClient;

class AwsKitClientsTest {
    private static AwsKit kit(List<String> built) {
        return AwsKit.builder()
                .environment(Map.of("HOME", "/nonexistent"))
                .region("us-west-2")
                .credentials("awskit-test-key", "secret")
                .endpoint("http://127.0.0.1:9")
                .customize((b, ctx) -> built.add(ctx.service() + "@" + ctx.region() + " -> "
                        + ctx.endpoint().orElseThrow()))
                .build();
    }

    @Test
    void clients_areCreatedLazilyAndCachedPerTypeAndRegion() {
        List<String> built = new ArrayList<>();
        try (AwsKit aws = kit(built)) {
            assertThat(built).isEmpty();
            StsClient a = aws.client(StsClient.class);
            StsClient b = aws.client(StsClient.class);
            StsClient other = aws.client(StsClient.class, "eu-west-1");
            StsAsyncClient async = aws.client(StsAsyncClient.class);
            assertThat(a).isSameAs(b).isNotSameAs(other);
            assertThat(async).isNotNull();
            assertThat(aws.client(StsClient.class, Region.EU_WEST_1)).isSameAs(other);
            assertThat(built)
                    .containsExactly(
                            "sts@us-west-2 -> http://127.0.0.1:9",
                            "sts@eu-west-1 -> http://127.0.0.1:9",
                            "sts@us-west-2 -> http://127.0.0.1:9");
            assertThat(aws.client(IamClient.class).serviceName()).isEqualTo("iam");
        }
    }

    @Test
    void close_closesWhatTheKitCreated_andRefusesNewClients() {
        AwsKit aws = kit(new ArrayList<>());
        StsClient sts = aws.client(StsClient.class);
        aws.close();
        aws.close(); // twice is fine
        assertThatThrownBy(sts::getCallerIdentity)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shut down");
        assertThatThrownBy(() -> aws.client(StsClient.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This AwsKit is closed; build a new one with AwsKit.builder()");
    }

    @Test
    void client_rejectsAClassThatIsNotAClientInterface() {
        try (AwsKit aws = kit(new ArrayList<>())) {
            assertThatThrownBy(() -> aws.client(software.amazon.awssdk.core.SdkClient.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("software.amazon.awssdk.core.SdkClient is not an AWS SDK v2 service client interface");
        }
    }
}
