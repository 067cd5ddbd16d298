package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

/**
 * The bytes of a whole file being read, wherever they are: a Java array ({@link #of}), or in the WebAssembly module a
 * block of linear memory, where a file passed in from JS already is. Parsing through this instead of a
 * {@code byte[]} lets the module read a large file in place rather than first copying all of it into the Java heap
 * (on a 160 MB file that copy cost more than the parse itself).
 *
 * <p>Read-only; offsets are file offsets; every method expects its range inside {@code [0, length())} (callers
 * check). Large payloads (VEC records, hashes) are read through the bulk methods; small structures are copied out
 * with {@link #copy} and decoded from the copy.
 */
public abstract class FileBytes {
    /** Size of the file in bytes. */
    public abstract int length();

    /** The byte at {@code offset}. */
    public abstract byte get(int offset);

    /** Little-endian i32 at {@code offset}. */
    public abstract int i32(int offset);

    /** Little-endian u64 (as a long) at {@code offset}. */
    public abstract long i64(int offset);

    /** Copies {@code len} bytes from {@code offset} into {@code dst[dstOff..]}. */
    public abstract void copy(int offset, byte[] dst, int dstOff, int len);

    /** Decodes {@code count} little-endian f32 values from {@code offset} into {@code dst[dstOff..]}. */
    public abstract void floats(int offset, float[] dst, int dstOff, int count);

    /** {@link Crc32#update} over {@code len} bytes from {@code offset}. */
    public abstract int crc32(int crc, int offset, int len);

    /**
     * Decodes {@code count} little-endian unsigned integers of {@code width} bytes each (1 to 4; a 4-byte one above
     * 2^31 comes back negative) from {@code offset} into {@code dst[dstOff..]}.
     */
    public void uints(int offset, int width, int[] dst, int dstOff, int count) {
        for (int i = 0, p = offset; i < count; i++, p += width) {
            int v = 0;
            for (int b = width - 1; b >= 0; b--) {
                v = v << 8 | (get(p + b) & 0xFF);
            }
            dst[dstOff + i] = v;
        }
    }

    /** The backing array when the bytes are one (index = file offset), else null: lets readers skip a copy. */
    public byte[] array() {
        return null;
    }

    /**
     * Gives the bytes back to whoever allocated them (a linear-memory block is freed); no-op for an array. Only an
     * owner calls it: the file's first owner once, and each {@link #retain} once more.
     */
    public void release() {
    }

    /**
     * Another reader keeps the bytes (a vector storage reading records in place, a graph reading its level 0): they
     * go back only after one more {@link #release}. No-op for an array.
     */
    public void retain() {
    }

    /** A copy of {@code len} bytes from {@code offset}. */
    public final byte[] slice(int offset, int len) {
        byte[] out = new byte[len];
        copy(offset, out, 0, len);
        return out;
    }

    /**
     * A reader over {@code [from, to)} whose positions report file offsets: a view of the array when there is one,
     * else over a copy of the range.
     */
    public final ByteReader reader(int from, int to) {
        byte[] a = array();
        if (a != null) {
            return new ByteReader(a, from, to, from);
        }
        return new ByteReader(slice(from, to - from), 0, to - from, from);
    }

    /** The bytes of {@code data} itself (not copied: do not modify the array afterwards). */
    public static FileBytes of(byte[] data) {
        if (data == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "no data");
        }
        return new OfArray(data, data.length);
    }

    /** The first {@code length} bytes of {@code data} (not copied), e.g. what a growing buffer holds so far. */
    public static FileBytes of(byte[] data, int length) {
        if (data == null || length < 0 || length > data.length) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "no data or length outside the array");
        }
        return new OfArray(data, length);
    }

    private static final class OfArray extends FileBytes {
        private final byte[] data;
        private final int length;

        OfArray(byte[] data, int length) {
            this.data = data;
            this.length = length;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public byte get(int offset) {
            return data[offset];
        }

        @Override
        public int i32(int offset) {
            return LittleEndian.i32(data, offset);
        }

        @Override
        public long i64(int offset) {
            return LittleEndian.u64(data, offset);
        }

        @Override
        public void copy(int offset, byte[] dst, int dstOff, int len) {
            System.arraycopy(data, offset, dst, dstOff, len);
        }

        @Override
        public void floats(int offset, float[] dst, int dstOff, int count) {
            for (int i = 0, p = offset; i < count; i++, p += 4) {
                dst[dstOff + i] = LittleEndian.f32(data, p);
            }
        }

        @Override
        public int crc32(int crc, int offset, int len) {
            return Crc32.update(crc, data, offset, len);
        }

        @Override
        public byte[] array() {
            return data;
        }
    }
}
