package dev.rvf.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.Metric;
import dev.rvf.format.Manifest;
import dev.rvf.format.RvfFile;
import dev.rvf.format.SegmentType;
import dev.rvf.interop.ReferenceBinding;
import dev.rvf.interop.ReferenceRead;
import dev.rvf.store.RvfStore;
import dev.rvf.store.StoreTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bug 9 (docs/ROBUSTNESS.md): tail discovery searched only the last 64 KiB (rvf-format.md §5.2), but every manifest
 * lists all earlier segments, so after about 870 ingests the latest manifest alone exceeds 64 KiB and the file no
 * longer opened - ours after export, and the reference's own files, which the reference binding 0.2.3 reopens. The
 * binding finds the latest manifest candidate anywhere in the file; these files check that we find the same one.
 */
class ReferenceTailScanTest {
    static byte[] smallFile() {
        RvfStore s = RvfStore.create(2, Metric.L2, StoreTestSupport.options("tail"));
        s.ingest(new float[] {1, 2, 3, 4}, new long[] {7, 8}, null);
        return s.export();
    }

    /** A dialect-R manifest segment with its own epoch and no directory: it describes an empty store. */
    static byte[] bareManifest(long epoch) {
        return Mutator.append(new byte[0], SegmentType.MANIFEST, 500,
                Manifest.ofR(epoch, 2, 0, 0, 0, List.of(), new long[0], null).encode());
    }

    static Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] small = smallFile();
        files.put("manifest-then-200KB.rvf", Mutator.append(small, 0xF3, 99, new byte[200_000]));
        files.put("manifest-then-5MB.rvf", Mutator.append(small, 0xF3, 99, new byte[5_000_000]));
        byte[] hidden = new byte[2_000_000];
        byte[] fake = bareManifest(77);
        System.arraycopy(fake, 0, hidden, 100, fake.length);
        files.put("candidate-2MB-back.rvf", Mutator.append(small, 0xF3, 99, hidden));
        RvfStore many = RvfStore.create(2, Metric.L2, StoreTestSupport.options("many").withM(4).withEfConstruction(8));
        for (int i = 0; i < 900; i++) {
            many.ingest(new float[] {i, 1}, new long[] {i}, null);
        }
        files.put("900-ingests.rvf", many.export());
        return files;
    }

    @Test
    void latestManifestIsFoundAnywhereInTheFileAsByTheReference() throws IOException {
        Map<String, byte[]> files = files();
        assertTrue(RvfFile.parse(files.get("900-ingests.rvf")).manifestSegment().payloadLength() > 65536,
                "the 900-ingest manifest should exceed 64 KiB");
        ReferenceBinding binding = ReferenceBinding.get();
        binding.requireAvailable();
        Path dir = Files.createTempDirectory("rvf-tail");
        try {
            List<Path> paths = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                paths.add(Files.write(dir.resolve(e.getKey()), e.getValue()));
            }
            List<ReferenceRead> reads = binding.readAll(paths);
            int i = 0;
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                ReferenceRead ref = reads.get(i++);
                RvfStore ours = RvfStore.open(e.getValue());
                String what = e.getKey();
                assertTrue(ref.ok(), what + ": the reference failed: " + ref.error());
                assertEquals(ref.status().currentEpoch(), ours.status().epoch(), what + ": epoch");
                assertArrayEquals(ref.liveIds(), ours.liveIds(), what + ": live ids");
            }
            assertEquals(77, RvfStore.open(files.get("candidate-2MB-back.rvf")).status().epoch());
            assertEquals(900, RvfStore.open(files.get("900-ingests.rvf")).status().totalVectors());
        } finally {
            for (Path p : Files.list(dir).toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }
}
