package dev.awskit.ecr;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.awskit.core.AwsKit;
import dev.awskit.ecr.internal.RegistryClient;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A registry that refuses a cached ECR token (it was revoked, or expired by the registry's clock
 * before ours) gets a new token once. moto cannot show this: its token never changes. The fake
 * ECR API follows the GetAuthorizationToken API reference
 * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html:
 * base64 "user:password", expiresAt, proxyEndpoint; "valid for 12 hours"), and hands out a token
 * the local registry refuses first, then one it accepts.
 */
@UsesServer(Service.REGISTRY)
class EcrTokenRenewalIT {
    private static final String TARGET = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";

    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private void token(String state, String next, Target registry, String password) {
        String token = Base64.getEncoder()
                .encodeToString((registry.accessKey() + ":" + password).getBytes(StandardCharsets.UTF_8));
        wm.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET))
                .inScenario("tokens")
                .whenScenarioStateIs(state)
                .willSetStateTo(next)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"authorizationData\":[{\"authorizationToken\":\"" + token + "\",\"expiresAt\":"
                                + Instant.now().plusSeconds(12 * 3600).getEpochSecond()
                                + ",\"proxyEndpoint\":\"https://123456789012.dkr.ecr.us-east-1.amazonaws.com\"}]}")));
    }

    @Test
    void copy_whenTheRegistryRefusesTheCachedToken_fetchesANewOneOnceAndCompletes(Target registry, TestResources res) {
        token(Scenario.STARTED, "revoked", registry, "a-token-the-registry-no-longer-takes");
        token("revoked", "renewed", registry, registry.secretKey());
        // the target repository exists (DescribeRepositories), so the copy creates nothing
        wm.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerRegistry_V20150921.DescribeRepositories"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"repositories\":[{\"repositoryName\":\"copy\",\"registryId\":\"123456789012\","
                                + "\"imageTagMutability\":\"MUTABLE\"}]}")));
        String repo = res.name();
        Registry direct = Registry.at(registry.endpoint().toString(), registry.accessKey(), registry.secretKey());
        TestImages.Pushed src = TestImages.pushIndex(direct, repo + ":1", 21, 1, 5_000, "linux/amd64");
        try (AwsKit kit = AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", "test-secret")
                .endpoint("http://127.0.0.1:" + wm.port())
                .build()) {
            // the registry of us-east-1 is the local one, logged in with the ECR token
            Ecr ecr = Ecr.builder(kit)
                    .registryEndpoint((account, region) -> RegistryEndpoint.of(registry.endpoint()))
                    .build();
            EcrAuthorization first = ecr.authorization("us-east-1");
            Registry viaToken = Registry.at(registry.endpoint().toString(), first.user(), first.password());
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> viaToken.digest(repo + ":1")))
                    .as("the first token is refused")
                    .isInstanceOf(RegistryException.class);

            // the ECR copy's registry client uses the cached (refused) token, renews it on the 401, once
            CopyReport r = ecr.copy("123456789012.dkr.ecr.us-east-1.amazonaws.com/" + repo + ":1")
                    .toRepository(repo + "-copy")
                    .run();

            assertThat(r.digest()).isEqualTo(src.digest());
            assertThat(direct.digest(repo + "-copy:1")).contains(src.digest());
            assertThat(ecr.authorization("us-east-1", "123456789012").password())
                    .isEqualTo(registry.secretKey());
            wm.verify(2, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET)));
        }
    }

    /**
     * Requests that share a login run side by side (a copy's blobs, and its two sides since the
     * target is looked up while the source is read). One sent with the login another renewed while
     * it was in flight gets a 401: it must try again with the renewed login, not give up (as it did
     * when the login in hand no longer matched what it sent) and not renew a second time.
     */
    @Test
    void request_refusedAfterAnotherRenewedTheLogin_triesAgainWithTheNewLoginAndRenewsNothing(
            Target registry, TestResources res) {
        String repo = res.name();
        Registry direct = Registry.at(registry.endpoint().toString(), registry.accessKey(), registry.secretKey());
        TestImages.Pushed src = TestImages.pushIndex(direct, repo + ":1", 23, 1, 5_000, "linux/amd64");
        RegistryClient.Credentials old = new RegistryClient.Credentials(registry.accessKey(), "renewed-meanwhile");
        RegistryClient.Credentials renewed = new RegistryClient.Credentials(registry.accessKey(), registry.secretKey());
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger renewals = new AtomicInteger();
        RegistryClient.Login login = new RegistryClient.Login() {
            @Override
            public RegistryClient.Credentials current() {
                // the first request goes out with the old login; by its answer another thread has renewed it
                return asked.getAndIncrement() == 0 ? old : renewed;
            }

            @Override
            public boolean renew(RegistryClient.Credentials rejected) {
                renewals.incrementAndGet();
                return false;
            }
        };
        RegistryClient client = new RegistryClient(
                registry.endpoint(),
                login,
                RegistryTimeouts.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30)));

        assertThat(client.manifestDigest(repo, "1")).contains(src.digest());
        assertThat(renewals).as("nothing renewed again").hasValue(0);
        assertThat(asked.get()).as("the old login, then the renewed one").isGreaterThanOrEqualTo(2);
    }
}
