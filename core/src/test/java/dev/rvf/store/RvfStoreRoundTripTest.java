package dev.rvf.store;

import static dev.rvf.store.StoreTestSupport.assertCode;
import static dev.rvf.store.StoreTestSupport.assertSameHits;
import static dev.rvf.store.StoreTestSupport.bruteForce;
import static dev.rvf.store.StoreTestSupport.fixedClock;
import static dev.rvf.store.StoreTestSupport.options;
import static dev.rvf.store.StoreTestSupport.random;
import static dev.rvf.store.StoreTestSupport.range;
import static dev.rvf.store.StoreTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.filter.FilterExpr;
import dev.rvf.filter.Value;
import dev.rvf.format.ContentHash;
import dev.rvf.format.RvfFile;
import dev.rvf.format.RvfWriter;
import dev.rvf.format.SegmentInfo;
import dev.rvf.format.SegmentType;
import dev.rvf.format.WasmExport;
import dev.rvf.index.ClusteredData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * export -> open round trips: everything survives, export is a fixed point, a reopened store loads its INDEX segment
 * instead of rebuilding, and INDEX/META segments that no longer describe the file are not used.
 */
class RvfStoreRoundTripTest {
    private static final int DIM = 16;
    private static final int N = 1500; // above SearchPolicy.EXACT_MAX_ACCEPTED, so queries really walk the graph

    /** A cosine store: two batches with metadata, re-used ids, deletes, a kernel and two eBPF programs. */
    private static RvfStore populated(StoreOptions o) {
        ClusteredData data = new ClusteredData(DIM, 20, 0.2f, 7);
        RvfStore s = RvfStore.create(DIM, Metric.COSINE, o);
        s.ingest(data.points(1000, 1), range(0, 1000), rows(1000, 7));
        s.ingest(data.points(N - 1000, 2), range(1000, N - 1000), rows(N - 1000, 7));
        s.ingest(data.points(20, 3), range(0, 20), rows(20, 5)); // re-used ids
        s.delete(range(500, 30));
        s.embedKernel(1, 0xFE, 0x11, "kernel image".getBytes(), 8080, "console=ttyS0");
        s.embedEbpf(2, 3, DIM, new byte[16], "btf".getBytes());
        s.embedEbpf(1, 1, DIM, new byte[8], null);
        return s;
    }

    private static List<float[]> queries(int count) {
        ClusteredData data = new ClusteredData(DIM, 20, 0.2f, 7);
        float[] q = data.points(count, 99);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(StoreTestSupport.row(q, i, DIM));
        }
        return out;
    }

    private static List<List<SearchHit>> answers(RvfStore s, List<float[]> qs) {
        FilterExpr filter = FilterExpr.and(List.of(FilterExpr.eq("tag", Value.of("t1")),
                FilterExpr.not(FilterExpr.eq("group", Value.of(3)))));
        List<List<SearchHit>> out = new ArrayList<>();
        for (float[] q : qs) {
            out.add(s.query(q, 10));
            out.add(s.query(q, 10, QueryOptions.defaults().withEfSearch(20)));
            out.add(s.query(q, 25, QueryOptions.defaults().withExact(true)));
            out.add(s.query(q, 10, QueryOptions.defaults().withFilter(filter)));
        }
        return out;
    }

    @Test
    void exportOpenExportIsAFixedPointAndKeepsEverything() {
        RvfStore s = populated(options("round"));
        List<float[]> qs = queries(20);
        List<List<SearchHit>> expected = answers(s, qs);
        byte[] first = s.export();
        StoreStatus before = s.status();

        RvfStore r = RvfStore.open(first, StoreOptions.defaults().withClock(fixedClock()));
        StoreStatus after = r.status();
        assertEquals("loaded", after.index().state());
        assertEquals(N + 20, after.index().loadedNodes());
        assertEquals(N + 20, after.index().nodes());
        assertTrue(after.index().persisted());
        assertNull(after.index().note());
        assertEquals(before.totalVectors(), after.totalVectors());
        assertEquals(before.dimension(), after.dimension());
        assertEquals(before.metric(), after.metric());
        assertEquals(before.epoch(), after.epoch());
        assertEquals(before.fileSize(), after.fileSize());
        assertEquals(before.deletedVectors(), after.deletedVectors());
        assertEquals(before.deadSpaceRatio(), after.deadSpaceRatio());
        assertEquals(before.storedRecords(), after.storedRecords());
        assertEquals(before.profile(), after.profile());
        // as in the reference: in session the directory includes the latest manifest, after a reopen it does not
        assertEquals(before.totalSegments() - 1, after.totalSegments());
        assertEquals(before.index().m(), after.index().m());
        assertEquals(before.index().efConstruction(), after.index().efConstruction());
        assertEquals(before.index().efSearch(), after.index().efSearch());
        assertEquals(expected, answers(r, qs), "identical answers: same vectors, same graph");
        assertArrayEquals(first, r.export(), "export -> open -> export gives identical bytes");
        assertArrayEquals(s.liveIds(), r.liveIds());
        for (long id : s.liveIds()) {
            assertArrayEquals(s.vector(id), r.vector(id));
            assertEquals(s.metadata(id), r.metadata(id));
        }
        assertEquals(Value.of("t2"), r.metadata(5).get("tag")); // from the re-ingest (rows(20, 5): i=5 -> t2)
        assertEquals(Value.of(0), r.metadata(5).get("group"));
        assertNull(r.metadata(510));
        assertEquals(s.fileId(), r.fileId());
        assertEquals(s.parentId(), r.parentId());
        assertEquals(s.lineageDepth(), r.lineageDepth());
        assertArrayEquals(s.extractKernel().header(), r.extractKernel().header());
        assertArrayEquals(s.extractKernel().image(), r.extractKernel().image());
        assertArrayEquals(s.extractEbpf().header(), r.extractEbpf().header());
        assertArrayEquals(s.extractEbpf().payloadBytes(), r.extractEbpf().payloadBytes());
        assertEquals("btf", new String(r.extractEbpf().payload().btf()));
        assertTrue(r.verifyWitness().isValid());

        // the reopened store keeps going: a further export -> open is again loaded and a fixed point
        r.ingest(random(new Random(5), 3, DIM), new long[] {5000, 5001, 5002}, null);
        byte[] second = r.export();
        RvfStore r2 = RvfStore.open(second);
        assertEquals("loaded", r2.status().index().state());
        assertEquals(N + 23, r2.status().index().loadedNodes());
        assertArrayEquals(second, r2.export());
    }

    @Test
    void exportWritesIndexAndMetaSegmentsOnlyWhenChanged() {
        RvfStore s = populated(options("segments"));
        byte[] first = s.export();
        List<SegmentInfo> segs = RvfFile.parse(first).segments();
        int n = segs.size();
        assertEquals(SegmentType.INDEX, segs.get(n - 3).type());
        assertEquals(SegmentType.META, segs.get(n - 2).type());
        assertEquals(SegmentType.MANIFEST, segs.get(n - 1).type());
        assertArrayEquals(first, s.export(), "nothing changed: nothing appended");

        s.delete(new long[] {1}); // the graph is unchanged (tombstones are not stored); metadata changed
        byte[] second = s.export();
        List<SegmentInfo> after = RvfFile.parse(second).segments();
        assertEquals(SegmentType.META, after.get(after.size() - 2).type());
        assertEquals(SegmentType.JOURNAL, after.get(after.size() - 5).type());
        RvfStore r = RvfStore.open(second);
        assertEquals("loaded", r.status().index().state());
        assertNull(r.metadata(1));
        assertArrayEquals(second, r.export());

        // the last metadata row goes away: an empty META replaces the old one
        RvfStore t = RvfStore.create(4, Metric.L2, options("meta-empty"));
        t.ingest(new float[] {1, 2, 3, 4}, new long[] {9}, List.of(Map.of("k", Value.of("v"))));
        t.export();
        t.ingest(new float[] {1, 2, 3, 5}, new long[] {9}, null);
        RvfStore u = RvfStore.open(t.export());
        assertEquals(Map.of(), u.metadata(9));
    }

    @Test
    void storeWithoutMetadataWritesNoMetaSegment() {
        RvfStore s = RvfStore.create(4, Metric.L2, options("nometa"));
        s.ingest(random(new Random(1), 10, 4), range(1, 10), null);
        for (SegmentInfo seg : RvfFile.parse(s.export()).segments()) {
            assertTrue(seg.type() != SegmentType.META);
        }
    }

    @Test
    void recordsAppendedByAnotherWriterAreIndexedIncrementally() {
        RvfStore s = populated(options("append"));
        byte[] exported = s.export();
        float[] extra = random(new Random(11), 40, DIM);
        long[] extraIds = range(9000, 40);
        extraIds[0] = 7; // replaces a vector that has metadata

        // another writer (the reference writes exactly what RvfWriter writes) appends a batch and a delete
        RvfWriter other = RvfWriter.resume(exported, RvfFile.parse(exported), fixedClock());
        other.ingest(extraIds, extra);
        other.delete(new long[] {8});
        RvfStore r = RvfStore.open(other.toBytes());
        StoreStatus st = r.status();
        assertEquals("loaded", st.index().state());
        assertEquals(N + 20, st.index().loadedNodes());
        assertEquals(N + 20, st.index().nodes(), "open inserts nothing");
        assertEquals(40, st.index().pendingRecords());
        assertTrue(st.index().persisted(), "the log holds exactly the graph in memory");

        // the same operations in-process give the same graph (incremental inserts continue the persisted RNG)
        s.ingest(extra, extraIds, null);
        s.delete(new long[] {8});
        List<float[]> qs = queries(10);
        assertEquals(answers(s, qs), answers(r, qs));
        assertEquals(N + 60, r.status().index().nodes(), "the first approximate query inserted the other records");
        assertFalse(r.status().index().persisted());
        // metadata of the replaced vector is gone (its record is newer than the META segment); others stay
        assertEquals(Map.of(), r.metadata(7));
        assertNull(r.metadata(8));
        assertEquals(Value.of(600 % 7), r.metadata(600).get("group"));
        byte[] again = r.export();
        assertEquals("loaded", RvfStore.open(again).status().index().state());
        assertTrue(RvfStore.open(again).status().index().persisted());
    }

    @Test
    void indexThatNoLongerDescribesTheFileIsRebuilt() {
        RvfStore s = populated(options("stale"));
        byte[] exported = s.export();
        List<float[]> qs = queries(5);

        // a writer that keeps INDEX segments through compaction (as a reference compaction keeps unknown ones)
        RvfFile f = RvfFile.parse(exported);
        RvfWriter w = RvfWriter.resume(exported, f, fixedClock());
        w.compact(f.liveIds(), f.liveVectors());
        RvfStore r = RvfStore.open(w.toBytes());
        assertEquals("pending", r.status().index().state());
        assertTrue(r.status().index().note().contains("no longer lists"), r.status().index().note());
        assertEquals(s.metadata(600), r.metadata(600), "the META segment still applies after the compaction");
        assertEquals(s.status().totalVectors(), r.status().totalVectors());
        for (float[] q : qs) {
            assertSameHits(bruteForce(r, q, 10, null), r.query(q, 10, QueryOptions.defaults().withExact(true)), "q");
        }

        // a corrupted INDEX payload: with its hash left stale, and with a recomputed hash
        SegmentInfo index = null;
        for (SegmentInfo seg : f.segments()) {
            if (seg.type() == SegmentType.INDEX) {
                index = seg;
            }
        }
        assertNotNull(index);
        byte[] broken = exported.clone();
        int inGraph = (int) index.payloadOffset() + 16 + 32 * 3 + 30; // inside the graph header
        broken[inGraph] ^= 0x5A;
        RvfStore h = RvfStore.open(broken);
        assertEquals("pending", h.status().index().state());
        assertTrue(h.status().index().note().contains("hash"), h.status().index().note());
        System.arraycopy(ContentHash.of(broken, (int) index.payloadOffset(), (int) index.payloadLength()), 0, broken,
                (int) index.offset() + 0x28, 16);
        RvfStore g = RvfStore.open(broken);
        assertEquals("pending", g.status().index().state());
        assertNotNull(g.status().index().note());
        for (float[] q : qs) {
            assertEquals(s.query(q, 25, QueryOptions.defaults().withExact(true)),
                    g.query(q, 25, QueryOptions.defaults().withExact(true)));
        }
        // a rebuilt store persists a fresh INDEX at its next export
        assertEquals(N + 20, g.buildIndex());
        assertEquals("built", g.status().index().state());
        RvfStore again = RvfStore.open(g.export());
        assertEquals("loaded", again.status().index().state());
    }

    @Test
    void corruptMetaSegmentFailsTheOpen() {
        RvfStore s = RvfStore.create(4, Metric.L2, options("badmeta"));
        s.ingest(new float[] {1, 2, 3, 4}, new long[] {1}, List.of(Map.of("k", Value.of(1))));
        byte[] bytes = s.export();
        SegmentInfo meta = null;
        for (SegmentInfo seg : RvfFile.parse(bytes).segments()) {
            if (seg.type() == SegmentType.META) {
                meta = seg;
            }
        }
        assertNotNull(meta);
        bytes[(int) meta.payloadOffset() + 20] ^= 1;
        assertCode(ErrorCode.HASH_MISMATCH, () -> RvfStore.open(bytes));
    }

    @Test
    void sq8IndexRoundTrips() {
        ClusteredData data = new ClusteredData(DIM, 10, 0.2f, 3);
        RvfStore s = RvfStore.create(DIM, Metric.L2, options("sq8").withSq8(true).withM(8).withEfSearch(40));
        s.ingest(data.points(1200, 1), range(1, 1200), null);
        StoreStatus st = s.status();
        assertTrue(st.index().sq8());
        assertEquals(8, st.index().m());
        assertEquals(40, st.index().efSearch());
        List<float[]> qs = queries(10);
        List<List<SearchHit>> expected = answers(s, qs);
        byte[] bytes = s.export();
        RvfStore r = RvfStore.open(bytes);
        assertTrue(r.status().index().sq8());
        assertEquals("loaded", r.status().index().state());
        assertEquals(8, r.status().index().m());
        assertEquals(40, r.status().index().efSearch());
        assertEquals(expected, answers(r, qs));
        assertArrayEquals(bytes, r.export());

        // asking for SQ8 when opening a file whose graph has none switches it on (and re-persists the INDEX)
        RvfStore plain = RvfStore.create(DIM, Metric.L2, options("plain"));
        plain.ingest(data.points(700, 2), range(1, 700), null);
        RvfStore upgraded = RvfStore.open(plain.export(), StoreOptions.defaults().withSq8(true));
        assertTrue(upgraded.status().index().sq8());
        assertEquals("loaded", upgraded.status().index().state());
        assertFalse(upgraded.status().index().persisted());
    }

    @Test
    void wasmExportIsConvertedToAReferenceFile() {
        float[] v = random(new Random(2), 3, 4);
        byte[] w = WasmExport.build(4, new long[] {10, 11, 12}, v);
        RvfStore s = RvfStore.open(w, options("from-wasm"));
        assertEquals(3, s.status().totalVectors());
        assertEquals(Metric.L2, s.metric());
        assertArrayEquals(StoreTestSupport.row(v, 1, 4), s.vector(11));
        assertTrue(s.status().index().note().contains("dialect W"));
        RvfFile f = RvfFile.parse(s.export());
        assertEquals(dev.rvf.format.Dialect.R, f.dialect());
        assertEquals(3, f.liveCount());
        assertTrue(f.hasIdentity());
    }

    @Test
    void openRejectsGarbage() {
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> RvfStore.open(null));
        assertCode(ErrorCode.NO_MANIFEST, () -> RvfStore.open(new byte[0]));
        assertCode(ErrorCode.NO_MANIFEST, () -> RvfStore.open("not an rvf file at all".getBytes()));
        RvfStore s = RvfStore.create(4, Metric.L2, options("garbage"));
        s.ingest(new float[] {1, 2, 3, 4}, new long[] {1}, null);
        byte[] b = s.export();
        byte[] truncated = java.util.Arrays.copyOf(b, b.length - 10);
        assertThrowsRvf(() -> RvfStore.open(truncated));
    }

    @Test
    void nonFiniteRecordInAFileIsReported() {
        RvfWriter w = RvfWriter.create(2, Metric.L2, 0, dev.rvf.format.FileIdentity.newRoot(new byte[] {1}),
                fixedClock());
        w.ingest(new long[] {1, 2}, new float[] {1, 2, Float.NaN, 0});
        assertCode(ErrorCode.NON_FINITE, () -> RvfStore.open(w.toBytes()));
    }

    private static void assertThrowsRvf(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertThrows(dev.rvf.RvfException.class, e);
    }
}
