package dev.awskit.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.testing.internal.BuilderProbe;
import org.junit.jupiter.api.Test;

class PublicBuildersTest {

    @Test
    void everyPublicValueBuilder_isUsableByReflection_setterBySetter() {
        BuilderProbe probe = BuilderProbe.of(Ecr.class)
                .sample(CreateRepository.class, "encryption", Encryption.KMS)
                .sample(CreateRepository.class, "registryId", "123456789012");

        assertThat(probe.valueTypes()).isNotEmpty();
        assertThat(probe.run()).isEmpty();
    }

    @Test
    void everyPublicValueBuilder_rejectsASecondWriteOfOneAttribute() {
        assertThat(BuilderProbe.of(Ecr.class)
                        .sample(CreateRepository.class, "encryption", Encryption.KMS)
                        .sample(CreateRepository.class, "registryId", "123456789012")
                        .secondWritesAccepted())
                .isEmpty();
    }
}
