package dev.rvf.format;

/**
 * The 16-byte content-hash field of a dialect-R segment header (rvf-format.md §4.1): the CRC-32 of the payload
 * and its rotations left by 8, 16 and 24 bits, as four little-endian u32 words. Sixteen zero bytes mean "unset".
 * (The header's checksum_algo byte stays 0 even though the enum calls 0 "CRC32C".)
 */
public final class ContentHash {
    /** Size of the hash field in bytes. */
    public static final int SIZE = 16;

    private ContentHash() {
    }

    /** Writes the hash field of a payload into {@code dst[dstOff..dstOff+16]}. */
    public static void write(byte[] payload, int off, int len, byte[] dst, int dstOff) {
        int c = Crc32.compute(payload, off, len);
        for (int k = 0; k < 4; k++) {
            LittleEndian.putI32(dst, dstOff + 4 * k, Integer.rotateLeft(c, 8 * k));
        }
    }

    /** The hash field of a payload. */
    public static byte[] of(byte[] payload, int off, int len) {
        byte[] out = new byte[SIZE];
        write(payload, off, len, out, 0);
        return out;
    }

    public static byte[] of(byte[] payload) {
        return of(payload, 0, payload.length);
    }

    /** True when the 16 bytes at {@code field[off]} are all zero. */
    public static boolean isUnset(byte[] field, int off) {
        for (int i = 0; i < SIZE; i++) {
            if (field[off + i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Checks a stored hash field ({@code field[fieldOff..+16]}) against a payload. */
    public static HashStatus check(byte[] field, int fieldOff, byte[] payload, int off, int len) {
        if (isUnset(field, fieldOff)) {
            return HashStatus.UNSET;
        }
        return check(field, fieldOff, Crc32.compute(payload, off, len));
    }

    /**
     * Checks a stored hash field against the CRC-32 of a payload computed elsewhere (e.g. piece by piece with
     * {@link Crc32#update}).
     */
    public static HashStatus check(byte[] field, int fieldOff, int payloadCrc) {
        if (isUnset(field, fieldOff)) {
            return HashStatus.UNSET;
        }
        for (int k = 0; k < 4; k++) {
            if (LittleEndian.i32(field, fieldOff + 4 * k) != Integer.rotateLeft(payloadCrc, 8 * k)) {
                return HashStatus.MISMATCH;
            }
        }
        return HashStatus.OK;
    }
}
