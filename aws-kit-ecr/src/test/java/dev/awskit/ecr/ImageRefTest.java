package dev.awskit.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageRefTest {
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    @Test
    void parse_ecrHostWithTag_readsAccountRegionRepositoryAndTag() {
        ImageRef r = ImageRef.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:1.2");

        assertThat(r.host()).contains("123456789012.dkr.ecr.us-east-1.amazonaws.com");
        assertThat(r.isEcr()).isTrue();
        assertThat(r.accountId()).contains("123456789012");
        assertThat(r.region()).contains("us-east-1");
        assertThat(r.repository()).isEqualTo("team/app");
        assertThat(r.tag()).contains("1.2");
        assertThat(r.digest()).isEmpty();
        assertThat(r.reference()).isEqualTo("1.2");
        assertThat(r).hasToString("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:1.2");
    }

    @Test
    void parse_withDigest_prefersTheDigestAsReference() {
        ImageRef r = ImageRef.parse("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@" + DIGEST);

        assertThat(r.digest()).contains(DIGEST);
        assertThat(r.tag()).isEmpty();
        assertThat(r.reference()).isEqualTo(DIGEST);
        assertThat(r.region()).contains("eu-west-1");
    }

    @Test
    void parse_withTagAndDigest_keepsBoth() {
        ImageRef r = ImageRef.parse("app:1.2@" + DIGEST);

        assertThat(r.tag()).contains("1.2");
        assertThat(r.reference()).isEqualTo(DIGEST);
        assertThat(r.path()).isEqualTo("app:1.2@" + DIGEST);
    }

    @Test
    void parse_chinaAndFipsHosts_areEcr() {
        assertThat(ImageRef.parse("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app:1")
                        .region())
                .contains("cn-north-1");
        assertThat(ImageRef.parse("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app:1")
                        .region())
                .contains("us-gov-west-1");
    }

    @Test
    void parse_hostWithPort_isAHostNotATag() {
        ImageRef r = ImageRef.parse("127.0.0.1:5000/app");

        assertThat(r.host()).contains("127.0.0.1:5000");
        assertThat(r.repository()).isEqualTo("app");
        assertThat(r.tag()).contains("latest");
        assertThat(r.isEcr()).isFalse();
        assertThat(r.accountId()).isEmpty();
        assertThat(r.region()).isEmpty();
    }

    @Test
    void parse_withoutHost_isRelative() {
        ImageRef r = ImageRef.parse("team/app:v1");

        assertThat(r.host()).isEmpty();
        assertThat(r.repository()).isEqualTo("team/app");
    }

    @Test
    void parse_whenEmpty_saysTheExpectedForm() {
        assertThatThrownBy(() -> ImageRef.parse(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image reference must not be empty; expected [host/]repository[:tag][@sha256:digest]");
    }

    @Test
    void parse_whenDigestIsShort_namesTheDigest() {
        assertThatThrownBy(() -> ImageRef.parse("app@sha256:abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("digest 'sha256:abc' in image reference 'app@sha256:abc' must be sha256: followed by 64"
                        + " lowercase hex digits");
    }

    @Test
    void parse_whenRepositoryHasUpperCase_namesTheRepository() {
        assertThatThrownBy(() -> ImageRef.parse("example.com/Team/App:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "repository 'Team/App' in image reference 'example.com/Team/App:1' must be" + " lowercase");
    }

    @Test
    void parse_whenTagStartsWithDot_namesTheTag() {
        assertThatThrownBy(() -> ImageRef.parse("app:.hidden"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tag '.hidden' in image reference 'app:.hidden' must be 1-128 of A-Z a-z 0-9 _ . - and not"
                        + " start with . or -");
    }

    @Test
    void parse_whenOnlyAHost_saysThereIsNoRepository() {
        assertThatThrownBy(() -> ImageRef.parse("example.com/:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image reference 'example.com/:1' has no repository; expected [host/]repository[:tag]");
    }

    @Test
    void ecrHost_whenAccountIsNotTwelveDigits_namesIt() {
        assertThatThrownBy(() -> ImageRef.ecrHost("12345", "us-east-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("account id '12345' must be 12 digits");
        assertThat(ImageRef.ecrHost("123456789012", "cn-northwest-1"))
                .isEqualTo("123456789012.dkr.ecr.cn-northwest-1.amazonaws.com.cn");
    }

    @Test
    void ecr_buildsTheRegistryReference() {
        assertThat(ImageRef.ecr("123456789012", "us-west-2", "app", "1.2"))
                .isEqualTo(ImageRef.parse("123456789012.dkr.ecr.us-west-2.amazonaws.com/app:1.2"));
    }
}
