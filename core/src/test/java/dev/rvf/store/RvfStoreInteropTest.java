package dev.rvf.store;

import static dev.rvf.store.StoreTestSupport.assertClose;
import static dev.rvf.store.StoreTestSupport.assertSameHits;
import static dev.rvf.store.StoreTestSupport.bruteForce;
import static dev.rvf.store.StoreTestSupport.ids;
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

import dev.rvf.Metric;
import dev.rvf.format.RvfFile;
import dev.rvf.format.SegmentInfo;
import dev.rvf.format.SegmentType;
import dev.rvf.interop.CatalogueFile;
import dev.rvf.interop.ReferenceAnswer;
import dev.rvf.interop.ReferenceBinding;
import dev.rvf.interop.ReferenceCatalogue;
import dev.rvf.interop.ReferenceHit;
import dev.rvf.interop.ReferenceQuery;
import dev.rvf.interop.ReferenceRead;
import dev.rvf.interop.ReferenceStatus;
import dev.rvf.interop.SampleSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store against the reference: it opens the 48 published samples and every file of the reference catalogue
 * (same ids, vectors, status, lineage, kernels, and exact answers equal to the reference's own), and the reference
 * binding opens the files the store exports (with INDEX and META segments, after compaction, derived) and answers
 * exactly as the store does.
 */
class RvfStoreInteropTest {

    private static String metricName(Metric m) {
        return m == Metric.DOT_PRODUCT ? "inner_product" : m.apiName();
    }

    @Test
    void opensEverySample() throws IOException {
        List<SampleSummary.Sample> samples = SampleSummary.load();
        assertEquals(48, samples.size());
        Random rnd = new Random(48);
        for (SampleSummary.Sample sample : samples) {
            byte[] bytes = Files.readAllBytes(sample.path());
            RvfFile f = RvfFile.parse(bytes);
            RvfStore s = RvfStore.open(bytes);
            String name = sample.name();
            assertEquals(sample.liveVectors(), s.status().totalVectors(), name);
            assertEquals(sample.dimension(), s.dimension(), name);
            assertEquals(f.metric(), s.metric(), name);
            assertEquals(f.identity().fileIdHex(), s.fileId(), name);
            assertEquals(f.identity().depth(), s.lineageDepth(), name);
            long[] expectedIds = f.liveIds().clone();
            java.util.Arrays.sort(expectedIds);
            assertArrayEquals(expectedIds, s.liveIds(), name);
            float[] live = f.liveVectors();
            long[] fileIds = f.liveIds();
            int dim = s.dimension();
            for (int i = 0; i < fileIds.length; i++) {
                assertArrayEquals(java.util.Arrays.copyOfRange(live, i * dim, (i + 1) * dim), s.vector(fileIds[i]),
                        name + " id " + fileIds[i]);
            }
            // opening builds nothing: a file without our INDEX has a pending graph (built when first needed)
            assertEquals(s.status().totalVectors() > 0 ? "pending" : "empty", s.status().index().state(), name);
            if (fileIds.length > 0) {
                float[] q = random(rnd, 1, dim);
                assertSameHits(bruteForce(s, q, 10, null), s.query(q, 10, QueryOptions.defaults().withExact(true)),
                        name);
                assertEquals(Metric.L2, s.metric(), name);
                assertEquals(0f, s.query(java.util.Arrays.copyOf(live, dim), 1).get(0).distance(), name);
            }
            assertEquals(f.kernel() == null, s.extractKernel() == null, name);
            if (f.kernel() != null) {
                assertArrayEquals(f.kernel().headerBytes(), s.extractKernel().header(), name);
            }
            assertEquals(f.ebpf() == null, s.extractEbpf() == null, name);
            // once built, our export of a sample is a fixed point and reopens without rebuilding
            s.buildIndex();
            assertEquals(0, s.status().index().pendingRecords(), name);
            byte[] exported = s.export();
            RvfStore r = RvfStore.open(exported);
            assertEquals(s.status().totalVectors() > 0 ? "loaded" : "empty", r.status().index().state(), name);
            assertArrayEquals(exported, r.export(), name);
        }
    }

    /** Exact answers on the samples equal the reference binding's own (files it scans exactly, under 1024 vectors). */
    @Test
    void sampleAnswersEqualTheReferences() throws IOException {
        Map<Integer, List<SampleSummary.Sample>> byDim = new LinkedHashMap<>();
        for (SampleSummary.Sample sample : SampleSummary.load()) {
            if (sample.liveVectors() > 0 && sample.liveVectors() < 1024) {
                byDim.computeIfAbsent(sample.dimension(), d -> new ArrayList<>()).add(sample);
            }
        }
        Random rnd = new Random(1024);
        int compared = 0;
        for (Map.Entry<Integer, List<SampleSummary.Sample>> group : byDim.entrySet()) {
            List<ReferenceQuery> queries = List.of(new ReferenceQuery(random(rnd, 1, group.getKey()), 10),
                    new ReferenceQuery(random(rnd, 1, group.getKey()), 1000));
            List<Path> paths = group.getValue().stream().map(SampleSummary.Sample::path).toList();
            List<ReferenceRead> reads = ReferenceBinding.get().readAll(paths, queries);
            for (int i = 0; i < paths.size(); i++) {
                RvfStore s = RvfStore.open(Files.readAllBytes(paths.get(i)));
                assertArrayEquals(reads.get(i).liveIds(), s.liveIds(), paths.get(i).toString());
                for (ReferenceAnswer a : reads.get(i).answers()) {
                    assertFalse(a.approximate());
                    assertAnswer(a, s.query(a.query().vector(), a.query().k(), QueryOptions.defaults().withExact(true)),
                            s, paths.get(i).toString());
                    compared++;
                }
            }
        }
        assertTrue(compared >= 80, "answers compared: " + compared);
    }

    @Test
    void opensTheReferenceCatalogueAndAnswersAsTheReference(@TempDir Path dir) {
        ReferenceCatalogue cat = ReferenceCatalogue.generate(dir);
        assertTrue(cat.files().size() >= 20);
        int compared = 0;
        for (CatalogueFile c : cat.files()) {
            String name = c.name();
            RvfStore s;
            try {
                s = RvfStore.open(Files.readAllBytes(c.path()), StoreOptions.defaults().withReadOnly(true));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            assertEquals(c.dimension(), s.dimension(), name);
            assertEquals(c.metric(), metricName(s.metric()), name);
            assertEquals(c.fileId(), s.fileId(), name);
            assertEquals(c.parentId(), s.parentId(), name);
            assertEquals(c.lineageDepth(), s.lineageDepth(), name);
            ReferenceStatus rs = c.status();
            StoreStatus st = s.status();
            assertEquals(rs.totalVectors(), st.totalVectors(), name);
            assertEquals(rs.totalSegments(), st.totalSegments(), name);
            assertEquals(rs.fileSize(), st.fileSize(), name);
            assertEquals(rs.currentEpoch(), st.epoch(), name);
            assertEquals(rs.profileId(), st.profile(), name);
            assertEquals(rs.deadSpaceRatio(), st.deadSpaceRatio(), 1e-12, name);
            if (c.kernel() != null) {
                assertArrayEquals(c.kernel().header(), s.extractKernel().header(), name);
                assertArrayEquals(c.kernel().body(), s.extractKernel().image(), name);
            } else {
                assertNull(s.extractKernel(), name);
            }
            if (c.ebpf() != null) {
                assertArrayEquals(c.ebpf().header(), s.extractEbpf().header(), name);
                assertArrayEquals(c.ebpf().body(), s.extractEbpf().payloadBytes(), name);
            } else {
                assertNull(s.extractEbpf(), name);
            }
            if (c.requiresParent() != null) {
                continue; // a COW child: the store reads its own vectors only (inheritance needs the parent file)
            }
            assertArrayEquals(c.liveIds(), s.liveIds(), name);
            for (Map.Entry<Long, float[]> e : c.vectors().entrySet()) {
                assertArrayEquals(e.getValue(), s.vector(e.getKey()), name + " id " + e.getKey());
            }
            for (ReferenceAnswer a : c.answers()) {
                List<SearchHit> ours = s.query(a.query().vector(), a.query().k(),
                        QueryOptions.defaults().withExact(true));
                if (a.approximate()) {
                    // the reference answered through its HNSW: its hits must be real vectors at the right distance
                    for (ReferenceHit h : a.hits()) {
                        assertTrue(s.contains(h.id()), name);
                    }
                    assertSameHits(bruteForce(s, a.query().vector(), a.query().k(), null), ours, name);
                    continue;
                }
                assertAnswer(a, ours, s, name);
                compared++;
            }
        }
        assertTrue(compared >= 40, "exact answers compared: " + compared);
    }

    /**
     * The reference's exact answer: the same distances rank by rank (within 1e-5 relative) and the same ids, except
     * where two vectors are at the same distance up to float rounding (both sum in float32, in different orders), where
     * the order of the tied ids may differ: the reference's id at that rank must then be at our distance too.
     */
    private static void assertAnswer(ReferenceAnswer a, List<SearchHit> ours, RvfStore s, String what) {
        assertTrue(a.ok(), what + ": " + a.error());
        assertEquals(a.hits().size(), ours.size(), what);
        float[] q = a.query().vector();
        int swapped = 0;
        for (int i = 0; i < ours.size(); i++) {
            ReferenceHit ref = a.hits().get(i);
            assertClose(ref.distanceF32(), ours.get(i).distance(), what + " rank " + i);
            if (ref.id() != ours.get(i).id()) {
                swapped++;
                float refIdDistance = StoreTestSupport.distance(s.metric(), q, s.vector(ref.id()));
                assertClose(ours.get(i).distance(), refIdDistance, what + " rank " + i + ": reference id " + ref.id()
                        + ", ours " + ours.get(i).id() + " are not tied");
            }
        }
        assertTrue(swapped <= Math.max(0, ours.size() / 50), what + ": " + swapped + " tied swaps of " + ours.size());
    }

    /** Stores of every metric with everything the store writes; dimension 16, fewer than 1024 vectors each. */
    private static Map<String, RvfStore> exportedStores() {
        Map<String, RvfStore> out = new LinkedHashMap<>();
        Random rnd = new Random(2026);
        for (Metric m : Metric.values()) {
            RvfStore s = RvfStore.create(16, m, options("ours-" + m));
            s.ingest(random(rnd, 600, 16), range(1, 600), rows(600, 9));
            s.ingest(random(rnd, 50, 16), range(581, 50), null); // re-used ids
            s.delete(new long[] {10, 11, 12, 600, 99999});
            s.ingest(random(rnd, 1, 16), new long[] {11}, null); // revived: live for the reference too
            s.ingest(random(rnd, 3, 16), new long[] {1L << 40, (1L << 53) - 1, 7_000_000_000L}, null);
            s.embedKernel(0, 4, 0x11, "img".getBytes(), 8080, "quiet");
            s.embedEbpf(1, 1, 16, new byte[24], null);
            out.put("ours_" + m.apiName() + ".rvf", s);
        }
        RvfStore compacted = RvfStore.create(16, Metric.COSINE, options("ours-compacted"));
        compacted.ingest(random(rnd, 300, 16), range(1, 300), rows(300, 4));
        compacted.ingest(random(rnd, 20, 16), range(1, 20), null);
        compacted.delete(range(100, 40));
        compacted.export(); // INDEX + META, which compaction must not carry over
        compacted.compact();
        out.put("ours_compacted.rvf", compacted);
        RvfStore parent = out.get("ours_l2.rvf");
        RvfStore child = parent.derive(DerivationType.CLONE, options("ours-child"));
        child.ingest(random(rnd, 5, 16), range(1, 5), null);
        out.put("ours_child.rvf", child);
        out.put("ours_empty.rvf", RvfStore.create(16, Metric.L2, options("ours-empty")));
        return out;
    }

    @Test
    void referenceOpensOurExportsAndAnswersAsWeDo(@TempDir Path dir) throws IOException {
        Map<String, RvfStore> stores = exportedStores();
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, RvfStore> e : stores.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.write(p, e.getValue().export());
            files.add(p);
        }
        Random rnd = new Random(7);
        List<ReferenceQuery> queries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            queries.add(new ReferenceQuery(random(rnd, 1, 16), i == 5 ? 2000 : 10 + i));
        }
        List<ReferenceRead> reads = ReferenceBinding.get().readAll(files, queries);
        int i = 0;
        for (Map.Entry<String, RvfStore> e : stores.entrySet()) {
            ReferenceRead r = reads.get(i++);
            RvfStore s = e.getValue();
            String name = e.getKey();
            assertTrue(r.ok(), name + ": " + r.error());
            assertEquals(16, r.dimension(), name);
            assertEquals(metricName(s.metric()), r.metric(), name);
            assertArrayEquals(s.liveIds(), r.liveIds(), name);
            assertEquals(s.status().totalVectors(), r.status().totalVectors(), name);
            assertEquals(s.status().epoch(), r.status().currentEpoch(), name);
            assertEquals(s.status().fileSize(), r.status().fileSize(), name);
            assertEquals(s.status().deadSpaceRatio(), r.status().deadSpaceRatio(), 1e-12, name);
            assertEquals(RvfStore.open(s.export()).status().totalSegments(), r.status().totalSegments(), name);
            assertEquals(s.fileId(), r.fileId(), name);
            assertEquals(s.parentId(), r.parentId(), name);
            assertEquals(s.lineageDepth(), r.lineageDepth(), name);
            KernelData k = s.extractKernel();
            if (k != null) {
                assertArrayEquals(k.header(), r.kernel().header(), name);
                assertArrayEquals(k.image(), r.kernel().body(), name);
                assertArrayEquals(s.extractEbpf().payloadBytes(), r.ebpf().body(), name);
            }
            for (ReferenceAnswer a : r.answers()) {
                assertFalse(a.approximate(), name);
                assertAnswer(a, s.query(a.query().vector(), a.query().k(), QueryOptions.defaults().withExact(true)),
                        s, name);
            }
        }
        RvfStore child = stores.get("ours_child.rvf");
        assertEquals(1, child.lineageDepth());
        List<String> names = new ArrayList<>(stores.keySet());
        List<String> l2Types = reads.get(names.indexOf("ours_l2.rvf")).segmentTypes();
        assertTrue(l2Types.contains("index"), "our INDEX segment is listed: " + l2Types);
        assertTrue(l2Types.contains("meta"), "our META segment is listed: " + l2Types);
        List<String> compactedTypes = reads.get(names.indexOf("ours_compacted.rvf")).segmentTypes();
        assertEquals(1, compactedTypes.stream().filter("index"::equals).count(),
                "compaction dropped the stale INDEX; export wrote one fresh INDEX: " + compactedTypes);
        assertEquals(1, compactedTypes.stream().filter("meta"::equals).count(), compactedTypes.toString());
    }

    /**
     * The reference appends to a file we exported (ingest with a re-used id, delete), then compacts a copy: we load
     * our INDEX and extend it incrementally in the first case, rebuild in the second (the reference dropped our
     * INDEX), and apply our META only to records it describes.
     */
    @Test
    void referenceWritesIntoOurFiles(@TempDir Path dir) throws IOException {
        RvfStore s = RvfStore.create(8, Metric.L2, options("ref-appends"));
        s.ingest(random(new Random(3), 700, 8), range(1, 700), rows(700, 5));
        Path ours = dir.resolve("ours.rvf");
        Files.write(ours, s.export());
        String script = String.join("\n",
                "const { RvfDatabase } = require('./ref-common.cjs').loadBinding();",
                "const fs = require('node:fs');",
                "const [file, appended, compacted] = process.argv.slice(1);",
                "fs.copyFileSync(file, appended);",
                "let db = RvfDatabase.open(appended);",
                "const ids = [3]; for (let i = 0; i < 10; i++) ids.push(5000 + i);",
                "db.ingestBatch(Float32Array.from({length: 11 * 8}, (_, i) => (i % 13) / 13), ids);",
                "db.delete([4]);",
                "db.close();",
                "fs.copyFileSync(appended, compacted);",
                "db = RvfDatabase.open(compacted);",
                "db.compact();",
                "db.close();",
                "process.stdout.write(JSON.stringify({ok: true}));");
        Path appended = dir.resolve("appended.rvf");
        Path compacted = dir.resolve("compacted.rvf");
        ReferenceBinding.ScriptResult run = ReferenceBinding.get().run(List.of("-e", script, ours.toString(),
                appended.toString(), compacted.toString()), java.time.Duration.ofSeconds(60));
        assertEquals(0, run.exitCode(), run.stderr());

        RvfStore a = RvfStore.open(Files.readAllBytes(appended));
        assertEquals("loaded", a.status().index().state());
        assertEquals(700, a.status().index().loadedNodes());
        assertEquals(700, a.status().index().nodes(), "the reference's records are inserted when first needed");
        assertEquals(11, a.status().index().pendingRecords());
        assertEquals(709, a.status().totalVectors());
        assertEquals(Map.of(), a.metadata(3), "re-ingested by the reference after our META: no metadata");
        assertNull(a.metadata(4));
        assertEquals(s.metadata(5), a.metadata(5));
        float[] q = random(new Random(4), 1, 8);
        assertSameHits(bruteForce(a, q, 10, null), a.query(q, 10), "appended");
        assertEquals(711, a.status().index().nodes());
        assertEquals(0, a.status().index().pendingRecords());

        RvfStore c = RvfStore.open(Files.readAllBytes(compacted));
        assertEquals("pending", c.status().index().state());
        assertNull(c.status().index().note(), "the reference's compaction dropped our INDEX");
        assertEquals(709, c.status().totalVectors());
        assertEquals(s.metadata(5), c.metadata(5), "the reference keeps our META through its compaction");
        // documented limitation (docs/FORMAT-EXTENSIONS.md): once the reference has compacted, a record it
        // re-ingested after our META is indistinguishable from the one the META row described
        assertEquals(s.metadata(3), c.metadata(3));
        assertSameHits(bruteForce(c, q, 10, null), c.query(q, 10), "compacted");
        assertEquals("built", c.status().index().state());
    }

    @Test
    void rvfcheckAcceptsOurExports(@TempDir Path dir) throws Exception {
        Path checker = SampleSummary.samplesDir().getParent().resolve("tools").resolve("rvfcheck.py");
        assertTrue(Files.exists(checker), checker.toString());
        List<String> cmd = new ArrayList<>(List.of("python3", checker.toString()));
        for (Map.Entry<String, RvfStore> e : exportedStores().entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.write(p, e.getValue().export());
            cmd.add(p.toString());
        }
        Path out = dir.resolve("rvfcheck.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String report = Files.readString(out);
        assertEquals(0, p.exitValue(), report);
        assertFalse(report.contains("MISMATCH"), report);
        SegmentInfo last = RvfFile.parse(Files.readAllBytes(dir.resolve("ours_l2.rvf"))).manifestSegment();
        assertNotNull(last);
        assertEquals(SegmentType.MANIFEST, last.type());
    }
}
