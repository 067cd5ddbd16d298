package dev.rvf.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The array form of query gives the list form's hits, reuses the caller's arrays, and refuses arrays too short. */
class QueryIntoArraysTest {
    @Test
    void arraysHoldTheSameHitsAsTheList() {
        Random rnd = new Random(5);
        int dim = 9;
        RvfStore s = RvfStore.create(dim, Metric.COSINE);
        try {
            int n = 600;
            float[] v = new float[n * dim];
            long[] ids = new long[n];
            for (int i = 0; i < n; i++) {
                ids[i] = 1000 + (i % 7 == 0 ? -i : i); // ids not in ordinal order
                for (int d = 0; d < dim; d++) {
                    v[i * dim + d] = (float) rnd.nextGaussian();
                }
            }
            s.ingest(v, ids, null);
            long[] hitIds = new long[40];
            float[] hitDistances = new float[40];
            for (int t = 0; t < 30; t++) {
                float[] q = new float[dim];
                for (int d = 0; d < dim; d++) {
                    q[d] = (float) rnd.nextGaussian();
                }
                int k = 1 + t;
                for (QueryOptions o : new QueryOptions[] {QueryOptions.defaults(),
                        QueryOptions.defaults().withExact(true), QueryOptions.defaults().withEfSearch(12)}) {
                    List<SearchHit> list = s.query(q, k, o);
                    int got = s.query(q, k, o, hitIds, hitDistances);
                    assertEquals(list.size(), got);
                    for (int i = 0; i < got; i++) {
                        assertEquals(list.get(i).id(), hitIds[i], "id " + i);
                        assertEquals(list.get(i).distance(), hitDistances[i], 0f, "distance " + i);
                    }
                }
            }
            long[] small = {-1, -1};
            float[] smallD = {-1, -1};
            RvfException e = assertThrows(RvfException.class,
                    () -> s.query(new float[dim], 3, null, small, smallD));
            assertEquals(ErrorCode.BUFFER_TOO_SMALL, e.errorCode());
            assertArrayEquals(new long[] {-1, -1}, small, "nothing written");
            assertArrayEquals(new float[] {-1, -1}, smallD, 0f, "nothing written");
        } finally {
            s.close();
        }
    }
}
