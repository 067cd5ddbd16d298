package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

/**
 * A bounds-checked little-endian cursor over a slice of a byte array.
 *
 * <p>The reader knows the absolute file offset of its first byte, so every error it (or a codec using it)
 * raises names the exact place in the file. Reading past the end of the slice throws
 * {@link ErrorCode#TRUNCATED}; nothing is ever allocated from an unchecked length.
 */
public final class ByteReader {
    private final byte[] data;
    private final int start;
    private final int end;
    private final long fileOffset;
    private int pos;

    /**
     * @param data       the backing array (not copied)
     * @param from       first byte of the slice
     * @param to         end of the slice (exclusive)
     * @param fileOffset absolute file offset of {@code data[from]}
     */
    public ByteReader(byte[] data, int from, int to, long fileOffset) {
        if (data == null || from < 0 || to < from || to > data.length) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "bad reader bounds");
        }
        this.data = data;
        this.start = from;
        this.end = to;
        this.pos = from;
        this.fileOffset = fileOffset;
    }

    /** A reader over a whole array whose first byte is file offset 0. */
    public static ByteReader of(byte[] data) {
        return new ByteReader(data, 0, data.length, 0);
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    /** Position relative to the start of the slice. */
    public int position() {
        return pos - start;
    }

    /** Length of the whole slice. */
    public int length() {
        return end - start;
    }

    /** Absolute file offset of the next byte to read. */
    public long fileOffset() {
        return fileOffset + (pos - start);
    }

    /** Absolute file offset of a position relative to the start of the slice. */
    public long fileOffsetOf(int relativePosition) {
        return fileOffset + relativePosition;
    }

    /** The backing array; bytes of this slice are at {@link #arrayOffset()}..+{@link #length()}. */
    public byte[] array() {
        return data;
    }

    /** Index in {@link #array()} of the first byte of the slice. */
    public int arrayOffset() {
        return start;
    }

    /** Index in {@link #array()} of the next byte to read. */
    public int arrayPosition() {
        return pos;
    }

    /** Throws {@link ErrorCode#TRUNCATED} unless {@code n} more bytes can be read. */
    public void require(long n) {
        if (n < 0 || n > end - pos) {
            throw new RvfException(ErrorCode.TRUNCATED,
                    "need " + n + " bytes, " + (end - pos) + " left", fileOffset());
        }
    }

    /**
     * Checks that {@code count} items of {@code unitSize} bytes fit in the remaining bytes, before anything is
     * allocated for them, and returns the count as an int.
     *
     * @param code the error to raise when they do not fit (the caller knows what the count means)
     * @param what field name for the message
     */
    public int checkCount(long count, long unitSize, ErrorCode code, String what) {
        long rem = end - pos;
        if (count < 0 || unitSize < 0 || (unitSize > 0 && count > rem / unitSize)
                || (unitSize == 0 && count > Integer.MAX_VALUE)) {
            throw new RvfException(code, what + " = " + Long.toUnsignedString(count) + " does not fit in the "
                    + rem + " remaining bytes", fileOffset());
        }
        return (int) count;
    }

    public void skip(long n) {
        require(n);
        pos += (int) n;
    }

    public int u8() {
        require(1);
        return data[pos++] & 0xFF;
    }

    public int u16() {
        require(2);
        int v = LittleEndian.u16(data, pos);
        pos += 2;
        return v;
    }

    public int u16BigEndian() {
        require(2);
        int v = LittleEndian.u16BigEndian(data, pos);
        pos += 2;
        return v;
    }

    public int i32() {
        require(4);
        int v = LittleEndian.i32(data, pos);
        pos += 4;
        return v;
    }

    public long u32() {
        return i32() & 0xFFFFFFFFL;
    }

    public long u64() {
        require(8);
        long v = LittleEndian.u64(data, pos);
        pos += 8;
        return v;
    }

    public float f32() {
        require(4);
        float v = LittleEndian.f32(data, pos);
        pos += 4;
        return v;
    }

    /** Copies the next {@code n} bytes. */
    public byte[] bytes(int n) {
        require(n);
        byte[] out = new byte[n];
        System.arraycopy(data, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** Reads {@code n} floats into {@code dst[dstOff..]}. */
    public void floats(float[] dst, int dstOff, int n) {
        require(4L * n);
        int p = pos;
        for (int i = 0; i < n; i++, p += 4) {
            dst[dstOff + i] = LittleEndian.f32(data, p);
        }
        pos = p;
    }

    /** True when the next {@code n} bytes are all zero (and present). */
    public boolean isZero(int n) {
        require(n);
        for (int i = 0; i < n; i++) {
            if (data[pos + i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A reader over the next {@code n} bytes (same absolute offsets); this reader moves past them. */
    public ByteReader slice(long n) {
        require(n);
        ByteReader r = new ByteReader(data, pos, pos + (int) n, fileOffset());
        pos += (int) n;
        return r;
    }
}
