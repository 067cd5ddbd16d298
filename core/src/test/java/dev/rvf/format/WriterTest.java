package dev.rvf.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterTest {
    private static final FileIdentity ROOT = FileIdentity.newRoot("writer-test".getBytes(StandardCharsets.UTF_8));

    /** A clock that counts up from a fixed start. */
    static Clock steppingClock() {
        long[] t = {1_795_520_128_551_144_699L};
        return () -> t[0] += 1_000_003;
    }

    static float[] seq(int n, float start) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i;
        }
        return v;
    }

    /** "offset type id payload" for each segment. */
    static List<String> layout(byte[] file) {
        List<String> out = new ArrayList<>();
        for (SegmentInfo s : SegmentScanner.scan(file)) {
            out.add(s.offset() + " " + SegmentType.specName(s.type()) + " " + s.segmentId() + " "
                    + s.payloadLength());
        }
        return out;
    }

    static List<String> rows(String... rows) {
        return Arrays.asList(rows);
    }

    /** The operations of the reference run described in the report (rvf-node 0.2.3), with its exact layout. */
    static RvfWriter referenceFlowBeforeCompaction(Clock clock) {
        RvfWriter w = RvfWriter.create(4, Metric.COSINE, 2, ROOT, clock);
        assertEquals(3, w.ingest(new long[] {10, 20, 30}, seq(12, 1)));
        assertEquals(2, w.ingest(new long[] {20, 40}, new float[] {1, 1, 1, 1, 2, 2, 2, 2}));
        assertEquals(1, w.delete(new long[] {10, 99, 10}));
        assertEquals(11, w.embedKernel(1, 0xFE, 0x11, "kernelimage!".getBytes(StandardCharsets.US_ASCII), 8080,
                "console=ttyS0".getBytes(StandardCharsets.US_ASCII)));
        byte[] prog = new byte[16];
        Arrays.fill(prog, (byte) 7);
        assertEquals(13, w.embedEbpf(2, 3, 4, prog, "btfdata".getBytes(StandardCharsets.US_ASCII)));
        byte[] prog2 = new byte[8];
        Arrays.fill(prog2, (byte) 9);
        assertEquals(15, w.embedEbpf(1, 1, 4, prog2, null));
        return w;
    }

    @Test
    void createWritesOneManifest() {
        RvfWriter w = RvfWriter.create(384, Metric.DOT_PRODUCT, 1, ROOT, steppingClock());
        byte[] b = w.toBytes();
        assertEquals(162, b.length);
        RvfFile f = RvfFile.parse(b);
        assertEquals(0, f.epoch());
        assertEquals(384, f.dimension());
        assertEquals(Metric.DOT_PRODUCT, f.metric());
        assertEquals(1, f.manifest().metricCode());
        assertEquals(1, f.profile());
        assertEquals(ROOT, f.identity());
        assertEquals(0, f.liveCount());
        assertTrue(f.manifest().directory().isEmpty());
        assertEquals(List.of("0 MANIFEST 1 98"), layout(b));
        assertEquals(2, w.nextSegmentId());
        // older flavours leave byte 19 at 0
        byte[] old = RvfWriter.create(8, Metric.COSINE, 0, ROOT, steppingClock(), WriterFlavor.NATIVE_0_1).toBytes();
        assertEquals(Metric.L2, RvfFile.parse(old).metric());
    }

    @Test
    void operationLayoutMatchesTheReference() {
        RvfWriter w = referenceFlowBeforeCompaction(steppingClock());
        assertEquals(rows("0 MANIFEST 1 98", "162 VEC 2 78", "304 WITNESS 3 67", "435 MANIFEST 4 173",
                "672 VEC 5 54", "790 WITNESS 6 67", "921 MANIFEST 7 248", "1233 JOURNAL 8 52", "1349 WITNESS 9 67",
                "1480 MANIFEST 10 331", "1875 KERNEL 11 153", "2092 MANIFEST 12 381", "2537 EBPF 13 87",
                "2688 MANIFEST 14 431", "3183 EBPF 15 72", "3319 MANIFEST 16 481"), layout(w.toBytes()));
        RvfFile f = RvfFile.parse(w.toBytes());
        assertEquals(6, f.epoch());
        assertEquals(4, f.totalVectorsField());
        assertArrayEquals(new long[] {10}, f.deletedIds());
        assertArrayEquals(new long[] {20, 30, 40}, f.liveIds());
        assertArrayEquals(new float[] {1, 1, 1, 1, 9, 10, 11, 12, 2, 2, 2, 2}, f.liveVectors());
        assertEquals(15, f.manifest().directory().size());
        WitnessReport wr = f.verifyWitnesses();
        assertTrue(wr.isValid());
        assertEquals(3, wr.entries());
        assertEquals(1, wr.geneses());
        List<String> actions = new ArrayList<>();
        for (SegmentInfo s : f.segments()) {
            if (s.type() == SegmentType.WITNESS) {
                actions.add(WitnessEntry.decode(f.payloadReader(s)).action());
            }
        }
        assertEquals(List.of("ingest:count=3,epoch=1", "ingest:count=2,epoch=2", "delete:count=1,epoch=3"), actions);
        JournalPayload j = JournalPayload.decode(f.payloadReader(f.segments().get(7)));
        assertArrayEquals(new long[] {10, 99, 10}, j.deletedIds());
        assertEquals(3, j.epoch());
        // extraction takes the first KERNEL / EBPF the directory lists, as the reference does
        KernelPayload k = f.kernel();
        assertEquals("kernelimage!console=ttyS0", new String(k.bytesAfterHeader(), StandardCharsets.US_ASCII));
        assertEquals(8080, k.apiPort());
        assertEquals(16, f.ebpf().programSize());
    }

    @Test
    void compactionAndResumeMatchTheReference() {
        Clock clock = steppingClock();
        RvfWriter w = referenceFlowBeforeCompaction(clock);
        CompactionResult r = w.compact(new long[] {20, 30, 40}, new float[] {1, 1, 1, 1, 9, 10, 11, 12,
            2, 2, 2, 2});
        assertEquals(1, r.segmentsCompacted());
        assertEquals(16, r.bytesReclaimed());
        assertEquals(7, r.epoch());
        byte[] compacted = w.toBytes();
        assertEquals(rows("0 VEC 1 78", "142 WITNESS 3 67", "273 WITNESS 6 67", "404 WITNESS 9 67",
                "535 KERNEL 11 153", "752 EBPF 13 87", "903 EBPF 15 72", "1039 MANIFEST 16 273",
                "1376 WITNESS 17 100"), layout(compacted));
        RvfFile f = RvfFile.parse(compacted);
        assertEquals(7, f.epoch());
        assertEquals(3, f.totalVectorsField());
        assertEquals(0, f.deletedIds().length);
        assertEquals(7, f.manifest().directory().size());
        assertEquals(ROOT, f.identity());
        WitnessEntry last = WitnessEntry.decode(f.payloadReader(f.segments().get(8)));
        assertEquals("compact:segments_compacted=1,bytes_reclaimed=16,epoch=7", last.action());
        assertTrue(last.isGenesis());

        RvfWriter resumed = RvfWriter.resume(compacted, f, clock);
        assertEquals(16, resumed.nextSegmentId());
        resumed.ingest(new long[] {50}, new float[] {3, 3, 3, 3});
        assertEquals(1, resumed.delete(new long[] {20}));
        byte[] b = resumed.toBytes();
        assertEquals(2845, b.length);
        assertEquals(rows("1540 VEC 16 30", "1634 WITNESS 17 67", "1765 MANIFEST 18 323", "2152 JOURNAL 19 28",
                "2244 WITNESS 20 67", "2375 MANIFEST 21 406"), layout(b).subList(9, 15));
        RvfFile g = RvfFile.parse(b);
        assertEquals(9, g.epoch());
        assertEquals(4, g.totalVectorsField());
        assertArrayEquals(new long[] {20}, g.deletedIds());
        assertArrayEquals(new long[] {30, 40, 50}, g.liveIds());
        assertEquals(12, g.manifest().directory().size());
        WitnessReport wr = g.verifyWitnesses();
        assertTrue(wr.isValid());
        assertEquals(6, wr.entries());
        assertEquals(3, wr.geneses());

        FileIdentity child = resumed.deriveChildIdentity(new byte[16]);
        assertEquals(1, child.depth());
        assertArrayEquals(ROOT.fileId(), child.parentId());
        assertArrayEquals(Fold256.digest(b), child.parentHash());
        RvfFile cf = RvfFile.parse(RvfWriter.create(4, Metric.COSINE, 2, child, clock).toBytes());
        assertEquals(child, cf.identity());
    }

    /** Reference behaviour observed with rvf-node 0.2.3 (h1/i1/i2/j1/k1 runs of the report). */
    @Test
    void referenceQuirks() {
        Clock clock = steppingClock();
        RvfWriter w = RvfWriter.create(3, Metric.L2, 0, ROOT, clock);
        // empty ingest writes nothing; empty delete writes JOURNAL, WITNESS, MANIFEST
        assertEquals(0, w.ingest(new long[0], new float[0]));
        assertEquals(162, w.size());
        assertEquals(0, w.delete(new long[0]));
        assertEquals(rows("0 MANIFEST 1 98", "162 JOURNAL 2 16", "242 WITNESS 3 67", "373 MANIFEST 4 173"),
                layout(w.toBytes()));
        // duplicates inside a batch are all "accepted"; held ids are distinct
        assertEquals(4, w.ingest(new long[] {1, 2, 2, 3}, seq(12, 0)));
        assertEquals(3, w.totalVectors());
        assertEquals(2, w.delete(new long[] {1, 1, 2}));
        assertEquals(0, w.delete(new long[] {1, 5}));
        // re-ingesting a deleted id does not undelete it
        w.ingest(new long[] {1}, new float[] {9, 9, 9});
        assertArrayEquals(new long[] {1, 2}, w.deletedIds());
        RvfFile f = RvfFile.parse(w.toBytes());
        assertArrayEquals(new long[] {3}, f.liveIds());
        assertEquals(3, f.totalVectorsField());
        CompactionResult r = w.compact(new long[] {3}, new float[] {6, 7, 8});
        assertEquals(2, r.segmentsCompacted());
        assertEquals(24, r.bytesReclaimed());
        // after an in-session compaction the chain continues from the compaction witness, and the directory
        // holds VEC, kept segments and that witness (not the compaction manifest)
        w.ingest(new long[] {8}, new float[] {7, 7, 7});
        RvfFile g = RvfFile.parse(w.toBytes());
        List<DirectoryEntry> dir = g.manifest().directory();
        assertEquals(SegmentType.WITNESS, dir.get(dir.size() - 3).type());
        WitnessReport wr = g.verifyWitnesses();
        assertTrue(wr.isValid());
        assertEquals(2, wr.geneses());
        List<SegmentInfo> ws = new ArrayList<>();
        for (SegmentInfo s : g.segments()) {
            if (s.type() == SegmentType.WITNESS) {
                ws.add(s);
            }
        }
        SegmentInfo compactWitness = ws.get(ws.size() - 2);
        assertTrue(WitnessEntry.decode(g.payloadReader(compactWitness)).action().startsWith("compact:"));
        assertArrayEquals(Fold256.digest(g.payload(compactWitness)),
                WitnessEntry.decode(g.payloadReader(ws.get(ws.size() - 1))).prevHash());
        // compacting away everything writes no VEC: the manifest gets id max(kept) + 1
        w.delete(new long[] {3, 8});
        w.compact(new long[0], new float[0]);
        List<String> l = layout(w.toBytes());
        assertTrue(l.get(0).contains(" WITNESS "), l.toString());
        assertEquals(0, RvfFile.parse(w.toBytes()).liveCount());

        // compacting a fresh store: MANIFEST id 1, then the compaction WITNESS id 2
        RvfWriter e = RvfWriter.create(2, Metric.L2, 0, ROOT, clock);
        CompactionResult er = e.compact(new long[0], new float[0]);
        assertEquals(1, er.epoch());
        assertEquals(rows("0 MANIFEST 1 98", "162 WITNESS 2 99"), layout(e.toBytes()));
        // resuming a file whose directory is empty starts again at id 1
        byte[] fresh = RvfWriter.create(2, Metric.L2, 0, ROOT, clock).toBytes();
        RvfWriter k = RvfWriter.resume(fresh, RvfFile.parse(fresh), clock);
        k.ingest(new long[] {5}, new float[] {1, 2});
        assertEquals(rows("0 MANIFEST 1 98", "162 VEC 1 22", "248 WITNESS 2 67", "379 MANIFEST 3 148"),
                layout(k.toBytes()));
    }

    @Test
    void extensionSegmentsAreListed() {
        RvfWriter w = RvfWriter.create(2, Metric.L2, 0, ROOT, steppingClock());
        w.ingest(new long[] {1, 2}, new float[] {1, 2, 3, 4});
        long id = w.appendSegment(SegmentType.INDEX, new byte[] {1, 2, 3});
        long meta = w.appendSegment(SegmentType.META, new byte[0]);
        w.commitManifest();
        RvfFile f = RvfFile.parse(w.toBytes());
        assertEquals(2, f.epoch());
        List<SegmentInfo> idx = f.listedSegments(SegmentType.INDEX);
        assertEquals(1, idx.size());
        assertEquals(id, idx.get(0).segmentId());
        assertArrayEquals(new byte[] {1, 2, 3}, f.payload(idx.get(0)));
        assertEquals(meta, f.listedSegments(SegmentType.META).get(0).segmentId());
        assertEquals(HashStatus.OK, idx.get(0).hashStatus());
        assertNull(f.kernel());
        assertNull(f.ebpf());
    }

    @Test
    void argumentErrors() {
        Clock c = steppingClock();
        CodecsTest.assertCode(ErrorCode.INVALID_ARGUMENT, () -> RvfWriter.create(0, Metric.L2, 0, ROOT, c));
        CodecsTest.assertCode(ErrorCode.INVALID_ARGUMENT, () -> RvfWriter.create(65536, Metric.L2, 0, ROOT, c));
        CodecsTest.assertCode(ErrorCode.INVALID_ARGUMENT, () -> RvfWriter.create(4, Metric.L2, 0, null, c));
        RvfWriter w = RvfWriter.create(2, Metric.L2, 0, ROOT, c);
        CodecsTest.assertCode(ErrorCode.DIMENSION_MISMATCH, () -> w.ingest(new long[] {1}, new float[3]));
        w.ingest(new long[] {1, 2}, new float[4]);
        w.delete(new long[] {2});
        CodecsTest.assertCode(ErrorCode.INVALID_ARGUMENT, () -> w.compact(new long[] {1, 2}, new float[4]));
        CodecsTest.assertCode(ErrorCode.INVALID_ARGUMENT, () -> w.compact(new long[0], new float[0]));
        CodecsTest.assertCode(ErrorCode.INVALID_ARGUMENT, () -> w.compact(new long[] {7}, new float[2]));
        byte[] wasm = WasmExport.build(2, new long[] {1}, new float[2]);
        CodecsTest.assertCode(ErrorCode.UNSUPPORTED, () -> RvfWriter.resume(wasm, RvfFile.parse(wasm), c));
        byte[] b = w.toBytes();
        CodecsTest.assertCode(ErrorCode.INVALID_ARGUMENT, () ->
                RvfWriter.resume(Arrays.copyOf(b, b.length + 1), RvfFile.parse(b), c));
    }

    /** Random operations against a model; after each step the file re-parses to the model's content. */
    @Test
    void randomOperationsReparseToTheModel() {
        Random rnd = new Random(12345);
        Clock clock = steppingClock();
        int dim = 5;
        RvfWriter w = RvfWriter.create(dim, Metric.COSINE, 3, ROOT, clock);
        Map<Long, float[]> held = new LinkedHashMap<>();
        Set<Long> deleted = new HashSet<>();
        for (int step = 0; step < 120; step++) {
            int op = rnd.nextInt(10);
            if (op < 5) {
                int n = rnd.nextInt(6);
                long[] ids = new long[n];
                float[] v = new float[n * dim];
                for (int i = 0; i < n; i++) {
                    ids[i] = rnd.nextInt(40);
                    for (int k = 0; k < dim; k++) {
                        v[i * dim + k] = rnd.nextFloat();
                    }
                    held.put(ids[i], Arrays.copyOfRange(v, i * dim, (i + 1) * dim));
                }
                w.ingest(ids, v);
            } else if (op < 8) {
                long[] ids = new long[rnd.nextInt(4)];
                int expected = 0;
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = rnd.nextInt(45);
                    if (held.containsKey(ids[i]) && deleted.add(ids[i])) {
                        expected++;
                    }
                }
                assertEquals(expected, w.delete(ids));
            } else if (op == 8) {
                Map<Long, float[]> live = new LinkedHashMap<>();
                held.forEach((id, v) -> {
                    if (!deleted.contains(id)) {
                        live.put(id, v);
                    }
                });
                long[] ids = live.keySet().stream().mapToLong(Long::longValue).toArray();
                float[] v = new float[ids.length * dim];
                int i = 0;
                for (float[] x : live.values()) {
                    System.arraycopy(x, 0, v, dim * i++, dim);
                }
                w.compact(ids, v);
                held = live;
                deleted.clear();
            } else {
                byte[] b = w.toBytes();
                w = RvfWriter.resume(b, RvfFile.parse(b), clock);
            }
            RvfFile f = RvfFile.parse(w.toBytes());
            f.verifyHashes();
            assertTrue(f.verifyWitnesses().isValid());
            assertEquals(w.epoch(), f.epoch());
            assertEquals(held.size(), f.totalVectorsField());
            assertEquals(Metric.COSINE, f.metric());
            assertEquals(3, f.profile());
            assertArrayEquals(w.deletedIds(), f.deletedIds());
            assertEquals(new HashSet<>(deleted), toSet(f.deletedIds()));
            List<Long> expectedLive = new ArrayList<>();
            for (Long id : held.keySet()) {
                if (!deleted.contains(id)) {
                    expectedLive.add(id);
                }
            }
            assertEquals(expectedLive, toList(f.liveIds()), "step " + step);
            for (int i = 0; i < f.liveCount(); i++) {
                assertArrayEquals(held.get(f.liveIds()[i]), Arrays.copyOfRange(f.liveVectors(), i * dim,
                        (i + 1) * dim));
            }
        }
    }

    static List<Long> toList(long[] a) {
        List<Long> l = new ArrayList<>();
        for (long x : a) {
            l.add(x);
        }
        return l;
    }

    static Set<Long> toSet(long[] a) {
        return new HashSet<>(toList(a));
    }

    /** rvfcheck.py accepts every kind of file the writer produces: hashes, chain, identity, decoding. */
    @Test
    void rvfcheckAcceptsWrittenFiles(@TempDir Path dir) throws IOException {
        assumeTrue(TestFiles.pythonAvailable(), "python3 or rvfcheck.py not available");
        Clock clock = steppingClock();
        Map<String, byte[]> files = new LinkedHashMap<>();
        RvfWriter w = referenceFlowBeforeCompaction(clock);
        files.put("log.rvf", w.toBytes());
        w.compact(new long[] {20, 30, 40}, new float[12]);
        files.put("compacted.rvf", w.toBytes());
        RvfWriter r = RvfWriter.resume(w.toBytes(), RvfFile.parse(w.toBytes()), clock);
        r.ingest(new long[] {50, 1L << 62}, new float[8]);
        r.delete(new long[] {30});
        files.put("resumed.rvf", r.toBytes());
        files.put("child.rvf", RvfWriter.create(4, Metric.COSINE, 2,
                r.deriveChildIdentity(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}),
                clock).toBytes());
        RvfWriter big = RvfWriter.create(32, Metric.L2, 0, ROOT, clock);
        Random rnd = new Random(3);
        for (int b = 0; b < 3; b++) {
            long[] ids = new long[100];
            float[] v = new float[100 * 32];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = b * 100L + i;
            }
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rnd.nextGaussian();
            }
            big.ingest(ids, v);
        }
        big.delete(new long[] {3, 5, 7});
        files.put("big.rvf", big.toBytes());
        files.put("wasm.rvf", WasmExport.build(4, new long[] {1, 2}, new float[8]));
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        Map<String, String> theirs = RvfcheckSummary.run(dir, new ArrayList<>(files.keySet()));
        for (String n : files.keySet()) {
            assertEquals("", RvfcheckSummary.problems(theirs, n), n);
            if (!n.equals("wasm.rvf")) {
                assertEquals(theirs.get(n), RvfcheckSummary.describe(RvfFile.parse(files.get(n))), n);
            }
        }
        assertEquals("ok: parent resumed.rvf (depth 1)", RvfcheckSummary.lineage(theirs, "child.rvf"));
        assertEquals("root", RvfcheckSummary.lineage(theirs, "log.rvf"));
        assertNotNull(theirs.get("big.rvf"));
    }

    @Test
    void resumingAFileInPlaceWritesWhatResumingACopyWritesAndReleasesItOnce() {
        RvfWriter w = RvfWriter.create(4, Metric.L2, 0, ROOT, steppingClock());
        w.ingest(new long[] {1, 2, 1}, seq(12, 0));
        w.delete(new long[] {2});
        byte[] file = w.toBytes();
        DetachedFileBytes inPlace = new DetachedFileBytes(file);
        RvfWriter copying = RvfWriter.resume(file.clone(), RvfFile.parse(file.clone()), steppingClock());
        RvfWriter continuing = RvfWriter.resume(inPlace, RvfFile.parse(inPlace), steppingClock());
        assertArrayEquals(file, continuing.toBytes());
        for (RvfWriter r : new RvfWriter[] {copying, continuing}) {
            r.ingest(new long[] {3, 2}, seq(8, 50));
            r.delete(new long[] {1});
        }
        assertArrayEquals(copying.toBytes(), continuing.toBytes());
        assertArrayEquals(copying.segmentPayloadAt(0), continuing.segmentPayloadAt(0), "read back from the file");
        long last = RvfFile.parse(copying.toBytes()).manifestSegment().offset();
        assertArrayEquals(copying.segmentPayloadAt(last), continuing.segmentPayloadAt(last), "read back from the tail");
        byte[] childId = new byte[16];
        assertArrayEquals(copying.deriveChildIdentity(childId).parentHash(),
                continuing.deriveChildIdentity(childId).parentHash());
        assertArrayEquals(new long[] {3}, RvfFile.parse(continuing.toBytes()).liveIds()); // 2 stays deleted
        assertLogReadsAsItsCopy(continuing);
        assertLogReadsAsItsCopy(copying);
        assertEquals(0, inPlace.releases());
        CompactionResult a = copying.compact(new long[] {3}, seq(4, 50), null);
        CompactionResult b = continuing.compact(new long[] {3}, seq(4, 50), null);
        assertEquals(1, inPlace.releases(), "a compaction no longer needs the file it continued");
        assertEquals(a.epoch(), b.epoch());
        assertArrayEquals(copying.toBytes(), continuing.toBytes());
        continuing.ingest(new long[] {9}, seq(4, 7));
        assertLogReadsAsItsCopy(continuing);
        continuing.release();
        assertEquals(1, inPlace.releases(), "released once");
    }

    /**
     * {@code log()} (the continued file plus the appended tail, read where they are) gives what a copy of the log
     * gives, for every read at every offset, across the boundary between the two parts too.
     */
    private static void assertLogReadsAsItsCopy(RvfWriter w) {
        byte[] copy = w.toBytes();
        FileBytes whole = FileBytes.of(copy);
        FileBytes log = w.log();
        assertEquals(copy.length, log.length());
        for (int off = 0; off < copy.length; off++) {
            assertEquals(whole.get(off), log.get(off), "byte " + off);
            if (off + 8 <= copy.length) {
                assertEquals(whole.i32(off), log.i32(off), "i32 at " + off);
                assertEquals(whole.i64(off), log.i64(off), "i64 at " + off);
            }
            int len = Math.min(13, copy.length - off);
            assertArrayEquals(whole.slice(off, len), log.slice(off, len), "copy at " + off);
            assertEquals(whole.crc32(7, off, len), log.crc32(7, off, len), "crc at " + off);
            int count = Math.min(3, (copy.length - off) / 4);
            float[] a = new float[count];
            float[] b = new float[count];
            whole.floats(off, a, 0, count);
            log.floats(off, b, 0, count);
            for (int i = 0; i < count; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), "float " + i + " at " + off);
            }
        }
        assertEquals(SegmentScanner.scan(whole).toString(), SegmentScanner.scan(log).toString());
    }

    @Test
    void parsedFileExposesItsRecordsWithoutMerging() {
        RvfWriter w = RvfWriter.create(2, Metric.L2, 0, ROOT, steppingClock());
        w.ingest(new long[] {5, 6}, new float[] {1, 2, 3, 4});
        w.ingest(new long[] {5, 7}, new float[] {9, 9, 8, 8});
        RvfFile f = RvfFile.parse(w.toBytes());
        assertEquals(4, f.loadedRecordCount());
        assertEquals(2, f.loadedVecPayloads().size());
        float[] out = new float[6];
        f.loadedVecPayloads().get(1).copyVectors(0, 2, out, 2);
        assertArrayEquals(new float[] {0, 0, 9, 9, 8, 8}, out);
        assertArrayEquals(new long[] {5, 6, 7}, f.loadedIds());
        assertArrayEquals(new float[] {9, 9, 3, 4, 8, 8}, f.loadedVectors(), "later records win");
        CodecsTest.assertCode(ErrorCode.INVALID_ARGUMENT,
                () -> f.loadedVecPayloads().get(0).copyVectors(1, 2, new float[4], 0));
        CodecsTest.assertCode(ErrorCode.INVALID_ARGUMENT,
                () -> f.loadedVecPayloads().get(0).copyVectors(0, 2, new float[4], 1));
    }
}
