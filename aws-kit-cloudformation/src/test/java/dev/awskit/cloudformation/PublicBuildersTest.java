package dev.awskit.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.testing.internal.BuilderProbe;
import org.junit.jupiter.api.Test;

class PublicBuildersTest {

    @Test
    void everyPublicValueBuilder_isUsableByReflection_setterBySetter() {
        BuilderProbe probe = BuilderProbe.of(Stacks.class);

        assertThat(probe.valueTypes())
                .contains(
                        StackFailure.class.getName(),
                        StackReport.class.getName(),
                        StackDeleteReport.class.getName(),
                        DeleteFailedRequest.class.getName());
        assertThat(probe.run()).isEmpty();
    }

    @Test
    void everyPublicValueBuilder_rejectsASecondWriteOfOneAttribute() {
        assertThat(BuilderProbe.of(Stacks.class).secondWritesAccepted()).isEmpty();
    }
}
