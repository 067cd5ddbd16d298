package dev.rvf.format;

/**
 * The reference runtime's 32-byte "fold" digest (rvf-format.md §4.3). Upstream calls it SHAKE-256, but it is
 * this byte fold; the witness chain, parent_hash, file ids and image/filter hashes all use it. Not a
 * cryptographic hash.
 */
public final class Fold256 {
    /** Digest size in bytes. */
    public static final int SIZE = 32;

    private Fold256() {
    }

    public static byte[] digest(byte[] data) {
        return digest(data, 0, data.length);
    }

    public static byte[] digest(byte[] data, int off, int len) {
        int[] o = new int[SIZE];
        for (int i = 0; i < len; i++) {
            int k = i & 31;
            int v = (o[k] + (data[off + i] & 0xFF)) & 0xFF;
            o[k] = v;
            int j = (i + 13) & 31;
            o[j] = (o[j] + (((v << 3) | (v >>> 5)) & 0xFF)) & 0xFF;
        }
        byte[] out = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            out[i] = (byte) o[i];
        }
        return out;
    }
}
