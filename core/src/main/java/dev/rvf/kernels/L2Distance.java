package dev.rvf.kernels;

import dev.rvf.Metric;

/** Squared Euclidean distance (the reference's "l2": no square root). */
public final class L2Distance implements DistanceFunction {
    public static final L2Distance INSTANCE = new L2Distance();

    private L2Distance() {
    }

    @Override
    public Metric metric() {
        return Metric.L2;
    }

    @Override
    public float distance(float[] a, int aOff, float[] b, int bOff, int dim) {
        return FloatKernels.squaredL2(a, aOff, b, bOff, dim);
    }

    @Override
    public void distances(float[] query, int queryOff, float[] block, int blockOff, int count, int dim,
                          float[] out, int outOff) {
        FloatKernels.squaredL2sContiguous(query, queryOff, block, blockOff, count, dim, out, outOff);
    }
}
