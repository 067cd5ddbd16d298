package dev.rvf.kernels;

import dev.rvf.Metric;

/** Negated dot product, so that a larger inner product is nearer. */
public final class DotProductDistance implements DistanceFunction {
    public static final DotProductDistance INSTANCE = new DotProductDistance();

    private DotProductDistance() {
    }

    @Override
    public Metric metric() {
        return Metric.DOT_PRODUCT;
    }

    @Override
    public float distance(float[] a, int aOff, float[] b, int bOff, int dim) {
        return -FloatKernels.dot(a, aOff, b, bOff, dim);
    }

    @Override
    public void distances(float[] query, int queryOff, float[] block, int blockOff, int count, int dim,
                          float[] out, int outOff) {
        FloatKernels.dotsContiguous(query, queryOff, block, blockOff, count, dim, out, outOff);
        for (int j = 0; j < count; j++) {
            out[outOff + j] = -out[outOff + j];
        }
    }
}
