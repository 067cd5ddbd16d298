package dev.rvf.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.kernels.CosineDistance;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Behaviour on small data: dot product, edge sizes, determinism, invariants, argument checks. */
class HnswSmallTest {

    static HnswIndex build(Metric metric, float[] data, int n, int dim, HnswConfig config) {
        VectorStorage storage = VectorStorage.forMetric(dim, metric, n);
        storage.addAll(data, 0, n);
        HnswIndex index = new HnswIndex(storage, metric, config);
        index.indexPending();
        return index;
    }

    @Test
    void dotProductOnSmallClusteredData() {
        int n = 3000;
        int dim = 16;
        ClusteredData source = new ClusteredData(dim, 20, 0.3f, 8);
        float[] data = source.points(n, 1);
        float[] queries = source.points(100, 2);
        HnswIndex index = build(Metric.DOT_PRODUCT, data, n, dim, HnswConfig.defaults());
        double sum = 0;
        for (int q = 0; q < 100; q++) {
            SearchResults approx = index.search(queries, q * dim, 10, 100, null);
            assertFalse(approx.exact());
            SearchResults exact = index.exactSearch(queries, q * dim, 10, null);
            long[] brute = IndexTestSupport.bruteForce(data, n, dim, Metric.DOT_PRODUCT, queries, q * dim, 10, null, null);
            for (int i = 0; i < 10; i++) {
                assertEquals(IndexTestSupport.ordinalOf(brute[i]), exact.ordinal(i));
                assertEquals(IndexTestSupport.distanceOf(brute[i]), exact.distance(i));
            }
            for (int i = 1; i < approx.size(); i++) {
                assertTrue(approx.distance(i - 1) <= approx.distance(i));
            }
            sum += IndexTestSupport.recall(approx, exact);
        }
        // Inner product is not a metric, so HNSW is weaker on it; still well above chance.
        assertTrue(sum / 100 >= 0.9, "dot-product recall@10 = " + sum / 100);
    }

    @Test
    void emptySingleAndTinyIndexes() {
        VectorStorage storage = VectorStorage.forMetric(3, Metric.L2, 0);
        HnswIndex index = new HnswIndex(storage, Metric.L2, HnswConfig.defaults());
        float[] q = {0, 0, 0};
        assertEquals(0, index.search(q, 0, 5).size());
        assertEquals(0, index.exactSearch(q, 0, 5, null).size());
        index.add(new float[] {1, 1, 1}, 0);
        SearchResults one = index.search(q, 0, 5);
        assertEquals(1, one.size());
        assertEquals(3f, one.distance(0));
        for (int i = 2; i <= 40; i++) {
            index.add(new float[] {i, i, i}, 0);
        }
        SearchResults r = index.search(q, 0, 100);
        assertEquals(40, r.size(), "k above size returns everything");
        for (int i = 0; i < 40; i++) {
            assertEquals(i, r.ordinal(i));
        }
        index.markDeleted(0);
        assertEquals(1, index.search(q, 0, 1).ordinal(0));
        assertFalse(index.markDeleted(0));
        assertTrue(index.isDeleted(0));
    }

    @Test
    void graphSearchOnMidSizeDataAndTiesBreakBySmallerOrdinal() {
        // 1000 copies of 10 distinct points: massive ties. Results must be the smallest ordinals among equals.
        int dim = 4;
        int n = 1000;
        float[] data = new float[n * dim];
        for (int i = 0; i < n; i++) {
            data[i * dim] = i % 10;
        }
        HnswIndex index = build(Metric.L2, data, n, dim, HnswConfig.defaults());
        float[] q = {3, 0, 0, 0};
        SearchResults exact = index.exactSearch(q, 0, 5, null);
        assertArrayEquals(new int[] {3, 13, 23, 33, 43}, exact.ordinals());
        SearchResults approx = index.search(q, 0, 5, 64, null);
        for (int i = 0; i < approx.size(); i++) {
            assertEquals(0f, approx.distance(i));
            assertEquals(3, approx.ordinal(i) % 10);
        }
    }

    @Test
    void buildsAreReproducibleAndSeedMatters() {
        int n = 1500;
        int dim = 8;
        float[] data = new ClusteredData(dim, 10, 0.2f, 3).points(n, 4);
        byte[] a = HnswIndexCodec.encode(build(Metric.L2, data, n, dim, HnswConfig.defaults()));
        byte[] b = HnswIndexCodec.encode(build(Metric.L2, data, n, dim, HnswConfig.defaults()));
        byte[] c = HnswIndexCodec.encode(build(Metric.L2, data, n, dim, HnswConfig.defaults().withSeed(7)));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void decodedIndexContinuesExactlyLikeTheOriginal() {
        int dim = 8;
        float[] data = new ClusteredData(dim, 10, 0.2f, 3).points(1500, 4);
        HnswIndex original = build(Metric.COSINE, data, 1000, dim, HnswConfig.defaults().withM(8).withEfConstruction(50));
        byte[] bytes = HnswIndexCodec.encode(original);
        VectorStorage copyStorage = VectorStorage.forMetric(dim, Metric.COSINE, 1500);
        copyStorage.addAll(data, 0, 1000);
        HnswIndex decoded = HnswIndexCodec.decode(bytes, 0, bytes.length, copyStorage);
        assertEquals(8, decoded.config().m());
        assertEquals(50, decoded.config().efConstruction());
        for (int i = 1000; i < 1500; i++) {
            original.add(data, i * dim);
            decoded.add(data, i * dim);
        }
        assertArrayEquals(HnswIndexCodec.encode(original), HnswIndexCodec.encode(decoded));
        // Vectors appended to the storage before decoding are indexed as pending.
        VectorStorage longer = VectorStorage.forMetric(dim, Metric.COSINE, 1500);
        longer.addAll(data, 0, 1500);
        HnswIndex pending = HnswIndexCodec.decode(bytes, 0, bytes.length, longer);
        assertEquals(500, pending.pendingCount());
        pending.indexPending();
        assertArrayEquals(HnswIndexCodec.encode(original), HnswIndexCodec.encode(pending));
    }

    @Test
    void graphInvariantsHold() {
        int n = 4000;
        int dim = 12;
        float[] data = new ClusteredData(dim, 30, 0.3f, 5).points(n, 6);
        HnswIndex index = build(Metric.L2, data, n, dim, HnswConfig.defaults().withM(6));
        HnswGraph g = index.graph();
        int maxLevel = -1;
        int upperNodes = 0;
        int[] nodesOnLevel = new int[HnswGraph.MAX_LEVEL + 1];
        for (int node = 0; node < n; node++) {
            for (int level = 0; level <= g.levelOf(node); level++) {
                nodesOnLevel[level]++;
            }
        }
        for (int node = 0; node < n; node++) {
            int top = g.levelOf(node);
            maxLevel = Math.max(maxLevel, top);
            upperNodes += top > 0 ? 1 : 0;
            for (int level = 0; level <= top; level++) {
                int count = g.neighborCount(node, level);
                assertTrue(count <= g.maxConn(level));
                if (nodesOnLevel[level] > 1) {
                    assertTrue(count > 0, "every node is linked (node " + node + " level " + level + ")");
                }
                boolean[] seen = new boolean[n];
                for (int i = 0; i < count; i++) {
                    int nb = g.neighbor(node, level, i);
                    assertTrue(nb >= 0 && nb < n && nb != node);
                    assertTrue(g.levelOf(nb) >= level);
                    assertFalse(seen[nb]);
                    seen[nb] = true;
                }
            }
        }
        assertEquals(maxLevel, g.maxLevel());
        assertEquals(maxLevel, g.levelOf(g.entryPoint()));
        // mL = 1/ln(6): P(level >= 1) = 1/6
        assertEquals(n / 6.0, upperNodes, n / 6.0 * 0.2);
    }

    @Test
    void cosineZeroVectorIsAtDistanceOne() {
        int dim = 4;
        float[] data = new float[600 * dim];
        java.util.Random rnd = new java.util.Random(1);
        for (int i = dim; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        HnswIndex index = build(Metric.COSINE, data, 600, dim, HnswConfig.defaults());
        float[] q = {1, 0, 0, 0};
        SearchResults all = index.exactSearch(q, 0, 600, null);
        for (int i = 0; i < all.size(); i++) {
            if (all.ordinal(i) == 0) {
                assertEquals(CosineDistance.ZERO_NORM_DISTANCE, all.distance(i));
            }
        }
        SearchResults fromZero = index.exactSearch(new float[dim], 0, 3, null);
        assertEquals(3, fromZero.size());
        assertArrayEquals(new int[] {0, 1, 2}, fromZero.ordinals(), "all at distance 1: ties by ordinal");
    }

    @Test
    void argumentChecks() {
        HnswIndex index = build(Metric.L2, new float[] {1, 2, 3, 4, 5, 6}, 2, 3, HnswConfig.defaults());
        assertEquals(ErrorCode.DIMENSION_MISMATCH,
                assertThrows(RvfException.class, () -> index.search(new float[2], 0, 1)).errorCode());
        assertEquals(ErrorCode.DIMENSION_MISMATCH,
                assertThrows(RvfException.class, () -> index.search(new float[4], 2, 1)).errorCode());
        assertEquals(ErrorCode.DIMENSION_MISMATCH,
                assertThrows(RvfException.class, () -> index.search(null, 0, 1)).errorCode());
        assertEquals(ErrorCode.NON_FINITE,
                assertThrows(RvfException.class, () -> index.search(new float[] {1, Float.NaN, 0}, 0, 1)).errorCode());
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> index.search(new float[3], 0, 0)).errorCode());
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> index.search(new float[3], 0, 1, 0, null)).errorCode());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(RvfException.class, () -> index.markDeleted(2)).errorCode());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(RvfException.class, () -> index.markDeleted(-1)).errorCode());
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> HnswConfig.defaults().withM(1)).errorCode());
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> HnswConfig.defaults().withM(HnswConfig.MAX_M + 1)).errorCode());
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> HnswConfig.defaults().withEfConstruction(0)).errorCode());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(RvfException.class,
                () -> new HnswIndex(new ArrayVectorStorage(3, false, 1), Metric.COSINE, HnswConfig.defaults())).errorCode());
        VectorStorage empty = VectorStorage.forMetric(3, Metric.L2, 0);
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> new HnswIndex(empty, Metric.L2, HnswConfig.defaults()).enableSq8())
                        .errorCode());
    }

    @Test
    void searchPolicyDecisions() {
        assertTrue(SearchPolicy.preferExact(10, 100_000, 10, 64), "fewer accepted than ef");
        assertTrue(SearchPolicy.preferExact(500, 100_000, 10, 64), "small accepted set");
        assertTrue(SearchPolicy.preferExact(2_999, 100_000, 10, 64), "under 3%");
        assertFalse(SearchPolicy.preferExact(3_000, 100_000, 10, 64));
        assertFalse(SearchPolicy.preferExact(100_000, 100_000, 10, 64));
        assertTrue(SearchPolicy.preferExact(400, 400, 10, 64), "tiny index");
        assertEquals(Integer.MAX_VALUE, SearchPolicy.visitLimit(100, 100));
        assertEquals(70, SearchPolicy.visitLimit(70, 100));
    }
}
