package dev.awskit.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.testing.internal.BuilderProbe;
import org.junit.jupiter.api.Test;

class PublicBuildersTest {

    @Test
    void everyPublicValueBuilder_isUsableByReflection_setterBySetter() {
        BuilderProbe probe = BuilderProbe.of(Ecr.class);

        assertThat(probe.valueTypes()).isNotEmpty();
        assertThat(probe.run()).isEmpty();
    }
}
