package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The user-written LocalStack settings (image reference, reuse value) and the health document of
 * a running LocalStack, under seeded random input: a value or an IllegalArgumentException with a
 * message, never another exception; 1 MB inputs finish (the timeouts only guard against a hang).
 */
class LocalStackOptionsFuzzTest {
    private static final String ALPHABET = "abcz019ABZ:/@._- \\t\\\"{}:,é\\u0000sha256localstack";

    private static String random(Random r, int maxLength) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(maxLength + 1);
        for (int i = 0; i < n; i++) {
            b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** Accepted images must be pinned: a tag after the last '/', or a sha256 digest. */
    private static boolean pinned(String image) {
        int at = image.indexOf("@sha256:");
        if (at > 0) {
            return image.substring(at + 8).matches("[a-f0-9]{64}");
        }
        String last = image.substring(image.lastIndexOf('/') + 1);
        return last.indexOf(':') > 0 && last.indexOf(':') < last.length() - 1;
    }

    @Test
    void randomSettings_giveAValueOrIllegalArgumentWithAMessage() {
        Random r = new Random(20261203L);
        int accepted = 0;
        for (int i = 0; i < 4000; i++) {
            // half the inputs start from a valid reference, so that accepted ones are also checked
            String image = r.nextBoolean() ? random(r, 40) : "localstack/localstack:" + random(r, 8);
            String reuse =
                    switch (r.nextInt(5)) {
                        case 0 -> "";
                        case 1 -> "true";
                        case 2 -> "http://" + random(r, 20);
                        default -> random(r, 12);
                    };
            Map<String, String> env = Map.of("AWSKIT_LOCALSTACK_IMAGE", image, "AWSKIT_LOCALSTACK_REUSE", reuse);
            try {
                LocalStackOptions o = LocalStackOptions.resolve("", Map.of(), env);
                accepted++;
                if (!image.isBlank()) {
                    assertThat(o.image()).isEqualTo(image.trim());
                    assertThat(pinned(o.image())).as(o.image()).isTrue();
                }
                o.running().ifPresent(u -> assertThat(u.getScheme()).isIn("http", "https"));
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage())
                        .as("message for %s / %s", image, reuse)
                        .isNotBlank();
            }
        }
        assertThat(accepted).as("accepted inputs").isGreaterThan(200);
    }

    @Test
    void randomHealthDocuments_neverThrow_andListOnlyNamesTheyContain() {
        Random r = new Random(4566L);
        for (int i = 0; i < 3000; i++) {
            String body = "{\"services\": {" + random(r, 60) + "\"s3\": \"running\"" + random(r, 30) + "}}";
            Optional<Set<String>> up = Targets.healthServices(body);
            assertThat(up).isPresent();
            assertThat(up.get()).allSatisfy(name -> assertThat(body).contains("\"" + name + "\""));
        }
    }

    @Test
    void megabyteInputs_finish() {
        String big = "a.".repeat(512 * 1024);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThatCode(() -> LocalStackOptions.resolve(big, Map.of(), Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("LocalStack image '" + big.substring(0, 100) + "... (1048576 characters)' (from"
                            + " @UsesServer(localStackImage)) is not a pinned image reference; expected name:tag or"
                            + " name@sha256:digest, e.g. localstack/localstack:4.4.0");
            assertThatCode(() ->
                            LocalStackOptions.resolve("", Map.of("awskit.localstack.reuse", "http://" + big), Map.of()))
                    .doesNotThrowAnyException();
            assertThat(Targets.healthServices("{\"services\": {" + "\"a".repeat(512 * 1024) + "}"))
                    .hasValue(Set.of());
        });
    }
}
