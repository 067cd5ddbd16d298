package dev.rvf.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** NeighborQueue, VisitedSet, OrdinalBitSet, VectorStorage, SplitMix64. */
class PrimitivesTest {

    @Test
    void neighborQueuePopsInDistanceThenNodeOrder() {
        Random rnd = new Random(3);
        for (boolean farthest : new boolean[] {false, true}) {
            NeighborQueue q = new NeighborQueue(2, farthest);
            List<long[]> ref = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                float d = rnd.nextInt(20) - 10 + (rnd.nextBoolean() ? 0.5f : 0f);
                int node = rnd.nextInt(1 << 30);
                q.push(node, d);
                ref.add(new long[] {Float.floatToIntBits(d), node});
            }
            ref.sort((a, b) -> {
                int c = Float.compare(Float.intBitsToFloat((int) a[0]), Float.intBitsToFloat((int) b[0]));
                return c != 0 ? c : Long.compare(a[1], b[1]);
            });
            if (farthest) {
                java.util.Collections.reverse(ref);
            }
            for (long[] e : ref) {
                assertEquals(Float.intBitsToFloat((int) e[0]), q.topDistance());
                assertEquals((int) e[1], q.topNode());
                assertEquals((int) e[1], q.pop());
            }
            assertEquals(0, q.size());
        }
    }

    @Test
    void boundedPushKeepsTheNearest() {
        NeighborQueue q = new NeighborQueue(4, true);
        Random rnd = new Random(5);
        List<long[]> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            float d = rnd.nextInt(50);
            q.pushBounded(i, d, 10);
            all.add(new long[] {(long) d, i});
        }
        all.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        assertEquals(10, q.size());
        int[] got = new int[10];
        for (int i = 9; i >= 0; i--) {
            got[i] = q.pop();
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(all.get(i)[1], got[i]);
        }
        NeighborQueue full = new NeighborQueue(2, true);
        full.pushBounded(1, 1f, 2);
        full.pushBounded(2, 2f, 2);
        assertFalse(full.pushBounded(3, 2f, 2), "equal distance, larger node: not better");
        assertTrue(full.pushBounded(0, 2f, 2), "equal distance, smaller node: better");
        assertEquals(0, full.topNode());
    }

    @Test
    void visitedSetResetsCheaplyAndGrows() {
        VisitedSet v = new VisitedSet();
        v.reset(10);
        assertTrue(v.visit(3));
        assertFalse(v.visit(3));
        v.reset(10);
        assertTrue(v.visit(3));
        v.reset(100);
        assertTrue(v.visit(99));
        assertTrue(v.visit(3));
        for (int i = 0; i < 1000; i++) {
            v.reset(100);
            assertTrue(v.visit(7));
            assertFalse(v.visit(7));
        }
    }

    @Test
    void ordinalBitSetMatchesJavaBitSet() {
        Random rnd = new Random(9);
        OrdinalBitSet s = new OrdinalBitSet(10);
        BitSet ref = new BitSet();
        for (int i = 0; i < 5000; i++) {
            int o = rnd.nextInt(3000);
            if (rnd.nextInt(3) == 0) {
                assertEquals(ref.get(o), s.clear(o));
                ref.clear(o);
            } else {
                assertEquals(!ref.get(o), s.set(o));
                ref.set(o);
            }
        }
        assertEquals(ref.cardinality(), s.cardinality());
        for (int o = -1, r = ref.nextSetBit(0); ; r = ref.nextSetBit(r + 1)) {
            o = s.nextSetBit(o + 1);
            assertEquals(r, o);
            if (r < 0) {
                break;
            }
        }
        assertFalse(s.get(-5));
        assertFalse(s.get(1 << 30));
        OrdinalBitSet exclude = new OrdinalBitSet();
        BitSet refEx = new BitSet();
        for (int i = 0; i < 700; i++) {
            int o = rnd.nextInt(3500);
            exclude.set(o);
            refEx.set(o);
        }
        for (int limit : new int[] {0, 1, 63, 64, 65, 2999, 3500}) {
            OrdinalBitSet and = OrdinalBitSet.andNot(s, exclude, limit);
            BitSet expected = (BitSet) ref.clone();
            expected.andNot(refEx);
            expected.clear(limit, Integer.MAX_VALUE);
            assertEquals(expected.cardinality(), and.cardinality(), "limit " + limit);
            for (int o = 0; o < 3600; o++) {
                assertEquals(expected.get(o), and.get(o));
            }
            OrdinalBitSet notEx = OrdinalBitSet.andNot(null, exclude, limit);
            BitSet expectedAll = new BitSet();
            expectedAll.set(0, limit);
            expectedAll.andNot(refEx);
            assertEquals(expectedAll.cardinality(), notEx.cardinality());
        }
        // One scratch set reused from larger to smaller limits (as a search reuses it) equals a fresh andNot.
        OrdinalBitSet scratch = new OrdinalBitSet();
        for (int limit : new int[] {3500, 2999, 65, 64, 63, 1, 0, 3000}) {
            scratch.setAndNot(s, exclude, limit);
            OrdinalBitSet fresh = OrdinalBitSet.andNot(s, exclude, limit);
            assertEquals(fresh.cardinality(), scratch.cardinality(), "reused at limit " + limit);
            for (int o = 0; o < 3600; o++) {
                assertEquals(fresh.get(o), scratch.get(o));
            }
        }
        assertThrows(RvfException.class, () -> scratch.setAndNot(scratch, exclude, 10));
        assertThrows(RvfException.class, () -> s.set(-1));
    }

    @Test
    void vectorStorageLoadsFromASourceAndRejectsNonFiniteOnes() {
        VectorStorage s = new ArrayVectorStorage(2, true, 1);
        s.add(new float[] {3, 4}, 0);
        float[] src = {1, 0, 0, 2, 6, 8};
        assertEquals(1, s.addAll((first, count, dst, off) -> System.arraycopy(src, first * 2, dst, off, count * 2),
                1, 2));
        assertEquals(3, s.size());
        float[] out = new float[2];
        s.copyVector(2, out, 0);
        assertArrayEquals(new float[] {6, 8}, out);
        assertEquals(10f, s.norm(2));
        RvfException e = assertThrows(RvfException.class, () -> s.addAll(
                (first, count, dst, off) -> dst[off + 1] = Float.NaN, 0, 1));
        assertEquals(ErrorCode.NON_FINITE, e.errorCode());
        assertEquals(3, s.size(), "nothing added");
        assertEquals(5f, s.norm(0));
    }

    @Test
    void batchedScoringEqualsSingleDistancesBitForBit() {
        Random rnd = new Random(9);
        for (Metric metric : Metric.values()) {
            VectorStorage s = VectorStorage.forMetric(13, metric, 4);
            float[] v = new float[40 * 13];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rnd.nextGaussian();
            }
            java.util.Arrays.fill(v, 5 * 13, 6 * 13, 0f); // a zero vector: cosine's zero-norm rule
            s.addAll(v, 0, 40);
            VectorScoring scoring = VectorScoring.of(s, metric);
            int[] others = new int[12];
            for (int i = 0; i < others.length; i++) {
                others[i] = rnd.nextInt(40);
            }
            others[3] = 5;
            float[] out = new float[12];
            for (int a : new int[] {0, 5, 17}) {
                for (int count = 0; count <= 10; count++) {
                    scoring.distances(a, others, 2, count, out);
                    for (int j = 0; j < count; j++) {
                        assertEquals(scoring.distance(a, others[2 + j]), out[j], 0f, metric + " node batch");
                    }
                }
                OrdinalScorer scorer = scoring.node(a);
                scorer.distances(others, 11, out);
                for (int j = 0; j < 11; j++) {
                    assertEquals(scorer.distance(others[j]), out[j], 0f, metric + " query batch");
                    assertEquals(scoring.distance(a, others[j]), out[j], 0f, metric + " node vs query scorer");
                }
                scorer.distanceRange(3, 9, out);
                for (int j = 0; j < 9; j++) {
                    assertEquals(scorer.distance(3 + j), out[j], 0f, metric + " range");
                }
            }
        }
    }

    @Test
    void vectorStorageGrowsAndCachesNorms() {
        VectorStorage s = VectorStorage.forMetric(3, Metric.COSINE, 0);
        assertTrue(s.cachesNorms());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, s.add(new float[] {9, i, 0, 4}, 1));
        }
        assertEquals(100, s.size());
        float[] out = new float[3];
        s.copyVector(42, out, 0);
        assertArrayEquals(new float[] {42, 0, 4}, out);
        assertEquals((float) Math.sqrt(42 * 42 + 16), s.norm(42), 1e-4f);
        assertEquals(s.norms()[42], s.norm(42));
        assertEquals(ErrorCode.NON_FINITE,
                assertThrows(RvfException.class, () -> s.add(new float[] {1, Float.NaN, 2}, 0)).errorCode());
        assertEquals(100, s.size(), "rejected vector not added");
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> s.add(new float[] {1, 2}, 0)).errorCode());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(RvfException.class, () -> s.norm(100)).errorCode());
        VectorStorage plain = VectorStorage.forMetric(2, Metric.DOT_PRODUCT, 4);
        assertNull(plain.norms());
        plain.addAll(new float[] {3, 4, 6, 8}, 0, 2);
        assertEquals(10f, plain.norm(1));
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> new ArrayVectorStorage(0, false, 1)).errorCode());
        assertEquals(ErrorCode.LIMIT_EXCEEDED,
                assertThrows(RvfException.class, () -> new ArrayVectorStorage(1 << 20, false, 1 << 12)).errorCode());
    }

    @Test
    void splitMixIsDeterministicAndUniformish() {
        SplitMix64 a = new SplitMix64(42);
        SplitMix64 b = new SplitMix64(42);
        double sum = 0;
        for (int i = 0; i < 10000; i++) {
            double x = a.nextDouble();
            assertEquals(x, b.nextDouble());
            assertTrue(x >= 0 && x < 1);
            sum += x;
        }
        assertEquals(0.5, sum / 10000, 0.02);
        SplitMix64 c = new SplitMix64(a.state());
        assertEquals(a.nextLong(), c.nextLong());
    }
}
