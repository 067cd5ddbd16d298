package dev.rvf.kernels;

/**
 * The f32 arithmetic every distance is built from: dot product, squared L2 and squared norm over
 * {@code float[]} slices (vector {@code a} at {@code aOff}, {@code b} at {@code bOff}, {@code dim} elements).
 *
 * <p>Eight independent accumulators break the floating-point add dependency chain: HotSpot and the Wasm
 * engines cannot reorder float additions themselves, so a single accumulator runs at one add per add-latency.
 * The summation order is fixed (lanes combined pairwise at the end), so a given input always gives the same
 * bits, whichever caller asks. No allocation, no bounds validation: callers check ranges at their API edge.
 */
public final class FloatKernels {
    private FloatKernels() {
    }

    /** Sum of a[i]*b[i]. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int dim) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        int i = 0;
        int end8 = dim & ~7;
        for (; i < end8; i += 8) {
            int ai = aOff + i;
            int bi = bOff + i;
            s0 += a[ai] * b[bi];
            s1 += a[ai + 1] * b[bi + 1];
            s2 += a[ai + 2] * b[bi + 2];
            s3 += a[ai + 3] * b[bi + 3];
            s4 += a[ai + 4] * b[bi + 4];
            s5 += a[ai + 5] * b[bi + 5];
            s6 += a[ai + 6] * b[bi + 6];
            s7 += a[ai + 7] * b[bi + 7];
        }
        for (; i < dim; i++) {
            s0 += a[aOff + i] * b[bOff + i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** Sum of (a[i]-b[i])^2: squared Euclidean distance. */
    public static float squaredL2(float[] a, int aOff, float[] b, int bOff, int dim) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        int i = 0;
        int end8 = dim & ~7;
        for (; i < end8; i += 8) {
            int ai = aOff + i;
            int bi = bOff + i;
            float d0 = a[ai] - b[bi];
            float d1 = a[ai + 1] - b[bi + 1];
            float d2 = a[ai + 2] - b[bi + 2];
            float d3 = a[ai + 3] - b[bi + 3];
            float d4 = a[ai + 4] - b[bi + 4];
            float d5 = a[ai + 5] - b[bi + 5];
            float d6 = a[ai + 6] - b[bi + 6];
            float d7 = a[ai + 7] - b[bi + 7];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
            s4 += d4 * d4;
            s5 += d5 * d5;
            s6 += d6 * d6;
            s7 += d7 * d7;
        }
        for (; i < dim; i++) {
            float d = a[aOff + i] - b[bOff + i];
            s0 += d * d;
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** Sum of a[i]^2. Bit-identical to {@code dot(a, aOff, a, aOff, dim)}. */
    public static float normSquared(float[] a, int aOff, int dim) {
        return dot(a, aOff, a, aOff, dim);
    }

    /** Euclidean norm, the value cached per vector for cosine. */
    public static float norm(float[] a, int aOff, int dim) {
        return (float) Math.sqrt(dot(a, aOff, a, aOff, dim));
    }

    /**
     * {@code acc[i] += weight * v[i]} for {@code dim} elements (f32 product, then f32 sum; no fused multiply-add):
     * running sums and centroids.
     */
    public static void addScaled(float[] acc, int accOff, float[] v, int vOff, float weight, int dim) {
        for (int i = 0; i < dim; i++) {
            acc[accOff + i] += weight * v[vOff + i];
        }
    }

    /** True when every element is finite (no NaN, no infinity). */
    public static boolean allFinite(float[] a, int aOff, int dim) {
        for (int i = 0; i < dim; i++) {
            float v = a[aOff + i];
            if (v - v != 0f) { // NaN - NaN and inf - inf are NaN; finite - itself is 0
                return false;
            }
        }
        return true;
    }
}
