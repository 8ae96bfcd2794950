package dev.awskit.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.awskit.kinesis.internal.KplAggregate.SubRecord;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Seeded fuzzing of what the consumer reads from the stream (anyone may write to it): KPL
 * deaggregation of random, mutated and hostile byte arrays, and of the explicit hash keys users
 * give. Every input ends in a result or an IllegalArgumentException with a message, never another
 * exception; a hostile length field never allocates; a 1 MB input is handled at once (the time
 * bound is only a hang guard). Where the KCL's AggregatorUtil (an independent, protobuf-java based
 * reader) deaggregates an input, ours must give the same records.
 */
class KplAggregateFuzzTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(10);
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Magic + protobuf + MD5 of the protobuf: reaches the protobuf parser whatever the bytes. */
    private static byte[] envelope(byte[] proto) {
        byte[] out = new byte[proto.length + KplAggregate.OVERHEAD];
        System.arraycopy(KplAggregate.MAGIC, 0, out, 0, 4);
        System.arraycopy(proto, 0, out, 4, proto.length);
        System.arraycopy(HashKeys.newMd5().digest(proto), 0, out, out.length - 16, 16);
        return out;
    }

    private static byte[] protoOf(byte[] aggregate) {
        return Arrays.copyOfRange(aggregate, 4, aggregate.length - 16);
    }

    private static byte[] validAggregate(Random rnd, List<SubRecord> records) {
        KplAggregate.Builder b = new KplAggregate.Builder();
        int n = 2 + rnd.nextInt(20);
        for (int i = 0; i < n; i++) {
            String pk = "user-" + rnd.nextInt(5);
            String ehk = rnd.nextInt(4) == 0 ? new BigInteger(128, rnd).toString() : null;
            byte[] data = new byte[rnd.nextInt(40)];
            rnd.nextBytes(data);
            b.add(pk, utf8(pk), ehk, data);
            records.add(new SubRecord(pk, ehk, data));
        }
        return b.encode();
    }

    private static byte[] varint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** What our reader makes of {@code data}; fails the test on any exception but a described IAE. */
    private static List<SubRecord> ours(byte[] data) {
        List<SubRecord> lenient = KplAggregate.deaggregateOrNull(data); // must never throw
        try {
            List<SubRecord> strict = KplAggregate.decode(data);
            assertThat(lenient).isEqualTo(strict);
            return strict;
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThat(lenient).isNull();
            return null;
        }
    }

    /** What the KCL makes of {@code data}: its sub-records, or null when it passes the record through. */
    private static List<SubRecord> kcl(byte[] data) {
        KinesisClientRecord in = KinesisClientRecord.builder()
                .partitionKey("outer")
                .sequenceNumber("1")
                .data(ByteBuffer.wrap(data))
                .build();
        List<KinesisClientRecord> out;
        try {
            out = new AggregatorUtil().deaggregate(List.of(in), BigInteger.ZERO, MAX);
        } catch (RuntimeException | LinkageError e) {
            // the KCL itself fails on it (its error path needs javax.xml.bind, absent on Java 17): no oracle
            return null;
        }
        if (out.size() == 1 && !out.get(0).aggregated()) {
            return null;
        }
        List<SubRecord> subs = new ArrayList<>();
        for (KinesisClientRecord r : out) {
            byte[] d = new byte[r.data().remaining()];
            r.data().get(d);
            subs.add(new SubRecord(r.partitionKey(), r.explicitHashKey(), d));
        }
        return subs;
    }

    @Test
    void fuzz_randomMutatedAndTruncatedAggregates_neverThrowAnythingButADescribedIllegalArgument() {
        Random rnd = new Random(20261203L);
        int decoded = 0;
        int rejected = 0;
        int comparedWithKcl = 0;
        for (int i = 0; i < 4000; i++) {
            List<SubRecord> original = new ArrayList<>();
            byte[] valid = validAggregate(rnd, original);
            byte[] input;
            int kind = i % 7;
            switch (kind) {
                case 0 -> { // random bytes, sometimes with the magic in front
                    input = new byte[rnd.nextInt(200)];
                    rnd.nextBytes(input);
                    if (rnd.nextBoolean() && input.length >= 4) {
                        System.arraycopy(KplAggregate.MAGIC, 0, input, 0, 4);
                    }
                }
                case 1 -> { // random protobuf bytes behind a valid envelope
                    byte[] proto = new byte[rnd.nextInt(200)];
                    rnd.nextBytes(proto);
                    input = envelope(proto);
                }
                case 2 -> { // a few flipped bytes, digest recomputed
                    byte[] proto = protoOf(valid);
                    for (int f = 0; f <= rnd.nextInt(3); f++) {
                        if (proto.length > 0) {
                            proto[rnd.nextInt(proto.length)] ^= (byte) (1 + rnd.nextInt(255));
                        }
                    }
                    input = envelope(proto);
                }
                case 3 -> { // truncated protobuf, digest recomputed
                    byte[] proto = protoOf(valid);
                    input = envelope(Arrays.copyOf(proto, rnd.nextInt(proto.length + 1)));
                }
                case 4 -> { // a hostile varint (length, index or key) spliced in, digest recomputed
                    byte[] proto = protoOf(valid);
                    int at = rnd.nextInt(proto.length + 1);
                    long hostile = rnd.nextBoolean() ? Long.MAX_VALUE >>> rnd.nextInt(63) : -1L;
                    byte[] spliced = concat(
                            Arrays.copyOf(proto, at),
                            new byte[] {(byte) (rnd.nextInt(4) * 8 + rnd.nextInt(6))},
                            varint(hostile),
                            Arrays.copyOfRange(proto, at, proto.length));
                    input = envelope(spliced);
                }
                case 5 -> { // a flipped byte and the old digest: must not count as aggregated
                    input = valid.clone();
                    input[4 + rnd.nextInt(input.length - 20)] ^= 0x01;
                    assertThat(KplAggregate.isAggregated(input)).isFalse();
                }
                default -> input = valid; // untouched: exactly the original records
            }

            List<SubRecord> got = ours(input);
            if (kind == 6) {
                assertThat(got).isEqualTo(original);
            }
            if (got == null) {
                rejected++;
            } else {
                decoded++;
                // what we deliver is what the KCL delivers for the same bytes
                List<SubRecord> theirs = kcl(input);
                if (theirs != null) {
                    comparedWithKcl++;
                    assertThat(got).as("input %d (kind %d)", i, kind).isEqualTo(theirs);
                }
            }
        }
        assertThat(decoded).isGreaterThan(500);
        assertThat(rejected).isGreaterThan(500);
        assertThat(comparedWithKcl).isGreaterThan(500);
    }

    @Test
    void hostileLengthFields_areRejectedWithoutAllocating() {
        long[] lengths = {Integer.MAX_VALUE, 1L << 40, Long.MAX_VALUE, -1L};
        for (long len : lengths) {
            // a partition key, a record and a record's data each claiming len bytes
            byte[][] protos = {
                concat(new byte[] {0x0A}, varint(len), utf8("k")),
                concat(new byte[] {0x1A}, varint(len), new byte[] {0x08, 0x00}),
                concat(
                        new byte[] {0x0A, 0x01, 'k', 0x1A, (byte) (3 + varint(len).length), 0x08, 0x00, 0x1A},
                        varint(len)),
            };
            for (byte[] proto : protos) {
                byte[] input = envelope(proto);
                assertThatThrownBy(() -> KplAggregate.decode(input))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("runs past the end");
                assertThat(KplAggregate.deaggregateOrNull(input)).isNull();
            }
        }
        // an index far outside its table
        byte[] input = envelope(concat(
                new byte[] {0x0A, 0x01, 'k', 0x1A, 0x0C, 0x08}, varint(Long.MAX_VALUE), new byte[] {0x1A, 0x00}));
        assertThatThrownBy(() -> KplAggregate.decode(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition_key_index");
    }

    @Test
    void oneMegabyte_ofRandomOrOfTinyRecords_isHandledLinearly() {
        Random rnd = new Random(1);
        byte[] random = new byte[1 << 20];
        rnd.nextBytes(random);
        byte[] noise = envelope(random);
        ByteArrayOutputStream tiny = new ByteArrayOutputStream();
        tiny.writeBytes(new byte[] {0x0A, 0x01, 'k'});
        int n = 0;
        while (tiny.size() < (1 << 20)) {
            tiny.writeBytes(new byte[] {0x1A, 0x04, 0x08, 0x00, 0x1A, 0x00}); // pk 0, empty data
            n++;
        }
        byte[] many = envelope(tiny.toByteArray());
        int expected = n;

        assertTimeoutPreemptively(HANG_GUARD, () -> {
            assertThat(KplAggregate.deaggregateOrNull(noise)).isNull();
            assertThat(KplAggregate.deaggregateOrNull(many)).hasSize(expected);
        });
    }

    @Test
    void fuzz_explicitHashKeys_acceptExactlyKinesisPattern() {
        // Kinesis's pattern for ExplicitHashKey (PutRecords API reference): 0|([1-9]\d{0,38})
        Random rnd = new Random(42);
        String alphabet = "0123456789+- .eE_x\u0663\uff11";
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(45);
            for (int k = 0; k < len; k++) {
                sb.append(
                        rnd.nextInt(4) == 0
                                ? alphabet.charAt(rnd.nextInt(alphabet.length()))
                                : (char) ('0' + rnd.nextInt(10)));
            }
            String s = sb.toString();
            boolean kinesisAccepts = s.matches("0|[1-9][0-9]{0,38}") && new BigInteger(s).compareTo(MAX) <= 0;
            try {
                long[] h = HashKeys.parse(s);
                assertThat(kinesisAccepts).as("accepted '%s'", s).isTrue();
                assertThat(HashKeys.toDecimal(h[0], h[1])).isEqualTo(s);
            } catch (IllegalArgumentException e) {
                assertThat(kinesisAccepts)
                        .as("rejected '%s': %s", s, e.getMessage())
                        .isFalse();
                assertThat(e.getMessage()).startsWith("explicitHashKey ");
            }
        }
        assertThatThrownBy(() -> HashKeys.parse("+1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("explicitHashKey '+1' must be a decimal integer in [0, 2^128 - 1] without sign or"
                        + " leading zeros (e.g. \"0\" or a shard's StartingHashKey)");
        assertThatThrownBy(() -> HashKeys.parse("\u0663")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void megabyteInputs_toUserParsers_areRejectedAtOnce_withoutEchoingThem() {
        String digits = "1".repeat(1 << 20);
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            assertThatThrownBy(() -> HashKeys.parse(digits))
                    .isInstanceOf(IllegalArgumentException.class)
                    .message()
                    .hasSizeLessThan(300);
            assertThatThrownBy(() -> dev.awskit.kinesis.StartPosition.afterSequenceNumber(digits))
                    .isInstanceOf(IllegalArgumentException.class)
                    .message()
                    .hasSizeLessThan(300);
            assertThatThrownBy(() -> dev.awskit.kinesis.ProducerRecord.of("k", new byte[0])
                            .withExplicitHashKey(digits))
                    .isInstanceOf(IllegalArgumentException.class)
                    .message()
                    .hasSizeLessThan(300);
        });
    }
}
