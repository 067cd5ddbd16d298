package dev.rvf.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.filter.Value;
import dev.rvf.format.DirectoryEntry;
import dev.rvf.format.FileIdentity;
import dev.rvf.format.LittleEndian;
import dev.rvf.format.Manifest;
import dev.rvf.format.RvfFile;
import dev.rvf.format.SegmentInfo;
import dev.rvf.format.SegmentType;
import dev.rvf.store.RvfStore;
import dev.rvf.store.StoreOptions;
import dev.rvf.store.StoreTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One test per bug the robustness tests found (docs/ROBUSTNESS.md, "Bugs found"), each on a minimal input. */
class RegressionTest {
    /** A new latest manifest: the file's own, with {@code extra} directory entries appended. */
    static byte[] withExtraEntries(byte[] file, DirectoryEntry... extra) {
        Manifest m = RvfFile.parse(file).manifest();
        List<DirectoryEntry> dir = new ArrayList<>(m.directory());
        dir.addAll(List.of(extra));
        Manifest n = Manifest.ofR(m.epoch() + 1, m.dimension(), m.totalVectors(), m.profile(), m.metricCode(), dir,
                m.deletedIds(), m.identity());
        return Mutator.append(file, SegmentType.MANIFEST, 500, n.encode());
    }

    static RvfStore small(String seed) {
        RvfStore s = RvfStore.create(4, Metric.L2, StoreTestSupport.options(seed));
        s.ingest(Corpus.random(new SplittableRandom(1), 20, 4), Corpus.range(1, 20), Corpus.rows(20));
        s.embedKernel(0, 0, 0, Corpus.bytes(32, 1), 80, "k");
        s.embedEbpf(0, 0, 4, Corpus.bytes(16, 2), null);
        return s;
    }

    /**
     * Bug 1: extractKernel()/extractEbpf() of a store whose directory has a KERNEL/EBPF entry pointing at no segment
     * header failed with INVALID_ARGUMENT (a caller error) from the writer; now LENGTH_OUT_OF_RANGE / TRUNCATED /
     * BAD_MAGIC like RvfFile.kernel(). The reference opens such a file, so the store must open it too.
     */
    @Test
    void kernelAndEbpfEntriesPointingAtNoHeaderFailWithFormatCodes() {
        byte[] clean = RvfStore.create(4, Metric.L2, StoreTestSupport.options("b1")).export();
        int length = withExtraEntries(clean, new DirectoryEntry(9, 0, 10, SegmentType.KERNEL),
                new DirectoryEntry(10, 0, 10, SegmentType.EBPF)).length;
        long[][] cases = {{1L << 40, ErrorCode.LENGTH_OUT_OF_RANGE.code()},
            {-1L, ErrorCode.LENGTH_OUT_OF_RANGE.code()}, {length - 10L, ErrorCode.TRUNCATED.code()},
            {7, ErrorCode.BAD_MAGIC.code()}};
        for (long[] c : cases) {
            byte[] bad = withExtraEntries(clean, new DirectoryEntry(9, c[0], 10, SegmentType.KERNEL),
                    new DirectoryEntry(10, c[0], 10, SegmentType.EBPF));
            RvfStore s = RvfStore.open(bad, StoreOptions.defaults());
            ErrorCode expected = ErrorCode.ofCode((int) c[1]);
            assertEquals(expected, assertThrows(RvfException.class, s::extractKernel).errorCode(), "at " + c[0]);
            assertEquals(expected, assertThrows(RvfException.class, s::extractEbpf).errorCode(), "at " + c[0]);
            assertEquals(expected, assertThrows(RvfException.class, () -> RvfFile.parse(bad).kernel()).errorCode());
        }
    }

    /**
     * Bug 2: a VEC directory entry whose header carries another type byte is loaded (as the reference does), but
     * export() then failed with INTERNAL ("no VEC segment at offset ...") when writing the INDEX coverage.
     */
    @Test
    void vecListedUnderAnotherHeaderTypeExports() {
        RvfStore s = small("b2");
        byte[] file = s.export();
        RvfFile f = RvfFile.parse(file);
        SegmentInfo vec = f.loadedVecSegments().get(0);
        byte[] d = file.clone();
        d[(int) vec.offset() + 5] = (byte) SegmentType.OVERLAY; // the header's type byte is not hashed
        RvfStore r = RvfStore.open(d, StoreOptions.defaults().withClock(StoreTestSupport.fixedClock()));
        assertEquals(20, r.status().totalVectors());
        r.ingest(Corpus.random(new SplittableRandom(2), 1, 4), new long[] {99}, null);
        byte[] exported = r.export();
        RvfStore back = RvfStore.open(exported, StoreOptions.defaults().withClock(StoreTestSupport.fixedClock()));
        assertEquals("loaded", back.status().index().state());
        assertArrayEquals(exported, back.export());
    }

    /**
     * Bug 3: open() sized the vector storage for at least 16 vectors of the manifest's dimension, so a 162-byte
     * manifest claiming dimension 65535 allocated 4 MiB (16 x 65535 x 4): allocation not bounded by the input size.
     */
    @Test
    void tinyFileClaimingAHugeDimensionAllocatesLittle() {
        assumeTrue(InputRunner.canMeasureAllocation());
        Manifest m = Manifest.ofR(0, 0xFFFF, 0, 0, 0, List.of(), new long[0],
                FileIdentity.newRoot(new byte[] {1}));
        byte[] file = Mutator.append(new byte[0], SegmentType.MANIFEST, 1, m.encode());
        assertEquals(162, file.length);
        RvfStore.open(file); // warm up
        long before = InputRunner.allocated();
        RvfStore s = RvfStore.open(file);
        long used = InputRunner.allocated() - before;
        assertEquals(0xFFFF, s.dimension());
        assertTrue(used < 256 * 1024, "opening a 162-byte file allocated " + used + " bytes");
        s.ingest(new float[0xFFFF], new long[] {1}, null); // the storage still grows on demand
        assertEquals(1, s.status().totalVectors());
    }

    /**
     * Bug 8: the default file-id seed put a per-process counter at seed bytes 18..21, which fold256 does not carry
     * into the 16 bytes of the file id (only bytes 0..15 land there directly), so stores created within the same
     * millisecond got the same file id (seen as a flaky RvfStoreOperationsTest.defaultFileIdsDiffer).
     */
    @Test
    void defaultFileIdsDifferWithinOneClockTick() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        StoreOptions sameInstant = StoreOptions.defaults().withClock(() -> 1_700_000_000_000_000_000L);
        for (int i = 0; i < 600; i++) {
            assertTrue(ids.add(RvfStore.create(2, Metric.L2, sameInstant).fileId()), "duplicate file id at " + i);
            assertTrue(ids.add(RvfStore.create(2, Metric.L2, sameInstant).derive(
                    dev.rvf.store.DerivationType.CLONE).fileId()), "duplicate child file id at " + i);
        }
    }

    /**
     * Bug 4: one INDEX or META directory entry that points at no segment made the whole list unreadable, so the
     * store ignored its valid INDEX (rebuilding it: export -> open -> export was not byte-stable) and, worse, its
     * valid META: metadata ingested after opening such a file was lost at the next open.
     */
    @Test
    void aBadIndexOrMetaEntryDoesNotHideTheGoodOnes() {
        byte[] clean = small("b4").export();
        byte[] bad = withExtraEntries(clean, new DirectoryEntry(70, clean.length + 5000L, 10, SegmentType.META),
                new DirectoryEntry(71, 3, 10, SegmentType.INDEX));
        RvfStore s = RvfStore.open(bad, StoreOptions.defaults().withClock(StoreTestSupport.fixedClock()));
        assertEquals("loaded", s.status().index().state(), String.valueOf(s.status().index().note()));
        assertEquals(Value.of("t1"), s.metadata(2).get("tag"));
        s.ingest(Corpus.random(new SplittableRandom(3), 1, 4), new long[] {500}, List.of(Map.of("k", Value.of(7))));
        byte[] first = s.export();
        RvfStore r = RvfStore.open(first, StoreOptions.defaults().withClock(StoreTestSupport.fixedClock()));
        assertEquals(Value.of(7.0), r.metadata(500).get("k"), "metadata written after the bad entry survives");
        assertEquals(Value.of("t1"), r.metadata(2).get("tag"));
        assertEquals("loaded", r.status().index().state());
        assertArrayEquals(first, r.export(), "export -> open -> export is byte-stable");
        assertNull(r.metadata(12345));
    }
}
