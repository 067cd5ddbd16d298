package dev.rvf.robust;

import dev.rvf.format.ContentHash;
import dev.rvf.format.DirectoryEntry;
import dev.rvf.format.FileIdentity;
import dev.rvf.format.LittleEndian;
import dev.rvf.format.Manifest;
import dev.rvf.format.SegmentHeader;
import dev.rvf.format.SegmentType;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Writes hand-made dialect-R files for the adversarial tests: segments with any payload, then a manifest. */
final class FileBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<DirectoryEntry> directory = new ArrayList<>();
    private long nextId = 1;

    /** Appends a segment with a correct content hash and lists it; returns its offset. */
    long segment(int type, byte[] payload) {
        long at = out.size();
        byte[] h = SegmentHeader.forPayload(type, nextId, payload, 0, payload.length).toBytes();
        out.write(h, 0, h.length);
        out.write(payload, 0, payload.length);
        directory.add(new DirectoryEntry(nextId++, at, payload.length, type));
        return at;
    }

    /** Adds a directory entry without writing anything. */
    FileBuilder entry(DirectoryEntry e) {
        directory.add(e);
        return this;
    }

    long size() {
        return out.size();
    }

    /** The file: everything so far, then a MANIFEST listing it. */
    byte[] finish(int dimension, long totalVectors, long[] deleted) {
        Manifest m = Manifest.ofR(1, dimension, totalVectors, 0, 0, directory, deleted,
                FileIdentity.newRoot(new byte[] {42}));
        byte[] payload = m.encode();
        byte[] h = SegmentHeader.forPayload(SegmentType.MANIFEST, nextId, payload, 0, payload.length).toBytes();
        out.write(h, 0, h.length);
        out.write(payload, 0, payload.length);
        return out.toByteArray();
    }

    /** A dialect-R VEC payload. */
    static byte[] vec(int dim, long[] ids, float[] vectors) {
        byte[] p = new byte[6 + ids.length * (8 + 4 * dim)];
        LittleEndian.putU16(p, 0, dim);
        LittleEndian.putI32(p, 2, ids.length);
        int at = 6;
        for (int i = 0; i < ids.length; i++) {
            LittleEndian.putU64(p, at, ids[i]);
            at += 8;
            for (int k = 0; k < dim; k++) {
                LittleEndian.putF32(p, at, vectors[i * dim + k]);
                at += 4;
            }
        }
        return p;
    }

    /** Recomputes the hash field of the segment whose header is at {@code at}. */
    static void rehash(byte[] file, int at) {
        int plen = (int) LittleEndian.u64(file, at + 0x10);
        ContentHash.write(file, at + SegmentHeader.SIZE, plen, file, at + 0x28);
    }
}
