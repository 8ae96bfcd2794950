package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.core.CallerIdentity;
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
}
