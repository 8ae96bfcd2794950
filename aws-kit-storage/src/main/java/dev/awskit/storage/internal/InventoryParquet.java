package dev.awskit.storage.internal;

import dev.awskit.core.AwsKitException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the rows of one S3 Inventory data file in Apache Parquet, with no Hadoop and no library: the
 * footer (Thrift compact protocol), the column chunks of the columns a sync needs, their dictionary
 * and data pages (v1 and v2), PLAIN, PLAIN_DICTIONARY / RLE_DICTIONARY and RLE encodings, RLE /
 * bit-packed definition levels, and the UNCOMPRESSED, SNAPPY and GZIP codecs (apache/parquet-format:
 * README.md, Encodings.md, parquet.thrift).
 *
 * <p>What S3 Inventory writes (S3 user guide, storage-inventory-location.html, "Inventory manifest"):
 * a flat schema {@code message s3.inventory { required binary bucket (UTF8); required binary key
 * (UTF8); optional binary version_id (UTF8); optional boolean is_latest; optional boolean
 * is_delete_marker; optional int64 size; optional int64 last_modified_date (TIMESTAMP_MILLIS);
 * optional binary e_tag (UTF8); ... }}. Keys are not URL-encoded (only CSV's are). Timestamps in
 * INT64 with a MILLIS, MICROS or NANOS unit, and INT96, are read.
 *
 * <p>Memory: one page per needed column and its dictionary; row groups are streamed from the file on
 * disk. Anything that does not match is an {@link AwsKitException} naming the file and what is wrong.
 */
final class InventoryParquet {
    /** The columns a plan needs; the others of the file are never read. */
    static final List<String> NEEDED = List.of("bucket", "key", "size", "last_modified_date");

    private static final List<String> USED =
            List.of("bucket", "key", "size", "last_modified_date", "e_tag", "is_latest", "is_delete_marker");

    /** Pages larger than this are refused: S3 writes pages of about 1 MB. */
    static final int MAX_PAGE = 256 << 20;

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern FIELD = Pattern.compile("(?:required|optional|repeated)\\s+\\w+\\s+([A-Za-z0-9_]+)");

    // Parquet physical types
    private static final int BOOLEAN = 0;
    private static final int INT32 = 1;
    private static final int INT64 = 2;
    private static final int INT96 = 3;
    private static final int BYTE_ARRAY = 6;

    private InventoryParquet() {}

    /** The column names of a manifest's Parquet {@code fileSchema}, in order. */
    static List<String> schemaColumns(String fileSchema) {
        List<String> names = new ArrayList<>();
        Matcher m = FIELD.matcher(fileSchema);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Reads {@code file} and hands each kept row to {@code sink}: the rows of {@code sourceBucket} that
     * are current versions (not {@code is_latest = false}, not delete markers) under {@code root}.
     *
     * @param where the file's {@code s3://} URI, for messages
     * @return the number of rows in the file
     * @throws AwsKitException naming {@code where} when the file is not a Parquet file of this shape
     */
    static long read(Path file, String where, String sourceBucket, String root, Consumer<Entry> sink) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Reader(ch, where, sourceBucket, root, sink).read();
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof Malformed) {
                throw new AwsKitException(
                        "The inventory file " + where + " " + e.getMessage() + ". Nothing was planned.");
            }
            throw new AwsKitException(
                    "The inventory file " + where + " is not a readable Parquet file (" + e.getMessage()
                            + "); it may be truncated or corrupt. Nothing was planned.",
                    e);
        }
    }

    /** A row that breaks S3's schema: the message starts "row N is malformed: ...". */
    private static final class Malformed extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /** One leaf column of the file's schema. */
    private record Column(String name, int type, boolean optional, long timeUnitPerMilli, boolean timestamp) {}

    private static final class Reader {
        private final FileChannel ch;
        private final String where;
        private final String sourceBucket;
        private final String root;
        private final Consumer<Entry> sink;

        Reader(FileChannel ch, String where, String sourceBucket, String root, Consumer<Entry> sink) {
            this.ch = ch;
            this.where = where;
            this.sourceBucket = sourceBucket;
            this.root = root;
            this.sink = sink;
        }

        long read() throws IOException {
            long size = ch.size();
            if (size < 12) {
                throw new IllegalArgumentException(size + " bytes are too few for a Parquet file");
            }
            ByteBuffer head = ByteBuffer.allocate(4);
            readFully(head, 0);
            ByteBuffer tail = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            readFully(tail, size - 8);
            if (!java.util.Arrays.equals(head.array(), MAGIC)
                    || !java.util.Arrays.equals(java.util.Arrays.copyOfRange(tail.array(), 4, 8), MAGIC)) {
                throw new IllegalArgumentException("it does not begin and end with PAR1");
            }
            long footerLength = tail.getInt(0) & 0xffffffffL;
            if (footerLength == 0 || footerLength > size - 12) {
                throw new IllegalArgumentException(
                        "its footer length " + footerLength + " does not fit its " + size + " bytes");
            }
            long footerStart = size - 8 - footerLength;
            Map<Integer, Object> meta = new ParquetThrift(stream(footerStart, footerLength), footerLength).struct();
            Map<String, Column> columns = schema(meta);
            List<String> missing = new ArrayList<>();
            for (String n : NEEDED) {
                if (!columns.containsKey(n)) {
                    missing.add(n);
                }
            }
            if (!missing.isEmpty()) {
                throw new Malformed("has the columns " + columns.keySet() + " and lacks " + missing
                        + ", which planning a sync needs (add the optional fields Size and LastModifiedDate to"
                        + " the inventory configuration)");
            }
            long fileRows = ParquetThrift.i64(meta, 3, "the footer's num_rows");
            long row = 0;
            for (Object g : ParquetThrift.list(meta, 4)) {
                if (!(g instanceof Map)) {
                    throw new IllegalArgumentException("a row group is not a struct");
                }
                @SuppressWarnings("unchecked")
                Map<Integer, Object> group = (Map<Integer, Object>) g;
                row = rowGroup(group, columns, footerStart, row);
            }
            if (row != fileRows) {
                throw new IllegalArgumentException("its row groups hold " + row + " rows, its footer says " + fileRows);
            }
            return row;
        }

        private Map<String, Column> schema(Map<Integer, Object> meta) {
            List<Object> elements = ParquetThrift.list(meta, 2);
            if (elements.isEmpty() || !(elements.get(0) instanceof Map)) {
                throw new IllegalArgumentException("its footer has no schema");
            }
            @SuppressWarnings("unchecked")
            Map<Integer, Object> rootElement = (Map<Integer, Object>) elements.get(0);
            long children = ParquetThrift.i64(rootElement, 5, 0);
            if (children != elements.size() - 1) {
                throw new Malformed("has a nested schema (" + (elements.size() - 1) + " elements under a root of "
                        + children + " fields), not the flat one S3 Inventory writes");
            }
            Map<String, Column> columns = new LinkedHashMap<>();
            for (int i = 1; i < elements.size(); i++) {
                if (!(elements.get(i) instanceof Map)) {
                    throw new IllegalArgumentException("a schema element is not a struct");
                }
                @SuppressWarnings("unchecked")
                Map<Integer, Object> e = (Map<Integer, Object>) elements.get(i);
                String name = ParquetThrift.string(e, 4);
                if (name == null) {
                    throw new IllegalArgumentException("a schema element has no name");
                }
                if (ParquetThrift.i64(e, 5, 0) != 0) {
                    throw new Malformed(
                            "has a nested column '" + Keys.shown(name) + "', not the flat schema S3 Inventory writes");
                }
                long repetition = ParquetThrift.i64(e, 3, 0);
                if (repetition == 2) {
                    throw new Malformed("has a repeated column '" + Keys.shown(name)
                            + "', not the flat schema S3 Inventory writes");
                }
                int type = (int) ParquetThrift.i64(e, 1, -1);
                long perMilli = 0;
                boolean timestamp = false;
                Map<Integer, Object> logical = ParquetThrift.struct(e, 10);
                Map<Integer, Object> ts = logical == null ? null : ParquetThrift.struct(logical, 8);
                if (ts != null) {
                    Map<Integer, Object> unit = ParquetThrift.struct(ts, 2);
                    timestamp = true;
                    if (unit != null && unit.containsKey(2)) {
                        perMilli = 1_000;
                    } else if (unit != null && unit.containsKey(3)) {
                        perMilli = 1_000_000;
                    } else {
                        perMilli = 1;
                    }
                } else {
                    long converted = ParquetThrift.i64(e, 6, -1);
                    if (converted == 9) {
                        timestamp = true;
                        perMilli = 1;
                    } else if (converted == 10) {
                        timestamp = true;
                        perMilli = 1_000;
                    }
                }
                if (type == INT96) {
                    timestamp = true;
                }
                columns.put(name, new Column(name, type, repetition == 1, perMilli, timestamp));
            }
            check(columns, "bucket", BYTE_ARRAY, "binary (UTF8)");
            check(columns, "key", BYTE_ARRAY, "binary (UTF8)");
            check(columns, "e_tag", BYTE_ARRAY, "binary (UTF8)");
            check(columns, "is_latest", BOOLEAN, "boolean");
            check(columns, "is_delete_marker", BOOLEAN, "boolean");
            Column size = columns.get("size");
            if (size != null && size.type() != INT64 && size.type() != INT32) {
                throw new Malformed("has a column 'size' of Parquet type " + typeName(size.type())
                        + ", not int64 as S3 Inventory writes it");
            }
            Column modified = columns.get("last_modified_date");
            if (modified != null && !(modified.timestamp() && (modified.type() == INT64 || modified.type() == INT96))) {
                throw new Malformed("has a column 'last_modified_date' of Parquet type " + typeName(modified.type())
                        + " without a timestamp annotation, not int64 (TIMESTAMP_MILLIS) as S3 Inventory writes it");
            }
            return columns;
        }

        private static void check(Map<String, Column> columns, String name, int type, String expected) {
            Column c = columns.get(name);
            if (c != null && c.type() != type) {
                throw new Malformed("has a column '" + name + "' of Parquet type " + typeName(c.type()) + ", not "
                        + expected + " as S3 Inventory writes it");
            }
        }

        private long rowGroup(Map<Integer, Object> group, Map<String, Column> columns, long footerStart, long firstRow)
                throws IOException {
            long rows = ParquetThrift.i64(group, 3, "a row group's num_rows");
            if (rows < 0) {
                throw new IllegalArgumentException("a row group has " + rows + " rows");
            }
            Map<String, Cursor> cursors = new LinkedHashMap<>();
            for (Object c : ParquetThrift.list(group, 1)) {
                if (!(c instanceof Map)) {
                    throw new IllegalArgumentException("a column chunk is not a struct");
                }
                @SuppressWarnings("unchecked")
                Map<Integer, Object> chunk = (Map<Integer, Object>) c;
                if (chunk.containsKey(1)) {
                    throw new Malformed("keeps a column chunk in another file ("
                            + Keys.shown(String.valueOf(ParquetThrift.string(chunk, 1)))
                            + "), which S3 Inventory never does");
                }
                Map<Integer, Object> meta = ParquetThrift.struct(chunk, 3);
                if (meta == null) {
                    throw new IllegalArgumentException("a column chunk has no metadata");
                }
                List<Object> path = ParquetThrift.list(meta, 3);
                if (path.size() != 1 || !(path.get(0) instanceof byte[])) {
                    continue;
                }
                String name = new String((byte[]) path.get(0), StandardCharsets.UTF_8);
                Column col = columns.get(name);
                if (col == null || !USED.contains(name)) {
                    continue;
                }
                long numValues = ParquetThrift.i64(meta, 5, "the num_values of column " + name);
                if (numValues != rows) {
                    throw new IllegalArgumentException(
                            "column " + name + " has " + numValues + " values in a row group of " + rows + " rows");
                }
                long compressed = ParquetThrift.i64(meta, 7, "the total_compressed_size of column " + name);
                long dataOffset = ParquetThrift.i64(meta, 9, "the data_page_offset of column " + name);
                long dictOffset = ParquetThrift.i64(meta, 11, -1L);
                long start = dictOffset > 0 && dictOffset < dataOffset ? dictOffset : dataOffset;
                if (start < 4 || compressed < 0 || compressed > footerStart - start) {
                    throw new IllegalArgumentException("column " + name + " claims bytes " + start + " to "
                            + (start + compressed) + " of a file whose data ends at " + footerStart);
                }
                int codec = (int) ParquetThrift.i64(meta, 4, -1L);
                if (codec != 0 && codec != 1 && codec != 2) {
                    throw new Malformed("compresses column " + name + " with " + codecName(codec)
                            + "; aws-kit reads UNCOMPRESSED, SNAPPY and GZIP Parquet files");
                }
                cursors.put(name, new Cursor(col, stream(start, compressed), compressed, codec, rows));
            }
            for (String n : NEEDED) {
                if (!cursors.containsKey(n)) {
                    throw new IllegalArgumentException("a row group has no column chunk for " + n);
                }
            }
            Cursor bucket = cursors.get("bucket");
            Cursor key = cursors.get("key");
            Cursor size = cursors.get("size");
            Cursor modified = cursors.get("last_modified_date");
            Cursor etag = cursors.get("e_tag");
            Cursor latest = cursors.get("is_latest");
            Cursor marker = cursors.get("is_delete_marker");
            for (long r = 0; r < rows; r++) {
                for (Cursor c : cursors.values()) {
                    c.next();
                }
                long rowNo = firstRow + r + 1;
                if (bucket.isNull || !bucket.string.equals(sourceBucket)) {
                    throw new Malformed("row " + rowNo + " is malformed: it lists bucket '"
                            + (bucket.isNull ? "" : Keys.shown(bucket.string)) + "', not '" + sourceBucket + "'");
                }
                if (marker != null && !marker.isNull && marker.bool) {
                    continue;
                }
                if (latest != null && !latest.isNull && !latest.bool) {
                    continue;
                }
                if (key.isNull || key.string.isEmpty()) {
                    throw new Malformed("row " + rowNo + " is malformed: the key is empty");
                }
                if (!key.string.startsWith(root)) {
                    continue;
                }
                if (size.isNull) {
                    throw new Malformed("row " + rowNo + " is malformed: size is null for '" + Keys.shown(key.string)
                            + "', which is neither a delete marker nor an older version");
                }
                if (size.number < 0) {
                    throw new Malformed("row " + rowNo + " is malformed: size " + size.number + " is negative");
                }
                if (modified.isNull) {
                    throw new Malformed("row " + rowNo + " is malformed: last_modified_date is null for '"
                            + Keys.shown(key.string) + "'");
                }
                String tag = etag == null || etag.isNull || etag.string.isEmpty() ? null : Etags.unquote(etag.string);
                sink.accept(new Entry(key.string, size.number, modified.number, tag));
            }
            for (Cursor c : cursors.values()) {
                c.finish();
            }
            return firstRow + rows;
        }

        private void readFully(ByteBuffer b, long position) throws IOException {
            while (b.hasRemaining()) {
                if (ch.read(b, position + b.position()) < 0) {
                    throw new EOFException("the file ends early");
                }
            }
            b.flip();
        }

        /** The bytes {@code [start, start + length)} of the file, read with positional reads. */
        private InputStream stream(long start, long length) {
            return new BufferedInputStream(new Slice(ch, start, length), 1 << 16);
        }
    }

    /**
     * A range of a file read by position, so that the cursors of one row group each keep their own
     * place in the one channel.
     */
    private static final class Slice extends InputStream {
        private final FileChannel ch;
        private long position;
        private long left;

        Slice(FileChannel ch, long start, long length) {
            this.ch = ch;
            this.position = start;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), position);
            if (n > 0) {
                position += n;
                left -= n;
            }
            return n;
        }
    }

    /** Reads one column chunk page by page; {@link #next()} moves to the next value. */
    private static final class Cursor {
        private final Column col;
        private final InputStream in;
        private final int codec;
        private long chunkLeft;
        private long valuesLeft;

        private String[] dictStrings;
        private long[] dictNumbers;
        private int dictSize = -1;

        private byte[] page;
        private int pos;
        private int end;
        private int pageValuesLeft;
        private Rle defs;
        private int encoding;
        private Rle indices;
        private int bit;
        private Delta deltas;
        private Delta prefixes;
        private byte[] previous = new byte[0];

        boolean isNull;
        String string;
        long number;
        boolean bool;

        Cursor(Column col, InputStream in, long chunkBytes, int codec, long values) {
            this.col = col;
            this.in = in;
            this.chunkLeft = chunkBytes;
            this.codec = codec;
            this.valuesLeft = values;
        }

        void next() throws IOException {
            while (pageValuesLeft == 0) {
                nextPage();
            }
            pageValuesLeft--;
            valuesLeft--;
            if (defs != null && defs.next() == 0) {
                isNull = true;
                return;
            }
            isNull = false;
            if (encoding == 2 || encoding == 8) {
                int i = indices.next();
                if (i < 0 || i >= dictSize) {
                    throw new IllegalArgumentException(
                            "column " + col.name() + " refers to dictionary entry " + i + " of " + dictSize);
                }
                if (dictStrings != null) {
                    string = dictStrings[i];
                } else {
                    number = dictNumbers[i];
                }
                return;
            }
            if (encoding == 3) {
                bool = indices.next() != 0;
                return;
            }
            if (encoding == 5) {
                number = toMillis(deltas.next());
                return;
            }
            if (encoding == 6 || encoding == 7) {
                long prefix = prefixes == null ? 0 : prefixes.next();
                long length = deltas.next();
                if (prefix < 0 || prefix > previous.length || length < 0 || length > end - pos) {
                    throw new IllegalArgumentException("column " + col.name() + " has a DELTA value of prefix " + prefix
                            + " and " + length + " bytes that does not fit its page");
                }
                byte[] v = new byte[(int) (prefix + length)];
                System.arraycopy(previous, 0, v, 0, (int) prefix);
                System.arraycopy(page, pos, v, (int) prefix, (int) length);
                pos += (int) length;
                previous = v;
                string = new String(v, StandardCharsets.UTF_8);
                return;
            }
            plain();
        }

        private void plain() {
            switch (col.type()) {
                case BOOLEAN -> {
                    if (pos >= end) {
                        throw new IllegalArgumentException("column " + col.name() + " runs past its page");
                    }
                    bool = ((page[pos] >> bit) & 1) != 0;
                    if (++bit == 8) {
                        bit = 0;
                        pos++;
                    }
                }
                case BYTE_ARRAY -> {
                    int n = int32(page, pos, end, col.name());
                    pos += 4;
                    if (n < 0 || n > end - pos) {
                        throw new IllegalArgumentException(
                                "column " + col.name() + " has a value of " + n + " bytes past its page");
                    }
                    string = new String(page, pos, n, StandardCharsets.UTF_8);
                    pos += n;
                }
                case INT32 -> {
                    number = int32(page, pos, end, col.name());
                    pos += 4;
                }
                case INT64 -> {
                    number = toMillis(int64(page, pos, end, col.name()));
                    pos += 8;
                }
                case INT96 -> {
                    number = int96(page, pos, end, col.name());
                    pos += 12;
                }
                default ->
                    throw new IllegalArgumentException(
                            "column " + col.name() + " has Parquet type " + typeName(col.type()));
            }
        }

        private long toMillis(long v) {
            if (!col.timestamp() || col.timeUnitPerMilli() <= 1) {
                return v;
            }
            return Math.floorDiv(v, col.timeUnitPerMilli());
        }

        private static long int96(byte[] b, int p, int end, String name) {
            if (p + 12 > end) {
                throw new IllegalArgumentException("column " + name + " runs past its page");
            }
            long nanos = int64(b, p, end, name);
            long day = int32(b, p + 8, end, name);
            return (day - 2_440_588L) * 86_400_000L + Math.floorDiv(nanos, 1_000_000L);
        }

        private void nextPage() throws IOException {
            if (valuesLeft <= 0 && chunkLeft <= 0) {
                throw new IllegalArgumentException("column " + col.name() + " has fewer values than its row group");
            }
            if (chunkLeft <= 0) {
                throw new IllegalArgumentException(
                        "column " + col.name() + " ends after fewer values than its row group has rows");
            }
            ParquetThrift t = new ParquetThrift(in, chunkLeft);
            Map<Integer, Object> header = t.struct();
            chunkLeft = t.remaining();
            int type = ParquetThrift.i32(header, 1, "a page type");
            int uncompressed = ParquetThrift.i32(header, 2, "a page's uncompressed_page_size");
            int compressed = ParquetThrift.i32(header, 3, "a page's compressed_page_size");
            if (compressed < 0 || compressed > chunkLeft) {
                throw new IllegalArgumentException("a page of column " + col.name() + " claims " + compressed
                        + " bytes where its chunk has " + chunkLeft + " left");
            }
            if (uncompressed < 0 || uncompressed > MAX_PAGE) {
                throw new IllegalArgumentException(
                        "a page of column " + col.name() + " claims " + uncompressed + " uncompressed bytes");
            }
            byte[] raw = in.readNBytes(compressed);
            if (raw.length != compressed) {
                throw new EOFException("column " + col.name() + " ends inside a page");
            }
            chunkLeft -= compressed;
            switch (type) {
                case 2 -> dictionary(header, raw, uncompressed);
                case 0 -> dataV1(header, raw, uncompressed);
                case 3 -> dataV2(header, raw, uncompressed);
                case 1 -> {
                    // an index page: nothing to read
                }
                default ->
                    throw new IllegalArgumentException(
                            "a page of column " + col.name() + " has the unknown type " + type);
            }
        }

        private byte[] decompress(byte[] raw, int off, int len, int expected) {
            return switch (codec) {
                case 0 -> {
                    if (len != expected) {
                        throw new IllegalArgumentException("an uncompressed page of column " + col.name() + " has "
                                + len + " bytes, its header says " + expected);
                    }
                    yield off == 0 && len == raw.length ? raw : java.util.Arrays.copyOfRange(raw, off, off + len);
                }
                case 1 -> Snappy.decompress(raw, off, len, expected);
                default -> gunzip(raw, off, len, expected);
            };
        }

        private byte[] gunzip(byte[] raw, int off, int len, int expected) {
            // RFC 1952: a 10-byte header, optional fields, a deflate stream, CRC32 and size
            int p = off;
            int end = off + len;
            if (len < 18 || (raw[p] & 0xff) != 0x1f || (raw[p + 1] & 0xff) != 0x8b || raw[p + 2] != 8) {
                throw new IllegalArgumentException("a GZIP page of column " + col.name() + " has no gzip header");
            }
            int flags = raw[p + 3] & 0xff;
            p += 10;
            if ((flags & 4) != 0) {
                if (p + 2 > end) {
                    throw new IllegalArgumentException("a GZIP page header runs past the page");
                }
                p += 2 + ((raw[p] & 0xff) | (raw[p + 1] & 0xff) << 8);
            }
            for (int f : new int[] {8, 16}) {
                if ((flags & f) != 0) {
                    while (p < end && raw[p] != 0) {
                        p++;
                    }
                    p++;
                }
            }
            if ((flags & 2) != 0) {
                p += 2;
            }
            if (p >= end) {
                throw new IllegalArgumentException("a GZIP page header runs past the page");
            }
            Inflater inf = new Inflater(true);
            try {
                inf.setInput(raw, p, end - p);
                byte[] out = new byte[expected];
                int n = 0;
                while (n < expected) {
                    int r = inf.inflate(out, n, expected - n);
                    if (r == 0) {
                        break;
                    }
                    n += r;
                }
                if (n != expected) {
                    throw new IllegalArgumentException("a GZIP page of column " + col.name() + " expands to " + n
                            + " bytes, its header says " + expected);
                }
                return out;
            } catch (DataFormatException e) {
                throw new IllegalArgumentException(
                        "a GZIP page of column " + col.name() + " is corrupt (" + e.getMessage() + ")");
            } finally {
                inf.end();
            }
        }

        private void dictionary(Map<Integer, Object> header, byte[] raw, int uncompressed) {
            Map<Integer, Object> h = ParquetThrift.struct(header, 7);
            if (h == null) {
                throw new IllegalArgumentException("a dictionary page of column " + col.name() + " has no header");
            }
            if (dictSize >= 0) {
                throw new IllegalArgumentException("column " + col.name() + " has two dictionary pages");
            }
            int n = ParquetThrift.i32(h, 1, "a dictionary's num_values");
            byte[] b = decompress(raw, 0, raw.length, uncompressed);
            int width =
                    switch (col.type()) {
                        case BYTE_ARRAY, INT32 -> 4;
                        case INT64 -> 8;
                        case INT96 -> 12;
                        default ->
                            throw new IllegalArgumentException("column " + col.name() + " of Parquet type "
                                    + typeName(col.type()) + " has a dictionary");
                    };
            if (n < 0 || (long) n * width > b.length) {
                throw new IllegalArgumentException(
                        "a dictionary of column " + col.name() + " claims " + n + " values in " + b.length + " bytes");
            }
            page = b;
            pos = 0;
            end = b.length;
            if (col.type() == BYTE_ARRAY) {
                dictStrings = new String[n];
                for (int i = 0; i < n; i++) {
                    plain();
                    dictStrings[i] = string;
                }
            } else {
                dictNumbers = new long[n];
                for (int i = 0; i < n; i++) {
                    plain();
                    dictNumbers[i] = number;
                }
            }
            dictSize = n;
            page = null;
        }

        private void dataV1(Map<Integer, Object> header, byte[] raw, int uncompressed) {
            Map<Integer, Object> h = ParquetThrift.struct(header, 5);
            if (h == null) {
                throw new IllegalArgumentException("a data page of column " + col.name() + " has no header");
            }
            int n = values(ParquetThrift.i32(h, 1, "a data page's num_values"));
            byte[] b = decompress(raw, 0, raw.length, uncompressed);
            int p = 0;
            defs = null;
            if (col.optional()) {
                int levelEncoding = (int) ParquetThrift.i64(h, 3, 3L);
                if (levelEncoding != 3) {
                    throw new Malformed("encodes the definition levels of column " + col.name() + " with "
                            + encodingName(levelEncoding) + "; aws-kit reads RLE");
                }
                int len = int32(b, 0, b.length, col.name());
                if (len < 0 || len > b.length - 4) {
                    throw new IllegalArgumentException("the definition levels of column " + col.name() + " claim " + len
                            + " bytes of a page of " + b.length);
                }
                defs = new Rle(b, 4, 4 + len, 1, col.name());
                p = 4 + len;
            }
            values(b, p, ParquetThrift.i32(h, 2, "a data page's encoding"), n);
        }

        private void dataV2(Map<Integer, Object> header, byte[] raw, int uncompressed) {
            Map<Integer, Object> h = ParquetThrift.struct(header, 8);
            if (h == null) {
                throw new IllegalArgumentException("a data page of column " + col.name() + " has no header");
            }
            int n = values(ParquetThrift.i32(h, 1, "a data page's num_values"));
            int defLen = ParquetThrift.i32(h, 5, "a data page's definition_levels_byte_length");
            int repLen = ParquetThrift.i32(h, 6, "a data page's repetition_levels_byte_length");
            if (repLen != 0) {
                throw new Malformed(
                        "has repetition levels in column " + col.name() + ", not the flat schema S3 Inventory writes");
            }
            if (defLen < 0 || defLen > raw.length || defLen > uncompressed) {
                throw new IllegalArgumentException("the definition levels of column " + col.name() + " claim " + defLen
                        + " bytes of a page of " + raw.length);
            }
            boolean compressedValues = ParquetThrift.bool(h, 7, true);
            byte[] values = compressedValues
                    ? decompress(raw, defLen, raw.length - defLen, uncompressed - defLen)
                    : java.util.Arrays.copyOfRange(raw, defLen, raw.length);
            defs = col.optional() ? new Rle(raw, 0, defLen, 1, col.name()) : null;
            values(values, 0, ParquetThrift.i32(h, 4, "a data page's encoding"), n);
        }

        private int values(int n) {
            if (n < 0 || n > valuesLeft) {
                throw new IllegalArgumentException("a page of column " + col.name() + " claims " + n
                        + " values where its row group has " + valuesLeft + " left");
            }
            return n;
        }

        private void values(byte[] b, int p, int enc, int n) {
            page = b;
            pos = p;
            end = b.length;
            bit = 0;
            encoding = enc;
            indices = null;
            deltas = null;
            prefixes = null;
            previous = new byte[0];
            switch (enc) {
                case 0 -> {
                    // PLAIN
                }
                case 2, 8 -> {
                    if (dictSize < 0) {
                        throw new IllegalArgumentException(
                                "column " + col.name() + " has dictionary-encoded values but no dictionary page");
                    }
                    if (p >= b.length && n > 0 && defs == null) {
                        throw new IllegalArgumentException("a page of column " + col.name() + " has no values");
                    }
                    int width = p < b.length ? b[p] & 0xff : 0;
                    if (width > 32) {
                        throw new IllegalArgumentException(
                                "column " + col.name() + " has dictionary indices of " + width + " bits");
                    }
                    indices = new Rle(b, Math.min(p + 1, b.length), b.length, width, col.name());
                }
                case 3 -> {
                    if (col.type() != BOOLEAN) {
                        throw new Malformed("encodes column " + col.name() + " with RLE, which Parquet allows for"
                                + " booleans only");
                    }
                    int len = int32(b, p, b.length, col.name());
                    if (len < 0 || len > b.length - p - 4) {
                        throw new IllegalArgumentException(
                                "the RLE values of column " + col.name() + " claim " + len + " bytes");
                    }
                    indices = new Rle(b, p + 4, p + 4 + len, 1, col.name());
                }
                case 5 -> {
                    if (col.type() != INT64 && col.type() != INT32) {
                        throw new Malformed("encodes column " + col.name() + " with DELTA_BINARY_PACKED, which"
                                + " Parquet allows for integers only");
                    }
                    deltas = new Delta(b, p, b.length, col.name());
                }
                case 6, 7 -> {
                    if (col.type() != BYTE_ARRAY) {
                        throw new Malformed("encodes column " + col.name() + " with " + encodingName(enc)
                                + ", which Parquet allows for byte arrays only");
                    }
                    int q = p;
                    if (enc == 7) {
                        prefixes = new Delta(b, p, b.length, col.name());
                        q = new Delta(b, p, b.length, col.name()).skipAll();
                    }
                    deltas = new Delta(b, q, b.length, col.name());
                    pos = new Delta(b, q, b.length, col.name()).skipAll();
                }
                default ->
                    throw new Malformed("encodes column " + col.name() + " with " + encodingName(enc)
                            + "; aws-kit reads PLAIN, PLAIN_DICTIONARY, RLE_DICTIONARY, RLE and DELTA_*");
            }
            pageValuesLeft = n;
        }

        /** After the row group's last row: nothing may be left. */
        void finish() {
            if (pageValuesLeft != 0 || valuesLeft != 0) {
                throw new IllegalArgumentException("column " + col.name() + " has more values than its row group");
            }
        }
    }

    /**
     * DELTA_BINARY_PACKED (Encodings.md): a header (values per block, miniblocks per block, value
     * count, first value), then blocks of a minimum delta, one bit width per miniblock and the
     * miniblocks' bit-packed deltas. Read lazily, one miniblock in memory.
     */
    private static final class Delta {
        private static final int MAX_BLOCK = 1 << 15;

        private final byte[] b;
        private final int end;
        private final String column;
        private final int miniblocks;
        private final long[] buf;
        private int pos;
        private long left;
        private long last;
        private boolean first = true;
        private long minDelta;
        private final int[] widths;
        private int mini;
        private int bufPos;

        Delta(byte[] b, int start, int end, String column) {
            this.b = b;
            this.pos = start;
            this.end = end;
            this.column = column;
            long blockSize = uvarint();
            long count = uvarint();
            this.left = uvarint();
            this.last = zigzag(uvarint());
            if (blockSize <= 0
                    || blockSize > MAX_BLOCK
                    || blockSize % 128 != 0
                    || count <= 0
                    || blockSize % count != 0
                    || (blockSize / count) % 32 != 0) {
                throw new IllegalArgumentException("the DELTA_BINARY_PACKED header of column " + column
                        + " has blocks of " + blockSize + " values in " + count + " miniblocks");
            }
            this.miniblocks = (int) count;
            this.widths = new int[miniblocks];
            this.mini = miniblocks;
            this.buf = new long[(int) (blockSize / count)];
            this.bufPos = buf.length;
        }

        long next() {
            if (left <= 0) {
                throw new IllegalArgumentException("column " + column + " has fewer DELTA values than its page");
            }
            left--;
            if (first) {
                first = false;
                return last;
            }
            if (bufPos == buf.length) {
                miniblock();
            }
            last += buf[bufPos++];
            return last;
        }

        /**
         * Passes every value left without decoding it, a miniblock at a time (so a corrupt count ends
         * when the bytes do); returns where the encoded data ends.
         */
        int skipAll() {
            if (left > 0 && first) {
                first = false;
                left--;
            }
            long inBuffer = Math.min(left, buf.length - bufPos);
            left -= inBuffer;
            bufPos += (int) inBuffer;
            while (left > 0) {
                blockHeaderIfDue();
                long bytes = (long) buf.length * widths[mini++] / 8;
                if (pos + bytes > end) {
                    throw new IllegalArgumentException("the DELTA data of column " + column + " ends early");
                }
                pos += (int) bytes;
                left -= Math.min(left, buf.length);
            }
            return pos;
        }

        /** Reads the next block's header (min delta, miniblock widths) when the last block is used up. */
        private void blockHeaderIfDue() {
            if (mini == miniblocks) {
                minDelta = zigzag(uvarint());
                if (pos + miniblocks > end) {
                    throw new IllegalArgumentException("the DELTA data of column " + column + " ends early");
                }
                for (int i = 0; i < miniblocks; i++) {
                    widths[i] = b[pos++] & 0xff;
                    if (widths[i] > 64) {
                        throw new IllegalArgumentException(
                                "a DELTA miniblock of column " + column + " has " + widths[i] + "-bit values");
                    }
                }
                mini = 0;
            }
        }

        private void miniblock() {
            blockHeaderIfDue();
            int width = widths[mini++];
            long bytes = (long) buf.length * width / 8;
            if (pos + bytes > end) {
                throw new IllegalArgumentException("the DELTA data of column " + column + " ends early");
            }
            int bitPos = 0;
            for (int i = 0; i < buf.length; i++) {
                long v = 0;
                int got = 0;
                while (got < width) {
                    int at = pos + (bitPos >>> 3);
                    int off = bitPos & 7;
                    int take = Math.min(8 - off, width - got);
                    v |= (long) (((b[at] & 0xff) >>> off) & ((1 << take) - 1)) << got;
                    got += take;
                    bitPos += take;
                }
                buf[i] = minDelta + v;
            }
            pos += (int) bytes;
            bufPos = 0;
        }

        private long uvarint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IllegalArgumentException("the DELTA data of column " + column + " ends early");
                }
                int x = b[pos++] & 0xff;
                v |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("a DELTA varint of column " + column + " is too long");
        }

        private static long zigzag(long n) {
            return (n >>> 1) ^ -(n & 1);
        }
    }

    /** The RLE / bit-packing hybrid (Encodings.md), read lazily: no allocation per value. */
    private static final class Rle {
        private final byte[] b;
        private final int end;
        private final int width;
        private final String column;
        private final int[] group = new int[8];
        private int pos;
        private long left;
        private boolean packed;
        private int value;
        private int inGroup = 8;

        Rle(byte[] b, int start, int end, int width, String column) {
            this.b = b;
            this.pos = start;
            this.end = end;
            this.width = width;
            this.column = column;
        }

        int next() {
            while (left == 0) {
                header();
            }
            left--;
            if (!packed) {
                return value;
            }
            if (inGroup == 8) {
                unpack();
            }
            return group[inGroup++];
        }

        private void header() {
            long h = 0;
            for (int shift = 0; ; shift += 7) {
                if (pos >= end || shift > 35) {
                    throw new IllegalArgumentException("the RLE data of column " + column + " ends early");
                }
                int x = b[pos++] & 0xff;
                h |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    break;
                }
            }
            if ((h & 1) == 1) {
                packed = true;
                left = (h >>> 1) * 8;
                inGroup = 8;
            } else {
                packed = false;
                left = h >>> 1;
                int bytes = (width + 7) / 8;
                if (pos + bytes > end) {
                    throw new IllegalArgumentException("the RLE data of column " + column + " ends early");
                }
                long v = 0;
                for (int i = 0; i < bytes; i++) {
                    v |= (long) (b[pos++] & 0xff) << (8 * i);
                }
                if (width < 32 && v >>> width != 0) {
                    throw new IllegalArgumentException(
                            "an RLE run of column " + column + " repeats " + v + ", wider than " + width + " bits");
                }
                value = (int) v;
            }
        }

        private void unpack() {
            if (width == 0) {
                java.util.Arrays.fill(group, 0);
                inGroup = 0;
                return;
            }
            if (pos >= end) {
                throw new IllegalArgumentException("the bit-packed data of column " + column + " ends early");
            }
            long acc = 0;
            int bits = 0;
            long mask = (1L << width) - 1;
            for (int i = 0; i < 8; i++) {
                while (bits < width) {
                    // a short last group is padded with zeros, as writers may end the page there
                    long x = pos < end ? b[pos] & 0xff : 0;
                    pos++;
                    acc |= x << bits;
                    bits += 8;
                }
                group[i] = (int) (acc & mask);
                acc >>>= width;
                bits -= width;
            }
            pos = Math.min(pos, end);
            inGroup = 0;
        }
    }

    private static int int32(byte[] b, int p, int end, String name) {
        if (p < 0 || p + 4 > end) {
            throw new IllegalArgumentException("column " + name + " runs past its page");
        }
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
    }

    private static long int64(byte[] b, int p, int end, String name) {
        if (p < 0 || p + 8 > end) {
            throw new IllegalArgumentException("column " + name + " runs past its page");
        }
        return (int32(b, p, end, name) & 0xffffffffL) | ((long) int32(b, p + 4, end, name) << 32);
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0 -> "BOOLEAN";
            case 1 -> "INT32";
            case 2 -> "INT64";
            case 3 -> "INT96";
            case 4 -> "FLOAT";
            case 5 -> "DOUBLE";
            case 6 -> "BYTE_ARRAY";
            case 7 -> "FIXED_LEN_BYTE_ARRAY";
            default -> "#" + type;
        };
    }

    private static String codecName(int codec) {
        return switch (codec) {
            case 3 -> "LZO";
            case 4 -> "BROTLI";
            case 5 -> "LZ4";
            case 6 -> "ZSTD";
            case 7 -> "LZ4_RAW";
            default -> "codec #" + codec;
        };
    }

    private static String encodingName(int encoding) {
        return switch (encoding) {
            case 0 -> "PLAIN";
            case 2 -> "PLAIN_DICTIONARY";
            case 3 -> "RLE";
            case 4 -> "BIT_PACKED";
            case 5 -> "DELTA_BINARY_PACKED";
            case 6 -> "DELTA_LENGTH_BYTE_ARRAY";
            case 7 -> "DELTA_BYTE_ARRAY";
            case 8 -> "RLE_DICTIONARY";
            case 9 -> "BYTE_STREAM_SPLIT";
            default -> "encoding #" + encoding;
        };
    }
}
