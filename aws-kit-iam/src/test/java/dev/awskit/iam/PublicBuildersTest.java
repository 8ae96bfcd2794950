package dev.awskit.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.testing.internal.BuilderProbe;
import org.junit.jupiter.api.Test;

class PublicBuildersTest {
    private static BuilderProbe probe() {
        return BuilderProbe.of(Iam.class)
                .sample(PolicyDocument.class, PolicyDocument.trust(ServicePrincipal.ECS_TASKS));
    }

    @Test
    void everyPublicValueBuilder_isUsableByReflection_setterBySetter() {
        BuilderProbe probe = probe();

        assertThat(probe.valueTypes()).isNotEmpty();
        assertThat(probe.run()).isEmpty();
    }

    @Test
    void everyPublicValueBuilder_rejectsASecondWriteOfOneAttribute() {
        assertThat(probe().secondWritesAccepted()).isEmpty();
    }
}
