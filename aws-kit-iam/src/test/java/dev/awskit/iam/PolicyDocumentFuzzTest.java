package dev.awskit.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the policy parser: every input yields a document or an IllegalArgumentException
 * with a message, never another exception; large inputs are a hang guard, not a speed claim.
 */
class PolicyDocumentFuzzTest {
    private static final List<String> SEEDS = List.of(
            PolicyDocumentTest.ECS_TASKS_TRUST_FROM_DOCS,
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"A1\",\"Effect\":\"Allow\",\"Action\":[\"s3:Get*\","
                    + "\"s3:List*\"],\"Resource\":[\"arn:aws:s3:::b\",\"arn:aws:s3:::b/*\"],\"Condition\":{"
                    + "\"StringLike\":{\"s3:prefix\":[\"home/\",\"home/*\"]},\"Bool\":{\"aws:SecureTransport\":true}}},"
                    + "{\"Effect\":\"Deny\",\"NotAction\":\"iam:*\",\"NotResource\":\"*\"}]}",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"123456789012\","
                    + "\"arn:aws:iam::111122223333:role/ci\"],\"Federated\":\"cognito-identity.amazonaws.com\"},"
                    + "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"x-1\"}}}}");
    private static final String ALPHABET = "{}[]\":,\\ \n\tAaZz09*?-:/.%+eE\u00e9\u0000";

    @Test
    void parse_mutatedDocuments_giveADocumentOrAnIllegalArgumentWithAMessage() {
        Random random = new Random(20261203L);
        int parsed = 0;
        for (int i = 0; i < 5000; i++) {
            String input = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
            if (outcome(input)) {
                parsed++;
            }
        }
        // the mutations keep some documents valid: the loop exercises both paths
        assertThat(parsed).isBetween(1, 4999);
    }

    @Test
    void parse_randomText_givesAnIllegalArgumentWithAMessage() {
        Random random = new Random(7L);
        for (int i = 0; i < 3000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(80);
            for (int k = 0; k < n; k++) {
                b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            outcome(b.toString());
            outcome("%7B" + b);
        }
    }

    @Test
    void parse_oneMegabyteInputs_finish() {
        String deep = "[".repeat(1 << 20);
        String longAction = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:"
                + "*".repeat(1 << 20) + "\",\"Resource\":\"*\"}]}";
        StringBuilder many = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        int statements = 0;
        while (many.length() < (1 << 20)) {
            many.append(statements == 0 ? "" : ",")
                    .append("{\"Effect\":\"Nope\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}");
            statements++;
        }
        many.append("]}");
        int bad = statements;
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThatThrownBy(() -> PolicyDocument.parse(deep))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Policy document is not valid JSON");
            PolicyDocument d = PolicyDocument.parse(longAction);
            assertThat(d.allows("s3:GetObject")).isTrue();
            assertThat(d.allows("ec2:" + "a".repeat(1 << 16))).isFalse();
            assertThatThrownBy(() -> PolicyDocument.parse(many.toString()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "Invalid policy document (" + bad + " problems): Statement[0].Effect:" + " 'Nope'")
                    .hasMessageEndingWith("is not Allow or Deny; write \"Effect\": \"Allow\" or \"Deny\" (case matters)"
                            + "; and " + (bad - 10) + " more")
                    .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(2000));
        });
    }

    /** True when parsed; the document then prints and re-parses to an equal one. */
    private static boolean outcome(String input) {
        try {
            PolicyDocument d = PolicyDocument.parse(input);
            assertThat(PolicyDocument.parse(d.toJson())).isEqualTo(d);
            return true;
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as("message for %s", input).isNotBlank();
            return false;
        }
    }

    private static String mutate(String s, Random random) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && b.length() > 0; i++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(4)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> b.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                default -> {
                    int len = Math.min(b.length() - at, 1 + random.nextInt(12));
                    String piece = b.substring(at, at + len);
                    b.insert(random.nextInt(b.length()), piece);
                }
            }
        }
        return b.toString();
    }
}
