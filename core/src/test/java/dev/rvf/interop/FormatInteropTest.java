package dev.rvf.interop;

import dev.rvf.Metric;
import dev.rvf.format.Clock;
import dev.rvf.format.CompactionResult;
import dev.rvf.format.EbpfPayload;
import dev.rvf.format.FileIdentity;
import dev.rvf.format.KernelPayload;
import dev.rvf.format.RvfFile;
import dev.rvf.format.RvfWriter;
import dev.rvf.format.WitnessReport;
import dev.rvf.kernels.DistanceFunction;
import dev.rvf.kernels.TopK;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The format core against the real reference binding, both ways (issue "RVF format core"):
 * (a) files the reference writes are read by {@link RvfFile} with identical content;
 * (b) files {@link RvfWriter} writes are opened by the reference, which reports the same status and answers
 * k-NN queries exactly as a brute-force search over what {@code core} decoded.
 */
class FormatInteropTest {
    private static ReferenceCatalogue catalogue;

    @BeforeAll
    static void generateCatalogue(@TempDir Path dir) {
        ReferenceBinding.get().requireAvailable();
        catalogue = ReferenceCatalogue.generate(dir);
    }

    @Test
    void everyReferenceWrittenFileReadsIdentically() {
        int checked = 0;
        for (CatalogueFile expected : catalogue.files()) {
            RvfFile file = RvfFile.parse(read(expected.path()));
            String what = expected.name();
            file.verifyHashes();
            WitnessReport witness = file.verifyWitnesses();
            assertTrue(witness.isValid(), what + ": witness chain " + witness);
            assertEquals(expected.dimension(), file.dimension(), what);
            assertEquals(Metric.parse(expected.metric()), file.metric(), what);
            assertEquals(expected.fileId(), file.identity().fileIdHex(), what);
            assertEquals(expected.parentId(), file.identity().parentIdHex(), what);
            assertEquals(expected.lineageDepth(), file.identity().depth(), what);
            assertArrayEquals(sorted(expected.deletedIds()), sorted(file.deletedIds()), what + ": deleted ids");
            assertKernel(expected, file.kernel());
            assertEbpf(expected, file.ebpf());
            if (expected.requiresParent() != null) {
                continue; // a COW branch: its inherited vectors live in the parent file, checked below
            }
            assertArrayEquals(expected.liveIds(), sorted(file.liveIds()), what + ": live ids");
            Map<Long, float[]> ours = vectorsById(file.liveIds(), file.liveVectors(), file.dimension());
            for (Map.Entry<Long, float[]> e : expected.vectors().entrySet()) {
                assertArrayEquals(e.getValue(), ours.get(e.getKey()), what + ": vector of id " + e.getKey());
            }
            checked++;
        }
        assertTrue(checked >= 15, "catalogue too small: " + checked);
    }

    @Test
    void cowBranchOwnVectorsAreAMemberOfWhatTheReferenceSees() {
        for (CatalogueFile expected : catalogue.files()) {
            if (expected.requiresParent() == null) {
                continue;
            }
            RvfFile child = RvfFile.parse(read(expected.path()));
            RvfFile parent = RvfFile.parse(read(expected.path().resolveSibling(expected.requiresParent())));
            // the reference's view = parent's live ids (less the branch's deletes) + the branch's own ids
            for (long id : child.liveIds()) {
                assertTrue(Arrays.binarySearch(expected.liveIds(), id) >= 0, expected.name() + ": own id " + id);
            }
            long[] union = union(parent.liveIds(), child.liveIds());
            for (long id : expected.liveIds()) {
                assertTrue(Arrays.binarySearch(union, id) >= 0, expected.name() + ": visible id " + id);
            }
        }
    }

    @Test
    void referenceOpensCoreWrittenFilesAndAnswersLikeExactSearch(@TempDir Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        Map<Path, RvfFile> ours = new HashMap<>();
        for (Metric metric : Metric.values()) {
            for (Path p : writeScenario(dir, metric)) {
                files.add(p);
                ours.put(p, RvfFile.parse(Files.readAllBytes(p)));
            }
        }
        List<ReferenceQuery> queries = new ArrayList<>();
        Random rnd = new Random(11);
        for (int i = 0; i < 6; i++) {
            queries.add(new ReferenceQuery(randomVector(rnd, DIM), 1 + rnd.nextInt(12)));
        }
        List<ReferenceRead> reads = ReferenceBinding.get().readAll(files, queries);
        assertEquals(files.size(), reads.size());
        for (int f = 0; f < files.size(); f++) {
            RvfFile file = ours.get(files.get(f));
            ReferenceRead ref = reads.get(f);
            String what = files.get(f).getFileName().toString();
            assertTrue(ref.ok(), what + ": " + ref.error());
            assertEquals(file.liveCount(), ref.status().totalVectors(), what + ": live count");
            assertEquals(file.epoch(), ref.status().currentEpoch(), what + ": epoch");
            assertEquals(file.file().length(), ref.status().fileSize(), what + ": file size");
            assertEquals(file.dimension(), ref.dimension(), what);
            assertEquals(file.metric(), Metric.parse(ref.metric()), what);
            assertEquals(file.identity().fileIdHex(), ref.fileId(), what);
            assertEquals(file.identity().parentIdHex(), ref.parentId(), what);
            assertEquals(file.identity().depth(), ref.lineageDepth(), what);
            assertArrayEquals(sorted(file.liveIds()), ref.liveIds(), what + ": live ids");
            for (int q = 0; q < queries.size(); q++) {
                ReferenceAnswer answer = ref.answers().get(q);
                assertTrue(answer.ok(), what + ": " + answer.error());
                assertExactAnswer(what + " query " + q, file, queries.get(q), answer);
            }
        }
    }

    private static final int DIM = 12;

    /** A file per step of a store's life, written by core: ingest, re-ingest, delete, kernel, eBPF, compact, derive. */
    private static List<Path> writeScenario(Path dir, Metric metric) throws IOException {
        long[] ticks = {1_700_000_000_000_000_000L};
        Clock clock = () -> ticks[0] += 1_000;
        Random rnd = new Random(metric.ordinal() + 5);
        String name = metric.apiName();
        RvfWriter w = RvfWriter.create(DIM, metric, 0,
                FileIdentity.newRoot(("core-" + name).getBytes(StandardCharsets.UTF_8)), clock);
        List<Path> out = new ArrayList<>();
        w.ingest(ids(1, 120), randomVectors(rnd, 120));
        w.ingest(new long[] {5, 1L << 40, 130, (1L << 53) - 1}, randomVectors(rnd, 4));
        out.add(save(dir, name + "-ingested.rvf", w.toBytes()));
        w.delete(new long[] {7, 8, 9, 999_999, 7});
        w.embedKernel(0, 0xFE, 0x11, "kernel image bytes".getBytes(StandardCharsets.UTF_8), 8080,
                "console=ttyS0".getBytes(StandardCharsets.UTF_8));
        w.embedEbpf(1, 0, DIM, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, null);
        out.add(save(dir, name + "-deleted.rvf", w.toBytes()));
        RvfFile before = RvfFile.parse(w.toBytes());
        CompactionResult compacted = w.compact(before.liveIds(), before.liveVectors());
        assertEquals(3, compacted.segmentsCompacted());
        out.add(save(dir, name + "-compacted.rvf", w.toBytes()));
        RvfWriter child = RvfWriter.create(DIM, metric, 0, w.deriveChildIdentity(
                FileIdentity.newRoot(("child-" + name).getBytes(StandardCharsets.UTF_8)).fileId()), clock);
        child.ingest(ids(500, 20), randomVectors(rnd, 20));
        out.add(save(dir, name + "-child.rvf", child.toBytes()));
        return out;
    }

    private void assertExactAnswer(String what, RvfFile file, ReferenceQuery query, ReferenceAnswer answer) {
        int dim = file.dimension();
        DistanceFunction distance = DistanceFunction.of(file.metric());
        long[] ids = file.liveIds();
        float[] vectors = file.liveVectors();
        TopK top = new TopK(query.k());
        for (int i = 0; i < ids.length; i++) {
            top.offer(distance.distance(query.vector(), 0, vectors, i * dim, dim), ids[i]);
        }
        float[] d = new float[top.size()];
        long[] id = new long[top.size()];
        int n = top.drainSorted(d, id);
        assertEquals(n, answer.hits().size(), what + ": result count");
        for (int i = 0; i < n; i++) {
            ReferenceHit hit = answer.hits().get(i);
            // our kernel sums in a different order than the reference: equal to float32 rounding
            assertEquals(hit.distance(), d[i], 1e-5 * Math.max(1, Math.abs(d[i])), what + ": distance " + i);
            if (i + 1 < n && d[i + 1] - d[i] > 1e-5 * Math.max(1, Math.abs(d[i]))) {
                assertEquals(hit.id(), id[i], what + ": id at rank " + i);
            }
        }
        long[] refIds = answer.ids();
        assertArrayEquals(sorted(Arrays.copyOf(id, n)), sorted(refIds), what + ": the same k nearest ids");
    }

    private static void assertKernel(CatalogueFile expected, KernelPayload kernel) {
        if (expected.kernel() == null) {
            assertNull(kernel, expected.name() + ": no kernel");
            return;
        }
        assertNotNull(kernel, expected.name() + ": kernel");
        assertArrayEquals(expected.kernel().header(), kernel.headerBytes(), expected.name() + ": kernel header");
        assertArrayEquals(expected.kernel().body(), kernel.bytesAfterHeader(), expected.name() + ": kernel image");
        assertTrue(kernel.imageHashValid(), expected.name() + ": kernel image hash");
    }

    private static void assertEbpf(CatalogueFile expected, EbpfPayload ebpf) {
        if (expected.ebpf() == null) {
            assertNull(ebpf, expected.name() + ": no eBPF");
            return;
        }
        assertNotNull(ebpf, expected.name() + ": eBPF");
        assertArrayEquals(expected.ebpf().header(), ebpf.headerBytes(), expected.name() + ": eBPF header");
        assertArrayEquals(expected.ebpf().body(), ebpf.bytesAfterHeader(), expected.name() + ": eBPF program");
    }

    private static Map<Long, float[]> vectorsById(long[] ids, float[] vectors, int dim) {
        Map<Long, float[]> out = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            out.put(ids[i], Arrays.copyOfRange(vectors, i * dim, (i + 1) * dim));
        }
        return out;
    }

    private static long[] union(long[] a, long[] b) {
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return Arrays.stream(all).distinct().sorted().toArray();
    }

    private static long[] sorted(long[] ids) {
        long[] s = ids.clone();
        Arrays.sort(s);
        return s;
    }

    private static long[] ids(long first, int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = first + i;
        }
        return ids;
    }

    private static float[] randomVectors(Random rnd, int n) {
        float[] v = new float[n * DIM];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    private static float[] randomVector(Random rnd, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    private static Path save(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        assertFalse(bytes.length == 0);
        return p;
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
