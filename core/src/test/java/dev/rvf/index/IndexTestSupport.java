package dev.rvf.index;

import dev.rvf.Metric;
import dev.rvf.kernels.DistanceFunction;
import java.util.Arrays;

/** Independent brute force and recall helpers for the index tests. */
final class IndexTestSupport {
    private IndexTestSupport() {
    }

    /**
     * The k nearest accepted ordinals by a full sort over (distance, ordinal), distances from the plain
     * {@link DistanceFunction} (not the index's scorers).
     */
    static long[] bruteForce(float[] data, int n, int dim, Metric metric, float[] q, int qOff, int k,
                             OrdinalBitSet accept, OrdinalBitSet deleted) {
        DistanceFunction f = DistanceFunction.of(metric);
        long[] packed = new long[n];
        int m = 0;
        for (int o = 0; o < n; o++) {
            if ((accept != null && !accept.get(o)) || (deleted != null && deleted.get(o))) {
                continue;
            }
            float d = f.distance(q, qOff, data, o * dim, dim);
            packed[m++] = ((long) dev.rvf.kernels.FloatOrder.sortable(d) << 32) | o;
        }
        long[] sorted = Arrays.copyOf(packed, m);
        Arrays.sort(sorted);
        return Arrays.copyOf(sorted, Math.min(k, m));
    }

    static int ordinalOf(long packed) {
        return (int) packed;
    }

    static float distanceOf(long packed) {
        return dev.rvf.kernels.FloatOrder.fromSortable((int) (packed >>> 32));
    }

    /** |approx ∩ truth| / |truth|. */
    static double recall(SearchResults approx, SearchResults truth) {
        if (truth.size() == 0) {
            return 1.0;
        }
        int hits = 0;
        for (int i = 0; i < approx.size(); i++) {
            for (int j = 0; j < truth.size(); j++) {
                if (approx.ordinal(i) == truth.ordinal(j)) {
                    hits++;
                    break;
                }
            }
        }
        return hits / (double) truth.size();
    }
}
