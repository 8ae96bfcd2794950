package dev.awskit.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionKeyCacheTest {

    /** The hash key by the definition (MD5 of the UTF-8 key, big-endian), computed without HashKeys. */
    private static BigInteger md5Of(String key) throws Exception {
        return new BigInteger(1, MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static BigInteger hashKey(PartitionKey k) {
        return HashKeys.toBigInteger(k.hi, k.lo);
    }

    @Test
    void get_sameKeyTwice_returnsTheCachedKeyWithoutRecomputing() {
        PartitionKey.Cache cache = new PartitionKey.Cache();

        PartitionKey first = cache.get("user-42", true);
        PartitionKey again = cache.get(new String("user-42".toCharArray()), true);

        assertThat(again).isSameAs(first);
    }

    @Test
    void get_withHash_holdsUtf8BytesAndTheMd5HashKey() throws Exception {
        PartitionKey.Cache cache = new PartitionKey.Cache();

        PartitionKey k = cache.get("clé-ü", true);

        assertThat(k.text).isEqualTo("clé-ü");
        assertThat(k.utf8).containsExactly("clé-ü".getBytes(StandardCharsets.UTF_8));
        assertThat(k.hashed).isTrue();
        assertThat(hashKey(k)).isEqualTo(md5Of("clé-ü"));
        assertThat(k.explicitHashKey).isNull();
    }

    @Test
    void get_withoutHash_skipsTheMd5_andALaterHashedGetUpgradesTheCachedKey() throws Exception {
        PartitionKey.Cache cache = new PartitionKey.Cache();

        PartitionKey plain = cache.get("a", false);
        PartitionKey hashed = cache.get("a", true);

        assertThat(plain.hashed).isFalse();
        assertThat(hashed.hashed).isTrue();
        assertThat(hashKey(hashed)).isEqualTo(md5Of("a"));
        assertThat(cache.get("a", false)).isSameAs(hashed); // a hashed key serves unhashed lookups too
        assertThat(cache.get("a", true)).isSameAs(hashed);
    }

    @Test
    void hashed_ofAnUnhashedKey_isTheMd5HashKey() throws Exception {
        PartitionKey k = new PartitionKey.Cache().get("b", false);

        assertThat(hashKey(k.hashed())).isEqualTo(md5Of("b"));
        assertThat(k.hashed().utf8).isSameAs(k.utf8);
    }

    @Test
    void withExplicitHashKey_routesByThatKey_notByTheMd5() {
        PartitionKey k = new PartitionKey.Cache().get("a", false).withExplicitHashKey("12345678901234567890");

        assertThat(k.hashed).isTrue();
        assertThat(hashKey(k)).isEqualTo(new BigInteger("12345678901234567890"));
        assertThat(k.explicitHashKey).isEqualTo("12345678901234567890");
        assertThat(k.hashed()).isSameAs(k);
    }

    @Test
    void withExplicitHashKey_outsideTheRange_isIllegalArgument() {
        PartitionKey k = new PartitionKey.Cache().get("a", false);
        String tooBig = BigInteger.ONE.shiftLeft(128).toString();

        assertThatThrownBy(() -> k.withExplicitHashKey(tooBig))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("explicitHashKey " + tooBig + " is outside the hash key range [0, 2^128 - 1]");
    }

    /** Strings with one hashCode: "Aa" and "BB" hash alike, so any concatenation of them does too. */
    private static List<String> sameHashCode(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < n; i++) {
            StringBuilder sb = new StringBuilder();
            for (int bit = 0; bit < 4; bit++) {
                sb.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void get_fourKeysOfOneSet_allStayCached_aFifthReplacesTheOldestSlot() {
        List<String> keys = sameHashCode(5);
        assertThat(keys).extracting(String::hashCode).containsOnly(keys.get(0).hashCode());
        PartitionKey.Cache cache = new PartitionKey.Cache();
        List<PartitionKey> first = new ArrayList<>();
        for (String k : keys.subList(0, 4)) {
            first.add(cache.get(k, true));
        }

        for (int i = 0; i < 4; i++) {
            assertThat(cache.get(keys.get(i), true)).isSameAs(first.get(i));
        }
        PartitionKey fifth = cache.get(keys.get(4), true);

        assertThat(cache.get(keys.get(4), true)).isSameAs(fifth);
        for (int i = 1; i < 4; i++) {
            assertThat(cache.get(keys.get(i), true)).isSameAs(first.get(i));
        }
        // bounded: the set holds 4 keys, and the fifth took the slot of the first (slots in turn)
        assertThat(cache.get(keys.get(0), true)).isNotSameAs(first.get(0));
    }

    @Test
    void get_manyMoreKeysThanSlots_staysCorrectForEveryKey() throws Exception {
        PartitionKey.Cache cache = new PartitionKey.Cache();
        for (int i = 0; i < 3 * PartitionKey.Cache.SLOTS; i++) {
            String key = "k" + i;
            PartitionKey k = cache.get(key, true);
            assertThat(k.text).isEqualTo(key);
            if (i % 97 == 0) {
                assertThat(hashKey(k)).isEqualTo(md5Of(key));
            }
        }
    }
}
