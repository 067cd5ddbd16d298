package dev.rvf.kernels;

/**
 * IEEE 754 binary16 ("half") conversion, exact in both directions.
 *
 * <p>half -> float is exact for every bit pattern (subnormals, signed zeros, infinities; NaN keeps its sign
 * and payload). float -> half rounds to nearest, ties to even; overflow gives infinity, underflow gives
 * a subnormal or signed zero; a NaN stays a NaN (payload truncated to 10 bits, forced non-zero).
 * Halves are carried in {@code short} (bit pattern, not a number).
 */
public final class Float16 {
    private Float16() {
    }

    /** Every half's float value, indexed by the unsigned 16-bit pattern; used by the f16 kernels. */
    static final float[] TABLE = buildTable();

    private static float[] buildTable() {
        float[] t = new float[65536];
        for (int i = 0; i < 65536; i++) {
            t[i] = convert(i);
        }
        return t;
    }

    /** The float value of a half bit pattern. */
    public static float toFloat(short half) {
        return TABLE[half & 0xFFFF];
    }

    private static float convert(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) { // infinity or NaN: payload moved to the top of the float mantissa
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) { // zero or subnormal: mant * 2^-24, exact in float
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + (127 - 15)) << 23) | (mant << 13));
    }

    /** The half nearest to {@code value} (ties to even). */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFFFFFF;
        if (abs >= 0x7F800000) { // infinity or NaN
            if (abs == 0x7F800000) {
                return (short) (sign | 0x7C00);
            }
            int payload = (abs >>> 13) & 0x3FF;
            return (short) (sign | 0x7C00 | (payload == 0 ? 0x200 : payload));
        }
        if (abs >= 0x477FF000) { // >= 65520: halfway above 65504 ties to the even neighbour, infinity
            return (short) (sign | 0x7C00);
        }
        if (abs < 0x38800000) { // below 2^-14: half subnormal (or zero) m * 2^-24
            if (abs <= 0x33000000) { // <= 2^-25: 2^-25 itself is a tie between 0 and 2^-24, even is 0
                return (short) sign;
            }
            int e = abs >>> 23; // 102 .. 112 here
            int mant = (abs & 0x7FFFFF) | 0x800000;
            int shift = 126 - e; // value * 2^24 = mant * 2^(e - 126)
            int m = mant >>> shift;
            int rem = mant & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rem > halfway || (rem == halfway && (m & 1) != 0)) {
                m++; // may carry into 0x400, which is exactly the smallest normal half
            }
            return (short) (sign | m);
        }
        int h = (((abs >>> 23) - 127 + 15) << 10) | ((abs >>> 13) & 0x3FF);
        int rem = abs & 0x1FFF;
        if (rem > 0x1000 || (rem == 0x1000 && (h & 1) != 0)) {
            h++; // a mantissa carry correctly bumps the exponent; the overflow case was handled above
        }
        return (short) (sign | h);
    }

    /** Converts {@code count} floats to halves. */
    public static void encode(float[] src, int srcOff, short[] dst, int dstOff, int count) {
        for (int i = 0; i < count; i++) {
            dst[dstOff + i] = fromFloat(src[srcOff + i]);
        }
    }

    /** Converts {@code count} halves to floats. */
    public static void decode(short[] src, int srcOff, float[] dst, int dstOff, int count) {
        for (int i = 0; i < count; i++) {
            dst[dstOff + i] = TABLE[src[srcOff + i] & 0xFFFF];
        }
    }
}
