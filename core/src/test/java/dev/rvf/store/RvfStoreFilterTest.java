package dev.rvf.store;

import static dev.rvf.store.StoreTestSupport.assertSameHits;
import static dev.rvf.store.StoreTestSupport.bruteForce;
import static dev.rvf.store.StoreTestSupport.options;
import static dev.rvf.store.StoreTestSupport.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.Metric;
import dev.rvf.filter.FilterExpr;
import dev.rvf.filter.Value;
import dev.rvf.index.ClusteredData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Filtered queries and deleteByFilter against a naive check: every hit matches, k come back when k match, and
 * exact + filter equals brute force over the matching vectors.
 */
class RvfStoreFilterTest {
    private static final int DIM = 12;
    private static final int N = 3000;

    /** "bucket" = i % 100 (so "bucket < p" keeps p%), "kind" = a/b/c, "flag" on every 7th, "name" = "n" + i. */
    private static List<Map<String, Value>> rows(int n) {
        List<Map<String, Value>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Value> row = new LinkedHashMap<>();
            row.put("bucket", Value.of(i % 100));
            row.put("kind", Value.of(i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : "c"));
            if (i % 7 == 0) {
                row.put("flag", Value.of(true));
            }
            row.put("name", Value.of("n" + i));
            out.add(row);
        }
        return out;
    }

    private static RvfStore store() {
        ClusteredData data = new ClusteredData(DIM, 30, 0.15f, 21);
        RvfStore s = RvfStore.create(DIM, Metric.L2, options("filters"));
        s.ingest(data.points(N, 1), range(0, N), rows(N));
        return s;
    }

    /** A re-implementation of the filter semantics over the store's metadata map (the naive check). */
    private static boolean matches(Map<String, Value> row, String which) {
        if (row == null) {
            return false;
        }
        Value bucket = row.get("bucket");
        switch (which) {
            case "selective":
                return bucket != null && bucket.number() < 1;
            case "medium":
                return bucket != null && bucket.number() >= 10 && bucket.number() < 30
                        && !Value.of("a").equals(row.get("kind"));
            case "broad":
                return !Value.of(true).equals(row.get("flag"));
            case "flagged":
                return Value.of(true).equals(row.get("flag"));
            default:
                throw new IllegalArgumentException(which);
        }
    }

    private static FilterExpr filter(String which) {
        switch (which) {
            case "selective":
                return FilterExpr.compare(FilterExpr.Op.LT, "bucket", Value.of(1));
            case "medium":
                return FilterExpr.and(List.of(FilterExpr.range("bucket", Value.of(10), Value.of(30)),
                        FilterExpr.compare(FilterExpr.Op.NE, "kind", Value.of("a"))));
            case "broad":
                return FilterExpr.not(FilterExpr.eq("flag", Value.of(true)));
            case "flagged":
                return FilterExpr.eq("flag", Value.of(true));
            default:
                throw new IllegalArgumentException(which);
        }
    }

    @Test
    void filteredQueriesReturnOnlyMatchesAndKOfThem() {
        RvfStore s = store();
        ClusteredData data = new ClusteredData(DIM, 30, 0.15f, 21);
        float[] qs = data.points(15, 77);
        for (String which : List.of("selective", "medium", "broad", "flagged")) {
            FilterExpr f = filter(which);
            int matching = 0;
            for (long id : s.liveIds()) {
                if (matches(s.metadata(id), which)) {
                    matching++;
                }
            }
            assertTrue(matching > 0);
            for (int qi = 0; qi < 15; qi++) {
                float[] q = StoreTestSupport.row(qs, qi, DIM);
                for (int k : new int[] {1, 10, 50}) {
                    List<SearchHit> approx = s.query(q, k, QueryOptions.defaults().withFilter(f));
                    assertEquals(Math.min(k, matching), approx.size(), which + " k=" + k);
                    for (SearchHit h : approx) {
                        assertTrue(matches(s.metadata(h.id()), which), which + ": hit " + h.id() + " does not match");
                    }
                    List<SearchHit> exact = s.query(q, k, QueryOptions.defaults().withFilter(f).withExact(true));
                    assertSameHits(bruteForce(s, q, k, id -> matches(s.metadata(id), which)), exact,
                            which + " exact k=" + k);
                }
            }
        }
    }

    @Test
    void filtersSeeDeletesAndReplacements() {
        RvfStore s = store();
        float[] q = new ClusteredData(DIM, 30, 0.15f, 21).points(1, 5);
        FilterExpr flagged = filter("flagged");
        s.delete(new long[] {0, 7, 14});
        s.ingest(new float[DIM], new long[] {21}, null); // replaced without metadata: no longer flagged
        List<SearchHit> hits = s.query(q, 1000, QueryOptions.defaults().withFilter(flagged));
        assertEquals((N + 6) / 7 - 4, hits.size());
        for (SearchHit h : hits) {
            assertTrue(h.id() % 7 == 0 && h.id() > 21, "hit " + h.id());
        }
        assertTrue(s.query(q, 10, QueryOptions.defaults().withFilter(FilterExpr.eq("nope", Value.of(1)))).isEmpty());
        assertTrue(s.query(q, 10, QueryOptions.defaults().withFilter(FilterExpr.or(List.of()))).isEmpty());
        assertEquals(10, s.query(q, 10, QueryOptions.defaults().withFilter(FilterExpr.and(List.of()))).size());
    }

    @Test
    void deleteByFilterDeletesExactlyTheMatchingLiveVectors() {
        RvfStore s = store();
        long epoch = s.status().epoch();
        DeleteResult r = s.deleteByFilter(filter("medium"));
        int expected = 0;
        for (int i = 0; i < N; i++) {
            if (i % 100 >= 10 && i % 100 < 30 && i % 3 != 0) {
                expected++;
            }
        }
        assertEquals(expected, r.deleted());
        assertEquals(epoch + 1, r.epoch());
        assertEquals(N - expected, s.status().totalVectors());
        for (long id = 0; id < N; id++) {
            boolean shouldBeGone = id % 100 >= 10 && id % 100 < 30 && id % 3 != 0;
            assertEquals(!shouldBeGone, s.contains(id), "id " + id);
            if (shouldBeGone) {
                assertNull(s.metadata(id));
            }
        }
        assertEquals(0, s.deleteByFilter(filter("medium")).deleted());
        // the deletes reach the file
        RvfStore r2 = RvfStore.open(s.export());
        assertEquals(N - expected, r2.status().totalVectors());
        assertFalse(r2.contains(11));
        assertTrue(r2.query(new float[DIM], 50, QueryOptions.defaults().withFilter(filter("medium"))).isEmpty());
    }

    @Test
    void metadataKindsAndFieldsRoundTripThroughMeta() {
        RvfStore s = RvfStore.create(3, Metric.COSINE, options("kinds"));
        Map<String, Value> row = new LinkedHashMap<>();
        row.put("s", Value.of("héllo ✓ \uD83D\uDE00"));
        row.put("n", Value.of(-0.5));
        row.put("big", Value.of(9.007199254740993E15));
        row.put("t", Value.of(true));
        row.put("f", Value.of(false));
        List<Map<String, Value>> rows = new ArrayList<>();
        rows.add(row);
        rows.add(null);
        rows.add(Map.of());
        s.ingest(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new long[] {1, 2, 3}, rows);
        RvfStore r = RvfStore.open(s.export());
        assertEquals(row, r.metadata(1));
        assertEquals(Map.of(), r.metadata(2));
        assertEquals(Map.of(), r.metadata(3));
        assertEquals(1, r.query(new float[] {1, 1, 1}, 3,
                QueryOptions.defaults().withFilter(FilterExpr.eq("t", Value.of(true)))).size());
    }
}
