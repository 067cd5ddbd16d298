package dev.rvf.format;

/**
 * Little-endian reads and writes on a byte array (the byte order of every RVF integer and float).
 * No bounds checks beyond the JVM's own: callers are {@link ByteReader} and {@link ByteWriter}, which check first.
 */
public final class LittleEndian {
    private LittleEndian() {
    }

    public static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    public static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    /** The reference stores the kernel API port in network order, the one big-endian field of the format. */
    public static int u16BigEndian(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    public static int i32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    public static long u32(byte[] b, int off) {
        return i32(b, off) & 0xFFFFFFFFL;
    }

    public static long u64(byte[] b, int off) {
        return (i32(b, off) & 0xFFFFFFFFL) | ((long) i32(b, off + 4)) << 32;
    }

    public static float f32(byte[] b, int off) {
        return Float.intBitsToFloat(i32(b, off));
    }

    public static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    public static void putU16BigEndian(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    public static void putI32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    public static void putU64(byte[] b, int off, long v) {
        putI32(b, off, (int) v);
        putI32(b, off + 4, (int) (v >>> 32));
    }

    public static void putF32(byte[] b, int off, float v) {
        putI32(b, off, Float.floatToRawIntBits(v));
    }
}
