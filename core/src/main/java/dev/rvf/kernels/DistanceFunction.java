package dev.rvf.kernels;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;

/**
 * A metric's distance between two f32 vectors (smaller is nearer), chosen once per store or query so that
 * inner loops never switch on the metric.
 *
 * <p>Implementations are stateless singletons: {@link L2Distance}, {@link DotProductDistance},
 * {@link CosineDistance}. Cosine computes both norms on every call here; code that scores one vector many
 * times (the store, the HNSW index) caches per-vector norms and uses {@link CosineDistance#fromParts}.
 */
public interface DistanceFunction {

    Metric metric();

    /** Distance between a[aOff .. aOff+dim) and b[bOff .. bOff+dim). */
    float distance(float[] a, int aOff, float[] b, int bOff, int dim);

    /**
     * Distances of one query against {@code count} contiguous vectors starting at {@code block[blockOff]};
     * {@code out[outOff + j]} receives the distance to vector j.
     */
    void distances(float[] query, int queryOff, float[] block, int blockOff, int count, int dim,
                   float[] out, int outOff);

    /** The function for a metric. */
    static DistanceFunction of(Metric metric) {
        if (metric == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "metric is null");
        }
        switch (metric) {
            case L2:
                return L2Distance.INSTANCE;
            case DOT_PRODUCT:
                return DotProductDistance.INSTANCE;
            case COSINE:
                return CosineDistance.INSTANCE;
            default:
                throw new RvfException(ErrorCode.UNSUPPORTED, "metric " + metric);
        }
    }
}
