package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.ecr.ImageCopyException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageCopierTest {
    private static Descriptor child(String digestChar, String platform) {
        return new Descriptor(
                MediaTypes.OCI_MANIFEST, "sha256:" + digestChar.repeat(64), 100, Optional.ofNullable(platform));
    }

    private static final List<Descriptor> INDEX = List.of(
            child("a", "linux/amd64"), child("b", "linux/arm64/v8"), child("c", "linux/arm/v7"), child("d", null));

    @Test
    void choose_withoutFilter_keepsEveryChildIncludingAttestations() {
        assertThat(ImageCopier.choose(INDEX, Set.of(), "img")).isEqualTo(INDEX);
    }

    @Test
    void choose_withArchitectureOnly_matchesAnyVariant() {
        assertThat(ImageCopier.choose(INDEX, Set.of("linux/arm64"), "img")).containsExactly(INDEX.get(1));
    }

    @Test
    void choose_withVariant_matchesOnlyThatVariant() {
        assertThat(ImageCopier.choose(INDEX, Set.of("linux/arm/v7", "linux/amd64"), "img"))
                .containsExactly(INDEX.get(0), INDEX.get(2));
    }

    @Test
    void choose_whenOneOfSeveralIsMissing_namesIt() {
        assertThatThrownBy(() -> ImageCopier.choose(INDEX, Set.of("linux/amd64", "linux/s390x"), "img:1"))
                .isInstanceOf(ImageCopyException.class)
                .hasMessage("Platform linux/s390x is not in img:1; it has linux/amd64, linux/arm64/v8, linux/arm/v7,"
                        + " (no platform)");
    }

    @Test
    void matches_doesNotConfuseArmWithArm64() {
        assertThat(ImageCopier.matches("linux/arm", "linux/arm64")).isFalse();
        assertThat(ImageCopier.matches("linux/arm", "linux/arm/v7")).isTrue();
    }
}
