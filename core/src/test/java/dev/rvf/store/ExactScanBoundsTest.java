package dev.rvf.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rvf.Metric;
import dev.rvf.kernels.FloatKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The L2 exact scan stops summing far vectors early or, where that saves little, rejects vectors by a lower bound
 * from the norm form and scores the rest with the squared-L2 kernel: its answers must be exactly the kernel's brute
 * force (same distances, ties by id), also where the norm form is far off (vectors far from the origin and close
 * to each other), overflows, or underflows.
 */
class ExactScanBoundsTest {
    private static final int K = 10;

    @Test
    void l2ExactAnswersAreTheKernelsBruteForce() {
        Random rnd = new Random(42);
        for (int dim : new int[] {1, 2, 7, 64, 129}) {
            check("gaussian", dim, rnd, (i, d) -> (float) rnd.nextGaussian());
            // |x|^2 is ~1e6 x dim while neighbours are ~1e-6 apart: the norm form cannot rank these
            check("far from the origin", dim, rnd, (i, d) -> 1000f + (float) rnd.nextGaussian() * 1e-3f);
            check("duplicates and ties", dim, rnd, (i, d) -> (i % 5) + (d % 2));
            check("overflowing squares", dim, rnd, (i, d) -> (float) rnd.nextGaussian() * 3e18f);
            check("subnormal products", dim, rnd, (i, d) -> (float) rnd.nextGaussian() * 1e-30f);
            check("mixed scales", dim, rnd, (i, d) -> (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(30) - 15)));
        }
    }

    private interface Value {
        float at(int vector, int d);
    }

    private static void check(String what, int dim, Random rnd, Value value) {
        int n = 700;
        float[] vectors = new float[n * dim];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = n - i; // ids against the ordinal order: ties must go by id
            for (int d = 0; d < dim; d++) {
                vectors[i * dim + d] = value.at(i, d);
            }
        }
        RvfStore store = RvfStore.create(dim, Metric.L2);
        try {
            store.ingest(vectors, ids, null);
            for (int t = 0; t < 20; t++) {
                float[] q = new float[dim];
                int near = rnd.nextInt(n);
                for (int d = 0; d < dim; d++) {
                    // half the queries are stored vectors (distance 0 and exact ties), half are new points
                    q[d] = t % 2 == 0 ? vectors[near * dim + d] : value.at(rnd.nextInt(n), d);
                }
                List<SearchHit> got = store.query(q, K, QueryOptions.defaults().withExact(true));
                List<SearchHit> want = bruteForce(q, vectors, ids, dim);
                assertEquals(want.toString(), got.toString(), what + ", dim " + dim + ", query " + t);
            }
        } finally {
            store.close();
        }
    }

    private static List<SearchHit> bruteForce(float[] q, float[] vectors, long[] ids, int dim) {
        List<SearchHit> all = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            all.add(new SearchHit(ids[i], FloatKernels.squaredL2(q, 0, vectors, i * dim, dim)));
        }
        all.sort((a, b) -> {
            int c = Float.compare(a.distance(), b.distance());
            return c != 0 ? c : Long.compareUnsigned(a.id(), b.id());
        });
        return all.subList(0, K);
    }
}
