package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.CallerIdentity;
import dev.awskit.core.ProgressEvent;
import dev.awskit.core.ProgressEventBuilder;
import dev.awskit.testing.internal.BuilderProbe;
import org.junit.jupiter.api.Test;

/** aws-kit-core's values, probed here because core's own tests cannot depend on this module. */
class CoreValueBuildersTest {

    @Test
    void everyPublicBuilderOfCore_isUsableByReflection_setterBySetter() {
        BuilderProbe probe = BuilderProbe.of(AwsKit.class)
                .sample(CallerIdentity.class, "arn", "arn:aws:iam::123456789012:user/alice");

        assertThat(probe.valueTypes()).contains(CallerIdentity.class.getName(), "dev.awskit.core.ProgressEvent");
        assertThat(probe.run()).isEmpty();
        assertThat(probe.calls()).contains("ProgressEventBuilder.operation(String)");
    }

    @Test
    void everyPublicBuilderOfCore_rejectsASecondWriteOfOneAttribute() {
        BuilderProbe probe = BuilderProbe.of(AwsKit.class)
                .sample(CallerIdentity.class, "arn", "arn:aws:iam::123456789012:user/alice");

        assertThat(probe.secondWritesAccepted()).isEmpty();
    }

    @Test
    void progressEventBuilder_secondOperation_isRejectedNamingTheAttribute() {
        ProgressEventBuilder b = ProgressEvent.builder().operation("sync ./a -> s3://b");

        assertThatThrownBy(() -> b.operation("sync ./c -> s3://d"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Builder of ProgressEvent is strict, attribute is already set: operation");
    }

    @Test
    void progressEvent_printsReadably_withoutTheGeneratedTypeName() {
        ProgressEvent e = ProgressEvent.builder()
                .operation("sync ./a -> s3://b")
                .completedUnits(3)
                .build();

        assertThat(e.toString()).startsWith("ProgressEvent{operation=sync ./a -> s3://b, completedUnits=3");
        assertThat(e.getClass().getName()).isEqualTo("dev.awskit.core.ProgressEventBuilder$ImmutableProgressEvent");
        assertThat(java.lang.reflect.Modifier.isPublic(e.getClass().getModifiers()))
                .isFalse();
    }
}
