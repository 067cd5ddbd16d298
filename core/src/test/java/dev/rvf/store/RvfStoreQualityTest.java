package dev.rvf.store;

import static dev.rvf.store.StoreTestSupport.options;
import static dev.rvf.store.StoreTestSupport.range;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.Metric;
import dev.rvf.index.ClusteredData;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Search quality through the store API (the 20k x 128 bar is tested in dev.rvf.index). */
class RvfStoreQualityTest {
    private static final int DIM = 64;
    private static final int N = 5000;
    private static final int K = 10;

    private static double recall(RvfStore s, float[] queries, int count, QueryOptions approx) {
        int hits = 0;
        for (int q = 0; q < count; q++) {
            float[] v = StoreTestSupport.row(queries, q, DIM);
            Set<Long> truth = new HashSet<>();
            for (SearchHit h : s.query(v, K, QueryOptions.defaults().withExact(true))) {
                truth.add(h.id());
            }
            List<SearchHit> found = s.query(v, K, approx);
            for (SearchHit h : found) {
                if (truth.contains(h.id())) {
                    hits++;
                }
            }
        }
        return hits / (double) (count * K);
    }

    @Test
    void recallAt10OnClusteredData() {
        ClusteredData data = new ClusteredData(DIM, 50, 0.25f, 5);
        RvfStore s = RvfStore.create(DIM, Metric.COSINE, options("quality"));
        float[] points = data.points(N, 1);
        for (int from = 0; from < N; from += 1000) { // batches, as an application would ingest
            s.ingest(java.util.Arrays.copyOfRange(points, from * DIM, (from + 1000) * DIM), range(from, 1000), null);
        }
        float[] queries = data.points(100, 2);
        double r = recall(s, queries, 100, QueryOptions.defaults());
        assertTrue(r >= 0.95, "recall@10 = " + r);
        // after a reopen (graph loaded from the INDEX segment) and with deletions the quality holds
        RvfStore reopened = RvfStore.open(s.export());
        reopened.delete(range(0, 500));
        double r2 = recall(reopened, queries, 100, QueryOptions.defaults());
        assertTrue(r2 >= 0.95, "recall@10 after reopen and deletes = " + r2);
        double low = recall(reopened, queries, 100, QueryOptions.defaults().withEfSearch(10));
        assertTrue(low <= r2 + 1e-9, "a smaller beam does not find more: " + low + " vs " + r2);
    }
}
