package dev.rvf.format;

import dev.rvf.util.LongIntMap;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.util.ArrayLimit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A parsed {@code .rvf} file: its segments, its latest manifest and the vectors the reference would load.
 *
 * <p>Dialect R (rvf-format.md §5.3): the latest manifest comes from {@link TailDiscovery}; the vectors are those of
 * the VEC segments listed in its directory, in directory order, a later record overwriting an earlier one with the
 * same id; each such segment's content hash must hold (HASH_MISMATCH otherwise, as the reference verifies what it
 * loads); deleted ids come from the manifest only; the metric from manifest byte 19. Segments the directory does
 * not list are only reported by {@link #segments()}.
 *
 * <p>Dialect W (exports of {@code @ruvector/rvf-wasm}, §20), recognised when no R manifest parses but a 19-byte
 * layout manifest does: every VEC segment of the file is loaded, the metric is L2, there is no identity.
 *
 * <p>Parsing is strict about structure: the whole file must segment cleanly ({@link SegmentScanner}), and a VEC
 * the boot loads must decode (BAD_PAYLOAD otherwise; the reference silently skips such a segment). The arrays
 * returned by the id and vector accessors are owned by this object and must not be modified; they are merged copies
 * built on first use, so a caller that only needs the records reads {@link #loadedVecPayloads()} instead (parsing
 * itself allocates nothing per record).
 */
public final class RvfFile {
    private final FileBytes data;
    private final List<SegmentInfo> segments;
    private final LongIntMap segmentByOffset;
    private final Dialect dialect;
    private final Manifest manifest;
    private final SegmentInfo manifestSegment;
    private final List<SegmentInfo> loadedVecSegments;
    private final List<VecPayload> loadedPayloads;
    private final int loadedRecords;
    // Merged views, built on first use only: a store loads records straight from the payloads.
    private long[] loadedIds;
    private float[] loadedVectors;
    private long[] liveIds;
    private float[] liveVectors;

    private RvfFile(FileBytes data, List<SegmentInfo> segments, LongIntMap segmentByOffset, Dialect dialect,
            Manifest manifest, SegmentInfo manifestSegment, List<SegmentInfo> loadedVecSegments,
            List<VecPayload> loadedPayloads, int loadedRecords) {
        this.data = data;
        this.loadedVecSegments = Collections.unmodifiableList(loadedVecSegments);
        this.loadedPayloads = Collections.unmodifiableList(loadedPayloads);
        this.loadedRecords = loadedRecords;
        this.segments = Collections.unmodifiableList(segments);
        this.segmentByOffset = segmentByOffset;
        this.dialect = dialect;
        this.manifest = manifest;
        this.manifestSegment = manifestSegment;
    }

    /**
     * Parses a whole file.
     *
     * @throws RvfException TRUNCATED, LENGTH_OUT_OF_RANGE, BAD_MAGIC, NO_MANIFEST, HASH_MISMATCH or BAD_PAYLOAD
     */
    public static RvfFile parse(byte[] data) {
        return parse(FileBytes.of(data));
    }

    /**
     * Parses a whole file where it is (see {@link FileBytes}): the records of its VEC segments are read in place,
     * the other structures from copies of their bytes.
     */
    public static RvfFile parse(FileBytes data) {
        if (data == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "no data");
        }
        List<SegmentInfo> segments = SegmentScanner.scan(data);
        LongIntMap byOffset = new LongIntMap(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            byOffset.put(segments.get(i).offset(), i);
        }
        TailDiscovery.Found found = TailDiscovery.tryFind(data);
        if (found != null) {
            return bootR(data, segments, byOffset, found);
        }
        for (int i = segments.size() - 1; i >= 0; i--) {
            SegmentInfo s = segments.get(i);
            if (s.type() == SegmentType.MANIFEST && fitsDialectW(data, s)) {
                try {
                    Manifest w = Manifest.decodeW(payloadReader(data, s));
                    return bootW(data, segments, byOffset, s, w);
                } catch (RvfException e) {
                    if (e.errorCode() != ErrorCode.BAD_MANIFEST) {
                        throw e;
                    }
                }
            }
        }
        throw new RvfException(ErrorCode.NO_MANIFEST, "no manifest parses (neither dialect R nor W)");
    }

    /**
     * decodeW's length rule, checked without building an exception for every MANIFEST segment that fails it (a
     * hostile file can hold one every 64 bytes).
     */
    private static boolean fitsDialectW(FileBytes data, SegmentInfo s) {
        long len = s.payloadLength();
        return len >= Manifest.W_HEADER_SIZE && len - Manifest.W_HEADER_SIZE
                == DirectoryEntry.SIZE * (data.i32((int) s.payloadOffset() + 15) & 0xFFFFFFFFL);
    }

    private static RvfFile bootR(FileBytes data, List<SegmentInfo> segments, LongIntMap byOffset,
            TailDiscovery.Found found) {
        Manifest m = found.manifest();
        int idx = byOffset.get(found.offset());
        SegmentInfo ms = idx >= 0 ? segments.get(idx) : new SegmentInfo(found.offset(), found.header(),
                found.header().checkHash(data, (int) found.offset() + SegmentHeader.SIZE,
                        (int) found.header().payloadLength()));
        List<SegmentInfo> listed = new ArrayList<>();
        List<DirectoryEntry> dir = m.directory();
        for (int i = 0; i < dir.size(); i++) {
            DirectoryEntry e = dir.get(i);
            if (e.type() == SegmentType.VEC) {
                listed.add(locate(data, segments, byOffset, e, entryFieldOffset(found.offset(), i)));
            }
        }
        List<VecPayload> vecs = new ArrayList<>();
        List<SegmentInfo> loaded = distinctAndDisjoint(listed, found.offset());
        for (SegmentInfo s : loaded) {
            vecs.add(decodeVec(data, s, Dialect.R, m.dimension()));
        }
        return merge(data, segments, byOffset, Dialect.R, m, ms, loaded, vecs);
    }

    private static RvfFile bootW(FileBytes data, List<SegmentInfo> segments, LongIntMap byOffset, SegmentInfo ms,
            Manifest m) {
        List<VecPayload> vecs = new ArrayList<>();
        List<SegmentInfo> loaded = new ArrayList<>();
        for (SegmentInfo s : segments) {
            if (s.type() == SegmentType.VEC) {
                vecs.add(decodeVec(data, s, Dialect.W, m.dimension()));
                loaded.add(s);
            }
        }
        return merge(data, segments, byOffset, Dialect.W, m, ms, loaded, vecs);
    }

    /**
     * The listed segments with repeats removed (each kept at its last listing, which gives the same "later wins"
     * result), after checking that no two overlap. Together this bounds the work and memory of the boot by the
     * file size, whatever the directory says; no writer lists a segment twice or overlapping segments.
     */
    private static List<SegmentInfo> distinctAndDisjoint(List<SegmentInfo> listed, long manifestOffset) {
        LongIntMap lastIndex = new LongIntMap(listed.size());
        for (int i = 0; i < listed.size(); i++) {
            lastIndex.put(listed.get(i).offset(), i);
        }
        List<SegmentInfo> out = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            if (lastIndex.get(listed.get(i).offset()) == i) {
                out.add(listed.get(i));
            }
        }
        List<SegmentInfo> byOffset = new ArrayList<>(out);
        byOffset.sort(Comparator.comparingLong(SegmentInfo::offset));
        for (int i = 1; i < byOffset.size(); i++) {
            SegmentInfo prev = byOffset.get(i - 1);
            if (prev.endOffset() > byOffset.get(i).offset()) {
                throw new RvfException(ErrorCode.BAD_MANIFEST, "the directory lists overlapping VEC segments at "
                        + prev.offset() + " and " + byOffset.get(i).offset(), manifestOffset);
            }
        }
        return out;
    }

    private static VecPayload decodeVec(FileBytes data, SegmentInfo s, Dialect dialect, int dim) {
        requireHash(s);
        VecPayload v = VecPayload.decode(data, s, dialect);
        if (v.count() > 0 && v.dimension() != dim) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "VEC dimension " + v.dimension()
                    + " differs from the manifest's " + dim, s.offset());
        }
        return v;
    }

    /** Checks that the loaded records fit in one store; the merged views are built later, on demand. */
    private static RvfFile merge(FileBytes data, List<SegmentInfo> segments, LongIntMap byOffset, Dialect dialect,
            Manifest m, SegmentInfo ms, List<SegmentInfo> loaded, List<VecPayload> vecs) {
        long total = 0;
        for (VecPayload v : vecs) {
            total += v.count();
        }
        if (total * Math.max(1, m.dimension()) > ArrayLimit.MAX_BYTES / Float.BYTES) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "too many vectors: " + total);
        }
        return new RvfFile(data, segments, byOffset, dialect, m, ms, loaded, vecs, (int) total);
    }

    /** Distinct ids of the loaded records, in order of first appearance. */
    private long[] distinctIds() {
        LongIntMap seen = new LongIntMap(loadedRecords);
        long[] ids = new long[loadedRecords];
        int rows = 0;
        for (VecPayload v : loadedPayloads) {
            for (int i = 0, c = v.count(); i < c; i++) {
                long id = v.id(i);
                if (seen.put(id, rows) < 0) {
                    ids[rows++] = id;
                }
            }
        }
        return rows == ids.length ? ids : java.util.Arrays.copyOf(ids, rows);
    }

    /** The last vector of each of {@link #loadedIds()}, replaying the records in load order. */
    private float[] mergedVectors() {
        int dim = manifest.dimension();
        long[] ids = loadedIds();
        LongIntMap rowOf = new LongIntMap(ids.length);
        for (int i = 0; i < ids.length; i++) {
            rowOf.put(ids[i], i);
        }
        float[] vectors = new float[ids.length * dim];
        for (VecPayload v : loadedPayloads) {
            for (int i = 0, c = v.count(); i < c; i++) {
                v.copyVector(i, vectors, rowOf.get(v.id(i)) * dim);
            }
        }
        return vectors;
    }

    private void buildLive() {
        long[] ids = loadedIds();
        float[] vectors = loadedVectors();
        long[] deleted = manifest.deletedIds();
        if (deleted.length == 0) {
            liveIds = ids;
            liveVectors = vectors;
            return;
        }
        int dim = manifest.dimension();
        LongIntMap del = new LongIntMap(deleted.length);
        for (long id : deleted) {
            del.put(id, 0);
        }
        int live = 0;
        for (long id : ids) {
            if (!del.contains(id)) {
                live++;
            }
        }
        long[] outIds = new long[live];
        float[] outVectors = new float[live * dim];
        int k = 0;
        for (int i = 0; i < ids.length; i++) {
            if (!del.contains(ids[i])) {
                outIds[k] = ids[i];
                System.arraycopy(vectors, i * dim, outVectors, k * dim, dim);
                k++;
            }
        }
        liveIds = outIds;
        liveVectors = outVectors;
    }

    /** File offset of the offset field of directory entry {@code i} of the manifest whose header is at {@code m}. */
    private static long entryFieldOffset(long manifestOffset, int i) {
        return manifestOffset + SegmentHeader.SIZE + Manifest.R_HEADER_SIZE + (long) DirectoryEntry.SIZE * i + 8;
    }

    /**
     * The segment a directory entry points at, read from its header as the reference does (the entry's type,
     * id and length are not cross-checked; the header's payload_length is used).
     */
    private static SegmentInfo locate(FileBytes data, List<SegmentInfo> segments, LongIntMap byOffset,
            DirectoryEntry e, long entryFieldOffset) {
        long off = e.offset();
        if (off < 0 || off >= data.length()) {
            throw new RvfException(ErrorCode.LENGTH_OUT_OF_RANGE, "directory entry for segment "
                    + Long.toUnsignedString(e.segmentId()) + " points at offset " + Long.toUnsignedString(off)
                    + " past the end of the file", entryFieldOffset);
        }
        int idx = byOffset.get(off);
        if (idx >= 0) {
            return segments.get(idx);
        }
        int o = (int) off;
        SegmentHeader h = SegmentHeader.parse(data, o);
        h.checkedPayloadLength((long) data.length() - o - SegmentHeader.SIZE, o);
        return SegmentInfo.unchecked(off, h, data); // hashed when needed: entries may overlap (see bootR)
    }

    private static void requireHash(SegmentInfo s) {
        if (s.hashStatus() == HashStatus.MISMATCH) {
            throw new RvfException(ErrorCode.HASH_MISMATCH, SegmentType.specName(s.type()) + " segment "
                    + Long.toUnsignedString(s.segmentId()) + " content hash mismatch", s.offset());
        }
    }

    private static ByteReader payloadReader(FileBytes data, SegmentInfo s) {
        int off = (int) s.payloadOffset();
        return data.reader(off, off + (int) s.payloadLength());
    }

    /** A reader over a segment's payload (absolute offsets). */
    public ByteReader payloadReader(SegmentInfo s) {
        return payloadReader(data, s);
    }

    /** A copy of a segment's payload. */
    public byte[] payload(SegmentInfo s) {
        return data.slice((int) s.payloadOffset(), (int) s.payloadLength());
    }

    /** The file bytes (not copied; do not modify). */
    public FileBytes file() {
        return data;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The latest manifest (dialect R: the one tail discovery found). */
    public Manifest manifest() {
        return manifest;
    }

    /** The latest manifest's segment. */
    public SegmentInfo manifestSegment() {
        return manifestSegment;
    }

    public int dimension() {
        return manifest.dimension();
    }

    /** The metric of manifest byte 19 (L2 for files whose writer did not store one, and for dialect W). */
    public Metric metric() {
        return dialect == Dialect.R ? Metric.fromManifestCode(manifest.metricCode()) : Metric.L2;
    }

    public long epoch() {
        return manifest.epoch();
    }

    public int profile() {
        return manifest.profile();
    }

    /** The manifest's total_vectors field (ids held, including soft-deleted ones). */
    public long totalVectorsField() {
        return manifest.totalVectors();
    }

    /** The identity, or {@link FileIdentity#ZERO} when the manifest has none. */
    public FileIdentity identity() {
        return manifest.identity() != null ? manifest.identity() : FileIdentity.ZERO;
    }

    public boolean hasIdentity() {
        return manifest.identity() != null;
    }

    /**
     * The VEC segments the boot loaded, in load order (dialect R: as the latest manifest lists them, each once;
     * dialect W: every VEC in file order). Replaying their records in this order gives {@link #loadedIds()}.
     */
    public List<SegmentInfo> loadedVecSegments() {
        return loadedVecSegments;
    }

    /** The decoded payload of one of {@link #loadedVecSegments()} (a view over the file bytes). */
    public VecPayload vecPayload(SegmentInfo s) {
        return VecPayload.decode(data, s, dialect);
    }

    /**
     * The decoded payloads of {@link #loadedVecSegments()}, same order: zero-copy views a loader reads records from
     * (ids and vectors) without the merged copies below.
     */
    public List<VecPayload> loadedVecPayloads() {
        return loadedPayloads;
    }

    /** Records in the loaded VEC segments, re-used ids counted each time. */
    public int loadedRecordCount() {
        return loadedRecords;
    }

    /** Number of distinct ids loaded, deleted ones included. */
    public int loadedCount() {
        return loadedIds().length;
    }

    /**
     * Every distinct id loaded (deleted ones included), in order of first appearance. Do not modify. Built on first
     * use.
     */
    public long[] loadedIds() {
        if (loadedIds == null) {
            loadedIds = distinctIds();
        }
        return loadedIds;
    }

    /** The vectors of {@link #loadedIds()}, row-major. Do not modify. Built on first use (a copy of every vector). */
    public float[] loadedVectors() {
        if (loadedVectors == null) {
            loadedVectors = mergedVectors();
        }
        return loadedVectors;
    }

    public int liveCount() {
        return liveIds().length;
    }

    /** Ids loaded and not deleted, in order of first appearance. Do not modify. Built on first use. */
    public long[] liveIds() {
        if (liveIds == null) {
            buildLive();
        }
        return liveIds;
    }

    /** The vectors of {@link #liveIds()}, row-major. Do not modify. Built on first use. */
    public float[] liveVectors() {
        if (liveVectors == null) {
            buildLive();
        }
        return liveVectors;
    }

    /** The manifest's deleted ids, as stored. */
    public long[] deletedIds() {
        return manifest.deletedIds();
    }

    /** Every segment of the file, in file order, with its hash status. */
    public List<SegmentInfo> segments() {
        return segments;
    }

    /**
     * The segments of one type that the latest manifest lists, in directory order (empty for dialect W).
     * Entries that do not point at a segment header fail with BAD_MAGIC / LENGTH_OUT_OF_RANGE / TRUNCATED.
     */
    public List<SegmentInfo> listedSegments(int type) {
        List<SegmentInfo> out = new ArrayList<>();
        if (dialect != Dialect.R) {
            return out;
        }
        List<DirectoryEntry> dir = manifest.directory();
        for (int i = 0; i < dir.size(); i++) {
            if (dir.get(i).type() == (type & 0xFF)) {
                out.add(locate(data, segments, segmentByOffset, dir.get(i),
                        entryFieldOffset(manifestSegment.offset(), i)));
            }
        }
        return out;
    }

    /**
     * Like {@link #listedSegments} but entries that point at no readable segment are skipped instead of failing
     * the call: for segment types the boot does not need (the store's INDEX and META), so that one bad entry does
     * not hide the others.
     */
    public List<SegmentInfo> readableListedSegments(int type) {
        List<SegmentInfo> out = new ArrayList<>();
        if (dialect != Dialect.R) {
            return out;
        }
        List<DirectoryEntry> dir = manifest.directory();
        for (int i = 0; i < dir.size(); i++) {
            // checked before locate(): an exception for each of 200k bad entries cost 48 x the file in allocation
            if (dir.get(i).type() == (type & 0xFF) && pointsAtSegment(dir.get(i).offset())) {
                out.add(locate(data, segments, segmentByOffset, dir.get(i),
                        entryFieldOffset(manifestSegment.offset(), i)));
            }
        }
        return out;
    }

    /** Whether a complete segment header whose payload fits in the file starts at {@code off}. */
    private boolean pointsAtSegment(long off) {
        if (off < 0 || off > data.length() - SegmentHeader.SIZE || !SegmentHeader.hasMagicAt(data, (int) off)) {
            return false;
        }
        long plen = data.i64((int) off + 0x10);
        return plen >= 0 && plen <= data.length() - off - SegmentHeader.SIZE;
    }

    /**
     * The kernel the reference's extractKernel() returns: the first KERNEL segment the directory lists (the
     * reference takes the first, not the latest), or null. HASH_MISMATCH if its hash fails.
     */
    public KernelPayload kernel() {
        SegmentInfo s = firstListed(SegmentType.KERNEL);
        return s == null ? null : KernelPayload.decode(payloadReader(s));
    }

    /** The eBPF program the reference's extractEbpf() returns: the first EBPF segment listed, or null. */
    public EbpfPayload ebpf() {
        SegmentInfo s = firstListed(SegmentType.EBPF);
        return s == null ? null : EbpfPayload.decode(payloadReader(s));
    }

    private SegmentInfo firstListed(int type) {
        List<SegmentInfo> l = listedSegments(type);
        if (l.isEmpty()) {
            return null;
        }
        requireHash(l.get(0));
        return l.get(0);
    }

    /** Throws HASH_MISMATCH at the first segment (in file order) whose content hash fails. */
    public void verifyHashes() {
        for (SegmentInfo s : segments) {
            requireHash(s);
        }
    }

    /** Verifies the witness chain over the file's WITNESS segments (§11.2). */
    public WitnessReport verifyWitnesses() {
        return WitnessChain.verify(data, segments);
    }
}
