package dev.rvf.store;

import static dev.rvf.store.StoreTestSupport.assertSameHits;
import static dev.rvf.store.StoreTestSupport.bruteForce;
import static dev.rvf.store.StoreTestSupport.fixedClock;
import static dev.rvf.store.StoreTestSupport.options;
import static dev.rvf.store.StoreTestSupport.range;
import static dev.rvf.store.StoreTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.Metric;
import dev.rvf.format.DetachedFileBytes;
import dev.rvf.format.FileIdentity;
import dev.rvf.format.RvfFile;
import dev.rvf.format.RvfWriter;
import dev.rvf.format.SegmentInfo;
import dev.rvf.format.SegmentType;
import dev.rvf.index.ClusteredData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The graph is built lazily: opening a file without a usable INDEX segment builds nothing, exact queries and export
 * never build, the first approximate query (or buildIndex()) does, and the graph it builds is the one an eager build
 * gives. A file with our INDEX reopens without building.
 */
class RvfStoreLazyIndexTest {
    private static final int DIM = 16;
    private static final int N = 1500; // above SearchPolicy.EXACT_MAX_ACCEPTED: default queries use the graph
    private static final int BATCH = 500;
    private static final ClusteredData DATA = new ClusteredData(DIM, 20, 0.2f, 11);
    private static final float[] VECTORS = DATA.points(N, 1);

    /** The file the reference writes for three ingests of 500 (no INDEX, no META). */
    private static byte[] referenceStyleFile() {
        RvfWriter w = RvfWriter.create(DIM, Metric.COSINE, 0, FileIdentity.newRoot(new byte[] {3}), fixedClock());
        for (int from = 0; from < N; from += BATCH) {
            w.ingest(range(from, BATCH), Arrays.copyOfRange(VECTORS, from * DIM, (from + BATCH) * DIM));
        }
        return w.toBytes();
    }

    /** The same batches ingested into a new store, which maintains its graph from the start. */
    private static RvfStore eagerStore() {
        RvfStore s = RvfStore.create(DIM, Metric.COSINE, options("eager"));
        for (int from = 0; from < N; from += BATCH) {
            s.ingest(Arrays.copyOfRange(VECTORS, from * DIM, (from + BATCH) * DIM), range(from, BATCH), null);
        }
        return s;
    }

    private static List<float[]> queries() {
        float[] q = DATA.points(20, 2);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.add(row(q, i, DIM));
        }
        return out;
    }

    private static List<List<SearchHit>> approximate(RvfStore s, List<float[]> qs) {
        List<List<SearchHit>> out = new ArrayList<>();
        for (float[] q : qs) {
            out.add(s.query(q, 10));
            out.add(s.query(q, 10, QueryOptions.defaults().withEfSearch(16)));
        }
        return out;
    }

    private static void assertPending(RvfStore s, int records) {
        IndexStatus st = s.status().index();
        assertEquals("pending", st.state());
        assertEquals(0, st.nodes());
        assertEquals(records, st.pendingRecords());
        assertEquals(0, st.loadedNodes());
        assertTrue(st.persisted(), "nothing for export to write");
    }

    private static int indexSegments(byte[] file) {
        int n = 0;
        for (SegmentInfo seg : RvfFile.parse(file).segments()) {
            n += seg.type() == SegmentType.INDEX ? 1 : 0;
        }
        return n;
    }

    @Test
    void openBuildsNothingAndExactQueriesDoNotBuild() {
        RvfStore s = RvfStore.open(referenceStyleFile());
        assertPending(s, N);
        for (float[] q : queries()) {
            assertSameHits(bruteForce(s, q, 10, null), s.query(q, 10, QueryOptions.defaults().withExact(true)), "q");
            assertEquals(List.of(), s.query(q, 10, QueryOptions.defaults().withFilter(
                    dev.rvf.filter.FilterExpr.eq("missing", dev.rvf.filter.Value.of(1)))));
        }
        assertPending(s, N);
    }

    @Test
    void firstApproximateQueryBuildsTheGraphAnEagerBuildGives() {
        RvfStore eager = eagerStore();
        RvfStore lazy = RvfStore.open(referenceStyleFile());
        List<float[]> qs = queries();
        List<SearchHit> first = lazy.query(qs.get(0), 10);
        IndexStatus st = lazy.status().index();
        assertEquals("built", st.state());
        assertEquals(N, st.nodes());
        assertEquals(0, st.pendingRecords());
        assertFalse(st.persisted());
        assertEquals(eager.query(qs.get(0), 10), first);
        assertEquals(approximate(eager, qs), approximate(lazy, qs), "same records in the same order: same graph");
        assertEquals(0, lazy.buildIndex(), "nothing left to build");
    }

    @Test
    void exportWithoutABuildWritesNoIndexAndBuildIndexMakesOneThatReopensLoaded() {
        byte[] file = referenceStyleFile();
        RvfStore s = RvfStore.open(file, StoreOptions.defaults().withClock(fixedClock()));
        byte[] exported = s.export();
        assertArrayEquals(file, exported, "a pending graph is not built just to export it");
        assertPending(RvfStore.open(exported), N);

        assertEquals(N, s.buildIndex());
        assertEquals("built", s.status().index().state());
        byte[] withIndex = s.export();
        assertEquals(1, indexSegments(withIndex));
        RvfStore r = RvfStore.open(withIndex);
        IndexStatus st = r.status().index();
        assertEquals("loaded", st.state());
        assertEquals(N, st.nodes());
        assertEquals(N, st.loadedNodes());
        assertEquals(0, st.pendingRecords());
        assertTrue(st.persisted());
        List<float[]> qs = queries();
        assertEquals(approximate(s, qs), approximate(r, qs));
        assertEquals(N, r.status().index().loadedNodes(), "queries on the loaded graph built nothing");
        assertArrayEquals(withIndex, r.export());
    }

    @Test
    void ingestIntoAPendingStoreDoesNotBuild() {
        RvfStore s = RvfStore.open(referenceStyleFile());
        float[] extra = DATA.points(30, 3);
        s.ingest(extra, range(N, 30), null);
        assertPending(s, N + 30);
        assertEquals(N + 30, s.status().totalVectors());
        float[] q = row(extra, 4, DIM);
        assertEquals(N + 4, s.query(q, 1).get(0).id());
        assertEquals("built", s.status().index().state());
        assertEquals(N + 30, s.status().index().nodes());
        // from now on ingest inserts incrementally
        s.ingest(DATA.points(5, 4), range(N + 30, 5), null);
        assertEquals(N + 35, s.status().index().nodes());
        assertEquals(0, s.status().index().pendingRecords());
    }

    @Test
    void compactionKeepsAPendingGraphPending() {
        RvfStore s = RvfStore.open(referenceStyleFile(), StoreOptions.defaults().withClock(fixedClock()));
        s.delete(range(0, 100));
        s.compact();
        assertPending(s, N - 100);
        List<float[]> qs = queries();
        for (float[] q : qs) {
            assertSameHits(bruteForce(s, q, 10, null), s.query(q, 10, QueryOptions.defaults().withExact(true)), "q");
        }
        assertPending(s, N - 100);
        s.query(qs.get(0), 10);
        assertEquals("built", s.status().index().state());
        assertEquals(N - 100, s.status().index().nodes());
    }

    @Test
    void readOnlyStoreBuildsInMemoryAndExportsItsBytes() {
        byte[] file = referenceStyleFile();
        RvfStore s = RvfStore.open(file, StoreOptions.defaults().withReadOnly(true));
        s.query(queries().get(0), 10);
        assertEquals("built", s.status().index().state());
        assertArrayEquals(file, s.export());
    }

    @Test
    void openingAFileInPlaceBehavesLikeOpeningACopyAndReleasesTheFileOnce() {
        RvfStore eager = eagerStore();
        byte[] file = eager.export();
        DetachedFileBytes inPlace = new DetachedFileBytes(file);
        RvfStore copied = RvfStore.open(file, StoreOptions.defaults().withClock(fixedClock()));
        RvfStore continued = RvfStore.open(inPlace, StoreOptions.defaults().withClock(fixedClock()));
        assertEquals("loaded", continued.status().index().state());
        assertEquals(2, inPlace.owners(), "the log and the graph, whose level 0 is read in the file");
        List<float[]> qs = queries();
        assertEquals(approximate(copied, qs), approximate(continued, qs));
        float[] extra = DATA.points(3, 5);
        copied.ingest(extra, range(9000, 3), null);
        continued.ingest(extra, range(9000, 3), null);
        assertEquals(1, inPlace.owners(), "the ingest copied level 0 out of the file: only the log reads it");
        assertEquals(approximate(copied, qs), approximate(continued, qs));
        assertArrayEquals(copied.export(), continued.export());
        copied.delete(range(9000, 2));
        continued.delete(range(9000, 2));
        copied.compact();
        continued.compact();
        assertEquals(0, inPlace.owners(), "compaction releases the file it no longer reads");
        assertArrayEquals(copied.export(), continued.export());
        continued.close();
        continued.close();
        assertEquals(0, inPlace.owners());

        DetachedFileBytes closedUnchanged = new DetachedFileBytes(file);
        RvfStore.open(closedUnchanged, StoreOptions.defaults()).close();
        assertEquals(0, closedUnchanged.owners(), "close gives the file back (log and graph)");

        DetachedFileBytes compactedUnchanged = new DetachedFileBytes(file);
        RvfStore readThenCompacted = RvfStore.open(compactedUnchanged, StoreOptions.defaults().withClock(fixedClock()));
        readThenCompacted.delete(range(1, 3));
        readThenCompacted.compact(); // the graph is rebuilt: the old one, still in the file, gives it back
        assertEquals(0, compactedUnchanged.owners());
        assertEquals(approximate(copied, qs).size(), approximate(readThenCompacted, qs).size());
        readThenCompacted.close();
    }

    @Test
    void wasmExportOpensPending() {
        float[] v = DATA.points(600, 6);
        byte[] w = dev.rvf.format.WasmExport.build(DIM, range(1, 600), v);
        RvfStore s = RvfStore.open(w, options("wasm"));
        assertPending(s, 600);
        assertEquals(7, s.query(row(v, 6, DIM), 1).get(0).id());
        assertEquals("built", s.status().index().state());
    }
}
