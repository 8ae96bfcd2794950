package dev.awskit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.storage.LifecycleReport.Change;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * Merging one rule into a lifecycle configuration. PutBucketLifecycleConfiguration replaces the
 * whole configuration (S3 API reference: "this will overwrite an existing lifecycle
 * configuration, so if you want to retain any configuration details, they must be included"), so
 * every rule of others must come out exactly as it went in.
 */
class LifecyclesTest {
    private static final LifecycleRule LOGS = LifecycleRule.builder()
            .id("expire-logs")
            .status(ExpirationStatus.ENABLED)
            .filter(f -> f.prefix("logs/"))
            .expiration(e -> e.days(30))
            .build();
    private static final LifecycleRule ARCHIVE = LifecycleRule.builder()
            .id("archive")
            .status(ExpirationStatus.DISABLED)
            .filter(f -> f.and(a -> a.prefix("data/").objectSizeGreaterThan(1024L)))
            .transitions(software.amazon.awssdk.services.s3.model.Transition.builder()
                    .days(90)
                    .storageClass(TransitionStorageClass.GLACIER)
                    .build())
            .build();

    private static LifecycleRule ours(int days) {
        return Lifecycles.rule(
                "awskit-abort", "", r -> r.abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(days)));
    }

    @Test
    void merge_intoNoConfiguration_addsTheRule() {
        Lifecycles.Merged m = Lifecycles.merge(List.of(), ours(7));

        assertThat(m.change()).isEqualTo(Change.ADDED);
        assertThat(m.others()).isZero();
        assertThat(m.rules()).containsExactly(ours(7));
        assertThat(m.rules().get(0).filter().prefix()).isEmpty();
        assertThat(m.rules().get(0).status()).isEqualTo(ExpirationStatus.ENABLED);
        assertThat(m.rules().get(0).abortIncompleteMultipartUpload().daysAfterInitiation())
                .isEqualTo(7);
    }

    @Test
    void merge_keepsEveryOtherRuleExactly_andAppendsOurs() {
        Lifecycles.Merged m = Lifecycles.merge(List.of(LOGS, ARCHIVE), ours(7));

        assertThat(m.change()).isEqualTo(Change.ADDED);
        assertThat(m.others()).isEqualTo(2);
        assertThat(m.rules()).containsExactly(LOGS, ARCHIVE, ours(7));
    }

    @Test
    void merge_ofTheSameRuleAgain_changesNothing() {
        Lifecycles.Merged m = Lifecycles.merge(List.of(LOGS, ours(7), ARCHIVE), ours(7));

        assertThat(m.change()).isEqualTo(Change.UNCHANGED);
        assertThat(m.others()).isEqualTo(2);
        assertThat(m.rules()).containsExactly(LOGS, ours(7), ARCHIVE);
    }

    @Test
    void merge_ofOtherDays_replacesOurRuleInPlace() {
        Lifecycles.Merged m = Lifecycles.merge(List.of(LOGS, ours(7), ARCHIVE), ours(3));

        assertThat(m.change()).isEqualTo(Change.REPLACED);
        assertThat(m.others()).isEqualTo(2);
        assertThat(m.rules()).containsExactly(LOGS, ours(3), ARCHIVE);
    }

    @Test
    @SuppressWarnings("deprecation") // the legacy rule-level Prefix is what this test is about
    void merge_intoLegacyPrefixRules_writesOursInTheLegacyFormToo() {
        LifecycleRule legacy = LifecycleRule.builder()
                .id("old")
                .status(ExpirationStatus.ENABLED)
                .prefix("tmp/")
                .expiration(e -> e.days(1))
                .build();

        Lifecycles.Merged m = Lifecycles.merge(List.of(legacy), ours(7));

        assertThat(m.rules()).hasSize(2);
        assertThat(m.rules().get(0)).isEqualTo(legacy);
        LifecycleRule added = m.rules().get(1);
        assertThat(added.filter()).isNull();
        assertThat(added.prefix()).isEmpty();
        assertThat(added.abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(7);
    }
}
