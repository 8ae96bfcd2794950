package dev.awskit.cloudformation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.awskit.cloudformation.StackFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * Seeded random inputs: stack names from users (a name, an id or IllegalArgumentException with a
 * message), and event lists from servers (a failure, or none; never another exception).
 */
class StackInputsFuzzTest {
    static final String ALPHABET = "aZ09-_:/ .arn:aws:cloudformation:us-east-1:123456789012:stack/\u00e9\n\u0000";
    static final String[] STATUSES = {
        "CREATE_IN_PROGRESS", "CREATE_FAILED", "CREATE_COMPLETE", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE",
        "DELETE_IN_PROGRESS", "DELETE_FAILED", "DELETE_COMPLETE", "UPDATE_IN_PROGRESS", "UPDATE_FAILED",
        "UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_COMPLETE", "IMPORT_IN_PROGRESS", "BOGUS_FAILED", null
    };
    static final String[] TYPES = {"AWS::CloudFormation::Stack", "AWS::EC2::Subnet", "AWS::S3::Bucket", null};
    static final String[] REASONS = {
        null, "", "Resource creation cancelled", "resource UPDATE cancelled", "User Initiated", "boom"
    };

    @Test
    void stackNames_areAcceptedOrRefusedWithAMessage() {
        Random random = new Random(20261203L);
        int accepted = 0;
        for (int i = 0; i < 5000; i++) {
            StringBuilder b = new StringBuilder();
            int len = random.nextInt(i % 10 == 0 ? 300 : 40);
            if (random.nextInt(4) == 0) {
                b.append("arn:aws:cloudformation:us-east-1:123456789012:stack/");
            }
            for (int j = 0; j < len; j++) {
                b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String in = b.toString();
            try {
                assertThat(StackNames.check(in)).isEqualTo(in);
                accepted++;
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).isNotBlank().contains("expected a stack name");
                assertThat(e.getMessage().length()).isLessThan(700);
            }
        }
        assertThat(accepted).isPositive();
    }

    @Test
    void aMegabyteName_isRefusedQuickly_withAShortMessage() {
        String huge = "a".repeat(1 << 20);
        String hugeArn = "arn:aws:cloudformation:us-east-1:123456789012:stack/" + "b".repeat(1 << 20) + "/u";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (String in : List.of(huge, hugeArn)) {
                try {
                    StackNames.check(in);
                    throw new AssertionError("accepted a 1 MB stack name");
                } catch (IllegalArgumentException e) {
                    assertThat(e.getMessage().length()).isLessThan(700);
                }
            }
        });
    }

    @Test
    void randomEventLists_giveAFailedEventOrNothing_neverAnotherException() {
        Random random = new Random(42L);
        String id = "arn:aws:cloudformation:us-east-1:123456789012:stack/s/1";
        String nested = "arn:aws:cloudformation:us-east-1:123456789012:stack/s-N/2";
        for (int i = 0; i < 3000; i++) {
            List<StackEvent> parent = randomEvents(random, id, nested);
            List<StackEvent> child = randomEvents(random, nested, id); // may point back at the parent: a cycle
            Optional<StackFailure> f = FirstFailure.find(
                    s -> (s.equals(nested) ? child : parent).stream(), random.nextBoolean() ? "s" : id);
            f.ifPresent(
                    x -> assertThat(x.status().endsWith("_FAILED") || x.status().endsWith("ROLLBACK_IN_PROGRESS"))
                            .as(x.toString())
                            .isTrue());
        }
    }

    private static List<StackEvent> randomEvents(Random random, String stackId, String other) {
        List<StackEvent> events = new ArrayList<>();
        int n = random.nextInt(30);
        for (int j = 0; j < n; j++) {
            boolean own = random.nextInt(4) == 0;
            events.add(StackEvent.builder()
                    .stackId(random.nextInt(20) == 0 ? null : stackId)
                    .stackName(random.nextInt(20) == 0 ? null : "s")
                    .logicalResourceId(own ? "s" : random.nextInt(20) == 0 ? null : "R" + random.nextInt(5))
                    .physicalResourceId(own ? stackId : pick(random, new String[] {"", null, other, "p-1"}))
                    .resourceType(own ? "AWS::CloudFormation::Stack" : pick(random, TYPES))
                    .resourceStatus(pick(random, STATUSES))
                    .resourceStatusReason(pick(random, REASONS))
                    .timestamp(random.nextInt(10) == 0 ? null : Instant.ofEpochSecond(1_700_000_000L - j * 7L))
                    .build());
        }
        return events;
    }

    private static String pick(Random random, String[] from) {
        return from[random.nextInt(from.length)];
    }
}
