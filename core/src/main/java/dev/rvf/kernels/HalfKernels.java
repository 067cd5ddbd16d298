package dev.rvf.kernels;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;

/**
 * Distances between an f32 query and f16 data held as half bit patterns in {@code short[]}. Halves are widened
 * through a 64 Ki-entry table (exact), then accumulated in f32 with the same four-lane order as
 * {@link FloatKernels}, so an f16 vector scores exactly like its f32 widening.
 */
public final class HalfKernels {
    private HalfKernels() {
    }

    public static float dot(float[] q, int qOff, short[] h, int hOff, int dim) {
        final float[] t = Float16.TABLE;
        float s0 = 0f, s1 = 0f;
        int i = 0;
        for (int end2 = dim & ~1; i < end2; i += 2) {
            int qi = qOff + i;
            int hi = hOff + i;
            s0 += q[qi] * t[h[hi] & 0xFFFF];
            s1 += q[qi + 1] * t[h[hi + 1] & 0xFFFF];
        }
        if (i < dim) {
            s0 += q[qOff + i] * t[h[hOff + i] & 0xFFFF];
        }
        return s0 + s1;
    }

    public static float squaredL2(float[] q, int qOff, short[] h, int hOff, int dim) {
        final float[] t = Float16.TABLE;
        float s0 = 0f, s1 = 0f;
        int i = 0;
        for (int end2 = dim & ~1; i < end2; i += 2) {
            int qi = qOff + i;
            int hi = hOff + i;
            float d0 = q[qi] - t[h[hi] & 0xFFFF];
            float d1 = q[qi + 1] - t[h[hi + 1] & 0xFFFF];
            s0 += d0 * d0;
            s1 += d1 * d1;
        }
        if (i < dim) {
            float d = q[qOff + i] - t[h[hOff + i] & 0xFFFF];
            s0 += d * d;
        }
        return s0 + s1;
    }

    /** Norm of an f16 vector (widened to f32). */
    public static float norm(short[] h, int hOff, int dim) {
        final float[] t = Float16.TABLE;
        float s0 = 0f, s1 = 0f;
        int i = 0;
        for (int end2 = dim & ~1; i < end2; i += 2) {
            int hi = hOff + i;
            float v0 = t[h[hi] & 0xFFFF];
            float v1 = t[h[hi + 1] & 0xFFFF];
            s0 += v0 * v0;
            s1 += v1 * v1;
        }
        if (i < dim) {
            float v = t[h[hOff + i] & 0xFFFF];
            s0 += v * v;
        }
        return FloatKernels.sqrt(s0 + s1);
    }

    /** Cosine distance; {@code dataNorm} is the cached norm of the f16 vector (see {@link #norm}). */
    public static float cosine(float[] q, int qOff, float queryNorm, short[] h, int hOff, float dataNorm, int dim) {
        return CosineDistance.fromParts(dot(q, qOff, h, hOff, dim), queryNorm, dataNorm);
    }

    /** Distance for a metric, computing norms itself (convenience; hot loops call the kernels directly). */
    public static float distance(Metric metric, float[] q, int qOff, short[] h, int hOff, int dim) {
        switch (metric) {
            case L2:
                return squaredL2(q, qOff, h, hOff, dim);
            case DOT_PRODUCT:
                return -dot(q, qOff, h, hOff, dim);
            case COSINE:
                return cosine(q, qOff, FloatKernels.norm(q, qOff, dim), h, hOff, norm(h, hOff, dim), dim);
            default:
                throw new RvfException(ErrorCode.UNSUPPORTED, "metric " + metric);
        }
    }
}
