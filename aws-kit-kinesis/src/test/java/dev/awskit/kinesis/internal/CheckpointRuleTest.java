package dev.awskit.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckpointRuleTest {
    @Test
    void everyBatch_checkpointsWheneverSomethingWasProcessed() {
        CheckpointRule r = CheckpointRule.everyBatch();
        assertThat(r.due(1, Duration.ZERO)).isTrue();
        assertThat(r.due(0, Duration.ofHours(1))).isFalse();
    }

    @Test
    void everyRecords_waitsForThatManyRecords() {
        CheckpointRule r = new CheckpointRule(Optional.of(1000), Optional.empty());
        assertThat(r.due(999, Duration.ofHours(1))).isFalse();
        assertThat(r.due(1000, Duration.ZERO)).isTrue();
    }

    @Test
    void interval_waitsForThatLong() {
        CheckpointRule r = new CheckpointRule(Optional.empty(), Optional.of(Duration.ofSeconds(30)));
        assertThat(r.due(1_000_000, Duration.ofSeconds(29))).isFalse();
        assertThat(r.due(1, Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void both_whicheverComesFirst_butNeverWithNothingNew() {
        CheckpointRule r = new CheckpointRule(Optional.of(100), Optional.of(Duration.ofSeconds(30)));
        assertThat(r.due(100, Duration.ZERO)).isTrue();
        assertThat(r.due(1, Duration.ofSeconds(31))).isTrue();
        assertThat(r.due(99, Duration.ofSeconds(29))).isFalse();
        assertThat(r.due(0, Duration.ofSeconds(31))).isFalse();
    }
}
