package dev.rvf.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rvf.Metric;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every published sample parses and agrees with SUMMARY.txt, with raw bytes, and with rvfcheck.py. */
class SamplesTest {
    private static final Map<String, TestFiles.SummaryRow> SUMMARY = TestFiles.summary();

    static Stream<String> sampleNames() throws IOException {
        try (Stream<Path> s = Files.list(TestFiles.samplesDir())) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".rvf") || n.endsWith(".rvdna"))
                    .sorted().collect(Collectors.toList()).stream();
        }
    }

    @Test
    void summaryListsEverySampleFile() throws IOException {
        List<String> names = sampleNames().collect(Collectors.toList());
        assertEquals(48, names.size());
        assertEquals(48, SUMMARY.size());
        assertEquals(new ArrayList<>(SUMMARY.keySet()).stream().sorted().collect(Collectors.toList()), names);
    }

    @ParameterizedTest
    @MethodSource("sampleNames")
    void sampleAgreesWithSummary(String name) {
        byte[] bytes = TestFiles.sample(name);
        TestFiles.SummaryRow row = SUMMARY.get(name);
        assertNotNull(row, name + " is not in SUMMARY.txt");
        RvfFile f = RvfFile.parse(bytes);

        assertEquals(row.size, bytes.length);
        assertEquals(Dialect.R, f.dialect());
        assertEquals(row.segments, TestFiles.groupedTypes(f.segments()));
        assertEquals(row.live, f.liveCount());
        assertEquals(row.dim, f.dimension());
        String metricName = row.metric.substring(0, row.metric.indexOf('('));
        int metricByte = Integer.parseInt(row.metric.replaceAll(".*byte=(\\d+).*", "$1"));
        assertEquals(Metric.fromManifestCode(metricByte), f.metric());
        assertEquals(metricName, f.metric() == Metric.DOT_PRODUCT ? "inner_product" : f.metric().apiName());
        assertEquals(metricByte, f.manifest().metricCode());

        int n = f.segments().size();
        assertEquals("ok " + n + "/" + n, row.hashes);
        for (SegmentInfo s : f.segments()) {
            assertEquals(HashStatus.OK, s.hashStatus(), s.toString());
        }
        f.verifyHashes();
        assertEquals("none", row.witness);
        WitnessReport w = f.verifyWitnesses();
        assertTrue(w.isValid());
        assertEquals(0, w.entries());

        assertTrue(f.manifest().isExactLayout());
        assertTrue(f.hasIdentity());
        checkLineage(name, f, row.lineage);
        checkVectorsAgainstRawBytes(bytes, f);
        // the latest manifest is the last segment in every sample
        assertEquals(f.segments().get(n - 1).offset(), f.manifestSegment().offset());
    }

    private static void checkLineage(String name, RvfFile f, String lineage) {
        FileIdentity id = f.identity();
        if (lineage.equals("root")) {
            assertTrue(id.isRoot(), name);
            assertEquals(0, id.depth());
            return;
        }
        if (lineage.startsWith("ok: parent ")) {
            String parentName = lineage.substring("ok: parent ".length(), lineage.indexOf(" (depth"));
            long depth = Long.parseLong(lineage.replaceAll(".*\\(depth (\\d+)\\).*", "$1"));
            byte[] parentBytes = TestFiles.sample(parentName);
            RvfFile parent = RvfFile.parse(parentBytes);
            assertEquals(depth, id.depth());
            assertArrayEquals(parent.identity().fileId(), id.parentId());
            // parent_hash = fold256(last <= 64 KiB of the parent): derive reproduces the whole identity
            assertEquals(id, FileIdentity.childOf(parent.identity(), id.fileId(), parentBytes, parentBytes.length));
            return;
        }
        assertTrue(lineage.matches("depth \\d+, parent not in set"), lineage);
        assertEquals(Long.parseLong(lineage.replaceAll("depth (\\d+),.*", "$1")), id.depth());
        assertFalse(id.isRoot());
    }

    /** Decodes the VEC payloads with java.nio, independently of the codec, and compares. */
    private static void checkVectorsAgainstRawBytes(byte[] bytes, RvfFile f) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Map<Long, float[]> expected = new LinkedHashMap<>();
        int pos = 0;
        while (pos < bytes.length) {
            assertEquals(0x52564653, b.getInt(pos));
            int type = bytes[pos + 5];
            int plen = (int) b.getLong(pos + 16);
            int p = pos + 64;
            if (type == SegmentType.VEC) {
                int dim = b.getShort(p) & 0xFFFF;
                int count = b.getInt(p + 2);
                assertEquals(6 + count * (8 + 4 * dim), plen);
                int r = p + 6;
                for (int i = 0; i < count; i++) {
                    long id = b.getLong(r);
                    float[] v = new float[dim];
                    for (int k = 0; k < dim; k++) {
                        v[k] = b.getFloat(r + 8 + 4 * k);
                    }
                    expected.put(id, v);
                    r += 8 + 4 * dim;
                }
            }
            pos = p + plen;
        }
        int dim = f.dimension();
        assertEquals(expected.size(), f.liveCount());
        assertEquals(new ArrayList<>(expected.keySet()), toList(f.liveIds()));
        float[] vecs = f.liveVectors();
        int row = 0;
        for (float[] v : expected.values()) {
            for (int k = 0; k < dim; k++) {
                assertEquals(Float.floatToRawIntBits(v[k]), Float.floatToRawIntBits(vecs[row * dim + k]));
            }
            row++;
        }
    }

    private static List<Long> toList(long[] a) {
        List<Long> l = new ArrayList<>();
        for (long x : a) {
            l.add(x);
        }
        return l;
    }

    /** rvfcheck.py's view of the smaller samples (ids, counts, identity, epoch) equals ours. */
    @Test
    void agreesWithRvfcheck() throws IOException {
        assumeTrue(TestFiles.pythonAvailable(), "python3 or rvfcheck.py not available");
        List<String> names = new ArrayList<>();
        for (String n : sampleNames().collect(Collectors.toList())) {
            if (Files.size(TestFiles.samplesDir().resolve(n)) < 40_000) {
                names.add(n);
            }
        }
        assertTrue(names.size() >= 20);
        Map<String, String> theirs = RvfcheckSummary.run(TestFiles.samplesDir(), names);
        Map<String, String> ours = new HashMap<>();
        for (String n : names) {
            ours.put(n, RvfcheckSummary.describe(RvfFile.parse(TestFiles.sample(n))));
        }
        for (String n : names) {
            assertEquals(theirs.get(n), ours.get(n), n);
            assertEquals("", RvfcheckSummary.problems(theirs, n), n);
        }
    }
}
