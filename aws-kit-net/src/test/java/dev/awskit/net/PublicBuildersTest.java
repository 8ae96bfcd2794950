package dev.awskit.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.testing.internal.BuilderProbe;
import org.junit.jupiter.api.Test;

class PublicBuildersTest {

    @Test
    void everyPublicValueBuilder_isUsableByReflection_setterBySetter() {
        BuilderProbe probe = BuilderProbe.of(Net.class)
                .sample(Cidr.class, Cidr.of("10.0.1.0/24"))
                .sample(Subnet.class, "cidr", "10.0.1.0/24")
                .sample(Endpoint.class, Endpoint.instance("web", "sample", "sample"));

        assertThat(probe.valueTypes()).isNotEmpty();
        assertThat(probe.run()).isEmpty();
    }

    @Test
    void everyPublicValueBuilder_rejectsASecondWriteOfOneAttribute() {
        assertThat(BuilderProbe.of(Net.class)
                        .sample(Cidr.class, Cidr.of("10.0.1.0/24"))
                        .sample(Subnet.class, "cidr", "10.0.1.0/24")
                        .sample(Endpoint.class, Endpoint.instance("web", "sample", "sample"))
                        .secondWritesAccepted())
                .isEmpty();
    }
}
