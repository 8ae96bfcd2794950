package dev.awskit.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void of_whenSingleAddress_isSlash32() {
        Cidr c = Cidr.of("10.0.1.7");
        assertThat(c.toString()).isEqualTo("10.0.1.7/32");
        assertThat(c.isSingleAddress()).isTrue();
        assertThat(c.size()).isEqualTo(1);
    }

    @Test
    void of_whenHostBitsSet_suggestsNetworkAddress() {
        assertThatThrownBy(() -> Cidr.of("10.0.1.5/16"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'10.0.1.5/16' has host bits set; did you mean 10.0.0.0/16?");
    }

    @Test
    void of_whenNotAnAddress_namesValueAndExpectedForm() {
        assertThatThrownBy(() -> Cidr.of("10.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'10.0.0/33' is not a CIDR block; expected the form 10.0.0.0/16");
        assertThatThrownBy(() -> Cidr.of("fd00::/8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'fd00::/8' is not an IPv4 CIDR block; expected the form 10.0.0.0/16");
    }

    @Test
    void split_slash16IntoSlash24_gives256AlignedBlocksInOrder() {
        List<Cidr> blocks = Cidr.of("10.0.0.0/16").split(24);
        assertThat(blocks).hasSize(256);
        assertThat(blocks.get(0)).hasToString("10.0.0.0/24");
        assertThat(blocks.get(3)).hasToString("10.0.3.0/24");
        assertThat(blocks.get(255)).hasToString("10.0.255.0/24");
    }

    @Test
    void split_slash26IntoSlash28_givesFour() {
        assertThat(Cidr.of("192.168.10.64/26").split(28).stream()
                        .map(Cidr::toString)
                        .collect(Collectors.toList()))
                .containsExactly("192.168.10.64/28", "192.168.10.80/28", "192.168.10.96/28", "192.168.10.112/28");
    }

    @Test
    void split_whenPrefixShorterThanBlock_rejectsWithRange() {
        assertThatThrownBy(() -> Cidr.of("10.0.0.0/24").split(20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot split 10.0.0.0/24 into /20 blocks; expected a prefix length between 24 and 32");
    }

    @Test
    void reserved_areNetworkRouterDnsFutureAndBroadcast() {
        assertThat(Cidr.of("10.0.3.0/24").reserved())
                .containsExactly("10.0.3.0", "10.0.3.1", "10.0.3.2", "10.0.3.3", "10.0.3.255");
        assertThat(Cidr.of("10.0.3.0/24").firstUsableAddress()).isEqualTo("10.0.3.4");
    }

    @Test
    void usableAddresses_subtractsTheFiveReserved() {
        assertThat(Cidr.of("10.0.0.0/24").usableAddresses()).isEqualTo(251);
        assertThat(Cidr.of("10.0.0.0/28").usableAddresses()).isEqualTo(11);
        assertThat(Cidr.of("10.0.0.0/16").usableAddresses()).isEqualTo(65531);
    }

    @Test
    void overlaps_andContains_followTheBlocks() {
        Cidr vpc = Cidr.of("10.0.0.0/16");
        assertThat(vpc.overlaps(Cidr.of("10.0.128.0/17"))).isTrue();
        assertThat(vpc.overlaps(Cidr.of("10.1.0.0/16"))).isFalse();
        assertThat(Cidr.of("10.0.1.0/24").overlaps(Cidr.of("10.0.0.0/23"))).isTrue();
        assertThat(Cidr.of("10.0.2.0/24").overlaps(Cidr.of("10.0.0.0/23"))).isFalse();
        assertThat(vpc.contains("10.0.200.9")).isTrue();
        assertThat(vpc.contains(Cidr.of("10.0.0.0/8"))).isFalse();
        assertThat(Cidr.anywhere().contains("203.0.113.10")).isTrue();
    }

    @Test
    void equals_isByBlock() {
        assertThat(Cidr.of("10.0.0.0/16")).isEqualTo(Cidr.of(" 10.0.0.0/16 ")).isNotEqualTo(Cidr.of("10.0.0.0/17"));
    }
}
