package dev.rvf.robust;

import dev.rvf.format.HashStatus;
import dev.rvf.format.LittleEndian;
import dev.rvf.format.RvfFile;
import dev.rvf.format.SegmentHeader;
import dev.rvf.format.SegmentInfo;

import dev.rvf.format.SegmentType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where the interesting fields of a clean seed file are: every segment, and the offsets of the length, count,
 * dimension and pointer fields of segment headers, manifests (header, directory entries, deleted list, identity),
 * VEC, JOURNAL, WITNESS, KERNEL, EBPF payloads, and the store's INDEX ("RVSI" + "RVHN" graph header, levels and
 * adjacency) and META ("RVMD" rows, walked field by field) payloads. The mutator aims its lies at these offsets.
 * Built with a walker written for the tests, so a seed's map does not depend on the code under test beyond the
 * segment scan of a file that is known to be clean.
 */
final class FileMap {
    /** An integer field of the file. */
    static final class Field {
        final int offset;
        final int width;
        final String name;

        Field(int offset, int width, String name) {
            this.offset = offset;
            this.width = width;
            this.name = name;
        }

        long read(byte[] d) {
            switch (width) {
                case 1:
                    return d[offset] & 0xFF;
                case 2:
                    return LittleEndian.u16(d, offset);
                case 4:
                    return LittleEndian.u32(d, offset);
                default:
                    return LittleEndian.u64(d, offset);
            }
        }

        void write(byte[] d, long v) {
            switch (width) {
                case 1:
                    d[offset] = (byte) v;
                    break;
                case 2:
                    LittleEndian.putU16(d, offset, (int) (v & 0xFFFF));
                    break;
                case 4:
                    LittleEndian.putI32(d, offset, (int) v);
                    break;
                default:
                    LittleEndian.putU64(d, offset, v);
                    break;
            }
        }

        /** Largest value the field can hold (as an unsigned number; -1 for u64). */
        long max() {
            return width == 8 ? -1L : (1L << (8 * width)) - 1;
        }

        @Override
        public String toString() {
            return name + "@" + offset;
        }
    }

    final byte[] bytes;
    final List<SegmentInfo> segments;
    /** Offset of the latest manifest segment's header (tail discovery), or -1 when the file has none. */
    final int manifestOffset;
    final List<Field> fields;

    private FileMap(byte[] bytes, List<SegmentInfo> segments, int manifestOffset, List<Field> fields) {
        this.bytes = bytes;
        this.segments = segments;
        this.manifestOffset = manifestOffset;
        this.fields = fields;
    }

    static FileMap of(byte[] data) {
        List<SegmentInfo> segs = walk(data);
        int manifest = -1;
        try {
            manifest = (int) RvfFile.parse(data).manifestSegment().offset();
        } catch (RuntimeException e) {
            // not every seed must parse (it is only mutated)
        }
        List<Field> f = new ArrayList<>();
        for (SegmentInfo s : segs) {
            int h = (int) s.offset();
            int p = (int) s.payloadOffset();
            int len = (int) s.payloadLength();
            String t = SegmentType.specName(s.type());
            f.add(new Field(h + 4, 1, t + ".version"));
            f.add(new Field(h + 5, 1, t + ".type"));
            f.add(new Field(h + 8, 8, t + ".segment_id"));
            f.add(new Field(h + 0x10, 8, t + ".payload_length"));
            f.add(new Field(h + 0x3C, 4, t + ".alignment_pad"));
            Walker w = new Walker(data, p, p + len, f, t);
            switch (s.type()) {
                case SegmentType.MANIFEST:
                    manifestFields(w);
                    break;
                case SegmentType.VEC:
                    w.field(2, "dim");
                    w.field(4, "count");
                    w.field(8, "first_id");
                    break;
                case SegmentType.JOURNAL:
                    w.field(4, "entry_count");
                    w.skip(12);
                    w.field(1, "entry_type");
                    w.skip(1);
                    w.field(2, "body_length");
                    break;
                case SegmentType.WITNESS:
                    w.field(1, "witness_type");
                    w.skip(8);
                    w.field(4, "action_len");
                    break;
                case SegmentType.KERNEL:
                    w.at(0x18).field(8, "image_size");
                    w.at(0x70).field(8, "cmdline_offset");
                    w.field(4, "cmdline_length");
                    break;
                case SegmentType.EBPF:
                    w.at(0x0C).field(2, "insn_count");
                    w.field(2, "max_dimension");
                    w.field(8, "program_size");
                    w.at(0x1C).field(4, "btf_size");
                    break;
                case SegmentType.INDEX:
                    indexFields(w);
                    break;
                case SegmentType.META:
                    metaFields(w);
                    break;
                default:
                    break;
            }
        }
        return new FileMap(data, Collections.unmodifiableList(segs), manifest, Collections.unmodifiableList(f));
    }

    private static void manifestFields(Walker w) {
        if (!w.fits(22)) {
            return;
        }
        w.field(4, "epoch");
        w.field(2, "dimension");
        w.field(8, "total_vectors");
        long n = w.value(4);
        w.field(4, "seg_count");
        w.field(1, "profile");
        w.field(1, "metric");
        w.skip(2);
        for (long i = 0; i < n && w.fits(25); i++) {
            w.field(8, "dir[" + i + "].segment_id");
            w.field(8, "dir[" + i + "].offset");
            w.field(8, "dir[" + i + "].payload_length");
            w.field(1, "dir[" + i + "].type");
        }
        if (!w.fits(4)) {
            return;
        }
        long d = w.value(4);
        w.field(4, "deleted_count");
        for (long i = 0; i < d && w.fits(8); i++) {
            w.field(8, "deleted[" + i + "]");
        }
        if (w.fits(72)) {
            w.field(4, "identity_marker");
            w.skip(64);
            w.field(4, "lineage_depth");
        }
    }

    /** The store's INDEX payload: coverage header, entries, graph header, level bytes, first adjacency bytes. */
    private static void indexFields(Walker w) {
        if (!w.fits(16) || w.value(4) != 0x49535652L) {
            return;
        }
        w.skip(4);
        w.field(2, "version");
        w.field(2, "flags");
        long segs = w.value(4);
        w.field(4, "vec_segment_count");
        w.field(4, "record_count");
        for (long i = 0; i < segs && w.fits(32); i++) {
            w.field(8, "cover[" + i + "].offset");
            w.field(8, "cover[" + i + "].payload_length");
            w.field(1, "cover[" + i + "].hash0");
            w.skip(15);
        }
        int g = w.pos;
        if (!w.fits(56)) {
            return;
        }
        w.field(4, "graph.magic");
        w.field(2, "graph.version");
        w.field(1, "graph.metric");
        w.field(1, "graph.flags");
        long dim = w.value(4);
        w.field(4, "graph.dim");
        w.field(2, "graph.M");
        w.field(2, "graph.reserved");
        w.field(4, "graph.efConstruction");
        w.field(4, "graph.efSearch");
        long nodes = w.value(4);
        w.field(4, "graph.nodeCount");
        w.field(4, "graph.entryPoint");
        w.field(1, "graph.maxLevel");
        w.skip(3);
        w.field(8, "graph.seed");
        w.field(8, "graph.rngState");
        w.field(4, "graph.adjacencyLength");
        boolean sq8 = (w.data[g + 7] & 1) != 0;
        if (sq8) {
            for (int i = 0; i < 4 && w.fits(4); i++) {
                w.field(4, "graph.sq8min[" + i + "]");
            }
            w.at(g + 56 - w.start + (int) (8 * dim));
        }
        for (long i = 0; i < nodes && w.fits(1); i++) {
            w.field(1, "graph.level[" + i + "]");
        }
        for (int i = 0; i < 64 && w.fits(1); i++) {
            w.field(1, "graph.adjacency[" + i + "]");
        }
    }

    /** The store's META payload, row by row, field by field. */
    private static void metaFields(Walker w) {
        if (!w.fits(12) || w.value(4) != 0x444D5652L) {
            return;
        }
        w.skip(4);
        w.field(2, "version");
        w.field(2, "flags");
        long rows = w.value(4);
        w.field(4, "row_count");
        for (long r = 0; r < rows && w.fits(10); r++) {
            w.field(8, "row[" + r + "].id");
            long fields = w.value(2);
            w.field(2, "row[" + r + "].field_count");
            for (long k = 0; k < fields && w.fits(4); k++) {
                long nameLen = w.value(4);
                w.field(4, "row[" + r + "].name_len");
                if (!w.fits(nameLen + 1)) {
                    return;
                }
                w.skip((int) nameLen);
                long kind = w.value(1);
                w.field(1, "row[" + r + "].kind");
                if (kind == 1 && w.fits(4)) {
                    long len = w.value(4);
                    w.field(4, "row[" + r + "].string_len");
                    if (!w.fits(len)) {
                        return;
                    }
                    w.skip((int) len);
                } else if (kind == 2) {
                    w.field(8, "row[" + r + "].number");
                } else {
                    w.field(1, "row[" + r + "].bool");
                }
            }
        }
    }

    /** Cursor over one payload that records fields and never reads past the payload. */
    private static final class Walker {
        final byte[] data;
        final int start;
        final int end;
        final List<Field> out;
        final String prefix;
        int pos;

        Walker(byte[] data, int start, int end, List<Field> out, String prefix) {
            this.data = data;
            this.start = start;
            this.end = end;
            this.out = out;
            this.prefix = prefix;
            this.pos = start;
        }

        boolean fits(long n) {
            return n >= 0 && pos + n <= end;
        }

        long value(int width) {
            return new Field(pos, width, "").read(data);
        }

        Walker field(int width, String name) {
            if (fits(width)) {
                out.add(new Field(pos, width, prefix + "." + name));
            }
            pos += width;
            return this;
        }

        Walker skip(int n) {
            pos += n;
            return this;
        }

        Walker at(int relative) {
            pos = start + relative;
            return this;
        }
    }

    /**
     * The segments of a possibly damaged file: hop from header to header; where no header is, or a header's payload
     * does not fit, search forward for the next magic. (A test-side walk, so that mutating a mutant works.)
     */
    static List<SegmentInfo> walk(byte[] d) {
        List<SegmentInfo> out = new ArrayList<>();
        int pos = 0;
        while (pos <= d.length - SegmentHeader.SIZE) {
            if (!SegmentHeader.hasMagicAt(d, pos)) {
                pos++;
                continue;
            }
            SegmentHeader h = SegmentHeader.parse(d, pos);
            long plen = h.payloadLength();
            if (plen < 0 || plen > d.length - pos - SegmentHeader.SIZE) {
                pos++;
                continue;
            }
            out.add(new SegmentInfo(pos, h, HashStatus.UNSET));
            pos += SegmentHeader.SIZE + (int) plen;
        }
        return out;
    }
}
