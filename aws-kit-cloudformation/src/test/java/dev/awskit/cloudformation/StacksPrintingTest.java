package dev.awskit.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.awskit.core.AwsKit;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What JShell shows for the facade, a stack handle and the values; and the checks that need no server. */
class StacksPrintingTest {
    private static final String SECRET = "awskit-test/secret+value";

    private static AwsKit kit() {
        return AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", SECRET)
                .endpoint("cloudformation", "http://127.0.0.1:9")
                .environment(
                        Map.of("AWS_CONFIG_FILE", "/nonexistent/c", "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/k"))
                .build();
    }

    @Test
    void facadeAndStack_nameRegionAndEndpoint_neverTheSecret() {
        try (AwsKit aws = kit()) {
            assertThat(Stacks.of(aws)).hasToString("Stacks[region us-east-1, endpoint http://127.0.0.1:9]");
            assertThat(Stacks.of(aws).stack("my-cluster-stack"))
                    .hasToString(
                            "CloudFormationStack[my-cluster-stack, region us-east-1, endpoint http://127.0.0.1:9]");
            assertThat(Stacks.of(aws).stack("my-cluster-stack").toString()).doesNotContain(SECRET);
        }
    }

    @Test
    void stackFailure_printsEveryField_andSummarizesOnOneLine() {
        StackFailure f = StackFailure.builder()
                .logicalId("PrivateSubnet2")
                .resourceType("AWS::EC2::Subnet")
                .status("CREATE_FAILED")
                .statusReason("Value (us-east-1f) for parameter availabilityZone is invalid.")
                .timestamp(Instant.parse("2026-11-30T10:00:22Z"))
                .stackName("platform-Network-1A2B3C4D5E6F")
                .stackId("arn:aws:cloudformation:us-east-1:123456789012:stack/platform-Network-1A2B3C4D5E6F/b2c3")
                .addNestedStackPath("Network")
                .build();

        assertThat(f.summary())
                .isEqualTo("PrivateSubnet2 (AWS::EC2::Subnet) CREATE_FAILED: Value (us-east-1f) for parameter"
                        + " availabilityZone is invalid. [in nested stack Network]");
        assertThat(f.toString())
                .startsWith("StackFailure{")
                .contains("logicalId=PrivateSubnet2", "status=CREATE_FAILED", "nestedStackPath=[Network]");
        assertThat(f.physicalId()).isEqualTo(Optional.empty());
    }

    @Test
    void stack_refusesANameCloudFormationWouldRefuse_namingTheForm() {
        try (AwsKit aws = kit()) {
            IllegalArgumentException e = catchThrowableOfType(
                    IllegalArgumentException.class, () -> Stacks.of(aws).stack("my_cluster_stack"));

            assertThat(e)
                    .hasMessage("stack 'my_cluster_stack' is not valid: expected a stack name (a letter, then letters,"
                            + " digits and hyphens, at most 128 characters, e.g. my-cluster-stack) or a stack id"
                            + " (arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>)");
            assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> Stacks.of(aws)
                            .stack("arn:aws:s3:::my-cluster-stack")))
                    .hasMessageStartingWith(
                            "stack id 'arn:aws:s3:::my-cluster-stack' is not a CloudFormation stack id;");
            assertThat(Stacks.of(aws)
                            .stack("arn:aws:cloudformation:us-east-1:123456789012:stack/my-cluster-stack/5f4a3e20-6b1c")
                            .name())
                    .isEqualTo("arn:aws:cloudformation:us-east-1:123456789012:stack/my-cluster-stack/5f4a3e20-6b1c");
        }
    }

    @Test
    void deleteFailedRequest_refusesBlankIdsAndNonPositiveTimeouts() {
        assertThat(catchThrowableOfType(
                        IllegalArgumentException.class,
                        () -> DeleteFailedRequest.builder().retainResources(" ").build()))
                .hasMessage("retainResources: a logical id must be 1 to 255 characters, was \" \"; pass the logical"
                        + " ids of the template, e.g. \"LogBucket\"");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> DeleteFailedRequest.builder()
                        .timeout(Duration.ZERO)
                        .build()))
                .hasMessage("timeout must be positive, was PT0S");
        assertThat(catchThrowableOfType(IllegalStateException.class, () -> DeleteFailedRequest.builder()
                        .timeout(Duration.ofMinutes(5))
                        .timeout(Duration.ofMinutes(10))))
                .hasMessageContaining("timeout");
    }
}
