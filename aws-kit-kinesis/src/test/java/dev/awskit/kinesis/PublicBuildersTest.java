package dev.awskit.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.testing.internal.BuilderProbe;
import org.junit.jupiter.api.Test;

class PublicBuildersTest {

    @Test
    void everyPublicValueBuilder_isUsableByReflection_setterBySetter() {
        BuilderProbe probe = BuilderProbe.of(Kinesis.class);

        assertThat(probe.valueTypes()).isNotEmpty();
        assertThat(probe.run()).isEmpty();
    }

    @Test
    void everyPublicValueBuilder_rejectsASecondWriteOfOneAttribute() {
        assertThat(BuilderProbe.of(Kinesis.class).secondWritesAccepted()).isEmpty();
    }
}
