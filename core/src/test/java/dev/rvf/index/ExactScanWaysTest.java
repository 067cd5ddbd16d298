package dev.rvf.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.Metric;
import dev.rvf.kernels.FloatKernels;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The L2 scorer's {@code distancesWithin} picks, block by block, between stopping early and the norm form: both
 * must keep exactly the vectors whose squared-L2 kernel distance is not above the limit, with the kernel's bits,
 * and each must be used where it pays (clustered data: stopping early; data without clusters: mostly the norm form).
 */
class ExactScanWaysTest {
    private static final int BLOCK = 256;
    private static final int K = 10;

    @Test
    void clusteredDataIsScannedByStoppingEarly() {
        int dim = 96;
        InPlaceVectorStorage storage = scan(dim, new ClusteredData(dim, 40, 0.05f, 1).points(6000, 2),
                new ClusteredData(dim, 40, 0.05f, 1).points(5, 3));
        assertTrue(storage.limitedL2RangeCalls > 5 * 15, "stopped early in most blocks: " + storage.limitedL2RangeCalls);
        assertTrue(storage.dotRangeCalls < storage.limitedL2RangeCalls / 4, "norm form " + storage.dotRangeCalls);
    }

    @Test
    void dataWithoutClustersTurnsToTheNormFormAndTriesAgain() {
        int dim = 96;
        Random rnd = new Random(5);
        float[] vectors = new float[6000 * dim];
        float[] queries = new float[5 * dim];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < queries.length; i++) {
            queries[i] = (float) rnd.nextGaussian();
        }
        InPlaceVectorStorage storage = scan(dim, vectors, queries);
        assertTrue(storage.dotRangeCalls > storage.limitedL2RangeCalls, "norm form " + storage.dotRangeCalls
                + ", stopping early " + storage.limitedL2RangeCalls);
        assertTrue(storage.limitedL2RangeCalls >= 5 * 3, "stopping early is tried again");
    }

    /** Scans each query as the store does (k-th distance so far as each block's limit), checking every block. */
    private static InPlaceVectorStorage scan(int dim, float[] vectors, float[] queries) {
        InPlaceVectorStorage storage = new InPlaceVectorStorage(dim, true, 16);
        int n = vectors.length / dim;
        storage.addAll(vectors, 0, n);
        VectorScoring scoring = VectorScoring.of(storage, Metric.L2);
        int[] ordinals = new int[BLOCK];
        float[] distances = new float[BLOCK];
        for (int t = 0; t < queries.length / dim; t++) {
            float[] q = Arrays.copyOfRange(queries, t * dim, (t + 1) * dim);
            OrdinalScorer scorer = scoring.query(q, 0);
            float[] best = new float[0];
            for (int from = 0; from < n; from += BLOCK) {
                int count = Math.min(BLOCK, n - from);
                float limit = best.length < K ? Float.POSITIVE_INFINITY : best[K - 1];
                int kept = scorer.distancesWithin(from, count, limit, ordinals, distances);
                int m = 0;
                for (int o = from; o < from + count; o++) {
                    float d = FloatKernels.squaredL2(q, 0, vectors, o * dim, dim);
                    if (!(d > limit)) {
                        assertEquals(o, ordinals[m], "query " + t + " block " + from);
                        assertEquals(d, distances[m], 0f, "query " + t + " ordinal " + o);
                        m++;
                    }
                }
                assertEquals(m, kept, "query " + t + " block " + from);
                best = Arrays.copyOf(best, best.length + kept);
                System.arraycopy(distances, 0, best, best.length - kept, kept);
                Arrays.sort(best);
                best = Arrays.copyOf(best, Math.min(K, best.length));
            }
            float[] all = new float[n];
            for (int o = 0; o < n; o++) {
                all[o] = FloatKernels.squaredL2(q, 0, vectors, o * dim, dim);
            }
            Arrays.sort(all);
            assertArrayEquals(Arrays.copyOf(all, K), best, 0f, "query " + t);
        }
        return storage;
    }
}
