package dev.awskit.storage.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of an S3 Inventory or Batch Operations CSV file (RFC 4180: fields separated by commas,
 * optionally in double quotes, a doubled quote inside quotes). S3 Inventory quotes every field and
 * URL-encodes the key, so a row is one line; a row that does not parse is an {@link
 * IllegalArgumentException} naming the column and what is wrong, never anything else.
 */
public final class InventoryCsv {
    private InventoryCsv() {}

    /**
     * The fields of {@code line}.
     *
     * @throws IllegalArgumentException for an unterminated quote or text after a closing quote
     */
    public static List<String> parse(String line) {
        List<String> fields = new ArrayList<>();
        int n = line.length();
        int i = 0;
        StringBuilder b = new StringBuilder();
        while (true) {
            b.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                int start = i;
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("field " + (fields.size() + 1)
                                + " opens a quote at character " + (start + 1) + " that is never closed");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            b.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        b.append(c);
                    }
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("field " + (fields.size() + 1)
                            + " has text after its closing quote at character " + (i + 1));
                }
            } else {
                int end = line.indexOf(',', i);
                if (end < 0) {
                    end = n;
                }
                for (int j = i; j < end; j++) {
                    if (line.charAt(j) == '"') {
                        throw new IllegalArgumentException("field " + (fields.size() + 1)
                                + " has a quote inside an unquoted value at character " + (j + 1));
                    }
                }
                b.append(line, i, end);
                i = end;
            }
            fields.add(b.toString());
            if (i >= n) {
                return fields;
            }
            i++; // the comma
        }
    }
}
