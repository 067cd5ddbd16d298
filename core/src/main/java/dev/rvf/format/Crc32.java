package dev.rvf.format;

/**
 * CRC-32/ISO-HDLC (the zlib/Ethernet CRC: reflected polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF). The
 * reference's content hash is built from it (see {@link ContentHash}); opening a file hashes every byte of it, so
 * this is on the open path.
 *
 * <p>Slicing-by-8: eight 256-entry tables, table k giving the CRC contribution of a byte followed by k zero
 * bytes, so eight bytes cost eight independent lookups instead of a chain of eight dependent ones (about 4x faster
 * than the one-table loop on HotSpot).
 */
public final class Crc32 {
    /** Table k occupies {@code TABLES[256 k .. 256 k + 255]}. */
    private static final int[] TABLES = new int[8 * 256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0xEDB88320 : c >>> 1;
            }
            TABLES[i] = c;
        }
        for (int i = 0; i < 256; i++) {
            int c = TABLES[i];
            for (int k = 1; k < 8; k++) {
                c = (c >>> 8) ^ TABLES[c & 0xFF];
                TABLES[256 * k + i] = c;
            }
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
        int[] t = TABLES;
        int i = off;
        int end = off + len;
        for (int end8 = end - 7; i < end8; i += 8) {
            c ^= (data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF) << 16 | data[i + 3] << 24;
            c = t[0x700 + (c & 0xFF)] ^ t[0x600 + ((c >>> 8) & 0xFF)] ^ t[0x500 + ((c >>> 16) & 0xFF)]
                    ^ t[0x400 + (c >>> 24)] ^ t[0x300 + (data[i + 4] & 0xFF)] ^ t[0x200 + (data[i + 5] & 0xFF)]
                    ^ t[0x100 + (data[i + 6] & 0xFF)] ^ t[data[i + 7] & 0xFF];
        }
        for (; i < end; i++) {
            c = step1(c, data[i]);
        }
        return ~c;
    }

    /**
     * The slicing tables (table k at {@code [256 k, 256 k + 256)}), read only: for a reader of memory other than a
     * byte array ({@link FileBytes#crc32}), which repeats the eight-byte step of {@link #update} inline (TeaVM does
     * not inline a call per eight bytes, and the call cost ~40 % of the hash time of a file in the module).
     */
    public static int[] tables() {
        return TABLES;
    }

    /**
     * The CRC of {@code a ++ b} from {@code crcA = compute(a)}, {@code crcB = compute(b)} and the length of
     * {@code b}: lets a long range be hashed as independent pieces (two interleaved chains run faster than one).
     * {@code crcA} times x^(8 lenB) modulo the polynomial, plus {@code crcB}; O(log lenB) multiplications.
     */
    public static int combine(int crcA, int crcB, long lenB) {
        return multiplyModP(xPow8n(lenB), crcA) ^ crcB;
    }

    /** x^(2^k) modulo the polynomial, k = 0..31 (reflected: bit 31 is x^0). */
    private static final int[] X_POW_2K = new int[32];

    static {
        int p = 1 << 30; // x^1
        X_POW_2K[0] = p;
        for (int k = 1; k < 32; k++) {
            p = multiplyModP(p, p);
            X_POW_2K[k] = p;
        }
    }

    /** a times b modulo the polynomial, both reflected. */
    private static int multiplyModP(int a, int b) {
        int product = 0;
        for (int m = 1 << 31; m != 0; m >>>= 1) {
            if ((a & m) != 0) {
                product ^= b;
            }
            b = (b & 1) != 0 ? (b >>> 1) ^ 0xEDB88320 : b >>> 1;
        }
        return product;
    }

    /** x^(8 n) modulo the polynomial: the shift of n zero bytes. */
    private static int xPow8n(long n) {
        int p = 1 << 31; // x^0
        for (int k = 3; n != 0; n >>>= 1, k++) {
            if ((n & 1) != 0) {
                p = multiplyModP(X_POW_2K[k & 31], p);
            }
        }
        return p;
    }

    /** One byte on the running state (the CRC inverted: {@code ~crc} before the first byte, {@code ~state} after). */
    public static int step1(int state, int b) {
        return TABLES[(state ^ b) & 0xFF] ^ (state >>> 8);
    }
}
