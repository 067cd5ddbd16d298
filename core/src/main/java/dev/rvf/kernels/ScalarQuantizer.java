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
        Trainer trainer = new Trainer(dim);
        trainer.add(data, off, count);
        return trainer.build();
    }

    /**
     * Training over vectors that arrive in pieces (e.g. copied chunk by chunk out of Wasm linear memory): the
     * per-dimension min and max of everything added, then the same zero-width rule and validation as
     * {@link #train}, which is this over a single array.
     */
    public static final class Trainer {
        private final int dim;
        private final float[] lo;
        private final float[] hi;
        private boolean empty = true;

        public Trainer(int dim) {
            if (dim < 1) {
                throw new RvfException(ErrorCode.INVALID_ARGUMENT, "SQ8 dimension must be positive");
            }
            this.dim = dim;
            this.lo = new float[dim];
            this.hi = new float[dim];
        }

        /** Adds {@code count} contiguous vectors from {@code data[off]}; the caller checks the range. */
        public void add(float[] data, int off, int count) {
            int v = 0;
            if (empty && count > 0) {
                // The first vector seeds both ends, so a NaN there survives into build() and is rejected.
                System.arraycopy(data, off, lo, 0, dim);
                System.arraycopy(data, off, hi, 0, dim);
                empty = false;
                v = 1;
            }
            for (; v < count; v++) {
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
        }

        /** The quantizer of the ranges seen; INVALID_ARGUMENT if nothing was added or a range is not finite. */
        public ScalarQuantizer build() {
            if (empty) {
                throw new RvfException(ErrorCode.INVALID_ARGUMENT, "SQ8 training saw no vectors");
            }
            float[] max = hi.clone();
            for (int d = 0; d < dim; d++) {
                if (max[d] == lo[d]) {
                    max[d] = lo[d] + 1f;
                }
            }
            return of(lo, max);
        }
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
        dequantize(codes, cOff, min, scale, dim, out, outOff);
    }

    /**
     * Reconstructs one vector of {@code dim} codes from explicit per-dimension {@code min} and {@code scale}
     * (as {@link #min} and {@link #scale} report them): {@code out[d] = min[d] + code[d] * scale[d]}.
     */
    public static void dequantize(byte[] codes, int cOff, float[] min, float[] scale, int dim, float[] out,
            int outOff) {
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
