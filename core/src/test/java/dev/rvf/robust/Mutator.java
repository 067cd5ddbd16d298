package dev.rvf.robust;

import dev.rvf.format.ContentHash;
import dev.rvf.format.DirectoryEntry;
import dev.rvf.format.FileIdentity;
import dev.rvf.format.LittleEndian;
import dev.rvf.format.Manifest;
import dev.rvf.format.RvfFile;
import dev.rvf.format.SegmentHeader;
import dev.rvf.format.SegmentInfo;
import dev.rvf.format.SegmentType;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded mutations of a clean file: bit flips, byte overwrites, insertions, deletions, truncation, lies in the
 * length / count / dimension / pointer fields of {@link FileMap} (optionally with the content hashes recomputed, so
 * that the payload codecs and not only the hash check see the lie), directory entries pointing outside the file, at
 * the manifest itself or into payloads, appended manifests with duplicate / unsorted / huge deleted lists and giant
 * directories, segments spliced in from other files, NaN records, and chains of these. Everything is a function of
 * the {@link SplittableRandom} passed in, so a case seed reproduces its input.
 */
final class Mutator {
    static final String[] KINDS = {"bitflip", "byteset", "insert", "delete", "truncate", "field-lie",
        "directory-lie", "append-manifest", "splice", "nan-record", "chain"};

    /** A mutated input and what was done to it. */
    static final class Mutant {
        final byte[] data;
        final String what;
        final int kind;

        Mutant(byte[] data, String what, int kind) {
            this.data = data;
            this.what = what;
            this.kind = kind;
        }
    }

    /** A seed file prepared for mutation. */
    static final class Prepared {
        final Corpus.Seed seed;
        final FileMap map;
        /** The parsed seed (null for a seed that does not parse). */
        final RvfFile parsed;

        Prepared(Corpus.Seed seed) {
            this.seed = seed;
            this.map = FileMap.of(seed.bytes);
            RvfFile p = null;
            try {
                p = RvfFile.parse(seed.bytes);
            } catch (RuntimeException e) {
                // mutate it anyway
            }
            this.parsed = p;
        }
    }

    private static final long[] INTERESTING = {0, 1, 2, 3, 7, 8, 16, 22, 25, 63, 64, 65, 127, 128, 255, 256,
        0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL, 0x100000000L, Long.MAX_VALUE,
        Long.MIN_VALUE, -1L, -2L, 1L << 40, 256L * 1024 * 1024};

    private final List<Prepared> donors;

    /** @param donors files whose segments may be spliced into the input */
    Mutator(List<Prepared> donors) {
        this.donors = donors;
    }

    Mutant mutate(Prepared p, SplittableRandom rnd) {
        int kind = pickKind(rnd);
        if (kind == 10) {
            // later steps aim at the seed's field offsets, which the earlier steps may have moved: also a mutation
            byte[] d = p.seed.bytes;
            StringBuilder what = new StringBuilder("chain:");
            for (int i = 0, n = 2 + rnd.nextInt(2); i < n; i++) {
                Mutant m = apply(pickSimpleKind(rnd), p, d, rnd);
                d = m.data;
                what.append(' ').append(m.what).append(';');
            }
            return new Mutant(d, what.toString(), kind);
        }
        return apply(kind, p, p.seed.bytes, rnd);
    }

    private static int pickKind(SplittableRandom rnd) {
        int r = rnd.nextInt(100);
        if (r < 12) {
            return 0;
        } else if (r < 20) {
            return 1;
        } else if (r < 26) {
            return 2;
        } else if (r < 32) {
            return 3;
        } else if (r < 37) {
            return 4;
        } else if (r < 62) {
            return 5;
        } else if (r < 70) {
            return 6;
        } else if (r < 80) {
            return 7;
        } else if (r < 88) {
            return 8;
        } else if (r < 92) {
            return 9;
        }
        return 10;
    }

    private static int pickSimpleKind(SplittableRandom rnd) {
        int k;
        do {
            k = pickKind(rnd);
        } while (k == 10);
        return k;
    }

    /** Mutation {@code kind} of {@code src} (the seed's bytes, or an earlier step's output in a chain). */
    private Mutant apply(int kind, Prepared p, byte[] src, SplittableRandom rnd) {
        switch (kind) {
            case 0:
                return bitflips(src, p.map, rnd);
            case 1:
                return byteset(src, rnd);
            case 2:
                return insert(src, rnd);
            case 3:
                return delete(src, rnd);
            case 4: {
                int cut = rnd.nextInt(src.length + 1);
                return new Mutant(Arrays.copyOf(src, cut), "truncate " + cut, 4);
            }
            case 5:
                return fieldLie(src, p.map, rnd, null);
            case 6:
                return fieldLie(src, p.map, rnd, "MANIFEST.dir[");
            case 7:
                return appendManifest(p, src, rnd);
            case 8:
                return splice(p, src, rnd);
            default:
                return nanRecord(p, src, rnd);
        }
    }

    private static Mutant bitflips(byte[] src, FileMap map, SplittableRandom rnd) {
        byte[] d = src.clone();
        if (d.length == 0) {
            return new Mutant(d, "bitflip (empty)", 0);
        }
        int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 1 : 8);
        int[] changed = new int[n];
        StringBuilder what = new StringBuilder("bitflip");
        for (int i = 0; i < n; i++) {
            int at;
            if (rnd.nextBoolean() && !map.fields.isEmpty()) {
                FileMap.Field f = map.fields.get(rnd.nextInt(map.fields.size()));
                at = f.offset + rnd.nextInt(f.width);
                if (at >= d.length) {
                    at = rnd.nextInt(d.length);
                }
            } else {
                at = rnd.nextInt(d.length);
            }
            int bit = rnd.nextInt(8);
            d[at] ^= (byte) (1 << bit);
            changed[i] = at;
            what.append(' ').append(at).append('.').append(bit);
        }
        return maybeRehash(d, rnd, what.toString(), 0, changed);
    }

    private static Mutant byteset(byte[] src, SplittableRandom rnd) {
        byte[] d = src.clone();
        if (d.length == 0) {
            return new Mutant(d, "byteset (empty)", 1);
        }
        int n = 1 + rnd.nextInt(4);
        int[] changed = new int[n];
        StringBuilder what = new StringBuilder("byteset");
        for (int i = 0; i < n; i++) {
            int at = rnd.nextInt(d.length);
            int v = new int[] {0, 0xFF, 0x7F, 0x80, 0x05, 0x53, 1}[rnd.nextInt(7)];
            d[at] = (byte) v;
            changed[i] = at;
            what.append(' ').append(at).append('=').append(v);
        }
        return maybeRehash(d, rnd, what.toString(), 1, changed);
    }

    private static Mutant insert(byte[] src, SplittableRandom rnd) {
        int at = rnd.nextInt(src.length + 1);
        byte[] ins;
        if (rnd.nextBoolean() || src.length < 64) {
            ins = new byte[1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 64)];
            rnd.nextBytes(ins);
        } else {
            int from = rnd.nextInt(src.length - 63);
            ins = Arrays.copyOfRange(src, from, from + 1 + rnd.nextInt(64)); // e.g. a copy of a header
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length + ins.length);
        out.write(src, 0, at);
        out.write(ins, 0, ins.length);
        out.write(src, at, src.length - at);
        return new Mutant(out.toByteArray(), "insert " + ins.length + " at " + at, 2);
    }

    private static Mutant delete(byte[] src, SplittableRandom rnd) {
        if (src.length == 0) {
            return new Mutant(src.clone(), "delete (empty)", 3);
        }
        int at = rnd.nextInt(src.length);
        int n = Math.min(src.length - at, 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 80));
        byte[] d = new byte[src.length - n];
        System.arraycopy(src, 0, d, 0, at);
        System.arraycopy(src, at + n, d, at, src.length - at - n);
        return new Mutant(d, "delete " + n + " at " + at, 3);
    }

    /** A lie in one mapped field (restricted to names starting with {@code prefix} when given). */
    static Mutant fieldLie(byte[] src, FileMap map, SplittableRandom rnd, String prefix) {
        List<FileMap.Field> pool = map.fields;
        if (prefix != null) {
            pool = new ArrayList<>();
            for (FileMap.Field f : map.fields) {
                if (f.name.startsWith(prefix) && f.offset > map.manifestOffset) {
                    pool.add(f);
                }
            }
        }
        byte[] d = src.clone();
        if (pool.isEmpty()) {
            return bitflips(src, map, rnd);
        }
        FileMap.Field f = pool.get(rnd.nextInt(pool.size()));
        if (f.offset + f.width > d.length) { // in a chain, after a cut
            return bitflips(src, map, rnd);
        }
        long old = f.read(d);
        long lie = lieFor(f, old, d.length, map, rnd);
        f.write(d, lie);
        String what = "lie " + f + " " + Long.toUnsignedString(old) + "->" + Long.toUnsignedString(lie & mask(f));
        return maybeRehash(d, rnd, what, prefix == null ? 5 : 6, f.offset);
    }

    private static long mask(FileMap.Field f) {
        return f.width == 8 ? -1L : (1L << (8 * f.width)) - 1;
    }

    private static long lieFor(FileMap.Field f, long old, int length, FileMap map, SplittableRandom rnd) {
        switch (rnd.nextInt(9)) {
            case 0:
                return INTERESTING[rnd.nextInt(INTERESTING.length)];
            case 1:
                return old + 1;
            case 2:
                return old - 1;
            case 3:
                return old + (rnd.nextBoolean() ? 64 : -64) * (1 + rnd.nextInt(4));
            case 4:
                return old * 2 + rnd.nextInt(3);
            case 5:
                return length - rnd.nextInt(80); // near the end of the file
            case 6: { // another segment's header or payload, or this manifest
                if (map.segments.isEmpty()) {
                    return rnd.nextLong();
                }
                SegmentInfo s = map.segments.get(rnd.nextInt(map.segments.size()));
                switch (rnd.nextInt(4)) {
                    case 0:
                        return s.offset();
                    case 1:
                        return s.payloadOffset();
                    case 2:
                        return map.manifestOffset;
                    default:
                        return s.payloadLength();
                }
            }
            case 7:
                return f.max();
            default:
                return rnd.nextLong();
        }
    }

    private static Mutant maybeRehash(byte[] d, SplittableRandom rnd, String what, int kind, int... changed) {
        if (rnd.nextInt(10) < 6) {
            rehash(d, changed);
            return new Mutant(d, what + " +rehash", kind);
        }
        return new Mutant(d, what, kind);
    }

    /**
     * Recomputes the content hash of the segments (walking header to header, searching for the next magic where
     * the walk breaks) that contain one of the {@code changed} offsets (all of them when none are given) and whose
     * hash field is set and payload fits: what an attacker who writes the file deliberately does.
     */
    static void rehash(byte[] d, int... changed) {
        int pos = 0;
        while (pos <= d.length - SegmentHeader.SIZE) {
            if (!SegmentHeader.hasMagicAt(d, pos)) {
                pos++;
                continue;
            }
            long plen = LittleEndian.u64(d, pos + 0x10);
            int payload = pos + SegmentHeader.SIZE;
            if (plen < 0 || plen > d.length - payload) {
                pos++;
                continue;
            }
            if (!ContentHash.isUnset(d, pos + 0x28) && touches(changed, pos, payload + (int) plen)) {
                ContentHash.write(d, payload, (int) plen, d, pos + 0x28);
            }
            pos = payload + (int) plen;
        }
    }

    private static boolean touches(int[] changed, int from, int to) {
        if (changed.length == 0) {
            return true;
        }
        for (int c : changed) {
            if (c >= from && c < to) {
                return true;
            }
        }
        return false;
    }

    /** Appends a segment with a correct hash. */
    static byte[] append(byte[] file, int type, long id, byte[] payload) {
        byte[] h = SegmentHeader.forPayload(type, id, payload, 0, payload.length).toBytes();
        byte[] out = Arrays.copyOf(file, file.length + h.length + payload.length);
        System.arraycopy(h, 0, out, file.length, h.length);
        System.arraycopy(payload, 0, out, file.length + h.length, payload.length);
        return out;
    }

    /** A new latest manifest derived from the seed's, with a hostile directory, deleted list or header. */
    private static Mutant appendManifest(Prepared p, byte[] src, SplittableRandom rnd) {
        if (p.parsed == null || p.parsed.manifest().dialect() != dev.rvf.format.Dialect.R) {
            return fieldLie(src, p.map, rnd, null);
        }
        Manifest m = p.parsed.manifest();
        List<DirectoryEntry> dir = new ArrayList<>(m.directory());
        long[] deleted = m.deletedIds();
        long[] live = p.parsed.liveIds();
        long epoch = Math.min(m.epoch() + 1, 0xFFFFFFFFL);
        int dim = m.dimension();
        long total = m.totalVectors();
        FileIdentity identity = m.identity();
        int metric = m.metricCode();
        String what;
        switch (rnd.nextInt(12)) {
            case 0: { // duplicate deleted ids
                deleted = new long[2 + rnd.nextInt(40)];
                for (int i = 0; i < deleted.length; i++) {
                    deleted[i] = live.length > 0 ? live[rnd.nextInt(live.length)] : rnd.nextInt(4);
                }
                Arrays.sort(deleted);
                what = "duplicate deleted ids";
                break;
            }
            case 1: { // unsorted, some unknown
                deleted = new long[1 + rnd.nextInt(60)];
                for (int i = 0; i < deleted.length; i++) {
                    deleted[i] = live.length > 0 && rnd.nextBoolean() ? live[rnd.nextInt(live.length)]
                            : rnd.nextLong();
                }
                what = "unsorted deleted ids";
                break;
            }
            case 2: { // everything deleted, twice, reversed
                deleted = new long[live.length * 2];
                for (int i = 0; i < live.length; i++) {
                    deleted[i] = live[live.length - 1 - i];
                    deleted[live.length + i] = live[i];
                }
                what = "all ids deleted twice";
                break;
            }
            case 3: { // giant directory: one entry repeated
                if (dir.isEmpty()) {
                    return fieldLie(src, p.map, rnd, null);
                }
                DirectoryEntry e = dir.get(rnd.nextInt(dir.size()));
                int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 50 : 4000);
                for (int i = 0; i < n; i++) {
                    dir.add(e);
                }
                what = "directory entry repeated " + n + " times";
                break;
            }
            case 4: { // entries at every segment header, of random types
                for (SegmentInfo s : p.map.segments) {
                    int type = new int[] {SegmentType.VEC, SegmentType.INDEX, SegmentType.META, SegmentType.KERNEL,
                        SegmentType.EBPF, s.type()}[rnd.nextInt(6)];
                    dir.add(new DirectoryEntry(s.segmentId(), s.offset(), s.payloadLength(), type));
                }
                what = "every segment listed with random types";
                break;
            }
            case 5: { // an entry pointing at the new manifest itself
                int type = new int[] {SegmentType.VEC, SegmentType.INDEX, SegmentType.META, SegmentType.KERNEL,
                    SegmentType.EBPF}[rnd.nextInt(5)];
                dir.add(rnd.nextInt(dir.size() + 1), new DirectoryEntry(99, src.length, 0, type));
                what = "entry of type " + type + " pointing at the manifest itself";
                break;
            }
            case 6: { // entries pointing outside the file or into payloads
                int type = new int[] {SegmentType.VEC, SegmentType.INDEX, SegmentType.META, SegmentType.KERNEL,
                    SegmentType.EBPF}[rnd.nextInt(5)];
                long off = new long[] {src.length + 1000L, -1L, Long.MIN_VALUE, 1L << 33, src.length - 1L,
                    rnd.nextInt(Math.max(1, src.length))}[rnd.nextInt(6)];
                dir.add(rnd.nextInt(dir.size() + 1), new DirectoryEntry(98, off, rnd.nextInt(1000), type));
                what = "entry of type " + type + " at " + off;
                break;
            }
            case 7:
                dim = new int[] {0, 1, dim + 1, 0xFFFF, Math.max(0, dim - 1)}[rnd.nextInt(5)];
                what = "manifest dimension " + dim;
                break;
            case 8:
                epoch = new long[] {0xFFFFFFFFL, 0xFFFFFFFEL, 0}[rnd.nextInt(3)];
                what = "epoch " + epoch;
                break;
            case 9:
                identity = null;
                total = rnd.nextLong();
                metric = rnd.nextInt(256);
                what = "no identity, total " + total + ", metric " + metric;
                break;
            case 10: { // many random deleted ids (giant list)
                deleted = new long[1000 + rnd.nextInt(5000)];
                for (int i = 0; i < deleted.length; i++) {
                    deleted[i] = rnd.nextInt(1 << 20);
                }
                what = deleted.length + " random deleted ids";
                break;
            }
            default: { // directory reversed and with its VEC entries shuffled to the end
                java.util.Collections.reverse(dir);
                what = "directory reversed";
                break;
            }
        }
        Manifest hostile = Manifest.ofR(epoch, dim, total, m.profile(), metric, dir, deleted, identity);
        byte[] out = append(src, SegmentType.MANIFEST, 1000 + rnd.nextInt(1000), hostile.encode());
        return new Mutant(out, "append manifest: " + what, 7);
    }

    /** A segment of another file inserted at a segment boundary, optionally listed by a new manifest. */
    private Mutant splice(Prepared p, byte[] src, SplittableRandom rnd) {
        Prepared donor = donors.get(rnd.nextInt(donors.size()));
        if (donor.map.segments.isEmpty() || p.map.segments.isEmpty()) {
            return bitflips(src, p.map, rnd);
        }
        SegmentInfo s = donor.map.segments.get(rnd.nextInt(donor.map.segments.size()));
        byte[] seg = Arrays.copyOfRange(donor.seed.bytes, (int) s.offset(), (int) s.endOffset());
        List<SegmentInfo> own = p.map.segments;
        SegmentInfo at = own.get(rnd.nextInt(own.size()));
        boolean replace = rnd.nextInt(3) == 0;
        int cut = (int) Math.min(at.offset(), src.length);
        int resume = replace ? (int) Math.min(at.endOffset(), src.length) : cut;
        if (rnd.nextInt(4) == 0) { // at the end instead
            cut = src.length;
            resume = src.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(src, 0, cut);
        out.write(seg, 0, seg.length);
        out.write(src, resume, src.length - resume);
        byte[] d = out.toByteArray();
        String what = (replace ? "replace " : "insert ") + "segment " + SegmentType.specName(s.type()) + " of "
                + donor.seed.name + " at " + cut;
        if (rnd.nextBoolean() && p.parsed != null && p.parsed.manifest().dialect() == dev.rvf.format.Dialect.R) {
            Manifest m = p.parsed.manifest();
            List<DirectoryEntry> dir = new ArrayList<>(m.directory());
            dir.add(new DirectoryEntry(s.segmentId(), cut, s.payloadLength(), s.type()));
            Manifest listed = Manifest.ofR(Math.min(m.epoch() + 1, 0xFFFFFFFFL), m.dimension(), m.totalVectors(),
                    m.profile(), m.metricCode(), dir, m.deletedIds(), m.identity());
            d = append(d, SegmentType.MANIFEST, 77, listed.encode());
            what += ", listed by a new manifest";
        }
        return new Mutant(d, what, 8);
    }

    /** A NaN or infinity written into a record of a VEC segment, with the hash recomputed. */
    private static Mutant nanRecord(Prepared p, byte[] src, SplittableRandom rnd) {
        SegmentInfo vec = null;
        for (SegmentInfo s : p.map.segments) {
            if (s.type() == SegmentType.VEC && s.payloadLength() >= 6 + 12 && s.endOffset() <= src.length
                    && (vec == null || rnd.nextBoolean())) {
                vec = s;
            }
        }
        if (vec == null) {
            return fieldLie(src, p.map, rnd, null);
        }
        byte[] d = src.clone();
        int payload = (int) vec.payloadOffset();
        int dim = LittleEndian.u16(d, payload);
        long count = LittleEndian.u32(d, payload + 2);
        if (dim == 0 || count == 0 || 6 + count * (8 + 4L * dim) > vec.payloadLength()) {
            return fieldLie(src, p.map, rnd, null);
        }
        int record = rnd.nextInt((int) count);
        int at = payload + 6 + record * (8 + 4 * dim) + 8 + 4 * rnd.nextInt(dim);
        float v = new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}[rnd.nextInt(3)];
        LittleEndian.putF32(d, at, v);
        rehash(d, at);
        return new Mutant(d, "record " + record + " of VEC@" + vec.offset() + " = " + v + " +rehash", 9);
    }
}
