package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.awskit.core.Finding;
import dev.awskit.ecs.internal.WebServiceChecks;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bounded fuzzing (fixed seeds, {@code new Random(seed)}) of what a web service reads from outside:
 * IAM policy documents (JSON, URL-encoded or not, wildcards) and the load balancer settings a user
 * types. Each input gives findings or an IllegalArgumentException with a message, never another
 * exception; large inputs run under a 10 s hang guard (not a speed claim).
 */
class WebServiceFuzzTest {
    static final String ALPHABET = "{}[]\\\",:*?%+ abcdeflgnorstuwxACEGLPRS0123456789-/_.\n\t";
    static final TaskDefinition TD =
            WebServiceChecksTest.described(WebServiceChecksTest.ECR_IMAGE, WebServiceChecksTest.ROLE, true);

    static String random(Random r, int max) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    static String mutate(Random r, String s) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + r.nextInt(6);
        for (int i = 0; i < edits && sb.length() > 0; i++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(3)) {
                case 0:
                    sb.deleteCharAt(at);
                    break;
                case 1:
                    sb.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                    break;
                default:
                    sb.setCharAt(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            }
        }
        return sb.toString();
    }

    @Test
    void executionRole_randomAndMutatedPolicies_giveFindingsNeverAnException() {
        long seed = 20261203L;
        Random r = new Random(seed);
        for (int i = 0; i < 3000; i++) {
            String policy = i % 2 == 0
                    ? random(r, 200)
                    : mutate(
                            r,
                            i % 4 == 1
                                    ? WebServiceChecksTest.EXECUTION_POLICY
                                    : WebServiceChecksTest.encoded(WebServiceChecksTest.EXECUTION_POLICY));
            String trust =
                    i % 3 == 0 ? mutate(r, WebServiceChecksTest.ECS_TASKS_TRUST) : WebServiceChecksTest.ECS_TASKS_TRUST;
            int n = i;
            assertThatCode(() -> {
                        List<Finding> f = WebServiceChecks.executionRole(TD, true, trust, List.of(policy));
                        assertThat(f).allSatisfy(x -> assertThat(x.message()).isNotBlank());
                    })
                    .as("seed %d, input %d: %s", seed, n, policy)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void executionRole_aMegabytePolicyOfStars_finishesUnderTheHangGuard() {
        String stars = "*a".repeat(500_000) + "x";
        String policy = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"" + stars + "\"],\"Resource\":\"*\"}]}";

        List<Finding> f = assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> WebServiceChecks.executionRole(TD, true, WebServiceChecksTest.ECS_TASKS_TRUST, List.of(policy)));

        assertThat(f).singleElement().satisfies(x -> assertThat(x.message())
                .contains("does not allow ecr:GetAuthorizationToken"));
    }

    @Test
    void loadBalancerSettings_randomText_isAcceptedOrAnIllegalArgumentWithTheValue() {
        long seed = 45L;
        Random r = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            String text = random(r, 40);
            Throwable codes = catchThrowable(() -> LoadBalancerSpec.builder().healthyHttpCodes(text));
            Throwable path = catchThrowable(() -> LoadBalancerSpec.builder().healthCheck(text));
            for (Throwable t : new Throwable[] {codes, path}) {
                if (t != null) {
                    assertThat(t).as("seed %d, input %d", seed, i).isInstanceOf(IllegalArgumentException.class);
                    assertThat(t.getMessage()).contains("got '" + text + "'");
                }
            }
        }
        String huge = "200," + "2".repeat(1_000_000);
        Throwable t = assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> catchThrowable(() -> LoadBalancerSpec.builder().healthyHttpCodes(huge)));
        assertThat(t)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("healthyHttpCodes takes codes like 200");
    }
}
