package dev.rvf.interop;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Proves the reference harness itself: the reference writes the catalogue, reads it back, and reads every sample. */
class ReferenceHarnessTest {
    @TempDir
    static Path catalogueDir;

    private static ReferenceBinding binding;
    private static ReferenceCatalogue catalogue;

    @BeforeAll
    static void writeCatalogue() {
        binding = ReferenceBinding.get();
        binding.requireAvailable();
        catalogue = ReferenceCatalogue.generate(catalogueDir);
    }

    @Test
    void catalogueDescribesEveryScenario() {
        Set<String> names = catalogue.files().stream().map(CatalogueFile::name).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("empty.rvf", "metric_l2.rvf", "metric_cosine.rvf", "metric_ip.rvf",
                "ids_batches.rvf", "deletes.rvf", "compacted.rvf", "lineage_parent.rvf", "lineage_child.rvf",
                "lineage_grandchild.rvf", "kernel_cmdline.rvf", "kernel_ebpf.rvf", "ebpf_nobtf.rvf",
                "reopened.rvf", "cow_parent.rvf", "cow_child.rvf", "hnsw_1100.rvf", "unknown_f0_listed.rvf",
                "unknown_f0_compacted.rvf")), names::toString);
        for (CatalogueFile f : catalogue.files()) {
            assertAll(f.name(),
                    () -> assertTrue(Files.isRegularFile(f.path()), "file written"),
                    () -> assertTrue(f.selfCheckOk(), () -> "model disagrees with the reference: " + f.selfCheckProblems()),
                    () -> assertArrayEquals(f.vectors().keySet().stream().mapToLong(Long::longValue).toArray(), f.liveIds()),
                    () -> assertTrue(isAscending(f.liveIds())),
                    () -> assertTrue(f.vectors().values().stream().allMatch(v -> v.length == f.dimension())),
                    () -> assertEquals(Files.size(f.path()), f.status().fileSize()));
        }
        assertEquals(Set.of("l2", "cosine", "inner_product"),
                catalogue.files().stream().map(CatalogueFile::metric).collect(Collectors.toSet()));
        assertEquals(0, catalogue.file("empty.rvf").liveIds().length);
        assertEquals(2, catalogue.file("lineage_grandchild.rvf").lineageDepth());
        assertEquals(catalogue.file("lineage_child.rvf").fileId(), catalogue.file("lineage_grandchild.rvf").parentId());
        assertEquals("cow_parent.rvf", catalogue.file("cow_child.rvf").requiresParent());
        assertArrayEquals(new long[] {3, 4, 5, 10}, catalogue.file("deletes.rvf").deletedIds());
        assertTrue(Arrays.stream(catalogue.file("ids_batches.rvf").liveIds()).anyMatch(id -> id == (1L << 53) - 1));
        assertEquals("4e4b5652", HexFormat.of().formatHex(catalogue.file("kernel_cmdline.rvf").kernel().header(), 0, 4));
        assertEquals("50425652", HexFormat.of().formatHex(catalogue.file("kernel_ebpf.rvf").ebpf().header(), 0, 4));
        assertTrue(catalogue.file("hnsw_1100.rvf").answers().stream().allMatch(ReferenceAnswer::approximate));
    }

    @Test
    void referenceReadsBackWhatItWrote() {
        List<ReferenceRead> reads = binding.readAll(catalogue.paths());
        assertEquals(catalogue.files().size(), reads.size());
        for (int i = 0; i < reads.size(); i++) {
            CatalogueFile f = catalogue.files().get(i);
            ReferenceRead r = reads.get(i);
            assertTrue(r.ok(), () -> f.name() + ": " + r.error());
            assertAll(f.name(),
                    () -> assertEquals(f.path(), r.file()),
                    () -> assertArrayEquals(f.liveIds(), r.liveIds()),
                    () -> assertEquals(f.status(), r.status()),
                    () -> assertEquals(f.dimension(), r.dimension()),
                    () -> assertEquals(f.metric(), r.metric()),
                    () -> assertEquals(f.fileId(), r.fileId()),
                    () -> assertEquals(f.parentId(), r.parentId()),
                    () -> assertEquals(f.lineageDepth(), r.lineageDepth()),
                    () -> assertEquals(f.segments(), r.segments()),
                    () -> assertEquals(f.witness(), r.witness()),
                    sameExtract(f.kernel(), r.kernel()),
                    sameExtract(f.ebpf(), r.ebpf()));
        }
    }

    @Test
    void queriesTravelToTheReferenceAndBackExactly() {
        for (String name : List.of("metric_l2.rvf", "metric_cosine.rvf", "metric_ip.rvf", "cow_child.rvf")) {
            CatalogueFile f = catalogue.file(name);
            ReferenceRead r = binding.read(f.path(), f.queries());
            assertTrue(r.ok(), r::toString);
            assertEquals(f.answers().size(), r.answers().size(), name);
            for (int q = 0; q < f.answers().size(); q++) {
                ReferenceAnswer expected = f.answers().get(q);
                ReferenceAnswer actual = r.answers().get(q);
                assertTrue(actual.ok(), actual::error);
                assertFalse(actual.hits().isEmpty(), name);
                // Bit-exact: float32 vectors survive Java -> JSON -> JS, and distances come back unchanged.
                assertEquals(expected.hits(), actual.hits(), name + " query " + q);
            }
        }
    }

    @Test
    void failuresComeBackAsJsonNotCrashes() throws IOException {
        Path notRvf = catalogueDir.resolve("not-an-rvf.bin");
        Files.write(notRvf, new byte[100]);
        ReferenceRead bad = binding.read(notRvf);
        assertFalse(bad.ok());
        assertTrue(bad.error().contains("ManifestNotFound"), bad.error());

        CatalogueFile l2 = catalogue.file("metric_l2.rvf");
        ReferenceRead r = binding.read(l2.path(), List.of(new ReferenceQuery(new float[l2.dimension() + 1], 3),
                new ReferenceQuery(l2.vectors().get(l2.liveIds()[0]), 1)));
        assertTrue(r.ok());
        assertTrue(r.answers().get(0).error().contains("DimensionMismatch"), r.answers().get(0).error());
        assertNull(r.answers().get(1).error());
        assertEquals(List.of(new ReferenceHit(l2.liveIds()[0], 0.0, true)), r.answers().get(1).hits());
    }

    @Test
    void referenceOpensEverySharedSample() {
        List<SampleSummary.Sample> samples = SampleSummary.load();
        assertEquals(48, samples.size(), "rows in SUMMARY.txt");
        List<ReferenceRead> reads = binding.readAll(samples.stream().map(SampleSummary.Sample::path).toList());
        for (int i = 0; i < samples.size(); i++) {
            SampleSummary.Sample s = samples.get(i);
            ReferenceRead r = reads.get(i);
            assertTrue(r.ok(), () -> s.name() + ": " + r.error());
            assertAll(s.name(),
                    () -> assertEquals(s.liveVectors(), r.liveIds().length),
                    () -> assertEquals(s.liveVectors(), r.status().totalVectors()),
                    () -> assertEquals(s.dimension(), r.dimension()),
                    () -> assertEquals(s.size(), r.status().fileSize()),
                    () -> assertEquals("l2", r.metric()));
        }
    }

    @Test
    void aMissingInstallFailsWithTheFix(@TempDir Path notAProject) {
        ReferenceBinding missing = new ReferenceBinding(notAProject);
        assertFalse(missing.isAvailable());
        AssertionError e = assertThrows(AssertionError.class, missing::requireAvailable);
        assertTrue(e.getMessage().contains("npm ci"), e.getMessage());
        assertNotNull(missing.unavailableReason());
    }

    private static Executable sameExtract(ReferenceExtract expected, ReferenceExtract actual) {
        return () -> {
            if (expected == null) {
                assertNull(actual);
            } else {
                assertNotNull(actual);
                assertArrayEquals(expected.header(), actual.header());
                assertArrayEquals(expected.body(), actual.body());
            }
        };
    }

    private static boolean isAscending(long[] ids) {
        for (int i = 1; i < ids.length; i++) {
            if (ids[i - 1] >= ids[i]) {
                return false;
            }
        }
        return true;
    }
}
