package dev.awskit.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.testing.internal.BuilderProbe;
import org.junit.jupiter.api.Test;

class PublicBuildersTest {
    /** RecordFailure.error: an exception type the probe cannot make up. */
    private static final ProducerException SAMPLE_ERROR =
            new ProducerException("sample: record rejected", null, 1, false, "InternalFailure");

    @Test
    void everyPublicValueBuilder_isUsableByReflection_setterBySetter() {
        BuilderProbe probe = BuilderProbe.of(Kinesis.class).sample(ProducerException.class, SAMPLE_ERROR);

        assertThat(probe.valueTypes()).isNotEmpty();
        assertThat(probe.run()).isEmpty();
    }

    @Test
    void everyPublicValueBuilder_rejectsASecondWriteOfOneAttribute() {
        assertThat(BuilderProbe.of(Kinesis.class)
                        .sample(ProducerException.class, SAMPLE_ERROR)
                        .secondWritesAccepted())
                .isEmpty();
    }
}
