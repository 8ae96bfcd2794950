package dev.awskit.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.kinesis.internal.KplAggregate.SubRecord;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

class KplAggregateTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    /*
     * Golden bytes derived by hand from the format (see KplAggregate's javadoc):
     *   magic                      F3 89 9A C2
     *   partition_key_table[0]="a" 0A 01 61          key (1<<3)|2 = 0x0A, length 1, 'a'
     *   records[0]                 1A 06 ...         key (3<<3)|2 = 0x1A, length 6
     *     partition_key_index=0      08 00           key (1<<3)|0 = 0x08, varint 0
     *     data="hi"                  1A 02 68 69     key (3<<3)|2 = 0x1A, length 2, 'h' 'i'
     *   MD5 of the 11 protobuf bytes (computed with md5sum, not with this code):
     *                              ed4ff28777966ae6df59911cb0530cc2
     */
    private static final String ONE_RECORD =
            "F3899AC2" + "0A0161" + "1A06" + "0800" + "1A026869" + "ed4ff28777966ae6df59911cb0530cc2";

    /*
     * Three records, two partition keys, one explicit hash key, a repeated key reusing its index:
     *   0A 01 61 | 0A 01 62                 partition_key_table = ["a", "b"]
     *   12 01 35                            explicit_hash_key_table = ["5"]   key (2<<3)|2 = 0x12
     *   1A 05 08 00 1A 01 78                {pk 0, data "x"}
     *   1A 08 08 01 10 00 1A 02 79 7A       {pk 1, ehk 0 (key (2<<3)|0 = 0x10), data "yz"}
     *   1A 05 08 00 1A 01 78                {pk 0, data "x"}
     *   MD5 (md5sum): a4d4cea402cb60833bb99756cccba2b8
     */
    private static final String THREE_RECORDS = "F3899AC2" + "0A0161" + "0A0162" + "120135" + "1A05" + "0800"
            + "1A0178" + "1A08" + "0801" + "1000" + "1A02797A" + "1A05" + "0800" + "1A0178"
            + "a4d4cea402cb60833bb99756cccba2b8";

    @Test
    void encode_oneRecord_matchesGoldenBytes() {
        KplAggregate.Builder b = new KplAggregate.Builder();
        b.add("a", utf8("a"), null, utf8("hi"));

        assertThat(HEX.formatHex(b.encode())).isEqualToIgnoringCase(ONE_RECORD);
        assertThat(b.size()).isEqualTo(hex(ONE_RECORD).length);
    }

    @Test
    void encode_sharedKeysAndExplicitHashKey_matchesGoldenBytes() {
        KplAggregate.Builder b = new KplAggregate.Builder();
        b.add("a", utf8("a"), null, utf8("x"));
        b.add("b", utf8("b"), "5", utf8("yz"));
        b.add("a", utf8("a"), null, utf8("x"));

        assertThat(HEX.formatHex(b.encode())).isEqualToIgnoringCase(THREE_RECORDS);
    }

    @Test
    void decode_goldenBytes_givesTheRecords() {
        List<SubRecord> recs = KplAggregate.decode(hex(THREE_RECORDS));

        assertThat(recs)
                .containsExactly(
                        new SubRecord("a", null, utf8("x")),
                        new SubRecord("b", "5", utf8("yz")),
                        new SubRecord("a", null, utf8("x")));
    }

    @Test
    void decode_whenMd5TrailerCorrupted_rejectsWithReason() {
        byte[] bytes = hex(ONE_RECORD);
        bytes[bytes.length - 1] ^= 0x01;

        assertThat(KplAggregate.isAggregated(bytes)).isFalse();
        assertThat(KplAggregate.hasMagic(bytes)).isTrue();
        assertThatThrownBy(() -> KplAggregate.decode(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Corrupt KPL aggregated record: the MD5 trailer does not match the 11 protobuf bytes");
    }

    @Test
    void decode_whenPayloadCorrupted_rejectsBecauseDigestNoLongerMatches() {
        byte[] bytes = hex(ONE_RECORD);
        bytes[12] = 'X'; // 'h' of the data

        assertThatThrownBy(() -> KplAggregate.decode(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MD5 trailer does not match");
    }

    @Test
    void decode_withoutMagic_rejects() {
        assertThatThrownBy(() -> KplAggregate.decode(utf8("plain record data, not aggregated")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a KPL aggregated record: it does not start with the magic F3 89 9A C2 followed by"
                        + " at least 16 bytes (33 bytes)");
    }

    @Test
    void decode_whenIndexOutsideTable_rejects() {
        // partition_key_index 1 with a one-entry table, with a valid digest so only the index is wrong
        byte[] proto = hex("0A0161" + "1A06" + "0801" + "1A026869");
        byte[] bytes = withEnvelope(proto);

        assertThatThrownBy(() -> KplAggregate.decode(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Corrupt KPL aggregated record: record 0 has partition_key_index 1 but the table has 1"
                        + " keys");
    }

    @Test
    void decode_skipsUnknownFieldsAndTags() {
        // Record with a Tag (field 4) {key "k"} and an unknown top-level varint field 9
        byte[] proto = hex("0A0161" + "1A0B" + "0800" + "1A026869" + "2203" + "0A016B" + "4801");
        List<SubRecord> recs = KplAggregate.decode(withEnvelope(proto));

        assertThat(recs).containsExactly(new SubRecord("a", null, utf8("hi")));
    }

    @Test
    void roundTrip_randomRecords_decodeGivesSameRecordsInOrder() {
        Random rnd = new Random(42);
        for (int round = 0; round < 200; round++) {
            KplAggregate.Builder b = new KplAggregate.Builder();
            List<SubRecord> expected = new ArrayList<>();
            int n = 1 + rnd.nextInt(300);
            for (int i = 0; i < n; i++) {
                String pk = "key-" + rnd.nextInt(200) + (rnd.nextInt(10) == 0 ? "é漢" : "");
                String ehk = rnd.nextInt(4) == 0 ? new BigInteger(128, rnd).toString() : null;
                byte[] data = new byte[rnd.nextInt(300)];
                rnd.nextBytes(data);
                int predicted = b.sizeWith(pk, utf8(pk), ehk, data.length);
                int after = b.add(pk, utf8(pk), ehk, data);
                assertThat(after).isEqualTo(predicted);
                expected.add(new SubRecord(pk, ehk, data));
            }
            byte[] encoded = b.encode();
            assertThat(encoded).hasSize(b.size());
            assertThat(KplAggregate.isAggregated(encoded)).isTrue();
            assertThat(KplAggregate.decode(encoded)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void sizeAccounting_atVarintBoundaries_isExact() {
        // data lengths and table sizes that cross the 1->2 and 2->3 byte varint boundaries
        int[] lengths = {0, 1, 121, 122, 123, 124, 125, 126, 127, 128, 129, 16_250, 16_383, 16_384, 16_385};
        for (int len : lengths) {
            KplAggregate.Builder b = new KplAggregate.Builder();
            for (int k = 0; k < 130; k++) {
                String pk = "k" + k;
                b.add(pk, utf8(pk), null, new byte[len]);
                assertThat(b.encode()).as("length %d, %d keys", len, k + 1).hasSize(b.size());
            }
        }
    }

    @Test
    void tryAdd_stopsAtTheLimitExactly_andAlwaysTakesAFirstRecord() {
        KplAggregate.Builder b = new KplAggregate.Builder();
        assertThat(b.tryAdd("k", utf8("k"), null, new byte[500], 10)).isTrue(); // first: always
        int size = b.size();
        int next = b.sizeWith("k", utf8("k"), null, 100);

        assertThat(b.tryAdd("k", utf8("k"), null, new byte[100], next - 1)).isFalse();
        assertThat(b.size()).isEqualTo(size);
        assertThat(b.count()).isEqualTo(1);
        assertThat(b.tryAdd("k", utf8("k"), null, new byte[100], next)).isTrue();
        assertThat(b.size()).isEqualTo(next);
        assertThat(b.encode()).hasSize(next);
    }

    @Test
    void kclAggregatorUtil_deaggregatesOurRecords_withKeysAndDataIntact() {
        // An independent reader: the KCL's own deaggregation (protobuf-java generated classes)
        Random rnd = new Random(7);
        KplAggregate.Builder b = new KplAggregate.Builder();
        List<SubRecord> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String pk = "user-" + rnd.nextInt(50);
            String ehk = i % 7 == 0 ? new BigInteger(127, rnd).toString() : null;
            byte[] data = utf8("payload-" + i);
            b.add(pk, utf8(pk), ehk, data);
            expected.add(new SubRecord(pk, ehk, data));
        }
        KinesisClientRecord agg = KinesisClientRecord.builder()
                .partitionKey("user-0")
                .sequenceNumber("49590338271490256608559692538361571095921575989136588898")
                .data(ByteBuffer.wrap(b.encode()))
                .build();

        List<KinesisClientRecord> out = new AggregatorUtil()
                .deaggregate(
                        List.of(agg),
                        BigInteger.ZERO,
                        BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));

        assertThat(out).hasSize(500);
        for (int i = 0; i < out.size(); i++) {
            KinesisClientRecord r = out.get(i);
            byte[] data = new byte[r.data().remaining()];
            r.data().get(data);
            assertThat(r.aggregated()).isTrue();
            assertThat(r.subSequenceNumber()).isEqualTo(i);
            assertThat(new SubRecord(r.partitionKey(), r.explicitHashKey(), data))
                    .isEqualTo(expected.get(i));
        }
    }

    @Test
    void kclAggregatorUtil_whenAggregateSpansTwoShards_dropsTheWholeAggregate_soPredictionMatters() {
        // Why we aggregate per predicted shard: when one sub-record's hash key is outside the range
        // of the shard the aggregate was read from, the KCL drops every sub-record of it.
        KplAggregate.Builder b = new KplAggregate.Builder();
        b.add("a", utf8("a"), "0", utf8("low"));
        b.add("b", utf8("b"), BigInteger.ONE.shiftLeft(127).toString(), utf8("high"));
        KinesisClientRecord agg = KinesisClientRecord.builder()
                .partitionKey("a")
                .sequenceNumber("1")
                .data(ByteBuffer.wrap(b.encode()))
                .build();

        List<KinesisClientRecord> lowerHalf = new AggregatorUtil()
                .deaggregate(
                        List.of(agg),
                        BigInteger.ZERO,
                        BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE));

        assertThat(lowerHalf).isEmpty();
    }

    private static byte[] withEnvelope(byte[] proto) {
        byte[] out = new byte[proto.length + KplAggregate.OVERHEAD];
        System.arraycopy(KplAggregate.MAGIC, 0, out, 0, 4);
        System.arraycopy(proto, 0, out, 4, proto.length);
        byte[] d = HashKeys.md5().digest(proto);
        System.arraycopy(d, 0, out, out.length - 16, 16);
        return out;
    }
}
