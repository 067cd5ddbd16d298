package dev.rvf.format;

/**
 * Builds a file as {@code @ruvector/rvf-wasm}'s {@code rvf_store_export} writes it (dialect W, rvf-format.md §20):
 * a VEC segment (id 1, W layout) and a MANIFEST segment (id 2, 19-byte layout, epoch 1, profile 0, one directory
 * entry), headers with zero hashes, no padding. Size = 64 + 6 + n (8 + 4 d) + 64 + 44.
 */
public final class WasmExport {
    private WasmExport() {
    }

    /** The export of a store holding these (live) vectors. */
    public static byte[] build(int dimension, long[] ids, float[] vectors) {
        ByteWriter vec = new ByteWriter();
        VecPayload.encodeW(vec, dimension, ids, vectors);
        DirectoryEntry entry = new DirectoryEntry(1, 0, vec.size(), SegmentType.VEC);
        Manifest m = Manifest.ofW(1, dimension, ids.length, 0, java.util.Collections.singletonList(entry));
        byte[] mp = m.encode();
        ByteWriter out = new ByteWriter(2 * SegmentHeader.SIZE + vec.size() + mp.length);
        SegmentHeader.withoutHash(SegmentType.VEC, 1, vec.size()).writeTo(out);
        out.bytes(vec.array(), 0, vec.size());
        SegmentHeader.withoutHash(SegmentType.MANIFEST, 2, mp.length).writeTo(out);
        out.bytes(mp);
        return out.toByteArray();
    }
}
