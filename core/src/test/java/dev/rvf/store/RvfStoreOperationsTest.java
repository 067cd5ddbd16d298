package dev.rvf.store;

import static dev.rvf.store.StoreTestSupport.assertCode;
import static dev.rvf.store.StoreTestSupport.assertSameHits;
import static dev.rvf.store.StoreTestSupport.bruteForce;
import static dev.rvf.store.StoreTestSupport.ids;
import static dev.rvf.store.StoreTestSupport.options;
import static dev.rvf.store.StoreTestSupport.random;
import static dev.rvf.store.StoreTestSupport.range;
import static dev.rvf.store.StoreTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.filter.FilterExpr;
import dev.rvf.filter.MetadataCodec;
import dev.rvf.filter.MetadataTable;
import dev.rvf.filter.Value;
import dev.rvf.format.CompactionResult;
import dev.rvf.format.RvfFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every store operation, its results and its error paths. */
class RvfStoreOperationsTest {
    private static final int DIM = 8;

    private static RvfStore storeWith(int n, Metric metric, String seed) {
        RvfStore s = RvfStore.create(DIM, metric, options(seed));
        s.ingest(random(new Random(seed.hashCode()), n, DIM), range(1, n), null);
        return s;
    }

    @Test
    void createStartsEmptyWithOneManifest() {
        RvfStore s = RvfStore.create(DIM, Metric.COSINE, options("empty"));
        StoreStatus st = s.status();
        assertEquals(0, st.totalVectors());
        assertEquals(DIM, st.dimension());
        assertEquals(Metric.COSINE, st.metric());
        assertEquals(0, st.epoch());
        assertEquals(162, st.fileSize()); // one MANIFEST, as the reference's create
        assertEquals(1, st.totalSegments());
        assertEquals(0.0, st.deadSpaceRatio());
        assertEquals("empty", st.index().state());
        assertEquals(1, s.segments().size());
        assertTrue(s.query(new float[DIM], 5).isEmpty());
        assertEquals(32, s.fileId().length());
        assertEquals("00000000000000000000000000000000", s.parentId());
        assertEquals(0, s.lineageDepth());
        assertArrayEquals(RvfStore.create(DIM, Metric.COSINE, options("empty")).export(), s.export(),
                "same options and seed give the same file");
    }

    @Test
    void createRejectsBadArguments() {
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> RvfStore.create(0, Metric.L2));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> RvfStore.create(65536, Metric.L2));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> RvfStore.create(4, null));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> RvfStore.create(4, Metric.L2, options("x").withReadOnly(true)));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> StoreOptions.defaults().withM(1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> StoreOptions.defaults().withEfSearch(-1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> StoreOptions.defaults().withProfile(256));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> QueryOptions.defaults().withEfSearch(1 << 17));
        assertEquals(1, RvfStore.create(1, Metric.L2).dimension());
        assertEquals(65535, RvfStore.create(65535, Metric.L2).dimension());
    }

    @Test
    void defaultFileIdsDiffer() {
        assertFalse(RvfStore.create(4, Metric.L2).fileId().equals(RvfStore.create(4, Metric.L2).fileId()));
    }

    @Test
    void ingestQueryAndStatus() {
        Random rnd = new Random(1);
        float[] v = random(rnd, 40, DIM);
        RvfStore s = RvfStore.create(DIM, Metric.L2, options("iq"));
        IngestResult r = s.ingest(v, range(100, 40), null);
        assertEquals(40, r.accepted());
        assertEquals(0, r.rejected());
        assertEquals(1, r.epoch());
        StoreStatus st = s.status();
        assertEquals(40, st.totalVectors());
        assertEquals(1, st.epoch());
        assertEquals(4, st.totalSegments()); // MANIFEST, VEC, WITNESS, MANIFEST
        // 162 (create) + VEC 64+6+40*(8+32) + WITNESS 64+45+23 + MANIFEST 64+22+3*25+4+72, as the reference writes
        assertEquals(162 + 1670 + 132 + 237, st.fileSize());
        assertEquals(40, st.index().nodes());
        assertEquals("built", st.index().state());
        assertFalse(st.index().persisted());
        byte[] exported = s.export(); // appends the INDEX segment and a MANIFEST
        assertEquals(exported.length, s.status().fileSize());
        assertTrue(s.status().index().persisted());
        assertEquals(2, s.status().epoch());
        for (int i = 0; i < 5; i++) {
            float[] q = random(rnd, 1, DIM);
            List<SearchHit> hits = s.query(q, 7);
            assertSameHits(bruteForce(s, q, 7, null), hits, "query " + i);
        }
        // a stored vector is its own nearest neighbour at distance 0
        List<SearchHit> self = s.query(row(v, 3, DIM), 1);
        assertEquals(103, self.get(0).id());
        assertEquals(0f, self.get(0).distance());
        assertArrayEquals(row(v, 3, DIM), s.vector(103));
        assertNull(s.vector(99));
        assertTrue(s.contains(139));
        assertFalse(s.contains(140));
    }

    @Test
    void hugeKReturnsEveryLiveVectorSortedByDistanceThenId() {
        RvfStore s = RvfStore.create(2, Metric.L2, options("ties"));
        // ids 5, 3, 9 share a vector: equal distances come back by ascending id
        s.ingest(new float[] {1, 1, 0, 0, 1, 1, 1, 1, 2, 2}, new long[] {5, 7, 3, 9, 1}, null);
        List<SearchHit> hits = s.query(new float[] {1, 1}, Integer.MAX_VALUE);
        assertArrayEquals(new long[] {3, 5, 9, 1, 7}, ids(hits));
        assertEquals(0f, hits.get(2).distance());
        assertEquals(2f, hits.get(3).distance());
        assertEquals(5, s.query(new float[] {1, 1}, 1000, QueryOptions.defaults().withExact(true)).size());
        assertArrayEquals(new long[] {3, 5}, ids(s.query(new float[] {1, 1}, 2)));
    }

    @Test
    void queryErrors() {
        RvfStore s = storeWith(10, Metric.L2, "qe");
        RvfException e = assertCode(ErrorCode.DIMENSION_MISMATCH, () -> s.query(new float[DIM - 1], 3));
        assertEquals("query vector has 7 dimensions, store has 8", e.getMessage());
        assertCode(ErrorCode.DIMENSION_MISMATCH, () -> s.query(new float[DIM + 1], 3));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.query(null, 3));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.query(new float[DIM], 0));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.query(new float[DIM], -5));
        float[] nan = new float[DIM];
        nan[3] = Float.NaN;
        assertCode(ErrorCode.NON_FINITE, () -> s.query(nan, 3));
        nan[3] = Float.NEGATIVE_INFINITY;
        assertCode(ErrorCode.NON_FINITE, () -> s.query(nan, 3));
    }

    @Test
    void rejectedBatchesChangeNothing() {
        RvfStore s = storeWith(20, Metric.COSINE, "reject");
        s.ingest(random(new Random(3), 2, DIM), new long[] {50, 51}, StoreTestSupport.rows(2, 2));
        byte[] before = s.export();
        String statusBefore = s.status().toString();

        float[] good = random(new Random(4), 3, DIM);
        float[] bad = good.clone();
        bad[2 * DIM + 1] = Float.NaN;
        RvfException e = assertCode(ErrorCode.NON_FINITE, () -> s.ingest(bad, new long[] {1, 60, 61}, null));
        assertTrue(e.getMessage().contains("id 61"), e.getMessage());
        float[] inf = good.clone();
        inf[0] = Float.POSITIVE_INFINITY;
        assertCode(ErrorCode.NON_FINITE, () -> s.ingest(inf, new long[] {1, 60, 61}, null));
        assertCode(ErrorCode.DIMENSION_MISMATCH, () -> s.ingest(Arrays.copyOf(good, 3 * DIM - 1),
                new long[] {1, 60, 61}, null));
        assertEquals("vector has 9 dimensions, store has 8", assertCode(ErrorCode.DIMENSION_MISMATCH,
                () -> s.ingest(new float[DIM + 1], new long[] {70}, null)).getMessage());
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.ingest(null, new long[0], null));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.ingest(good, null, null));
        // metadata: wrong row count, empty field name, null value, a string that META could not store
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.ingest(good, new long[] {1, 60, 61},
                StoreTestSupport.rows(2, 2)));
        List<Map<String, Value>> rows = new ArrayList<>(StoreTestSupport.rows(3, 2));
        rows.set(1, Collections.singletonMap("", Value.of(1)));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.ingest(good, new long[] {1, 60, 61}, rows));
        rows.set(1, Collections.singletonMap("x", null));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.ingest(good, new long[] {1, 60, 61}, rows));
        rows.set(1, Collections.singletonMap("x", Value.of("é".repeat(MetadataCodec.MAX_STRING_BYTES / 2 + 1))));
        assertCode(ErrorCode.LIMIT_EXCEEDED, () -> s.ingest(good, new long[] {1, 60, 61}, rows));
        Map<String, Value> wide = new HashMap<>();
        for (int f = 0; f <= MetadataTable.MAX_FIELDS; f++) {
            wide.put("f" + f, Value.of(f));
        }
        rows.set(1, wide);
        assertCode(ErrorCode.LIMIT_EXCEEDED, () -> s.ingest(good, new long[] {1, 60, 61}, rows));

        assertEquals(statusBefore, s.status().toString());
        assertArrayEquals(before, s.export());
        assertEquals(Collections.emptyMap(), s.metadata(1));
        assertEquals(Value.of(0), s.metadata(50).get("group"));
    }

    @Test
    void mutationsThatWouldOverflowTheFileAreRejectedUpFront() {
        RvfStore s = storeWith(50, Metric.L2, "limit");
        s.ingest(random(new Random(5), 1, DIM), new long[] {1000}, List.of(Map.of("k", Value.of(1))));
        byte[] before = s.export();
        List<Map<String, Value>> meta = List.of(Map.of(), Map.of(), Map.of(), Map.of(), Map.of("k", Value.of(2)));
        // t and its twin u do the same; t is limited to a file just above its current size
        RvfStore t = RvfStore.open(before, StoreOptions.defaults().withClock(StoreTestSupport.fixedClock()));
        RvfStore u = RvfStore.open(before, StoreOptions.defaults().withClock(StoreTestSupport.fixedClock()));
        t.ingest(random(new Random(6), 5, DIM), range(2000, 5), meta); // pending INDEX and META for export
        u.ingest(random(new Random(6), 5, DIM), range(2000, 5), meta);
        t.limitLogForTest(t.status().fileSize() + 1000);
        List<org.junit.jupiter.api.function.Executable> tooBig = List.of(
                () -> t.ingest(random(new Random(7), 10, DIM), range(3000, 10), null),
                () -> t.delete(range(0, 40)),
                () -> t.embedKernel(0, 0, 0, new byte[500], 80, null),
                () -> t.embedEbpf(0, 0, DIM, new byte[512], null),
                t::export,
                () -> t.derive(DerivationType.CLONE));
        String status = t.status().toString();
        for (org.junit.jupiter.api.function.Executable call : tooBig) {
            assertCode(ErrorCode.LIMIT_EXCEEDED, call);
            assertEquals(status, t.status().toString(), "a rejected call changes nothing");
        }
        assertEquals(1, t.delete(new long[] {3}).deleted(), "small writes still fit");
        u.delete(new long[] {3});
        t.limitLogForTest(Long.MAX_VALUE);
        assertArrayEquals(u.export(), t.export(), "after the failures the store writes what its twin writes");
    }

    @Test
    void emptyBatchWritesNothing() {
        RvfStore s = storeWith(3, Metric.L2, "emptybatch");
        byte[] before = s.export();
        IngestResult r = s.ingest(new float[0], new long[0], null);
        assertEquals(0, r.accepted());
        assertEquals(s.status().epoch(), r.epoch());
        assertArrayEquals(before, s.export());
    }

    @Test
    void reusedIdsReplaceVectorAndMetadata() {
        RvfStore s = RvfStore.create(2, Metric.L2, options("reuse"));
        List<Map<String, Value>> meta = new ArrayList<>();
        meta.add(Map.of("v", Value.of("first")));
        meta.add(Map.of("v", Value.of("other")));
        meta.add(Map.of("v", Value.of("second")));
        // within one batch the last occurrence of id 1 wins; accepted counts every entry
        IngestResult r = s.ingest(new float[] {1, 0, 5, 5, 2, 0}, new long[] {1, 2, 1}, meta);
        assertEquals(3, r.accepted());
        assertEquals(2, s.status().totalVectors());
        assertArrayEquals(new float[] {2, 0}, s.vector(1));
        assertEquals(Value.of("second"), s.metadata(1).get("v"));
        // a later batch replaces vector and metadata (no metadata given: none left)
        s.ingest(new float[] {3, 0}, new long[] {1}, null);
        assertArrayEquals(new float[] {3, 0}, s.vector(1));
        assertEquals(Collections.emptyMap(), s.metadata(1));
        assertEquals(2, s.status().totalVectors());
        assertEquals(4, s.status().storedRecords()); // the old versions stay until compaction
        assertEquals(0, s.status().deletedVectors());
        assertArrayEquals(new long[] {1, 2}, s.liveIds());
        assertArrayEquals(new long[] {1, 2}, ids(s.query(new float[] {3, 0}, 10)));
        assertEquals(0f, s.query(new float[] {3, 0}, 1).get(0).distance());
        // the file agrees: the reference boot reads the latest version
        RvfFile f = RvfFile.parse(s.export());
        assertEquals(2, f.liveCount());
        assertArrayEquals(new float[] {3, 0}, Arrays.copyOf(f.liveVectors(), 2));
    }

    @Test
    void deleteCountsLiveIdsOnceAndReingestRevives() {
        RvfStore s = storeWith(10, Metric.DOT_PRODUCT, "del");
        s.ingest(new float[DIM], new long[] {77}, List.of(Map.of("k", Value.of(1))));
        DeleteResult d = s.delete(new long[] {3, 3, 999, 77, 5});
        assertEquals(3, d.deleted()); // 3 once, 77, 5; 999 is unknown
        assertEquals(3, d.epoch());
        assertEquals(8, s.status().totalVectors());
        assertEquals(3, s.status().deletedVectors());
        assertEquals(3.0 / 11, s.status().deadSpaceRatio(), 1e-12);
        assertFalse(s.contains(3));
        assertNull(s.metadata(77));
        assertEquals(0, s.delete(new long[] {3}).deleted());
        DeleteResult empty = s.delete(new long[0]); // written anyway, as the reference does
        assertEquals(0, empty.deleted());
        assertEquals(5, empty.epoch());
        for (SearchHit h : s.query(new float[DIM], 100)) {
            assertTrue(h.id() != 3 && h.id() != 5 && h.id() != 77);
        }
        assertArrayEquals(new long[] {3, 5, 77}, RvfFile.parse(s.export()).deletedIds());

        // re-ingesting a deleted id makes it live again, in memory and in the manifest
        s.ingest(new float[DIM], new long[] {3}, null);
        assertTrue(s.contains(3));
        assertEquals(9, s.status().totalVectors());
        assertEquals(2, s.status().deletedVectors());
        assertNull(s.metadata(77));
        RvfFile f = RvfFile.parse(s.export());
        assertArrayEquals(new long[] {5, 77}, f.deletedIds());
        assertEquals(9, f.liveCount());
        assertTrue(Arrays.stream(f.liveIds()).anyMatch(id -> id == 3));
        assertEquals(1, s.delete(new long[] {3}).deleted());
    }

    @Test
    void compactDropsDeletedAndSupersededRecordsAndReclaimsMemory() {
        Random rnd = new Random(9);
        RvfStore s = RvfStore.create(DIM, Metric.L2, options("compact"));
        float[] v = random(rnd, 200, DIM);
        s.ingest(v, range(0, 200), StoreTestSupport.rows(200, 5));
        s.ingest(random(rnd, 10, DIM), range(0, 10), StoreTestSupport.rows(10, 5)); // 10 superseded versions
        s.delete(range(100, 50));
        s.embedKernel(0, 4, 0, new byte[] {1, 2, 3}, 8080, "console");
        float[] q = random(rnd, 1, DIM);
        List<SearchHit> before = s.query(q, 20, QueryOptions.defaults().withExact(true));
        FilterExpr filter = FilterExpr.eq("group", Value.of(2));
        List<SearchHit> filteredBefore = s.query(q, 20, QueryOptions.defaults().withFilter(filter));
        assertEquals(210, s.status().storedRecords());

        CompactionResult c = s.compact();
        assertEquals(50, c.segmentsCompacted());
        assertEquals(50L * DIM * 4, c.bytesReclaimed());
        assertEquals(s.status().epoch(), c.epoch());
        StoreStatus st = s.status();
        assertEquals(150, st.totalVectors());
        assertEquals(150, st.storedRecords()); // memory: only live vectors remain
        assertEquals(150, st.index().nodes());
        assertEquals(0, st.deletedVectors());
        assertEquals("built", st.index().state());
        assertEquals(before, s.query(q, 20, QueryOptions.defaults().withExact(true)));
        assertEquals(filteredBefore, s.query(q, 20, QueryOptions.defaults().withFilter(filter)));
        assertEquals(Value.of(3), s.metadata(3).get("group"));
        assertArrayEquals(row(v, 150, DIM), s.vector(150));
        assertEquals(3, s.extractKernel().payload().image().length);
        // after compaction the store keeps working
        s.ingest(random(rnd, 5, DIM), range(1000, 5), null);
        assertEquals(155, s.status().totalVectors());
        assertSameHits(bruteForce(s, q, 20, null), s.query(q, 20), "after compaction and ingest");
        RvfStore reopened = RvfStore.open(s.export());
        assertEquals(155, reopened.status().totalVectors());
        assertEquals(Value.of(3), reopened.metadata(3).get("group"));
    }

    @Test
    void compactingEverythingAway() {
        RvfStore s = storeWith(5, Metric.L2, "all");
        s.delete(range(1, 5));
        CompactionResult c = s.compact();
        assertEquals(5, c.segmentsCompacted());
        assertEquals(0, s.status().totalVectors());
        assertEquals(0, s.status().storedRecords());
        assertTrue(s.query(new float[DIM], 3).isEmpty());
        RvfStore reopened = RvfStore.open(s.export());
        assertEquals(0, reopened.status().totalVectors());
        reopened.ingest(new float[DIM], new long[] {1}, null);
        assertEquals(1, reopened.query(new float[DIM], 3).size());
    }

    @Test
    void closedStoreRejectsEverything() {
        RvfStore s = storeWith(5, Metric.L2, "closed");
        s.close();
        s.close(); // idempotent
        assertTrue(s.isClosed());
        List<org.junit.jupiter.api.function.Executable> calls = List.of(
                () -> s.query(new float[DIM], 1), () -> s.ingest(new float[DIM], new long[] {1}, null),
                () -> s.delete(new long[] {1}), () -> s.deleteByFilter(FilterExpr.eq("a", Value.of(1))),
                s::compact, s::export, s::status, s::segments, s::verifyWitness, s::extractKernel, s::extractEbpf,
                s::fileId, s::parentId, s::parentHash, s::lineageDepth, s::liveIds, () -> s.vector(1),
                () -> s.metadata(1), () -> s.derive(DerivationType.CLONE), s::dimension, s::metric,
                () -> s.embedKernel(0, 0, 0, new byte[1], 0, null), () -> s.embedEbpf(0, 0, 0, new byte[8], null));
        for (org.junit.jupiter.api.function.Executable call : calls) {
            assertCode(ErrorCode.CLOSED, call);
        }
    }

    @Test
    void readOnlyStoreRejectsMutationsAndExportsItsBytes() {
        RvfStore w = storeWith(30, Metric.COSINE, "ro");
        byte[] file = w.export();
        RvfStore s = RvfStore.open(file, StoreOptions.defaults().withReadOnly(true));
        assertTrue(s.status().readOnly());
        assertTrue(s.isReadOnly());
        assertCode(ErrorCode.READ_ONLY, () -> s.ingest(new float[DIM], new long[] {1}, null));
        assertCode(ErrorCode.READ_ONLY, () -> s.delete(new long[] {1}));
        assertCode(ErrorCode.READ_ONLY, () -> s.deleteByFilter(FilterExpr.eq("a", Value.of(1))));
        assertCode(ErrorCode.READ_ONLY, s::compact);
        assertCode(ErrorCode.READ_ONLY, () -> s.embedKernel(0, 0, 0, new byte[1], 0, null));
        assertCode(ErrorCode.READ_ONLY, () -> s.embedEbpf(0, 0, 0, new byte[8], null));
        assertEquals(30, s.status().totalVectors());
        assertEquals(10, s.query(new float[] {1, 0, 0, 0, 0, 0, 0, 0}, 10).size());
        assertArrayEquals(file, s.export());
        RvfStore child = s.derive(DerivationType.SNAPSHOT);
        assertEquals(s.fileId(), child.parentId());
        assertFalse(child.isReadOnly());
    }

    @Test
    void argumentChecksOfEmbedAndDelete() {
        RvfStore s = storeWith(2, Metric.L2, "args");
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.delete(null));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.deleteByFilter(null));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.embedKernel(256, 0, 0, new byte[1], 0, null));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.embedKernel(0, 0, -1, new byte[1], 0, null));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.embedKernel(0, 0, 0, new byte[1], 65536, null));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.embedKernel(0, 0, 0, null, 0, null));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.embedEbpf(0, -1, 0, new byte[8], null));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.embedEbpf(0, 0, 70000, new byte[8], null));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.embedEbpf(0, 0, 0, null, null));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> s.derive(null));
        assertEquals(1, s.status().epoch(), "nothing was written");
    }
}
