package dev.rvf.format;

import dev.rvf.util.LongIntMap;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An append-only {@code .rvf} log that writes exactly what the reference runtime writes, operation by operation
 * (rvf-format.md §5.1, §10, §11, §21):
 * <ul>
 * <li>{@link #create}: MANIFEST (epoch 0, empty directory, identity);</li>
 * <li>{@link #ingest}: VEC, WITNESS "ingest:count=N,epoch=E", MANIFEST (nothing for an empty batch);</li>
 * <li>{@link #delete}: JOURNAL, WITNESS "delete:count=N,epoch=E", MANIFEST with the sorted deleted ids;</li>
 * <li>{@link #embedKernel} / {@link #embedEbpf}: KERNEL / EBPF, MANIFEST;</li>
 * <li>{@link #compact}: a new log: VEC (id 1), every old segment that is not VEC/MANIFEST/JOURNAL copied byte for
 * byte, MANIFEST, then a genesis WITNESS "compact:...".</li>
 * </ul>
 * Each MANIFEST lists every segment written before it in this session (earlier manifests included, itself not);
 * after a compaction the directory restarts with the VEC, the kept segments and the compaction witness. The
 * writer tracks the ids held (soft-deleted ones included: that is total_vectors), the deleted set, the epoch and
 * the next segment id, but not the vectors themselves. Witness timestamps come from the {@link Clock}.
 *
 * <p>Reference behaviour kept on purpose: ingesting an id that is deleted does not undelete it; a delete counts
 * only ids that are held and not yet deleted, but its JOURNAL lists every requested id.
 *
 * <p>Arguments are checked before anything is written. A failure while writing (only LIMIT_EXCEEDED, at 2 GiB)
 * leaves the writer unusable.
 */
public final class RvfWriter {
    private final WriterFlavor flavor;
    private final Clock clock;
    private final int dimension;
    private final Metric metric;
    private final int profile;
    private final FileIdentity identity;
    private final WitnessChain chain = new WitnessChain();
    /** The file this log continues, read in place and never copied (null when the whole log is in {@link #out}). */
    private FileBytes base;
    private int baseLength;
    /** What this writer wrote, after {@link #base}: log offset {@code baseLength + i} is {@code out.array()[i]}. */
    private ByteWriter out;
    private List<DirectoryEntry> directory = new ArrayList<>();
    /** The ids held; built from {@link #heldRecords} on first use (a store opened only to be read never needs it). */
    private LongIntMap held;
    /** The VEC payloads of the resumed file whose ids {@link #held} starts from, until it is built. */
    private List<VecPayload> heldRecords;
    private int heldRecordCount;
    private LongIntMap deleted;
    private long epoch;
    private long nextId;

    private RvfWriter(ByteWriter out, WriterFlavor flavor, Clock clock, int dimension, Metric metric, int profile,
            FileIdentity identity) {
        if (flavor == null || clock == null || metric == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "flavor, clock and metric are required");
        }
        if (dimension < 1 || dimension > 0xFFFF) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "dimension must be 1..65535, got " + dimension);
        }
        if (profile < 0 || profile > 0xFF) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "profile must be 0..255, got " + profile);
        }
        this.out = out;
        this.flavor = flavor;
        this.clock = clock;
        this.dimension = dimension;
        this.metric = metric;
        this.profile = profile;
        this.identity = identity;
        this.held = new LongIntMap(16);
        this.deleted = new LongIntMap(16);
    }

    /** A new file as reference 0.2.x creates it. */
    public static RvfWriter create(int dimension, Metric metric, int profile, FileIdentity identity, Clock clock) {
        return create(dimension, metric, profile, identity, clock, WriterFlavor.NATIVE_0_2);
    }

    /** A new file: one MANIFEST with epoch 0, id 1, an empty directory and the identity. */
    public static RvfWriter create(int dimension, Metric metric, int profile, FileIdentity identity, Clock clock,
            WriterFlavor flavor) {
        if (identity == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "a new file needs an identity");
        }
        RvfWriter w = new RvfWriter(new ByteWriter(1024), flavor, clock, dimension, metric, profile, identity);
        w.nextId = 1;
        w.writeManifest(true);
        return w;
    }

    /** Continues an existing dialect-R file as reference 0.2.x does after open() (the array is copied). */
    public static RvfWriter resume(byte[] fileBytes, RvfFile parsed, Clock clock) {
        return resume(fileBytes, parsed, clock, WriterFlavor.NATIVE_0_2);
    }

    /**
     * Continues an existing file: appends after its last byte; the directory is the latest manifest's, the next
     * segment id is its largest id + 1 (so it reuses the latest manifest's own id, §8.4), the held ids are those
     * the file loads, and the witness chain restarts at a genesis.
     *
     * @param parsed {@code RvfFile.parse(fileBytes)}
     */
    public static RvfWriter resume(byte[] fileBytes, RvfFile parsed, Clock clock, WriterFlavor flavor) {
        if (fileBytes == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "no file bytes");
        }
        return resume(FileBytes.of(fileBytes.clone()), parsed, clock, flavor);
    }

    /**
     * {@link #resume(byte[], RvfFile, Clock)} on the file where it is, without copying it: new segments go after it
     * and it is read in place when the log is read back (export, compaction). The writer owns {@code file} from
     * now on: nothing else may change it, and {@link #release()} (or a compaction, which no longer needs it) gives
     * it back.
     */
    public static RvfWriter resume(FileBytes file, RvfFile parsed, Clock clock) {
        return resume(file, parsed, clock, WriterFlavor.NATIVE_0_2);
    }

    private static RvfWriter resume(FileBytes file, RvfFile parsed, Clock clock, WriterFlavor flavor) {
        if (parsed == null || file == null || parsed.file().length() != file.length()) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "parsed file does not belong to these bytes");
        }
        if (parsed.dialect() != Dialect.R) {
            throw new RvfException(ErrorCode.UNSUPPORTED, "only dialect-R files can be appended to");
        }
        Manifest m = parsed.manifest();
        RvfWriter w = new RvfWriter(new ByteWriter(1024), flavor, clock, m.dimension(), parsed.metric(), m.profile(),
                m.identity());
        w.base = file;
        w.baseLength = file.length();
        w.epoch = m.epoch();
        w.directory.addAll(m.directory());
        long max = 0;
        for (DirectoryEntry e : m.directory()) {
            if (Long.compareUnsigned(e.segmentId(), max) > 0) {
                max = e.segmentId();
            }
        }
        w.nextId = max + 1;
        w.held = null;
        w.heldRecords = parsed.loadedVecPayloads(); // the record ids, without RvfFile's merged copies
        w.heldRecordCount = (int) parsed.loadedRecordCount();
        long[] del = m.deletedIds();
        w.deleted = new LongIntMap(del.length);
        for (long id : del) {
            w.deleted.put(id, 0);
        }
        return w;
    }

    // ------------------------------------------------------------------------------------------ operations

    /**
     * Appends one batch: VEC, WITNESS, MANIFEST. An empty batch writes nothing (as the reference).
     *
     * @param vectors row-major, {@code ids.length * dimension} floats
     * @return the number of vectors accepted (all of them, duplicates included)
     */
    public int ingest(long[] ids, float[] vectors) {
        return ingest(ids, vectors, false);
    }

    /**
     * Appends one batch like {@link #ingest(long[], float[])}; with {@code reviveDeleted}, ids of the batch that are
     * deleted become live again: the manifest this ingest writes no longer lists them as deleted. (The reference
     * keeps a re-ingested deleted id deleted until compaction; the store revives it on purpose.)
     */
    public int ingest(long[] ids, float[] vectors, boolean reviveDeleted) {
        if (ids == null || vectors == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "ids and vectors are required");
        }
        if ((long) ids.length * dimension != vectors.length) {
            throw new RvfException(ErrorCode.DIMENSION_MISMATCH, vectors.length + " floats for " + ids.length
                    + " ids of dimension " + dimension);
        }
        if (ids.length == 0) {
            return 0;
        }
        bumpEpoch();
        int start = beginSegment();
        VecPayload.encodeR(out, dimension, ids, vectors);
        endSegment(start, SegmentType.VEC, true);
        for (long id : ids) {
            held().put(id, 0);
            if (reviveDeleted) {
                deleted.remove(id);
            }
        }
        witness(WitnessEntry.TYPE_COMPUTATION, "ingest:count=" + ids.length + ",epoch=" + epoch);
        writeManifest(true);
        return ids.length;
    }

    /**
     * Soft-deletes ids: JOURNAL (one entry per requested id), WITNESS, MANIFEST. Written even for an empty list.
     *
     * @return how many ids were really deleted (held and not yet deleted, each counted once)
     */
    public int delete(long[] ids) {
        if (ids == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "ids are required");
        }
        bumpEpoch();
        int really = 0;
        for (long id : ids) {
            if (held().contains(id) && !deleted.contains(id)) {
                deleted.put(id, 0);
                really++;
            }
        }
        int start = beginSegment();
        JournalPayload.encodeDeletes(out, epoch, ids);
        endSegment(start, SegmentType.JOURNAL, true);
        witness(WitnessEntry.TYPE_PROVENANCE, "delete:count=" + really + ",epoch=" + epoch);
        writeManifest(true);
        return really;
    }

    /**
     * Embeds a kernel image as the reference's embedKernel does: KERNEL, MANIFEST.
     *
     * @param cmdline may be null
     * @return the KERNEL segment id
     */
    public long embedKernel(int arch, int kernelType, int kernelFlags, byte[] image, int apiPort, byte[] cmdline) {
        return embed(SegmentType.KERNEL,
                KernelPayload.build(arch, kernelType, kernelFlags, image, apiPort, cmdline).encode());
    }

    /**
     * Embeds an eBPF program as the reference's embedEbpf does: EBPF, MANIFEST.
     *
     * @param btf may be null
     * @return the EBPF segment id
     */
    public long embedEbpf(int programType, int attachType, int maxDimension, byte[] program, byte[] btf) {
        return embed(SegmentType.EBPF,
                EbpfPayload.build(programType, attachType, maxDimension, program, btf).encode());
    }

    private long embed(int type, byte[] payload) {
        bumpEpoch();
        long id = appendSegment(type, payload);
        writeManifest(true);
        return id;
    }

    /**
     * Appends an extension segment (e.g. INDEX or META written by the store); it is listed in the next manifest.
     * Does not write a manifest: call {@link #commitManifest()} (or any operation) afterwards.
     *
     * @return the segment id
     */
    public long appendSegment(int type, byte[] payload) {
        if (payload == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "payload is required");
        }
        int start = beginSegment();
        out.bytes(payload);
        return endSegment(start, type, true);
    }

    /** Writes a MANIFEST with the next epoch (after {@link #appendSegment}). */
    public void commitManifest() {
        bumpEpoch();
        writeManifest(true);
    }

    /**
     * Rewrites the file without the deleted vectors, as the reference's compact(): one VEC (id 1, omitted when
     * nothing is live) with the live vectors in the given order, every old segment whose type is not
     * VEC/MANIFEST/JOURNAL copied byte for byte with its id, a MANIFEST (id above all of those, epoch + 1, no
     * deleted ids), then a WITNESS "compact:..." that starts a new chain.
     *
     * @param liveIds     exactly the ids held and not deleted, each once, in the order to write
     * @param liveVectors their vectors, row-major
     */
    public CompactionResult compact(long[] liveIds, float[] liveVectors) {
        return compact(liveIds, liveVectors, null);
    }

    /** Decides which old segments a compaction carries over (among those that are not VEC/MANIFEST/JOURNAL). */
    public interface SegmentFilter {
        /** True to copy {@code segment} of the old {@code log} into the compacted file. */
        boolean keep(FileBytes log, SegmentInfo segment);
    }

    /**
     * {@link #compact(long[], float[])}, carrying over only the old segments {@code keep} accepts (null: all of them,
     * as the reference does). The store uses it to drop its own stale INDEX/META segments.
     */
    public CompactionResult compact(long[] liveIds, float[] liveVectors, SegmentFilter keep) {
        if (liveIds == null || liveVectors == null || (long) liveIds.length * dimension != liveVectors.length) {
            throw new RvfException(ErrorCode.DIMENSION_MISMATCH, "live vectors do not match the live ids");
        }
        return compact(liveIds, (first, count, dst, dstOff) -> System.arraycopy(liveVectors, first * dimension, dst,
                dstOff, count * dimension), keep);
    }

    /**
     * {@link #compact(long[], float[], SegmentFilter)} with vector i of the new VEC read from {@code liveVectors} a
     * chunk at a time (a store passes its vector storage: no array of all the vectors).
     */
    public CompactionResult compact(long[] liveIds, VectorSource liveVectors, SegmentFilter keep) {
        if (liveIds == null || liveVectors == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "live ids and vectors are required");
        }
        int removed = 0;
        for (long id : held().keys()) {
            if (deleted.contains(id)) {
                removed++;
            }
        }
        LongIntMap live = new LongIntMap(liveIds.length);
        for (long id : liveIds) {
            if (!held().contains(id) || deleted.contains(id) || live.put(id, 0) >= 0) {
                throw new RvfException(ErrorCode.INVALID_ARGUMENT, "id " + Long.toUnsignedString(id)
                        + " is not live or is repeated");
            }
        }
        if (liveIds.length != held().size() - removed) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "compaction needs all " + (held().size() - removed)
                    + " live vectors, got " + liveIds.length);
        }
        FileBytes oldLog = log(); // read in place; the continued file is given back once the kept segments are copied
        FileBytes oldBase = base;
        List<SegmentInfo> oldSegments = SegmentScanner.scan(oldLog);
        bumpEpoch();
        base = null;
        baseLength = 0;
        out = new ByteWriter((int) Math.min(VecPayload.encodedLength(dimension, liveIds.length) + 4096, size() + 256L));
        directory = new ArrayList<>();
        long maxId = 0;
        if (liveIds.length > 0) {
            nextId = 1;
            int start = beginSegment();
            VecPayload.encodeR(out, dimension, liveIds, liveVectors);
            maxId = endSegment(start, SegmentType.VEC, true);
        }
        for (SegmentInfo s : oldSegments) {
            int t = s.type();
            if (t == SegmentType.VEC || t == SegmentType.MANIFEST || t == SegmentType.JOURNAL
                    || (keep != null && !keep.keep(oldLog, s))) {
                continue;
            }
            long at = out.size();
            out.bytes(oldLog.slice((int) s.offset(), SegmentHeader.SIZE + (int) s.payloadLength()));
            directory.add(new DirectoryEntry(s.segmentId(), at, s.payloadLength(), t));
            if (Long.compareUnsigned(s.segmentId(), maxId) > 0) {
                maxId = s.segmentId();
            }
        }
        if (oldBase != null) {
            oldBase.release(); // the new log holds everything still needed
        }
        held = live;
        deleted = new LongIntMap(16);
        nextId = maxId + 1;
        writeManifest(false);
        long reclaimed = (long) removed * dimension * 4;
        if (flavor.writesWitnesses()) {
            chain.reset();
            witness(WitnessEntry.TYPE_COMPUTATION, "compact:segments_compacted=" + removed + ",bytes_reclaimed="
                    + reclaimed + ",epoch=" + epoch);
        }
        return new CompactionResult(removed, reclaimed, epoch);
    }

    /**
     * The identity of a child derived from this file as it is now (§9): parent id = this file's id,
     * parent_hash = fold256 of the last min(65536, size) bytes, depth + 1. The child file is then
     * {@code RvfWriter.create(dimension(), metric(), profile(), child, clock)}.
     */
    public FileIdentity deriveChildIdentity(byte[] newFileId) {
        int tail = Math.min(size(), FileIdentity.PARENT_TAIL);
        byte[] last = new byte[tail];
        readLog(size() - tail, last, 0, tail);
        return FileIdentity.childOf(identity != null ? identity : FileIdentity.ZERO, newFileId, last, tail);
    }

    // ------------------------------------------------------------------------------------------ state

    /**
     * The log as it is now, read where it is (the continued file, then what this writer appended), without copying
     * the whole of it: for scanning segments and walking witnesses. Valid until the next write.
     */
    public FileBytes log() {
        return base == null ? FileBytes.of(out.array(), out.size()) : new LogBytes(base, baseLength, out);
    }

    /** A copy of the file written so far. */
    public byte[] toBytes() {
        byte[] all = new byte[size()];
        readLog(0, all, 0, all.length);
        return all;
    }

    public int size() {
        return baseLength + out.size();
    }

    /**
     * Gives the file this writer continued back to its owner ({@link FileBytes#release}) and stops reading it:
     * for a store being closed. Calling it again does nothing; the writer must not be used afterwards unless it
     * never continued a file.
     */
    public void release() {
        heldRecords = null; // they read the file given back here
        if (base != null) {
            FileBytes b = base;
            base = null;
            baseLength = 0;
            b.release();
        }
    }

    /** Copies {@code len} bytes at log offset {@code offset}, from the continued file and/or what was written. */
    private void readLog(int offset, byte[] dst, int dstOff, int len) {
        int fromBase = Math.max(0, Math.min(len, baseLength - offset));
        if (fromBase > 0) {
            base.copy(offset, dst, dstOff, fromBase);
        }
        if (len > fromBase) {
            System.arraycopy(out.array(), offset + fromBase - baseLength, dst, dstOff + fromBase, len - fromBase);
        }
    }

    /** A copy of the payload of the segment written at {@code offset} of this log (INVALID_ARGUMENT if none). */
    public byte[] segmentPayloadAt(long offset) {
        SegmentHeader h = segmentHeaderAt(offset);
        int from = (int) offset + SegmentHeader.SIZE;
        int len = h.checkedPayloadLength((long) size() - from, offset);
        byte[] payload = new byte[len];
        readLog(from, payload, 0, len);
        return payload;
    }

    /** The header of the segment written at {@code offset} of this log (INVALID_ARGUMENT if there is none). */
    public SegmentHeader segmentHeaderAt(long offset) {
        byte[] header = new byte[SegmentHeader.SIZE];
        if (offset >= 0 && offset <= size() - SegmentHeader.SIZE) {
            readLog((int) offset, header, 0, SegmentHeader.SIZE);
        }
        if (!SegmentHeader.hasMagicAt(header, 0)) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "no segment header at offset " + offset);
        }
        return SegmentHeader.parse(header, 0, offset);
    }

    public long epoch() {
        return epoch;
    }

    public int dimension() {
        return dimension;
    }

    public Metric metric() {
        return metric;
    }

    public int profile() {
        return profile;
    }

    /** The identity written into manifests (null when resuming a file that had none). */
    public FileIdentity identity() {
        return identity;
    }

    public WriterFlavor flavor() {
        return flavor;
    }

    private LongIntMap held() {
        if (held == null) {
            if (heldRecords == null) {
                throw new RvfException(ErrorCode.INTERNAL, "the writer was released");
            }
            held = new LongIntMap(heldRecordCount);
            for (VecPayload v : heldRecords) {
                for (int i = 0, n = v.count(); i < n; i++) {
                    held.put(v.id(i), 0);
                }
            }
            heldRecords = null;
        }
        return held;
    }

    /** The total_vectors the next manifest will hold: distinct ids held, soft-deleted ones included. */
    public long totalVectors() {
        return held().size();
    }

    /** Number of deleted ids the next manifest will list. */
    public int deletedCount() {
        return deleted.size();
    }

    /** Number of entries the next manifest's directory will hold. */
    public int directorySize() {
        return directory.size();
    }

    /** The deleted ids, sorted ascending as unsigned (the manifest's order). */
    public long[] deletedIds() {
        return sortedUnsigned(deleted.keys());
    }

    /** The directory the next manifest will contain (unmodifiable copy). */
    public List<DirectoryEntry> directory() {
        return Collections.unmodifiableList(new ArrayList<>(directory));
    }

    /** The id the next segment will get. */
    public long nextSegmentId() {
        return nextId;
    }

    // ------------------------------------------------------------------------------------------ internals

    private void bumpEpoch() {
        if (epoch >= 0xFFFFFFFFL) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "epoch overflow");
        }
        epoch++;
    }

    /** Reserves the header; the payload is then written straight into {@link #out}. */
    private int beginSegment() {
        int start = size();
        out.zeros(SegmentHeader.SIZE);
        return start;
    }

    /** Fills in the header of the segment started at {@code start}; returns its id. */
    private long endSegment(int start, int type, boolean listInDirectory) {
        int payloadStart = start + SegmentHeader.SIZE;
        int len = size() - payloadStart;
        long id = nextId++;
        out.overwrite(start - baseLength, SegmentHeader.forPayload(type, id, out.array(), payloadStart - baseLength,
                len).toBytes());
        if (listInDirectory) {
            directory.add(new DirectoryEntry(id, start, len, type));
        }
        return id;
    }

    private void witness(int type, String action) {
        if (!flavor.writesWitnesses()) {
            return;
        }
        byte[] payload = chain.next(type, clock.nowNanos(), action).encode();
        int start = beginSegment();
        out.bytes(payload);
        endSegment(start, SegmentType.WITNESS, true);
    }

    private void writeManifest(boolean listInDirectory) {
        Manifest m = Manifest.ofR(epoch, dimension, held().size(), profile,
                flavor.writesMetricByte() ? metric.manifestCode() : 0, directory, deletedIds(), identity);
        int start = beginSegment();
        m.encode(out);
        endSegment(start, SegmentType.MANIFEST, listInDirectory);
    }

    /** Sorts as unsigned u64 (ids above 2^63 are negative longs in Java). */
    static long[] sortedUnsigned(long[] ids) {
        long[] s = ids.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] ^= Long.MIN_VALUE;
        }
        java.util.Arrays.sort(s);
        for (int i = 0; i < s.length; i++) {
            s[i] ^= Long.MIN_VALUE;
        }
        return s;
    }

    /**
     * The continued file followed by what the writer appended, as one {@link FileBytes}: reads inside either part go
     * straight to it, the few that straddle the boundary (a header word, a hash range) are split or assembled.
     */
    private static final class LogBytes extends FileBytes {
        private final FileBytes base;
        private final int baseLength;
        private final FileBytes tail;

        LogBytes(FileBytes base, int baseLength, ByteWriter appended) {
            this.base = base;
            this.baseLength = baseLength;
            this.tail = FileBytes.of(appended.array(), appended.size());
        }

        @Override
        public int length() {
            return baseLength + tail.length();
        }

        @Override
        public byte get(int offset) {
            return offset < baseLength ? base.get(offset) : tail.get(offset - baseLength);
        }

        @Override
        public int i32(int offset) {
            if (offset + 4 <= baseLength) {
                return base.i32(offset);
            }
            return offset >= baseLength ? tail.i32(offset - baseLength) : LittleEndian.i32(slice(offset, 4), 0);
        }

        @Override
        public long i64(int offset) {
            if (offset + 8 <= baseLength) {
                return base.i64(offset);
            }
            return offset >= baseLength ? tail.i64(offset - baseLength) : LittleEndian.u64(slice(offset, 8), 0);
        }

        @Override
        public void copy(int offset, byte[] dst, int dstOff, int len) {
            int fromBase = Math.max(0, Math.min(len, baseLength - offset));
            if (fromBase > 0) {
                base.copy(offset, dst, dstOff, fromBase);
            }
            if (len > fromBase) {
                tail.copy(offset + fromBase - baseLength, dst, dstOff + fromBase, len - fromBase);
            }
        }

        @Override
        public void floats(int offset, float[] dst, int dstOff, int count) {
            int i = Math.max(0, Math.min(count, (baseLength - offset) / 4)); // the floats wholly in the base
            if (i > 0) {
                base.floats(offset, dst, dstOff, i);
            }
            if (i < count && offset + 4 * i < baseLength) { // at most one straddles the boundary
                dst[dstOff + i] = Float.intBitsToFloat(i32(offset + 4 * i));
                i++;
            }
            if (i < count) {
                tail.floats(offset + 4 * i - baseLength, dst, dstOff + i, count - i);
            }
        }

        @Override
        public int crc32(int crc, int offset, int len) {
            int fromBase = Math.max(0, Math.min(len, baseLength - offset));
            int c = fromBase > 0 ? base.crc32(crc, offset, fromBase) : crc;
            return len > fromBase ? tail.crc32(c, offset + fromBase - baseLength, len - fromBase) : c;
        }
    }
}
