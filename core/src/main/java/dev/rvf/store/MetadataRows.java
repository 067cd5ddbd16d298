package dev.rvf.store;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import dev.rvf.filter.MetadataCodec;
import dev.rvf.filter.MetadataTable;
import dev.rvf.filter.Value;
import dev.rvf.format.LittleEndian;
import dev.rvf.format.FileBytes;
import dev.rvf.format.SegmentInfo;
import dev.rvf.util.Utf8;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks of caller-supplied metadata rows, done before a batch changes anything, so that neither the table nor a
 * later META segment can fail on them (field count, empty names, null values, string sizes).
 */
final class MetadataRows {
    private MetadataRows() {
    }

    /** Validates {@code rows} (null, or one entry per vector, each null or a map) against {@code table}. */
    static void validate(List<Map<String, Value>> rows, int vectors, MetadataTable table) {
        if (rows == null) {
            return;
        }
        if (rows.size() != vectors) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "metadata has " + rows.size() + " rows for "
                    + vectors + " vectors");
        }
        Set<String> newFields = null;
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Value> row = rows.get(i);
            if (row == null) {
                continue;
            }
            if (row.size() > 0xFFFF) {
                throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "metadata row " + i + " has more than 65535 fields");
            }
            for (Map.Entry<String, Value> e : row.entrySet()) {
                String name = e.getKey();
                Value value = e.getValue();
                if (name == null || name.isEmpty()) {
                    throw new RvfException(ErrorCode.INVALID_ARGUMENT, "metadata row " + i + " has an empty field name");
                }
                if (value == null) {
                    throw new RvfException(ErrorCode.INVALID_ARGUMENT, "metadata field \"" + name + "\" of row " + i
                            + " has no value");
                }
                checkLength(name, i);
                if (value.kind() == Value.STRING) {
                    checkLength(value.string(), i);
                }
                if (table.findField(name) < 0) {
                    if (newFields == null) {
                        newFields = new HashSet<>();
                    }
                    newFields.add(name);
                }
            }
        }
        if (newFields != null && table.fieldCount() + newFields.size() > MetadataTable.MAX_FIELDS) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "more than " + MetadataTable.MAX_FIELDS
                    + " distinct metadata fields");
        }
    }

    private static void checkLength(String s, int row) {
        // UTF-8 takes at most 3 bytes per UTF-16 unit; only long strings need the exact count
        if ((long) s.length() * 3 > MetadataCodec.MAX_STRING_BYTES
                && Utf8.encodedLength(s) > MetadataCodec.MAX_STRING_BYTES) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "a metadata string of row " + row + " is longer than "
                    + MetadataCodec.MAX_STRING_BYTES + " UTF-8 bytes");
        }
    }

    /** True when a META payload at {@code s} of {@code data} is in the store's layout (starts with "RVMD"). */
    static boolean isOurs(FileBytes file, SegmentInfo s) {
        long off = s.payloadOffset();
        return s.payloadLength() >= 4 && off <= file.length() - 4
                && file.i32((int) off) == MetadataCodec.META_MAGIC;
    }
}
