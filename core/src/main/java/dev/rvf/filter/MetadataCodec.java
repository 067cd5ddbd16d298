package dev.rvf.filter;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import dev.rvf.format.ByteReader;
import dev.rvf.format.ByteWriter;
import dev.rvf.util.Utf8;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binary form of metadata rows, shared by the META segment (docs/FORMAT-EXTENSIONS.md) and the Wasm ABI's
 * ingest call, so there is one encoder and one validating decoder.
 *
 * <pre>
 * row    = u16 field_count, field_count x field
 * field  = str name, u8 kind, value
 * value  = kind 1 (string): str | kind 2 (number): f64 | kind 3 (boolean): u8 0/1
 * str    = u32 byte_length, UTF-8 bytes
 * META payload = "RVMD" (52 56 4D 44), u16 version (1), u16 flags (0), u32 row_count,
 *                row_count x (u64 vector id, row)
 * </pre>
 */
public final class MetadataCodec {
    public static final int META_MAGIC = 0x444D5652; // bytes "RVMD"
    public static final int META_VERSION = 1;
    /** Longest field name or string value accepted, in UTF-8 bytes. */
    public static final int MAX_STRING_BYTES = 1 << 20;

    private MetadataCodec() {
    }

    public static void writeRow(ByteWriter out, Map<String, Value> row) {
        if (row.size() > 0xFFFF) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "a metadata row has more than 65535 fields");
        }
        out.u16(row.size());
        for (Map.Entry<String, Value> e : row.entrySet()) {
            writeString(out, e.getKey());
            writeValue(out, e.getValue());
        }
    }

    /** {@code u8 kind, value}: the value encoding shared by rows and filters. */
    static void writeValue(ByteWriter out, Value v) {
        out.u8(v.kind());
        switch (v.kind()) {
            case Value.STRING:
                writeString(out, v.string());
                break;
            case Value.NUMBER:
                out.u64(Double.doubleToRawLongBits(v.number()));
                break;
            default:
                out.u8(v.bool() ? 1 : 0);
                break;
        }
    }

    /** Reads one row; errors are {@code errorCode} (BAD_PAYLOAD for files, INVALID_ARGUMENT for calls). */
    public static Map<String, Value> readRow(ByteReader in, ErrorCode errorCode) {
        int fields = in.u16();
        Map<String, Value> row = new LinkedHashMap<>();
        for (int i = 0; i < fields; i++) {
            long at = in.fileOffsetOf(in.position());
            String name = readString(in, errorCode);
            if (name.isEmpty()) {
                throw new RvfException(errorCode, "empty metadata field name", at);
            }
            Value value = readValue(in, errorCode);
            if (row.put(name, value) != null) {
                throw new RvfException(errorCode, "metadata field \"" + name + "\" given twice", at);
            }
        }
        return row;
    }

    /** Reads {@code u8 kind, value}; errors are {@code errorCode}. */
    static Value readValue(ByteReader in, ErrorCode errorCode) {
        long at = in.fileOffsetOf(in.position());
        int kind = in.u8();
        switch (kind) {
            case Value.STRING:
                return Value.of(readString(in, errorCode));
            case Value.NUMBER: {
                double d = Double.longBitsToDouble(in.u64());
                if (Double.isNaN(d)) {
                    throw new RvfException(errorCode, "metadata number is NaN", at);
                }
                return Value.of(d);
            }
            case Value.BOOLEAN:
                return Value.of(in.u8() != 0);
            default:
                throw new RvfException(errorCode, "unknown value kind " + kind, at);
        }
    }

    /** The META payload for the given (id, row) pairs. */
    public static byte[] encodeMeta(long[] ids, Map<String, Value>[] rows, int count) {
        ByteWriter out = new ByteWriter();
        out.u32(META_MAGIC & 0xFFFFFFFFL).u16(META_VERSION).u16(0).u32(count);
        for (int i = 0; i < count; i++) {
            out.u64(ids[i]);
            writeRow(out, rows[i]);
        }
        return out.toByteArray();
    }

    /** Receives decoded META rows. */
    public interface RowSink {
        void accept(long id, Map<String, Value> row);
    }

    public static void decodeMeta(ByteReader in, RowSink sink) {
        long start = in.fileOffsetOf(in.position());
        if (in.i32() != META_MAGIC) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "META payload does not start with RVMD", start);
        }
        int version = in.u16();
        if (version != META_VERSION) {
            throw new RvfException(ErrorCode.UNSUPPORTED, "META version " + version + " is not supported", start);
        }
        in.u16();
        // every row takes at least 10 bytes (id + field count), which bounds the count by the payload
        long rows = in.u32();
        in.checkCount(rows, 10, ErrorCode.BAD_PAYLOAD, "META rows");
        for (long r = 0; r < rows; r++) {
            long id = in.u64();
            sink.accept(id, readRow(in, ErrorCode.BAD_PAYLOAD));
        }
    }

    static void writeString(ByteWriter out, String s) {
        byte[] utf8 = Utf8.encode(s);
        if (utf8.length > MAX_STRING_BYTES) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "metadata string longer than " + MAX_STRING_BYTES + " bytes");
        }
        out.u32(utf8.length).bytes(utf8);
    }

    static String readString(ByteReader in, ErrorCode errorCode) {
        long at = in.fileOffsetOf(in.position());
        long len = in.u32();
        if (len > MAX_STRING_BYTES || len > in.remaining()) {
            throw new RvfException(len > in.remaining() ? ErrorCode.TRUNCATED : errorCode,
                    "metadata string of " + len + " bytes does not fit", at);
        }
        byte[] utf8 = in.bytes((int) len);
        return Utf8.decode(utf8, 0, utf8.length);
    }
}
