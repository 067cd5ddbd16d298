package dev.rvf.kernels;

import dev.rvf.Metric;

/**
 * Cosine distance, {@code 1 - dot(a,b) / (|a| |b|)}, range [0, 2].
 *
 * <p><b>Zero-norm rule</b> (the only place it lives): when {@code |a| * |b| < ZERO_NORM_EPSILON} the distance
 * is {@link #ZERO_NORM_DISTANCE} (1.0, "orthogonal to everything"). This is the reference's rule
 * (rvf-runtime {@code compute_distance}: {@code denom = sqrt(|a|^2 |b|^2); if denom < f32::EPSILON {1.0}}),
 * so a zero vector, or a pair of tiny vectors, ranks exactly as it does in the reference store.
 *
 * <p>Storage keeps raw vectors (they are exported unchanged), so callers that score one stored vector many
 * times cache its norm ({@link FloatKernels#norm}) and call {@link #fromParts}: cosine then costs one dot
 * product plus one division. The norm (not its inverse) is cached so that the zero-norm rule sees the same
 * product as the reference.
 */
public final class CosineDistance implements DistanceFunction {
    public static final CosineDistance INSTANCE = new CosineDistance();

    /** {@code f32::EPSILON} = 2^-23, the reference's threshold on |a|*|b|. */
    public static final float ZERO_NORM_EPSILON = 1.1920929e-7f;
    /** Distance reported when either vector is (nearly) zero. */
    public static final float ZERO_NORM_DISTANCE = 1.0f;

    private CosineDistance() {
    }

    /** Cosine distance from a dot product and the two norms; applies the zero-norm rule. */
    public static float fromParts(float dot, float normA, float normB) {
        float denom = normA * normB;
        if (!(denom >= ZERO_NORM_EPSILON)) { // also catches NaN
            return ZERO_NORM_DISTANCE;
        }
        return 1f - dot / denom;
    }

    @Override
    public Metric metric() {
        return Metric.COSINE;
    }

    @Override
    public float distance(float[] a, int aOff, float[] b, int bOff, int dim) {
        return fromParts(FloatKernels.dot(a, aOff, b, bOff, dim),
                FloatKernels.norm(a, aOff, dim), FloatKernels.norm(b, bOff, dim));
    }

    @Override
    public void distances(float[] query, int queryOff, float[] block, int blockOff, int count, int dim,
                          float[] out, int outOff) {
        float queryNorm = FloatKernels.norm(query, queryOff, dim);
        FloatKernels.dotsContiguous(query, queryOff, block, blockOff, count, dim, out, outOff);
        for (int j = 0, off = blockOff; j < count; j++, off += dim) {
            out[outOff + j] = fromParts(out[outOff + j], queryNorm, FloatKernels.norm(block, off, dim));
        }
    }
}
