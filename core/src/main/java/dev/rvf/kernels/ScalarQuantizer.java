package dev.rvf.kernels;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;

/**
 * SQ8 scalar quantization: each dimension d maps [min[d], max[d]] linearly onto unsigned codes 0..255.
 *
 * <p>Convention (that of the reference's QUANT segment, see rvf-format.md section 18): training takes the
 * per-dimension min and max over the training vectors; a zero-width range gets {@code max = min + 1};
 * {@code code = round(clamp((v - min) / (max - min), 0, 1) * 255)}. Reconstruction is
 * {@code v' = min + code * scale} with {@code scale = (max - min) / 255}, so for v inside the trained range
 * {@code |v - v'| <= scale / 2} (plus f32 rounding). Values outside the range are clamped to its ends.
 *
 * <p>Codes are stored as {@code byte} holding the unsigned value ({@code code & 0xFF}).
 */
public final class ScalarQuantizer {
    private final int dim;
    private final float[] min;
    private final float[] max;
    private final float[] scale;

    private ScalarQuantizer(float[] min, float[] max) {
        this.dim = min.length;
        this.min = min;
        this.max = max;
        this.scale = new float[dim];
        for (int d = 0; d < dim; d++) {
            scale[d] = (max[d] - min[d]) / 255f;
        }
    }

    /** Trains on {@code count >= 1} vectors stored contiguously from {@code data[off]}; values must be finite. */
    public static ScalarQuantizer train(float[] data, int off, int count, int dim) {
        if (dim < 1 || count < 1 || off < 0 || (long) count * dim > data.length - (long) off) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "bad SQ8 training range");
        }
        float[] lo = new float[dim];
        float[] hi = new float[dim];
        System.arraycopy(data, off, lo, 0, dim);
        System.arraycopy(data, off, hi, 0, dim);
        for (int v = 1; v < count; v++) {
            int base = off + v * dim;
            for (int d = 0; d < dim; d++) {
                float x = data[base + d];
                if (x < lo[d]) {
                    lo[d] = x;
                }
                if (x > hi[d]) {
                    hi[d] = x;
                }
            }
        }
        for (int d = 0; d < dim; d++) {
            if (hi[d] == lo[d]) {
                hi[d] = lo[d] + 1f;
            }
        }
        return of(lo, hi);
    }

    /** A quantizer from explicit ranges (e.g. read from a file); validates them. Arrays are copied. */
    public static ScalarQuantizer of(float[] min, float[] max) {
        if (min.length == 0 || min.length != max.length) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "SQ8 min/max length mismatch");
        }
        for (int d = 0; d < min.length; d++) {
            float range = max[d] - min[d];
            if (!(range > 0f) || range == Float.POSITIVE_INFINITY || !Float.isFinite(min[d])) {
                throw new RvfException(ErrorCode.INVALID_ARGUMENT,
                        "SQ8 range of dimension " + d + " is not finite and positive");
            }
        }
        return new ScalarQuantizer(min.clone(), max.clone());
    }

    public int dim() {
        return dim;
    }

    public float min(int d) {
        return min[d];
    }

    public float max(int d) {
        return max[d];
    }

    /** Reconstruction step of dimension d; the worst-case in-range error is half of it. */
    public float scale(int d) {
        return scale[d];
    }

    /** Quantizes one vector into {@code dim} codes. */
    public void quantize(float[] v, int vOff, byte[] out, int outOff) {
        for (int d = 0; d < dim; d++) {
            float t = (v[vOff + d] - min[d]) / (max[d] - min[d]);
            if (!(t > 0f)) { // also maps NaN to 0
                t = 0f;
            } else if (t > 1f) {
                t = 1f;
            }
            out[outOff + d] = (byte) (int) (t * 255f + 0.5f); // t*255 >= 0: round half up == round half away
        }
    }

    /** Quantizes {@code count} contiguous vectors. */
    public void quantizeAll(float[] data, int off, int count, byte[] out, int outOff) {
        for (int v = 0; v < count; v++) {
            quantize(data, off + v * dim, out, outOff + v * dim);
        }
    }

    /** Reconstructs one vector: {@code min + code * scale}. */
    public void dequantize(byte[] codes, int cOff, float[] out, int outOff) {
        for (int d = 0; d < dim; d++) {
            out[outOff + d] = min[d] + (codes[cOff + d] & 0xFF) * scale[d];
        }
    }

    /**
     * Prepares an f32 query for asymmetric distances against codes of this quantizer. The distance equals the
     * metric evaluated on the reconstructed vector (up to f32 rounding).
     */
    public Sq8Query query(float[] q, int qOff, Metric metric) {
        switch (metric) {
            case L2: {
                float[] shifted = new float[dim];
                for (int d = 0; d < dim; d++) {
                    shifted[d] = q[qOff + d] - min[d];
                }
                return new Sq8Query.L2(shifted, scale);
            }
            case DOT_PRODUCT:
            case COSINE: {
                float[] weights = new float[dim];
                for (int d = 0; d < dim; d++) {
                    weights[d] = q[qOff + d] * scale[d];
                }
                float bias = FloatKernels.dot(q, qOff, min, 0, dim);
                if (metric == Metric.DOT_PRODUCT) {
                    return new Sq8Query.Dot(weights, bias);
                }
                return new Sq8Query.Cosine(weights, bias, FloatKernels.norm(q, qOff, dim));
            }
            default:
                throw new RvfException(ErrorCode.UNSUPPORTED, "metric " + metric);
        }
    }
}
