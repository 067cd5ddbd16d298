package dev.rvf.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Float16Test {

    /** Independent decoding with double arithmetic. */
    static double referenceValue(int bits) {
        double sign = (bits & 0x8000) != 0 ? -1.0 : 1.0;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return mant == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        }
        if (exp == 0) {
            return sign * mant * Math.pow(2, -24);
        }
        return sign * (1 + mant / 1024.0) * Math.pow(2, exp - 15);
    }

    /** Independent encoding: nearest finite half by search over magnitudes, ties to the even pattern. */
    static int referenceEncode(float f) {
        if (Float.isNaN(f)) {
            throw new IllegalArgumentException();
        }
        int sign = (Float.floatToRawIntBits(f) >>> 16) & 0x8000;
        double x = Math.abs((double) f);
        if (x >= 65520.0) {
            return sign | 0x7C00;
        }
        int lo = 0;
        int hi = 0x7BFF; // largest finite
        while (lo < hi) { // largest pattern with value <= x
            int mid = (lo + hi + 1) >>> 1;
            if (referenceValue(mid) <= x) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if (lo == 0x7BFF) {
            return sign | 0x7BFF;
        }
        double below = referenceValue(lo);
        double above = referenceValue(lo + 1);
        int pick;
        if (x - below < above - x) {
            pick = lo;
        } else if (x - below > above - x) {
            pick = lo + 1;
        } else {
            pick = (lo & 1) == 0 ? lo : lo + 1;
        }
        return sign | pick;
    }

    @Test
    void everyBitPatternRoundTripsExactly() {
        for (int bits = 0; bits < 65536; bits++) {
            float f = Float16.toFloat((short) bits);
            double ref = referenceValue(bits);
            if (Double.isNaN(ref)) {
                assertTrue(Float.isNaN(f), "pattern " + bits);
            } else {
                assertEquals(ref, (double) f, 0.0, "value of pattern " + bits);
                assertEquals(Double.doubleToRawLongBits(ref) < 0, Float.floatToRawIntBits(f) < 0, "sign " + bits);
            }
            assertEquals(bits, Float16.fromFloat(f) & 0xFFFF, "round trip of pattern " + Integer.toHexString(bits));
        }
    }

    @Test
    void tiesRoundToEvenAndNeighboursRoundToNearest() {
        for (int sign : new int[] {0, 0x8000}) {
            for (int h = 0; h < 0x7BFF; h++) {
                double a = referenceValue(h);
                double b = referenceValue(h + 1);
                float mid = (float) ((a + b) / 2); // 12 significant bits: exact in float
                assertEquals((a + b) / 2, (double) mid, 0.0);
                float signedMid = sign == 0 ? mid : -mid;
                int even = (h & 1) == 0 ? h : h + 1;
                assertEquals(sign | even, Float16.fromFloat(signedMid) & 0xFFFF, "tie above pattern " + h);
                assertEquals(sign | h, Float16.fromFloat(sign == 0 ? Math.nextDown(mid) : -Math.nextDown(mid)) & 0xFFFF);
                assertEquals(sign | (h + 1), Float16.fromFloat(sign == 0 ? Math.nextUp(mid) : -Math.nextUp(mid)) & 0xFFFF);
            }
        }
    }

    @Test
    void randomFloatsMatchReferenceEncoder() {
        Random rnd = new Random(99);
        for (int i = 0; i < 200_000; i++) {
            float f;
            switch (i % 4) {
                case 0:
                    f = Float.intBitsToFloat(rnd.nextInt()); // any pattern, incl. huge and tiny
                    break;
                case 1:
                    f = (float) (rnd.nextGaussian() * 1000);
                    break;
                case 2:
                    f = (float) (rnd.nextGaussian() * 1e-5); // subnormal half range
                    break;
                default:
                    f = (float) (rnd.nextGaussian() * 70000);
                    break;
            }
            if (Float.isNaN(f)) {
                continue;
            }
            assertEquals(referenceEncode(f), Float16.fromFloat(f) & 0xFFFF, "encode " + f);
        }
    }

    @Test
    void specialValues() {
        assertEquals(0x7C00, Float16.fromFloat(Float.POSITIVE_INFINITY) & 0xFFFF);
        assertEquals(0xFC00, Float16.fromFloat(Float.NEGATIVE_INFINITY) & 0xFFFF);
        assertEquals(0x7C00, Float16.fromFloat(65520f) & 0xFFFF);
        assertEquals(0x7BFF, Float16.fromFloat(Math.nextDown(65520f)) & 0xFFFF);
        assertEquals(0x7BFF, Float16.fromFloat(65504f) & 0xFFFF);
        assertEquals(0x0000, Float16.fromFloat(0x1p-25f) & 0xFFFF); // tie with 0 -> even (0)
        assertEquals(0x0001, Float16.fromFloat(Math.nextUp(0x1p-25f)) & 0xFFFF);
        assertEquals(0x0001, Float16.fromFloat(0x1p-24f) & 0xFFFF);
        assertEquals(0x0400, Float16.fromFloat(0x1p-14f) & 0xFFFF);
        assertEquals(0x03FF, Float16.fromFloat(0x1.ff8p-15f) & 0xFFFF);
        assertEquals(0x8000, Float16.fromFloat(-0f) & 0xFFFF);
        assertEquals(0x8000, Float16.fromFloat(-1e-30f) & 0xFFFF);
        assertEquals(0x3C00, Float16.fromFloat(1f) & 0xFFFF);
        assertEquals(0x3C00, Float16.fromFloat(1.00048828125f) & 0xFFFF); // 1 + 2^-11: tie, even is 1.0
        assertEquals(0x3C02, Float16.fromFloat(1.00146484375f) & 0xFFFF); // 1 + 3*2^-11: tie, even is 1+2^-9
        short nan = Float16.fromFloat(Float.NaN);
        assertTrue(Float.isNaN(Float16.toFloat(nan)));
        assertEquals(0x7C00, nan & 0x7C00);
        assertTrue((nan & 0x3FF) != 0);
        // A NaN whose payload lives only in the low 13 float bits must stay NaN, not become infinity.
        short lowPayload = Float16.fromFloat(Float.intBitsToFloat(0x7F800001));
        assertTrue(Float.isNaN(Float16.toFloat(lowPayload)));
    }

    @Test
    void arrayHelpers() {
        float[] src = {1.5f, -2.25f, 65504f, 1e-7f};
        short[] h = new short[6];
        Float16.encode(src, 0, h, 1, 4);
        float[] back = new float[4];
        Float16.decode(h, 1, back, 0, 4);
        assertEquals(1.5f, back[0]);
        assertEquals(-2.25f, back[1]);
        assertEquals(65504f, back[2]);
        assertEquals(Float16.toFloat(Float16.fromFloat(1e-7f)), back[3]);
    }
}
