package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

/**
 * A VEC_SEG payload: {@code count} records of a u64 id followed by {@code dimension} f32 values.
 *
 * <p>Dialect R (rvf-format.md §8.1): {@code dimension u16 | count u32 | records}. Dialect W (§8.3):
 * {@code count u16 | dimension u32 | records}. A decoded payload is a validated, zero-copy view over the file
 * bytes: the count is checked against the bytes present before anything is allocated. Bytes after the last
 * record are ignored, as the reference ignores them.
 */
public final class VecPayload {
    /** Size of the fixed part in both dialects. */
    public static final int HEADER_SIZE = 6;

    private final Dialect dialect;
    private final FileBytes data;
    /** Offset of the first record in {@link #data}. */
    private final int recordsOffset;
    private final int count;
    private final int dimension;
    private final int recordSize;

    private VecPayload(Dialect dialect, FileBytes data, int recordsOffset, int count, int dimension) {
        this.dialect = dialect;
        this.data = data;
        this.recordsOffset = recordsOffset;
        this.count = count;
        this.dimension = dimension;
        this.recordSize = 8 + 4 * dimension;
    }

    /**
     * Decodes the dialect-R or W payload of {@code s} in place: the six header bytes are read, the records stay
     * where they are in {@code file} (a file in Wasm linear memory is not copied).
     */
    public static VecPayload decode(FileBytes file, SegmentInfo s, Dialect dialect) {
        int off = (int) s.payloadOffset();
        int len = (int) s.payloadLength();
        return decode(dialect, file.reader(off, off + Math.min(len, HEADER_SIZE)), len, file, off + HEADER_SIZE);
    }

    /** Decodes a dialect-R payload spanning the reader's remaining bytes (the reader is consumed). */
    public static VecPayload decodeR(ByteReader r) {
        return decodeView(Dialect.R, r);
    }

    /** Decodes a dialect-W payload spanning the reader's remaining bytes (the reader is consumed). */
    public static VecPayload decodeW(ByteReader r) {
        return decodeView(Dialect.W, r);
    }

    /** A payload spanning the reader's remaining bytes; its records are read from the reader's array. */
    private static VecPayload decodeView(Dialect dialect, ByteReader r) {
        VecPayload v = decode(dialect, r, r.remaining(), FileBytes.of(r.array()), r.arrayPosition() + HEADER_SIZE);
        r.skip(r.remaining());
        return v;
    }

    /**
     * Reads the header from {@code header} and checks the count against the {@code payloadLength - 6} record bytes
     * before anything is allocated for it; the records are at {@code recordsOffset} of {@code records}.
     */
    private static VecPayload decode(Dialect dialect, ByteReader header, long payloadLength, FileBytes records,
            int recordsOffset) {
        if (header.remaining() < HEADER_SIZE) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD,
                    "VEC payload of " + header.remaining() + " bytes is shorter than 6", header.fileOffset());
        }
        long countField;
        int dim;
        long count;
        if (dialect == Dialect.R) {
            countField = header.fileOffset() + 2;
            dim = header.u16();
            count = header.u32();
        } else {
            countField = header.fileOffset();
            count = header.u16();
            long wideDim = header.u32();
            if (wideDim > 0xFFFF) {
                throw new RvfException(ErrorCode.BAD_PAYLOAD, "VEC dimension " + wideDim + " exceeds 65535",
                        countField + 2);
            }
            dim = (int) wideDim;
        }
        int n = checkRecordsFit(dim, count, payloadLength - HEADER_SIZE, countField);
        return new VecPayload(dialect, records, recordsOffset, n, dim);
    }

    /**
     * Checks that {@code count} records of dimension {@code dim} fit in the {@code available} bytes after the
     * 6-byte header (what decoding checks before touching a record), so a caller holding the bytes elsewhere can
     * validate a header without copying the records. Returns the count; BAD_PAYLOAD at {@code countField}
     * otherwise.
     */
    public static int checkRecordsFit(int dim, long count, long available, long countField) {
        if (dim == 0 && count > 0) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "VEC with dimension 0 claims " + count + " vectors",
                    countField);
        }
        long recordSize = 8L + 4L * dim;
        if (count < 0 || available < 0 || count > available / recordSize) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "VEC vector_count " + count + " of dimension " + dim
                    + " does not fit in " + Math.max(0, available) + " bytes", countField);
        }
        return (int) count;
    }

    public Dialect dialect() {
        return dialect;
    }

    public int count() {
        return count;
    }

    public int dimension() {
        return dimension;
    }

    /** Id of record {@code i}. */
    public long id(int i) {
        checkIndex(i);
        return data.i64(recordsOffset + i * recordSize);
    }

    /** The bytes the records are read from (the file, for a payload decoded in place). */
    public FileBytes bytes() {
        return data;
    }

    /** Offset in {@link #bytes()} of the first f32 of record {@code i} (records are {@code 8 + 4 dim} apart). */
    public int vectorOffset(int i) {
        checkIndex(i);
        return recordsOffset + i * recordSize + 8;
    }

    /** Copies the vector of record {@code i} into {@code dst[dstOff..dstOff+dimension]}. */
    public void copyVector(int i, float[] dst, int dstOff) {
        checkIndex(i);
        data.floats(recordsOffset + i * recordSize + 8, dst, dstOff, dimension);
    }

    /**
     * Decodes the vectors of records {@code first .. first+count-1} into {@code dst} from {@code dstOff},
     * row-major (a loader's bulk path: no per-record call).
     */
    public void copyVectors(int first, int count, float[] dst, int dstOff) {
        if (first < 0 || count < 0 || first > this.count - count) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "records " + first + "+" + count + " of " + this.count);
        }
        if (dstOff < 0 || (long) count * dimension > dst.length - (long) dstOff) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "destination too small");
        }
        for (int r = 0; r < count; r++) {
            data.floats(recordsOffset + (first + r) * recordSize + 8, dst, dstOff + r * dimension, dimension);
        }
    }

    /** All ids, in record order. */
    public long[] ids() {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = id(i);
        }
        return out;
    }

    /** All vectors, row-major, in record order. */
    public float[] vectors() {
        float[] out = new float[count * dimension];
        for (int i = 0; i < count; i++) {
            copyVector(i, out, i * dimension);
        }
        return out;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= count) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "record " + i + " of " + count);
        }
    }

    /** Payload length for {@code count} vectors: 6 + count (8 + 4 dimension). */
    public static long encodedLength(int dimension, int count) {
        return HEADER_SIZE + (long) count * (8 + 4L * dimension);
    }

    /** Appends a dialect-R payload; {@code vectors} is row-major, {@code ids.length * dimension} floats. */
    public static void encodeR(ByteWriter w, int dimension, long[] ids, float[] vectors) {
        checkShape(dimension, 0xFFFF, ids, vectors);
        encodeR(w, dimension, ids, rows(vectors, dimension));
    }

    /** {@link #encodeR(ByteWriter, int, long[], float[])} with vector i taken from {@code vectors}, a chunk at a time. */
    public static void encodeR(ByteWriter w, int dimension, long[] ids, VectorSource vectors) {
        if (dimension < 0 || dimension > 0xFFFF || (dimension == 0 && ids.length > 0)) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "dimension out of range: " + dimension);
        }
        w.u16(dimension).u32(ids.length);
        writeRecords(w, dimension, ids, vectors);
    }

    /** Appends a dialect-W payload (count u16, dimension u32). */
    public static void encodeW(ByteWriter w, int dimension, long[] ids, float[] vectors) {
        checkShape(dimension, Integer.MAX_VALUE, ids, vectors);
        if (ids.length > 0xFFFF) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "a wasm-export VEC holds at most 65535 vectors");
        }
        w.u16(ids.length).u32(dimension);
        writeRecords(w, dimension, ids, rows(vectors, dimension));
    }

    /** The rows of a row-major array as a source. */
    private static VectorSource rows(float[] vectors, int dimension) {
        return (first, count, dst, dstOff) -> System.arraycopy(vectors, first * dimension, dst, dstOff,
                count * dimension);
    }

    private static void checkShape(int dimension, int maxDim, long[] ids, float[] vectors) {
        if (dimension < 0 || dimension > maxDim) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "dimension out of range: " + dimension);
        }
        if ((long) ids.length * dimension != vectors.length) {
            throw new RvfException(ErrorCode.DIMENSION_MISMATCH, vectors.length + " floats for " + ids.length
                    + " ids of dimension " + dimension);
        }
        if (dimension == 0 && ids.length > 0) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "dimension 0 with vectors");
        }
    }

    private static void writeRecords(ByteWriter w, int dimension, long[] ids, VectorSource vectors) {
        w.ensureCapacity((long) ids.length * (8 + 4L * dimension));
        vectors.forEachChunk(dimension, 0, ids.length, (buffer, first, count) -> {
            for (int i = 0; i < count; i++) {
                w.u64(ids[first + i]);
                w.floats(buffer, i * dimension, dimension);
            }
        });
    }
}
