package dev.rvf.format;

/**
 * CRC-32/ISO-HDLC (the zlib/Ethernet CRC: reflected polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF),
 * table driven. The reference's content hash is built from it (see {@link ContentHash}).
 */
public final class Crc32 {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0xEDB88320 : c >>> 1;
            }
            TABLE[i] = c;
        }
    }

    private Crc32() {
    }

    /** CRC-32 of {@code len} bytes at {@code data[off]}. */
    public static int compute(byte[] data, int off, int len) {
        return update(0, data, off, len);
    }

    public static int compute(byte[] data) {
        return compute(data, 0, data.length);
    }

    /** Continues a CRC: {@code update(compute(a), b) == compute(a ++ b)}. */
    public static int update(int crc, byte[] data, int off, int len) {
        int c = ~crc;
        int[] t = TABLE;
        for (int i = off, end = off + len; i < end; i++) {
            c = t[(c ^ data[i]) & 0xFF] ^ (c >>> 8);
        }
        return ~c;
    }
}
