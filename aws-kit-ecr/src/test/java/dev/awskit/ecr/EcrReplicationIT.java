package dev.awskit.ecr;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.awskit.core.AwsKit;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;

/** Replication rules over DescribeRegistry / PutReplicationConfiguration, on moto (or AWSKIT_IT_ENDPOINT). */
@UsesServer(Service.ECR)
class EcrReplicationIT {
    /**
     * A registry's replication configuration is one per (account, region): on the shared moto the
     * tests write it in a region no other test of the project uses, and clear it afterwards.
     */
    private static final String RULES_REGION = "ap-southeast-2";

    private Target target;
    private AwsKit kit;

    @BeforeEach
    void start(Target target, AwsKit aws) {
        this.target = target;
        this.kit = aws;
    }

    @Test
    void applyThenCurrent_readsBackEveryRuleWithOwnAccountFilledIn(TestResources res) {
        Assumptions.assumeTrue(
                target.kind() == Target.Kind.LOCAL_EMULATOR,
                "PutReplicationConfiguration replaces a real registry's rules: local moto only");
        res.afterwards(() -> kit.client(EcrClient.class, RULES_REGION)
                .putReplicationConfiguration(b -> b.replicationConfiguration(c -> c.rules(List.of()))));
        String account = kit.identity().accountId();

        // one rule: moto 5.2 refuses more than one ("This feature is disabled"); AWS takes up to 10,
        // see apply_withSeveralRules_putsThemAllInOneConfiguration on a fake
        ReplicationConfiguration applied = Ecr.of(kit)
                .replication(RULES_REGION)
                .rule()
                .toRegion("us-west-2")
                .toRegion("eu-west-1", "210987654321")
                .filterPrefix("app/")
                .filterPrefix("team/")
                .apply();
        ReplicationConfiguration current = Ecr.of(kit).replication(RULES_REGION).current();

        for (ReplicationConfiguration c : List.of(applied, current)) {
            assertThat(c.region()).isEqualTo(RULES_REGION);
            assertThat(c.rules()).singleElement().satisfies(r -> {
                assertThat(r.destinations())
                        .containsExactly(
                                ReplicationDestination.of("us-west-2", account),
                                ReplicationDestination.of("eu-west-1", "210987654321"));
                assertThat(r.prefixes()).containsExactly("app/", "team/");
            });
        }
        assertThat(current.registryId()).isEqualTo(account);
    }

    /**
     * Several rules in one configuration, which moto does not model (it refuses a second rule). The
     * fake follows the PutReplicationConfiguration API reference
     * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutReplicationConfiguration.html,
     * ReplicationConfiguration: up to 10 rules) and DescribeRegistry
     * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeRegistry.html) on ECR's
     * JSON 1.1 protocol.
     */
    @Test
    void apply_withSeveralRules_putsThemAllInOneConfiguration() {
        WireMockServer wm =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        try (AwsKit fake = AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", "test-secret")
                .endpoint("http://127.0.0.1:" + wm.port())
                .build()) {
            String prefix = "AmazonEC2ContainerRegistry_V20150921.";
            wm.stubFor(post(urlEqualTo("/"))
                    .withHeader("X-Amz-Target", equalTo(prefix + "DescribeRegistry"))
                    .willReturn(json("{\"registryId\":\"123456789012\"}")));
            String rules = "{\"rules\":[{\"destinations\":[{\"region\":\"us-west-2\",\"registryId\":\"123456789012\"}],"
                    + "\"repositoryFilters\":[{\"filter\":\"app/\",\"filterType\":\"PREFIX_MATCH\"}]},"
                    + "{\"destinations\":[{\"region\":\"eu-west-1\",\"registryId\":\"210987654321\"}],"
                    + "\"repositoryFilters\":[]}]}";
            wm.stubFor(post(urlEqualTo("/"))
                    .withHeader("X-Amz-Target", equalTo(prefix + "PutReplicationConfiguration"))
                    .willReturn(json("{\"replicationConfiguration\":" + rules + "}")));

            ReplicationConfiguration c = Ecr.of(fake)
                    .replication()
                    .rule()
                    .toRegion("us-west-2")
                    .filterPrefix("app/")
                    .rule()
                    .toRegion("eu-west-1", "210987654321")
                    .apply();

            assertThat(c.rules()).hasSize(2);
            assertThat(c.rules().get(1).destinations())
                    .containsExactly(ReplicationDestination.of("eu-west-1", "210987654321"));
            wm.verify(postRequestedFor(urlEqualTo("/"))
                    .withHeader("X-Amz-Target", equalTo(prefix + "PutReplicationConfiguration"))
                    .withRequestBody(equalToJson("{\"replicationConfiguration\":" + rules + "}", true, false)));
        } finally {
            wm.stop();
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(body);
    }

    @Test
    void current_ofARegistryWithoutRules_isEmpty() {
        Assumptions.assumeTrue(
                target.kind() == Target.Kind.LOCAL_EMULATOR, "a real registry may have rules of its own");

        ReplicationConfiguration c = Ecr.of(kit).replication("sa-east-1").current();

        assertThat(c.registryId()).isEqualTo(kit.identity().accountId());
        assertThat(c.region()).isEqualTo("sa-east-1");
        assertThat(c.rules()).isEmpty();
    }

    @Test
    void apply_withARuleWithoutDestination_saysWhichRule() {
        Ecr ecr = Ecr.of(kit);

        assertThatThrownBy(() -> ecr.replication()
                        .rule()
                        .toRegion("us-west-2")
                        .rule()
                        .filterPrefix("x/")
                        .apply())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("rule 2 has no destination; call toRegion(...) first");
    }

    @Test
    void toRegion_sameRegionSameAccount_isRefused() {
        Ecr ecr = Ecr.of(kit);

        assertThatThrownBy(() -> ecr.replication("us-east-1").rule().toRegion("us-east-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a rule cannot replicate us-east-1 to itself; name another region or another account");
    }
}
