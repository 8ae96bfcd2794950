package dev.awskit.ecs.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;

class EcsCallsTest {
    @Test
    void call_whenAwsMessageEndsWithAPeriod_theMessageHasOnePeriodBeforeWhatToDo() {
        try (AwsKit kit = AwsKit.builder()
                .region("eu-west-1")
                .credentials("awskit-test-key", "test-secret")
                .environment(Map.of())
                .build()) {
            assertThatThrownBy(() -> EcsCalls.call(kit, "DescribeClusters web", "Check the cluster's name.", () -> {
                        throw ClusterNotFoundException.builder()
                                .statusCode(400)
                                .awsErrorDetails(AwsErrorDetails.builder()
                                        .errorCode("ClusterNotFoundException")
                                        .errorMessage("Cluster not found.")
                                        .build())
                                .build();
                    }))
                    .isInstanceOf(AwsKitException.class)
                    .hasMessage("DescribeClusters web failed in region eu-west-1: ClusterNotFoundException (400):"
                            + " Cluster not found. Check the cluster's name.");
        }
    }
}
