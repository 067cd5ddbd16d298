package dev.rvf.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKTest {

    record Entry(float distance, long id) {
    }

    static final Comparator<Entry> ORDER = (x, y) -> {
        int c = Float.compare(x.distance, y.distance);
        return c != 0 ? c : Long.compareUnsigned(x.id, y.id);
    };

    static List<Entry> randomEntries(Random rnd, int n, boolean ties) {
        List<Entry> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float d = ties ? rnd.nextInt(5) * 0.5f : (float) rnd.nextGaussian();
            long id = rnd.nextInt(4) == 0 ? rnd.nextLong() : rnd.nextInt(1000); // some ids above 2^63 (negative)
            list.add(new Entry(d, id));
        }
        return list;
    }

    @Test
    void topKEqualsPrefixOfFullSort() {
        Random rnd = new Random(1);
        for (int trial = 0; trial < 300; trial++) {
            int n = rnd.nextInt(200);
            int k = 1 + rnd.nextInt(40);
            List<Entry> entries = randomEntries(rnd, n, trial % 2 == 0);
            TopK top = new TopK(k);
            for (Entry e : entries) {
                top.offer(e.distance, e.id);
            }
            List<Entry> sorted = new ArrayList<>(entries);
            sorted.sort(ORDER);
            int expected = Math.min(k, n);
            assertEquals(expected, top.size());
            if (expected == k) {
                assertEquals(sorted.get(k - 1).distance, top.worstDistance());
            }
            float[] d = new float[k];
            long[] ids = new long[k];
            assertEquals(expected, top.drainSorted(d, ids));
            for (int i = 0; i < expected; i++) {
                assertEquals(sorted.get(i).distance, d[i]);
                assertEquals(sorted.get(i).id, ids[i]);
            }
            assertEquals(0, top.size());
        }
    }

    @Test
    void tieBreakIsIndependentOfOfferOrder() {
        TopK a = new TopK(2);
        TopK b = new TopK(2);
        long[] ids = {5, 3, -1L /* u64 max */, 4};
        for (long id : ids) {
            a.offer(1f, id);
        }
        for (int i = ids.length - 1; i >= 0; i--) {
            b.offer(1f, ids[i]);
        }
        float[] d = new float[2];
        long[] ra = new long[2];
        long[] rb = new long[2];
        a.drainSorted(d, ra);
        b.drainSorted(d, rb);
        assertArrayEquals(new long[] {3, 4}, ra);
        assertArrayEquals(ra, rb);
    }

    @Test
    void nanRanksLastAndRejectionWorks() {
        TopK top = new TopK(2);
        assertTrue(top.offer(Float.NaN, 1));
        assertTrue(top.offer(5f, 2));
        assertEquals(Float.NaN, top.worstDistance());
        assertTrue(top.offer(Float.POSITIVE_INFINITY, 3)); // evicts NaN
        assertFalse(top.offer(Float.NaN, 0));
        assertTrue(top.offer(6f, 9)); // evicts infinity
        assertFalse(top.offer(7f, 10));
        assertTrue(top.offer(-1f, 7));
        float[] d = new float[2];
        long[] ids = new long[2];
        top.drainSorted(d, ids);
        assertArrayEquals(new long[] {7, 2}, ids);
    }

    @Test
    void mergeSortedEqualsGlobalSort() {
        Random rnd = new Random(2);
        for (int trial = 0; trial < 200; trial++) {
            int lists = 1 + rnd.nextInt(5);
            int k = 1 + rnd.nextInt(20);
            float[][] ds = new float[lists][];
            long[][] is = new long[lists][];
            int[] counts = new int[lists];
            List<Entry> all = new ArrayList<>();
            for (int j = 0; j < lists; j++) {
                List<Entry> part = randomEntries(rnd, rnd.nextInt(25), trial % 3 == 0);
                part.sort(ORDER);
                int c = Math.min(k, part.size());
                ds[j] = new float[c + 2];
                is[j] = new long[c + 2];
                for (int i = 0; i < c; i++) {
                    ds[j][i] = part.get(i).distance;
                    is[j][i] = part.get(i).id;
                    all.add(part.get(i));
                }
                counts[j] = c;
            }
            all.sort(ORDER);
            float[] od = new float[k];
            long[] oi = new long[k];
            int n = TopK.mergeSorted(k, ds, is, counts, od, oi);
            assertEquals(Math.min(k, all.size()), n);
            for (int i = 0; i < n; i++) {
                assertEquals(all.get(i).distance, od[i]);
                assertEquals(all.get(i).id, oi[i]);
            }
            // offerAll gives the same answer.
            TopK merged = new TopK(k);
            for (int j = 0; j < lists; j++) {
                TopK part = new TopK(k);
                for (int i = 0; i < counts[j]; i++) {
                    part.offer(ds[j][i], is[j][i]);
                }
                merged.offerAll(part);
                assertEquals(counts[j], part.size());
            }
            float[] md = new float[k];
            long[] mi = new long[k];
            assertEquals(n, merged.drainSorted(md, mi));
            for (int i = 0; i < n; i++) {
                assertEquals(oi[i], mi[i]);
            }
        }
    }

    @Test
    void badArguments() {
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(RvfException.class, () -> new TopK(0)).errorCode());
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> new TopK(TopK.MAX_K + 1)).errorCode());
        TopK top = new TopK(3);
        top.offer(1f, 1);
        top.offer(2f, 2);
        assertEquals(ErrorCode.BUFFER_TOO_SMALL,
                assertThrows(RvfException.class, () -> top.drainSorted(new float[1], new long[1])).errorCode());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(RvfException.class,
                () -> TopK.mergeSorted(2, new float[][] {{1f}}, new long[][] {{1}}, new int[] {2},
                        new float[2], new long[2])).errorCode());
    }
}
