package dev.rvf.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Tail discovery picks the manifest the reference picks (behaviour probed with rvf-node 0.2.3). */
class TailDiscoveryTest {
    static RvfWriter twoEpochs() {
        RvfWriter w = RvfWriter.create(4, Metric.L2, 0, FileIdentity.newRoot(new byte[] {1}),
                WriterTest.steppingClock());
        w.ingest(new long[] {1, 2}, new float[8]);
        return w;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] segment(int type, long id, byte[] payload) {
        ByteWriter w = new ByteWriter();
        SegmentHeader.forPayload(type, id, payload, 0, payload.length).writeTo(w);
        return w.bytes(payload).toByteArray();
    }

    static byte[] manifestSegment(long epoch, int dim) {
        return segment(SegmentType.MANIFEST, 99, Manifest.ofR(epoch, dim, 0, 0, 0,
                java.util.List.of(), new long[0], FileIdentity.ZERO).encode());
    }

    @Test
    void latestManifestIsTheLastOneThatParses() {
        byte[] base = twoEpochs().toBytes();
        assertEquals(1, TailDiscovery.find(base).manifest().epoch());
        byte[] later = concat(base, manifestSegment(7, 4));
        assertEquals(7, TailDiscovery.find(later).manifest().epoch());
        // a cut-off last manifest (crash mid-append) is passed over: the previous one is used
        assertEquals(1, TailDiscovery.find(Arrays.copyOf(later, later.length - 10)).manifest().epoch());
        assertEquals(1, TailDiscovery.find(Arrays.copyOf(later, base.length + 40)).manifest().epoch());
        // ... but RvfFile.parse is strict about a file that does not segment cleanly
        CodecsTest.assertCode(ErrorCode.LENGTH_OUT_OF_RANGE,
                () -> RvfFile.parse(Arrays.copyOf(later, later.length - 10)));
        CodecsTest.assertCode(ErrorCode.TRUNCATED, () -> RvfFile.parse(Arrays.copyOf(later, base.length + 40)));
        // trailing garbage without a magic is ignored
        byte[] garbage = new byte[100];
        Arrays.fill(garbage, (byte) 1);
        assertEquals(1, RvfFile.parse(concat(base, garbage)).epoch());
    }

    @Test
    void candidatesTheReferenceSkips() {
        byte[] base = twoEpochs().toBytes();
        // payload_length above 256 MiB
        byte[] huge = manifestSegment(7, 4);
        LittleEndian.putU64(huge, 16, (256L << 20) + 1);
        assertEquals(1, TailDiscovery.find(concat(base, huge)).manifest().epoch());
        // a payload the manifest parser rejects (seg_count that cannot fit)
        byte[] bad = manifestSegment(7, 4);
        LittleEndian.putI32(bad, 64 + 14, 1000);
        assertEquals(1, TailDiscovery.find(concat(base, bad)).manifest().epoch());
        // a W-layout manifest
        byte[] w = WasmExport.build(4, new long[] {1}, new float[4]);
        assertEquals(1, TailDiscovery.find(concat(base, w)).manifest().epoch());
        // no hash or version check on the manifest: a bad hash and version 9 still win
        byte[] odd = manifestSegment(8, 4);
        odd[4] = 9;
        odd[0x28] ^= 0x55;
        assertEquals(8, TailDiscovery.find(concat(base, odd)).manifest().epoch());
        assertEquals(8, RvfFile.parse(concat(base, odd)).epoch());
    }

    /**
     * The whole file is searched, not only the last 64 KiB (rvf-format.md §5.2 describes the 0.1.x source): the
     * reference binding 0.2.3 opens files whose latest manifest is megabytes before the end (robust.ReferenceTailScanTest).
     */
    @Test
    void manifestsBeyondTheLast64KiBAreFound() {
        byte[] base = twoEpochs().toBytes();
        int manifestStart = base.length - 64 - (int) TailDiscovery.find(base).header().payloadLength();
        byte[] far = concat(base, segment(0xF0, 50, new byte[200_000]));
        assertEquals(manifestStart, TailDiscovery.find(far).offset());
        assertEquals(TailDiscovery.find(base).manifest().epoch(), RvfFile.parse(far).epoch());
        CodecsTest.assertCode(ErrorCode.NO_MANIFEST, () -> TailDiscovery.find(segment(0xF0, 50, new byte[200_000])));
        assertNull(TailDiscovery.tryFind(FileBytes.of(new byte[100_000])));
        // read in place (not an array): the tail copy doubles from 64 KiB until it holds the manifest
        assertEquals(manifestStart, TailDiscovery.find(new DetachedFileBytes(far)).offset());
        byte[] farther = concat(base, segment(0xF0, 50, new byte[1_000_000]));
        assertEquals(manifestStart, TailDiscovery.find(new DetachedFileBytes(farther)).offset());
        assertNull(TailDiscovery.tryFind(new DetachedFileBytes(new byte[300_000])));
    }

    /** The backwards byte scan also finds a manifest hidden inside another segment's payload, like the reference. */
    @Test
    void aManifestInsideAPayloadWins() {
        byte[] base = twoEpochs().toBytes();
        byte[] hidden = concat(base, segment(0xF0, 50, concat(manifestSegment(42, 4), new byte[10])));
        assertEquals(42, RvfFile.parse(hidden).epoch());
        assertEquals(base.length + 64, RvfFile.parse(hidden).manifestSegment().offset());
    }

    /** A directory that repeats or overlaps VEC segments cannot make the boot do more work than the file size. */
    @Test
    void repeatedAndOverlappingDirectoryEntries() {
        byte[] a = segment(SegmentType.VEC, 1, vec(new long[] {1, 2}, new float[] {1, 1, 2, 2}));
        byte[] b = segment(SegmentType.VEC, 2, vec(new long[] {2, 3}, new float[] {5, 5, 3, 3}));
        DirectoryEntry ea = new DirectoryEntry(1, 0, a.length - 64, SegmentType.VEC);
        DirectoryEntry eb = new DirectoryEntry(2, a.length, b.length - 64, SegmentType.VEC);
        java.util.List<DirectoryEntry> aba = java.util.List.of(ea, eb, ea);
        byte[] file = concat(a, b, segment(SegmentType.MANIFEST, 3, Manifest.ofR(1, 2, 3, 0, 0, aba, new long[0],
                null).encode()));
        RvfFile f = RvfFile.parse(file);
        // a listed again after b: a's vector for id 2 wins, as when every listing is applied in order
        assertEquals(3, f.liveCount());
        long[] ids = f.liveIds();
        float[] v = f.liveVectors();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == 2) {
                assertEquals(2f, v[2 * i]);
            }
        }
        // thousands of repeats cost nothing
        java.util.List<DirectoryEntry> many = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) { // 50 KB of directory: the manifest must start in the last 64 KiB
            many.add(ea);
        }
        byte[] repeated = concat(a, segment(SegmentType.MANIFEST, 2, Manifest.ofR(1, 2, 2, 0, 0, many,
                new long[0], null).encode()));
        assertEquals(2, RvfFile.parse(repeated).liveCount());
        // an entry pointing at a segment hidden inside another listed one: overlap, BAD_MANIFEST
        byte[] outer = segment(0xF0, 1, a);
        DirectoryEntry eo = new DirectoryEntry(1, 0, outer.length - 64, SegmentType.VEC);
        DirectoryEntry ei = new DirectoryEntry(1, 64, a.length - 64, SegmentType.VEC);
        byte[] nested = concat(outer, segment(SegmentType.MANIFEST, 2, Manifest.ofR(1, 2, 2, 0, 0,
                java.util.List.of(ei, eo), new long[0], null).encode()));
        CodecsTest.assertCode(ErrorCode.BAD_MANIFEST, () -> RvfFile.parse(nested));
    }

    static byte[] vec(long[] ids, float[] v) {
        ByteWriter w = new ByteWriter();
        VecPayload.encodeR(w, v.length / ids.length, ids, v);
        return w.toByteArray();
    }
}
