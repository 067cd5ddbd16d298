package dev.rvf.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.Metric;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Quality bar on clustered Gaussian data, 20,000 x 128, 100 clusters, 150 queries, k = 10, default config.
 * One index per metric is built once and shared; tests that mutate (deletions, SQ8) work on a decoded copy.
 */
class HnswRecallTest {
    static final int N = 20_000;
    static final int DIM = 128;
    static final int QUERIES = 150;
    static final int K = 10;
    static final double MIN_RECALL = 0.95;

    static final class Fixture {
        final ArrayVectorStorage storage;
        final HnswIndex index;
        final float[] queries;
        final byte[] encoded;

        Fixture(Metric metric) {
            ClusteredData source = new ClusteredData(DIM, 100, 0.25f, 1234);
            float[] data = source.points(N, 1);
            queries = source.points(QUERIES, 2);
            storage = new ArrayVectorStorage(DIM, metric == Metric.COSINE, N);
            storage.addAll(data, 0, N);
            index = new HnswIndex(storage, metric, HnswConfig.defaults());
            index.indexPending();
            encoded = HnswIndexCodec.encode(index);
        }

        HnswIndex copy() {
            return HnswIndexCodec.decode(encoded, 0, encoded.length, storage);
        }
    }

    private static final Map<Metric, Fixture> FIXTURES = new EnumMap<>(Metric.class);

    static synchronized Fixture fixture(Metric metric) {
        return FIXTURES.computeIfAbsent(metric, Fixture::new);
    }

    static double meanRecall(HnswIndex index, float[] queries, OrdinalBitSet accept, int ef) {
        double sum = 0;
        for (int q = 0; q < QUERIES; q++) {
            SearchResults approx = index.search(queries, q * DIM, K, ef, accept);
            SearchResults truth = index.exactSearch(queries, q * DIM, K, accept);
            assertEquals(truth.size(), approx.size());
            sum += IndexTestSupport.recall(approx, truth);
        }
        return sum / QUERIES;
    }

    @ParameterizedTest
    @EnumSource(value = Metric.class, names = {"L2", "COSINE"})
    void recallAtDefaultEfSearch(Metric metric) {
        Fixture f = fixture(metric);
        double recall = meanRecall(f.index, f.queries, null, HnswConfig.DEFAULT_EF_SEARCH);
        assertTrue(recall >= MIN_RECALL, metric + " recall@10 = " + recall);
        // The graph really answers (no silent exact fallback) and a tiny ef is measurably worse than exact,
        // which shows the recall figure comes from the graph.
        assertFalse(f.index.search(f.queries, 0, K).exact());
        double lowEf = meanRecall(f.index, f.queries, null, 1);
        assertTrue(lowEf < recall, "ef=1 recall " + lowEf + " should be below " + recall);
    }

    @ParameterizedTest
    @EnumSource(value = Metric.class, names = {"L2", "COSINE"})
    void exactModeEqualsBruteForce(Metric metric) {
        Fixture f = fixture(metric);
        for (int q = 0; q < 20; q++) {
            SearchResults exact = f.index.exactSearch(f.queries, q * DIM, K, null);
            long[] truth = IndexTestSupport.bruteForce(f.storage.data(), N, DIM, metric, f.queries, q * DIM, K, null, null);
            assertTrue(exact.exact());
            assertEquals(truth.length, exact.size());
            for (int i = 0; i < truth.length; i++) {
                assertEquals(IndexTestSupport.ordinalOf(truth[i]), exact.ordinal(i));
                assertEquals(IndexTestSupport.distanceOf(truth[i]), exact.distance(i));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Metric.class, names = {"L2", "COSINE"})
    void serializeDeserializeGivesIdenticalResults(Metric metric) {
        Fixture f = fixture(metric);
        HnswIndex decoded = f.copy();
        assertEquals(N, decoded.size());
        assertArrayEquals(f.encoded, HnswIndexCodec.encode(decoded));
        for (int q = 0; q < QUERIES; q++) {
            SearchResults a = f.index.search(f.queries, q * DIM, K);
            SearchResults b = decoded.search(f.queries, q * DIM, K);
            assertArrayEquals(a.ordinals(), b.ordinals());
            assertArrayEquals(a.distances(), b.distances());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Metric.class, names = {"L2", "COSINE"})
    void thirtyPercentDeletedNeverReturnedAndRecallHolds(Metric metric) {
        Fixture f = fixture(metric);
        HnswIndex index = f.copy();
        OrdinalBitSet deleted = deleteThirtyPercent(index);
        double sum = 0;
        for (int q = 0; q < QUERIES; q++) {
            SearchResults approx = index.search(f.queries, q * DIM, K);
            for (int i = 0; i < approx.size(); i++) {
                assertFalse(deleted.get(approx.ordinal(i)), "deleted ordinal returned");
            }
            SearchResults truth = index.exactSearch(f.queries, q * DIM, K, null);
            long[] brute = IndexTestSupport.bruteForce(f.storage.data(), N, DIM, metric, f.queries, q * DIM, K, null, deleted);
            for (int i = 0; i < K; i++) {
                assertEquals(IndexTestSupport.ordinalOf(brute[i]), truth.ordinal(i));
            }
            assertEquals(K, approx.size());
            sum += IndexTestSupport.recall(approx, truth);
        }
        double recall = sum / QUERIES;
        assertTrue(recall >= MIN_RECALL, metric + " recall@10 with 30% deleted = " + recall);
    }

    private static OrdinalBitSet deleteThirtyPercent(HnswIndex index) {
        Random rnd = new Random(77);
        OrdinalBitSet deleted = new OrdinalBitSet(N);
        while (deleted.cardinality() < N * 3 / 10) {
            int o = rnd.nextInt(N);
            if (deleted.set(o)) {
                assertTrue(index.markDeleted(o));
            }
        }
        assertEquals(N * 3 / 10, index.deletedCount());
        return deleted;
    }

    @Test
    void compactionAfterDeletesRenumbersAndKeepsRecall() {
        Fixture f = fixture(Metric.L2);
        HnswIndex index = f.copy();
        OrdinalBitSet deleted = deleteThirtyPercent(index);
        HnswIndex.Compaction c = index.compact();
        HnswIndex rebuilt = c.index();
        int[] map = c.oldToNew();
        int live = N - deleted.cardinality();
        assertEquals(live, rebuilt.size());
        assertEquals(0, rebuilt.deletedCount());
        int expectedNext = 0;
        float[] a = new float[DIM];
        float[] b = new float[DIM];
        for (int o = 0; o < N; o++) {
            if (deleted.get(o)) {
                assertEquals(-1, map[o]);
            } else {
                assertEquals(expectedNext++, map[o], "survivors keep their order");
                f.storage.copyVector(o, a, 0);
                rebuilt.storage().copyVector(map[o], b, 0);
                assertArrayEquals(a, b);
            }
        }
        double recall = meanRecall(rebuilt, f.queries, null, HnswConfig.DEFAULT_EF_SEARCH);
        assertTrue(recall >= MIN_RECALL, "recall after compaction = " + recall);
        // Same answers as the tombstoned index's exact mode, mapped to new ordinals.
        for (int q = 0; q < 20; q++) {
            SearchResults before = index.exactSearch(f.queries, q * DIM, K, null);
            SearchResults after = rebuilt.exactSearch(f.queries, q * DIM, K, null);
            for (int i = 0; i < K; i++) {
                assertEquals(map[before.ordinal(i)], after.ordinal(i));
            }
        }
    }

    @Test
    void filtersAreRespectedAndStillFillK() {
        Fixture f = fixture(Metric.L2);
        HnswIndex index = f.copy();
        Random rnd = new Random(5);
        for (double fraction : new double[] {0.5, 0.2, 0.05, 0.035, 0.01}) {
            OrdinalBitSet accept = new OrdinalBitSet(N);
            for (int o = 0; o < N; o++) {
                if (rnd.nextDouble() < fraction) {
                    accept.set(o);
                }
            }
            double sum = 0;
            for (int q = 0; q < 40; q++) {
                SearchResults approx = index.search(f.queries, q * DIM, K, HnswConfig.DEFAULT_EF_SEARCH, accept);
                assertEquals(K, approx.size(), "k results at selectivity " + fraction);
                for (int i = 0; i < approx.size(); i++) {
                    assertTrue(accept.get(approx.ordinal(i)));
                }
                SearchResults truth = index.exactSearch(f.queries, q * DIM, K, accept);
                sum += IndexTestSupport.recall(approx, truth);
                if (fraction < SearchPolicy.EXACT_FRACTION) {
                    assertTrue(approx.exact(), "very selective filter scans");
                    assertArrayEquals(truth.ordinals(), approx.ordinals());
                }
            }
            assertTrue(sum / 40 >= MIN_RECALL, "filtered recall at " + fraction + " = " + sum / 40);
        }
        // Fewer accepted than k: all of them, nearest first, exactly.
        OrdinalBitSet few = new OrdinalBitSet(N);
        for (int o : new int[] {17, 4000, 19999, 123, 8}) {
            few.set(o);
        }
        SearchResults r = index.search(f.queries, 0, K, HnswConfig.DEFAULT_EF_SEARCH, few);
        assertEquals(5, r.size());
        assertArrayEquals(index.exactSearch(f.queries, 0, K, few).ordinals(), r.ordinals());
        // Filter combined with deletions.
        index.markDeleted(4000);
        SearchResults r2 = index.search(f.queries, 0, K, HnswConfig.DEFAULT_EF_SEARCH, few);
        assertEquals(4, r2.size());
        for (int i = 0; i < r2.size(); i++) {
            assertTrue(r2.ordinal(i) != 4000);
        }
        assertEquals(0, index.search(f.queries, 0, K, 64, new OrdinalBitSet()).size());
    }

    @ParameterizedTest
    @EnumSource(value = Metric.class, names = {"L2", "COSINE"})
    void sq8TraversalWithExactRerankKeepsRecall(Metric metric) {
        Fixture f = fixture(metric);
        HnswIndex index = f.copy();
        index.enableSq8();
        assertTrue(index.sq8Enabled());
        double recall = meanRecall(index, f.queries, null, HnswConfig.DEFAULT_EF_SEARCH);
        assertTrue(recall >= MIN_RECALL, metric + " SQ8 recall@10 = " + recall);
        // Re-ranked distances are exact f32 distances.
        SearchResults r = index.search(f.queries, 0, K);
        long[] brute = IndexTestSupport.bruteForce(f.storage.data(), N, DIM, metric, f.queries, 0, N, null, null);
        for (int i = 0; i < r.size(); i++) {
            int o = r.ordinal(i);
            boolean found = false;
            for (long p : brute) {
                if (IndexTestSupport.ordinalOf(p) == o) {
                    assertEquals(IndexTestSupport.distanceOf(p), r.distance(i));
                    found = true;
                    break;
                }
            }
            assertTrue(found);
        }
        // The SQ8 flag and quantizer survive the codec.
        byte[] bytes = HnswIndexCodec.encode(index);
        HnswIndex decoded = HnswIndexCodec.decode(bytes, 0, bytes.length, f.storage);
        assertTrue(decoded.sq8Enabled());
        for (int q = 0; q < 20; q++) {
            assertArrayEquals(index.search(f.queries, q * DIM, K).ordinals(), decoded.search(f.queries, q * DIM, K).ordinals());
        }
    }
}
