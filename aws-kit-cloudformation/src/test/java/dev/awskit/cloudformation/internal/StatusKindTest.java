package dev.awskit.cloudformation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * Stack statuses as the CloudFormation user guide's "Stack status codes" table describes them
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html).
 */
class StatusKindTest {
    static final Map<String, StatusKind> EXPECTED = Map.ofEntries(
            Map.entry("CREATE_IN_PROGRESS", StatusKind.IN_PROGRESS),
            Map.entry("CREATE_FAILED", StatusKind.FAILED),
            Map.entry("CREATE_COMPLETE", StatusKind.COMPLETE),
            Map.entry("ROLLBACK_IN_PROGRESS", StatusKind.IN_PROGRESS),
            Map.entry("ROLLBACK_FAILED", StatusKind.FAILED),
            Map.entry("ROLLBACK_COMPLETE", StatusKind.FAILED),
            Map.entry("DELETE_IN_PROGRESS", StatusKind.IN_PROGRESS),
            Map.entry("DELETE_FAILED", StatusKind.FAILED),
            Map.entry("DELETE_COMPLETE", StatusKind.COMPLETE),
            Map.entry("UPDATE_IN_PROGRESS", StatusKind.IN_PROGRESS),
            Map.entry("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", StatusKind.IN_PROGRESS),
            Map.entry("UPDATE_COMPLETE", StatusKind.COMPLETE),
            Map.entry("UPDATE_FAILED", StatusKind.FAILED),
            Map.entry("UPDATE_ROLLBACK_IN_PROGRESS", StatusKind.IN_PROGRESS),
            Map.entry("UPDATE_ROLLBACK_FAILED", StatusKind.FAILED),
            Map.entry("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", StatusKind.IN_PROGRESS),
            Map.entry("UPDATE_ROLLBACK_COMPLETE", StatusKind.FAILED),
            Map.entry("REVIEW_IN_PROGRESS", StatusKind.REVIEW),
            Map.entry("IMPORT_IN_PROGRESS", StatusKind.IN_PROGRESS),
            Map.entry("IMPORT_COMPLETE", StatusKind.COMPLETE),
            Map.entry("IMPORT_ROLLBACK_IN_PROGRESS", StatusKind.IN_PROGRESS),
            Map.entry("IMPORT_ROLLBACK_FAILED", StatusKind.FAILED),
            Map.entry("IMPORT_ROLLBACK_COMPLETE", StatusKind.FAILED));

    @Test
    void everyStatusTheSdkKnows_isClassifiedAsTheUserGuideSays() {
        for (StackStatus s : StackStatus.knownValues()) {
            assertThat(EXPECTED)
                    .as("a status of the SDK missing from this table: " + s)
                    .containsKey(s.toString());
            assertThat(StatusKind.of(s.toString())).as(s.toString()).isEqualTo(EXPECTED.get(s.toString()));
        }
    }

    @Test
    void aStatusNobodyKnows_isUnknown_andTheWaitGoesOn() {
        assertThat(StatusKind.of("RESHUFFLE_PENDING")).isEqualTo(StatusKind.UNKNOWN);
        assertThat(StatusKind.of(null)).isEqualTo(StatusKind.UNKNOWN);
    }

    @Test
    void deleteFailed_acceptsFailedCreationsAndDeletions() {
        for (String s : new String[] {"ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED", "DELETE_FAILED"}) {
            assertThat(StatusKind.deleteRefusal("web", "us-east-1", s, false))
                    .as(s)
                    .isEmpty();
        }
        assertThat(StatusKind.deleteRefusal("web", "us-east-1", "DELETE_FAILED", true))
                .isEmpty();
    }

    @Test
    void deleteFailed_refusesUpdateRollbackComplete_asALiveStack() {
        assertThat(StatusKind.deleteRefusal("web", "us-east-1", "UPDATE_ROLLBACK_COMPLETE", false))
                .contains("Stack web (us-east-1) is UPDATE_ROLLBACK_COMPLETE: a live stack. Its last update failed and"
                        + " was rolled back to the previous template; its resources are in use. deleteFailed() deletes"
                        + " only stacks whose creation or deletion failed; to delete a live stack, run aws"
                        + " cloudformation delete-stack --stack-name web");
    }

    @Test
    void deleteFailed_refusesRetainResources_outsideDeleteFailed() {
        Optional<String> r = StatusKind.deleteRefusal("web", "us-east-1", "ROLLBACK_COMPLETE", true);

        assertThat(r.orElseThrow())
                .startsWith("Stack web (us-east-1) is ROLLBACK_COMPLETE: retainResources is accepted only for a stack"
                        + " in DELETE_FAILED");
    }

    @Test
    void deleteFailed_refusesEveryOtherStatus_sayingWhy() {
        assertThat(StatusKind.deleteRefusal("web", "us-east-1", "CREATE_COMPLETE", false)
                        .orElseThrow())
                .contains("CREATE_COMPLETE: a live stack, not a failed creation or deletion");
        assertThat(StatusKind.deleteRefusal("web", "us-east-1", "UPDATE_ROLLBACK_FAILED", false)
                        .orElseThrow())
                .contains("continue-update-rollback --stack-name web");
        assertThat(StatusKind.deleteRefusal("web", "us-east-1", "UPDATE_FAILED", false)
                        .orElseThrow())
                .contains("rollback-stack --stack-name web");
        assertThat(StatusKind.deleteRefusal("web", "us-east-1", "CREATE_IN_PROGRESS", false)
                        .orElseThrow())
                .contains("an operation is in progress. Wait for it (awaitComplete())");
        assertThat(StatusKind.deleteRefusal("web", "us-east-1", "REVIEW_IN_PROGRESS", false)
                        .orElseThrow())
                .contains("holds a change set nobody executed");
        for (StackStatus s : StackStatus.knownValues()) {
            boolean accepted = Map.of(
                            "ROLLBACK_COMPLETE",
                            1,
                            "ROLLBACK_FAILED",
                            1,
                            "CREATE_FAILED",
                            1,
                            "DELETE_FAILED",
                            1,
                            "DELETE_COMPLETE",
                            1)
                    .containsKey(s.toString());
            if (!accepted) {
                assertThat(StatusKind.deleteRefusal("web", "us-east-1", s.toString(), false))
                        .as(s.toString())
                        .hasValueSatisfying(m -> assertThat(m).startsWith("Stack web (us-east-1) is " + s + ": "));
            }
        }
    }
}
