package dev.awskit.ecr;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.awskit.ecr.EcrFixture.SOURCE_REGION;
import static dev.awskit.ecr.EcrFixture.TARGET_PREFIX;
import static dev.awskit.ecr.EcrFixture.api;
import static dev.awskit.ecr.EcrFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replication rules over DescribeRegistry / PutReplicationConfiguration. */
class EcrReplicationIT {
    private EcrFixture f;

    @BeforeEach
    void start() {
        f = EcrFixture.start();
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void current_readsTheRulesInEffect() {
        if (f.stubbed()) {
            f.wireMock.stubFor(
                    api("DescribeRegistry", SOURCE_REGION)
                            .willReturn(
                                    json(
                                            200,
                                            "{\"registryId\":\"123456789012\",\"replicationConfiguration\":{\"rules\":["
                                                    + "{\"destinations\":[{\"region\":\"eu-west-1\",\"registryId\":\"123456789012\"}],"
                                                    + "\"repositoryFilters\":[{\"filter\":\"team/\",\"filterType\":\"PREFIX_MATCH\"}]}]}}")));
        }

        ReplicationConfiguration c = Ecr.of(f.kit).replication(SOURCE_REGION).current();

        assertThat(c.registryId()).isEqualTo(f.account);
        assertThat(c.region()).isEqualTo(SOURCE_REGION);
        if (f.stubbed()) {
            assertThat(c.rules()).singleElement().satisfies(r -> {
                assertThat(r.destinations()).containsExactly(ReplicationDestination.of("eu-west-1", "123456789012"));
                assertThat(r.prefixes()).containsExactly("team/");
            });
        }
    }

    @Test
    void apply_putsEveryRuleWithOwnAccountFilledIn() {
        Assumptions.assumeTrue(
                f.stubbed(), "PutReplicationConfiguration replaces a real registry's rules: WireMock only");
        f.wireMock.stubFor(
                api("DescribeRegistry", SOURCE_REGION).willReturn(json(200, "{\"registryId\":\"123456789012\"}")));
        String rules = "{\"rules\":[{\"destinations\":[{\"region\":\"us-west-2\",\"registryId\":\"123456789012\"}],"
                + "\"repositoryFilters\":[{\"filter\":\"app/\",\"filterType\":\"PREFIX_MATCH\"}]},"
                + "{\"destinations\":[{\"region\":\"eu-west-1\",\"registryId\":\"210987654321\"}],"
                + "\"repositoryFilters\":[]}]}";
        f.wireMock.stubFor(api("PutReplicationConfiguration", SOURCE_REGION)
                .willReturn(json(200, "{\"replicationConfiguration\":" + rules + "}")));

        ReplicationConfiguration c = Ecr.of(f.kit)
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
        f.wireMock.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + "PutReplicationConfiguration"))
                .withRequestBody(equalToJson("{\"replicationConfiguration\":" + rules + "}", true, false)));
    }

    @Test
    void apply_withARuleWithoutDestination_saysWhichRule() {
        Ecr ecr = Ecr.of(f.kit);

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
        Ecr ecr = Ecr.of(f.kit);

        assertThatThrownBy(() -> ecr.replication("us-east-1").rule().toRegion("us-east-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a rule cannot replicate us-east-1 to itself; name another region or another account");
    }
}
