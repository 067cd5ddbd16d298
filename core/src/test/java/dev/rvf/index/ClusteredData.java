package dev.rvf.index;

import java.util.Random;

/**
 * Seeded clustered Gaussian vectors: {@code clusters} centres uniform in [-1, 1]^dim; a point is a random centre
 * plus N(0, sigma^2) noise per axis. Data and queries come from the same centres with different point seeds.
 */
public final class ClusteredData {
    private final int dim;
    private final float sigma;
    private final int clusters;
    private final float[] centres;

    public ClusteredData(int dim, int clusters, float sigma, long centreSeed) {
        this.dim = dim;
        this.sigma = sigma;
        this.clusters = clusters;
        Random rnd = new Random(centreSeed);
        centres = new float[clusters * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = rnd.nextFloat() * 2f - 1f;
        }
    }

    /** {@code count} points, contiguous. */
    public float[] points(int count, long seed) {
        Random rnd = new Random(seed);
        float[] out = new float[count * dim];
        for (int v = 0; v < count; v++) {
            int c = rnd.nextInt(clusters);
            for (int d = 0; d < dim; d++) {
                out[v * dim + d] = centres[c * dim + d] + (float) rnd.nextGaussian() * sigma;
            }
        }
        return out;
    }
}
