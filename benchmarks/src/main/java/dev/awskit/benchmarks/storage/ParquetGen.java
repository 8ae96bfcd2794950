package dev.awskit.benchmarks.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal Parquet writer for {@link InventoryPlanCpu}: S3 Inventory's schema (bucket, key, size,
 * last_modified_date, e_tag), data pages v1, PLAIN, uncompressed, definition levels as one RLE run,
 * the footer in the Thrift compact protocol (apache/parquet-format, parquet.thrift). It writes only
 * what the benchmark needs; the reader's tests use files of Apache parquet-java.
 */
final class ParquetGen {
    private static final int GROUP_ROWS = 100_000;
    private static final int PAGE_ROWS = 20_000;
    private static final String[] NAMES = {"bucket", "key", "size", "last_modified_date", "e_tag"};
    private static final int[] TYPES = {6, 6, 2, 2, 6}; // BYTE_ARRAY, INT64
    private static final boolean[] OPTIONAL = {false, false, true, true, true};
    private static final long MODIFIED = 1_764_583_200_000L;

    private ParquetGen() {}

    static String generate(Path dir, long rows, int files) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        StringBuilder list = new StringBuilder();
        for (int f = 0; f < files; f++) {
            String key = "data/f" + f + ".parquet";
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            long n = (rows - f + files - 1) / files;
            long step = n % 7919 == 0 ? 7907 : 7919;
            try (OutputStream raw = Files.newOutputStream(dir.resolve(key));
                    DigestOutputStream d = new DigestOutputStream(raw, md5);
                    Counting out = new Counting(new java.io.BufferedOutputStream(d, 1 << 16))) {
                out.write("PAR1".getBytes(StandardCharsets.US_ASCII));
                List<byte[]> groups = new ArrayList<>();
                for (long first = 0; first < n; first += GROUP_ROWS) {
                    int count = (int) Math.min(GROUP_ROWS, n - first);
                    Thrift chunks = new Thrift();
                    long groupBytes = 0;
                    for (int c = 0; c < NAMES.length; c++) {
                        long start = out.count;
                        for (int p = 0; p < count; p += PAGE_ROWS) {
                            int pageRows = Math.min(PAGE_ROWS, count - p);
                            ByteArrayOutputStream page = new ByteArrayOutputStream();
                            if (OPTIONAL[c]) {
                                // one RLE run of pageRows ones: varint(pageRows << 1), then the value byte
                                ByteArrayOutputStream levels = new ByteArrayOutputStream();
                                Thrift.varint(levels, (long) pageRows << 1);
                                levels.write(1);
                                le32(page, levels.size());
                                levels.writeTo(page);
                            }
                            for (int r = 0; r < pageRows; r++) {
                                long j = first + p + r;
                                long i = f + (long) files * ((j * step) % n);
                                value(page, c, i);
                            }
                            Thrift h = new Thrift();
                            h.i32(1, 0).i32(2, page.size()).i32(3, page.size());
                            h.beginStruct(5)
                                    .i32(1, pageRows)
                                    .i32(2, 0)
                                    .i32(3, 3)
                                    .i32(4, 3)
                                    .end();
                            h.end();
                            h.bytes().writeTo(out);
                            page.writeTo(out);
                        }
                        long size = out.count - start;
                        groupBytes += size;
                        chunks.listElementStruct();
                        chunks.i64(2, start);
                        chunks.beginStruct(3)
                                .i32(1, TYPES[c])
                                .i32List(2, 0, 3)
                                .stringList(3, NAMES[c])
                                .i32(4, 0)
                                .i64(5, count)
                                .i64(6, size)
                                .i64(7, size)
                                .i64(9, start)
                                .end();
                        chunks.end();
                    }
                    Thrift g = new Thrift();
                    g.structList(1, NAMES.length, chunks)
                            .i64(2, groupBytes)
                            .i64(3, count)
                            .end();
                    groups.add(g.bytes().toByteArray());
                }
                Thrift schema = new Thrift();
                schema.listElementStruct();
                schema.string(4, "s3.inventory").i32(5, NAMES.length).end();
                for (int c = 0; c < NAMES.length; c++) {
                    schema.listElementStruct();
                    schema.i32(1, TYPES[c]).i32(3, OPTIONAL[c] ? 1 : 0).string(4, NAMES[c]);
                    if (TYPES[c] == 6) {
                        schema.i32(6, 0); // UTF8
                    } else if (c == 3) {
                        schema.i32(6, 9); // TIMESTAMP_MILLIS
                    }
                    schema.end();
                }
                Thrift groupList = new Thrift();
                for (byte[] g : groups) {
                    groupList.raw(g);
                }
                Thrift meta = new Thrift();
                meta.i32(1, 1)
                        .structList(2, NAMES.length + 1, schema)
                        .i64(3, n)
                        .structList(4, groups.size(), groupList)
                        .end();
                byte[] footer = meta.bytes().toByteArray();
                out.write(footer);
                ByteArrayOutputStream tail = new ByteArrayOutputStream();
                le32(tail, footer.length);
                tail.writeTo(out);
                out.write("PAR1".getBytes(StandardCharsets.US_ASCII));
            }
            InventoryPlanCpu.fileEntry(list, dir, key, md5);
        }
        InventoryPlanCpu.writeManifest(
                dir,
                "Parquet",
                "message s3.inventory { required binary bucket (UTF8); required binary key (UTF8); optional int64"
                        + " size; optional int64 last_modified_date (TIMESTAMP_MILLIS); optional binary e_tag (UTF8);}",
                list);
        return "manifest.json";
    }

    private static void value(ByteArrayOutputStream page, int column, long i) {
        switch (column) {
            case 0 -> binary(page, "src");
            case 1 -> binary(page, InventoryPlanCpu.key(i));
            case 2 -> le64(page, 100 + (i % 1000));
            case 3 -> le64(page, MODIFIED);
            default -> binary(page, "0123456789abcdef0123456789abcdef");
        }
    }

    private static void binary(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        le32(out, b.length);
        out.write(b, 0, b.length);
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    private static void le64(ByteArrayOutputStream out, long v) {
        le32(out, (int) v);
        le32(out, (int) (v >>> 32));
    }

    /** Counts the bytes written, for the column chunks' offsets. */
    private static final class Counting extends java.io.FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** The Thrift compact protocol, for writing: fields of one struct at a time, nested by hand. */
    private static final class Thrift {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final java.util.ArrayDeque<Integer> last = new java.util.ArrayDeque<>();
        private int lastId;

        ByteArrayOutputStream bytes() {
            return out;
        }

        static void varint(ByteArrayOutputStream out, long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        private void header(int id, int type) {
            int delta = id - lastId;
            if (delta > 0 && delta <= 15) {
                out.write(delta << 4 | type);
            } else {
                out.write(type);
                varint(out, (id << 1) ^ (id >> 31));
            }
            lastId = id;
        }

        Thrift i32(int id, int v) {
            header(id, 5);
            varint(out, (v << 1) ^ (v >> 31));
            return this;
        }

        Thrift i64(int id, long v) {
            header(id, 6);
            varint(out, (v << 1) ^ (v >> 63));
            return this;
        }

        Thrift string(int id, String s) {
            header(id, 8);
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(out, b.length);
            out.write(b, 0, b.length);
            return this;
        }

        Thrift i32List(int id, int... values) {
            header(id, 9);
            out.write(values.length << 4 | 5);
            for (int v : values) {
                varint(out, (v << 1) ^ (v >> 31));
            }
            return this;
        }

        Thrift stringList(int id, String... values) {
            header(id, 9);
            out.write(values.length << 4 | 8);
            for (String s : values) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                varint(out, b.length);
                out.write(b, 0, b.length);
            }
            return this;
        }

        /** A list of {@code count} structs already written (one after another) into {@code elements}. */
        Thrift structList(int id, int count, Thrift elements) {
            header(id, 9);
            if (count < 15) {
                out.write(count << 4 | 12);
            } else {
                out.write(0xf0 | 12);
                varint(out, count);
            }
            out.writeBytes(elements.out.toByteArray());
            return this;
        }

        /** Starts a struct that is an element of a list: its field ids start again from 0. */
        void listElementStruct() {
            last.push(lastId);
            lastId = 0;
        }

        Thrift beginStruct(int id) {
            header(id, 12);
            last.push(lastId);
            lastId = 0;
            return this;
        }

        Thrift end() {
            out.write(0);
            lastId = last.isEmpty() ? 0 : last.pop();
            return this;
        }

        void raw(byte[] b) {
            out.write(b, 0, b.length);
        }
    }
}
