package dev.rvf.store;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.filter.FilterExpr;
import dev.rvf.filter.MetadataCodec;
import dev.rvf.filter.MetadataTable;
import dev.rvf.filter.RowPredicate;
import dev.rvf.filter.Value;
import dev.rvf.format.ByteReader;
import dev.rvf.format.CompactionResult;
import dev.rvf.format.Dialect;
import dev.rvf.format.DirectoryEntry;
import dev.rvf.format.EbpfPayload;
import dev.rvf.format.FileIdentity;
import dev.rvf.format.HashStatus;
import dev.rvf.format.KernelPayload;
import dev.rvf.format.Manifest;
import dev.rvf.format.FileBytes;
import dev.rvf.format.RvfFile;
import dev.rvf.format.RvfWriter;
import dev.rvf.format.SegmentHeader;
import dev.rvf.format.SegmentInfo;
import dev.rvf.format.SegmentScanner;
import dev.rvf.format.SegmentType;
import dev.rvf.format.VecPayload;
import dev.rvf.format.WitnessChain;
import dev.rvf.format.WitnessReport;
import dev.rvf.index.HnswGraph;
import dev.rvf.index.HnswIndex;
import dev.rvf.index.HnswIndexCodec;
import dev.rvf.index.OrdinalBitSet;
import dev.rvf.index.OrdinalScorer;
import dev.rvf.index.SearchPolicy;
import dev.rvf.index.SearchResults;
import dev.rvf.index.VectorScoring;
import dev.rvf.index.VectorStorage;
import dev.rvf.kernels.FloatKernels;
import dev.rvf.kernels.TopK;
import dev.rvf.util.ArrayLimit;
import dev.rvf.util.LongIntMap;
import dev.rvf.util.Utf8;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The in-memory vector store: an append-only {@code .rvf} log ({@link RvfWriter}, byte for byte what the reference
 * writes for the same operations), the vectors, an HNSW index and per-vector metadata. Single-threaded.
 *
 * <p><b>Records and ordinals.</b> Every vector record of the log gets an ordinal: ordinal n is the n-th record of
 * the VEC segments in load order (the order the latest manifest lists them; an ingest appends one VEC). A re-used
 * id's older record stays in memory as a tombstone until {@link #compact()}; graph nodes and metadata rows are
 * addressed by ordinal. This is what lets an INDEX segment written by {@link #export()} be validated and reused on
 * {@link #open} (see docs/FORMAT-EXTENSIONS.md).
 *
 * <p><b>Re-used ids</b> have key-value semantics: a later record replaces the earlier vector and its metadata
 * (within one batch the last occurrence wins, as in the reference). Unlike the reference, ingesting an id that is
 * deleted makes it live again, and the manifest written by that ingest no longer lists it as deleted, so the
 * reference also sees it live. On open, the manifest's deleted list is authoritative (a file in which the reference
 * re-ingested a deleted id keeps it deleted, as the reference reads it).
 *
 * <p><b>Failures</b> never lose data: every argument, size and limit is checked before anything changes, so a
 * rejected call leaves the store exactly as it was. After {@link #close()} every call throws CLOSED; a read-only
 * store (StoreOptions.withReadOnly) rejects mutations with READ_ONLY.
 */
public final class RvfStore {
    /** Largest log the writer holds (one Java array). */
    static final long MAX_LOG_BYTES = ArrayLimit.MAX_BYTES;
    /** Upper bound on a WITNESS segment the writer appends (64-byte header, 45 fixed bytes, a short action). */
    private static final int WITNESS_BYTES = SegmentHeader.SIZE + 45 + 128;
    private static final String LOADED = "loaded";
    private static final String BUILT = "built";
    private static final String PENDING = "pending";
    private static final int SCAN_BLOCK = 256;

    /** Makes default file-id seeds unique within a process even when the clock does not advance. */
    private static int seedCounter;

    private final int dimension;
    private final Metric metric;
    private final StoreOptions options;
    private final boolean readOnly;
    private final DerivationType derivation;

    private RvfWriter writer;
    private VectorStorage storage;
    private HnswIndex index;
    /** ordinal -> id. */
    private long[] ordinalIds;
    /** id -> ordinal of its current record (live or deleted). */
    private LongIntMap current;
    private int liveCount;
    private int deletedCount;
    private MetadataTable metadata;
    private RecordSegments recordSegments;
    private int defaultEfSearch;
    private String indexOrigin;
    private int loadedNodes;
    private String indexNote;
    /**
     * The graph is kept up to date: ingest inserts into it. False while no graph was ever built for the records
     * (a file opened without a usable INDEX segment): the first approximate query or {@link #buildIndex()} builds
     * it, and until then ingest only adds records.
     */
    private boolean graphMaintained;
    /** The log's latest INDEX segment of ours holds exactly this graph. */
    private boolean indexPersisted;
    /** The log's latest META segment of ours holds exactly this metadata (or there is none and none is needed). */
    private boolean metaPersisted;
    /** A META segment of ours is listed in the directory (a later one must then be written even if empty). */
    private boolean metaListed;
    private float[] scratch = new float[SCAN_BLOCK];
    private int[] scanOrdinals = new int[SCAN_BLOCK];
    private TopK exactTop;
    private boolean closed;
    /** The log size limit mutations are checked against (lowered by tests to exercise LIMIT_EXCEEDED). */
    private long logLimit = MAX_LOG_BYTES;

    private RvfStore(int dimension, Metric metric, StoreOptions options, RvfWriter writer, DerivationType derivation) {
        this.dimension = dimension;
        this.metric = metric;
        this.options = options;
        this.readOnly = options.readOnly();
        this.writer = writer;
        this.derivation = derivation;
        this.metadata = new MetadataTable();
        this.recordSegments = new RecordSegments();
        this.current = new LongIntMap(16);
        this.metaPersisted = true;
    }

    // ------------------------------------------------------------------------------------------ create / open

    /** A new, empty store (default options). */
    public static RvfStore create(int dimension, Metric metric) {
        return create(dimension, metric, StoreOptions.defaults());
    }

    /**
     * A new, empty store: its log is one MANIFEST (epoch 0) with a root identity whose file id comes from the
     * options' id seed.
     *
     * @param dimension 1..65535
     */
    public static RvfStore create(int dimension, Metric metric, StoreOptions options) {
        StoreOptions o = options != null ? options : StoreOptions.defaults();
        if (dimension < 1 || dimension > 0xFFFF) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "dimension must be 1..65535, got " + dimension);
        }
        if (metric == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "metric is required");
        }
        if (o.readOnly()) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "a new store cannot be read-only");
        }
        RvfWriter w = RvfWriter.create(dimension, metric, o.profile(), FileIdentity.newRoot(seedFor(o)), o.clock());
        RvfStore s = new RvfStore(dimension, metric, o, w, null);
        s.startEmpty();
        return s;
    }

    /** Opens a file (default options). */
    public static RvfStore open(byte[] bytes) {
        return open(bytes, StoreOptions.defaults());
    }

    /**
     * Opens a file the format core reads; the store keeps its own copy of {@code bytes} (see
     * {@link #open(FileBytes, StoreOptions)} to avoid that copy). Dialect R: the log continues the file (appends
     * after its last byte); vectors, deleted ids, identity, metric and profile come from the latest manifest as the
     * reference reads them; metadata from the latest META segment of ours; the graph from the latest INDEX segment
     * of ours when it is valid for the file's records. Opening never builds or extends the graph: without a usable
     * INDEX the index is "pending" and is built by the first approximate query (or {@link #buildIndex()}); records
     * the INDEX does not cover (appended by another writer) are inserted at that point too. Dialect W (a wasm export,
     * which has no identity and cannot be appended to): the log is a new dialect-R file with a new root identity
     * holding the loaded vectors.
     *
     * @throws RvfException the format errors of {@link RvfFile#parse}; HASH_MISMATCH / BAD_PAYLOAD for a corrupt META
     *         segment of ours (metadata is data, not a cache); NON_FINITE for a VEC record holding NaN or infinity
     */
    public static RvfStore open(byte[] bytes, StoreOptions options) {
        if (bytes == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "no file bytes");
        }
        return open(FileBytes.of(bytes), options, true);
    }

    /**
     * {@link #open(byte[], StoreOptions)} on the file where it is, without copying it: vectors are decoded from it
     * and the store's log continues it in place (a later export reads it back). On success the store owns
     * {@code file} and {@link FileBytes#release releases} it when closed or compacted (a dialect-W file is released
     * at once: its store starts a new log); on failure the caller still owns it. Nothing may change it meanwhile.
     */
    public static RvfStore open(FileBytes file, StoreOptions options) {
        return open(file, options, false);
    }

    /** With {@code copyLog}, the log continues a copy of the file (made only once it parsed), not the file. */
    private static RvfStore open(FileBytes file, StoreOptions options, boolean copyLog) {
        StoreOptions o = options != null ? options : StoreOptions.defaults();
        if (file == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "no file bytes");
        }
        RvfFile f = RvfFile.parse(file);
        if (f.dimension() < 1) {
            throw new RvfException(ErrorCode.BAD_MANIFEST, "the manifest's dimension is 0",
                    f.manifestSegment().payloadOffset() + 4);
        }
        if (f.dialect() == Dialect.W) {
            RvfWriter w = RvfWriter.create(f.dimension(), Metric.L2, f.profile(), FileIdentity.newRoot(seedFor(o)),
                    o.clock());
            RvfStore s = new RvfStore(f.dimension(), Metric.L2, o, w, null);
            s.startEmpty();
            if (f.liveCount() > 0) {
                s.graphMaintained = false; // as for any file without our INDEX: built when first needed
                s.indexOrigin = PENDING;
                try {
                    s.checkCapacity(f.liveCount(), VecPayload.encodedLength(f.dimension(), f.liveCount()));
                    s.appendRecords(f.liveIds(), f.liveVectors(), null);
                } catch (RuntimeException e) {
                    s.releaseFileReaders();
                    throw e;
                }
            }
            s.indexNote = "converted from a wasm-export (dialect W) file";
            file.release();
            return s;
        }
        FileBytes log = copyLog ? FileBytes.of(file.slice(0, file.length())) : file;
        RvfWriter w = RvfWriter.resume(log, f, o.clock());
        RvfStore s = new RvfStore(f.dimension(), f.metric(), o, w, null);
        try {
            s.load(f, log);
        } catch (RuntimeException e) {
            s.releaseFileReaders(); // they may read the file, which stays the caller's
            throw e;
        }
        return s;
    }

    /**
     * The options' id seed, else "rvf-store:" + a counter (LE) + clock time (ns, LE) + random bits. Time and counter
     * make ids unique within a process (or Wasm instance) even when the clock does not advance between two
     * creates; the random bits separate processes and instances (browser tabs, Workers isolates) started at the
     * same millisecond.
     */
    private static byte[] seedFor(StoreOptions o) {
        byte[] seed = o.idSeed();
        if (seed != null) {
            return seed;
        }
        String prefix = "rvf-store:";
        byte[] out = new byte[prefix.length() + 20];
        for (int i = 0; i < prefix.length(); i++) {
            out[i] = (byte) prefix.charAt(i);
        }
        long now = o.clock().nowNanos();
        int counter = ++seedCounter;
        long noise = Double.doubleToRawLongBits(Math.random());
        // counter, time, then random bits, all within the first 32 seed bytes: the file id is fold256(seed)[0..16),
        // and a byte at seed position i reaches id bytes i and (i + 13) mod 32 (a counter placed further out gave
        // stores created in the same millisecond the same id)
        for (int i = 0; i < 4; i++) {
            out[prefix.length() + i] = (byte) (counter >>> (8 * i));
        }
        for (int i = 0; i < 8; i++) {
            out[prefix.length() + 4 + i] = (byte) (now >>> (8 * i));
            out[prefix.length() + 12 + i] = (byte) (noise >>> (8 * i));
        }
        return out;
    }

    private void startEmpty() {
        storage = newStorage(16);
        index = new HnswIndex(storage, metric, options.buildConfig());
        ordinalIds = new long[16];
        indexOrigin = BUILT;
        graphMaintained = true;
        indexPersisted = true;
        defaultEfSearch = index.config().efSearch();
    }

    private VectorStorage newStorage(int capacity) {
        // norms: cosine divides by them, L2's exact scan bounds distances with them
        return options.vectorStorage().create(dimension, metric != Metric.DOT_PRODUCT, capacity);
    }

    /**
     * Loads a dialect-R file: records in load order (decoded from the VEC payloads straight into the storage),
     * tombstones, deletions, the persisted graph if usable, metadata. Builds nothing.
     */
    private void load(RvfFile f, FileBytes log) {
        List<SegmentInfo> vecSegments = f.loadedVecSegments();
        List<VecPayload> payloads = f.loadedVecPayloads();
        long total = f.loadedRecordCount();
        if (total * dimension > VectorStorage.MAX_ELEMENTS) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "the file holds " + total + " vector records of dimension "
                    + dimension + ", more than one store can hold");
        }
        int records = (int) total;
        // exactly the records (not a minimum of 16): a tiny file may claim dimension 65535
        storage = newStorage(records);
        ordinalIds = new long[Math.max(16, records)];
        current = new LongIntMap(records);
        OrdinalBitSet superseded = new OrdinalBitSet(records);
        for (int si = 0; si < payloads.size(); si++) {
            VecPayload v = payloads.get(si);
            recordSegments.add(vecSegments.get(si).offset(), v.count());
            int first;
            try {
                first = storage.addRecords(v);
            } catch (RvfException e) {
                if (e.errorCode() != ErrorCode.NON_FINITE) {
                    throw e;
                }
                throw new RvfException(ErrorCode.NON_FINITE, "a record of this VEC segment holds NaN or infinity",
                        vecSegments.get(si).offset());
            }
            for (int i = 0, n = v.count(); i < n; i++) {
                long id = v.id(i);
                ordinalIds[first + i] = id;
                int previous = current.put(id, first + i);
                if (previous >= 0) {
                    superseded.set(previous);
                }
            }
        }

        index = loadIndex(f, log);
        if (index != null) {
            indexOrigin = LOADED;
            loadedNodes = index.size();
            graphMaintained = true;
        } else {
            index = new HnswIndex(storage, metric, options.buildConfig());
            indexOrigin = records == 0 ? BUILT : PENDING;
            graphMaintained = records == 0;
        }
        for (int o = superseded.nextSetBit(0); o >= 0; o = superseded.nextSetBit(o + 1)) {
            index.markDeleted(o);
        }
        for (long id : f.deletedIds()) {
            int o = current.get(id);
            if (o >= 0) {
                index.markDeleted(o);
            }
        }
        liveCount = storage.size() - index.deletedCount();
        deletedCount = current.size() - liveCount;
        boolean sq8Added = false;
        if (options.sq8() && !index.sq8Enabled() && storage.size() > 0) {
            index.enableSq8();
            sq8Added = true;
        }
        indexPersisted = storage.size() == 0 || (loadedNodes == index.size() && loadedNodes > 0 && !sq8Added);
        defaultEfSearch = options.efSearch() > 0 ? options.efSearch() : index.config().efSearch();
        loadMetadata(f);
    }

    /**
     * The graph of the latest INDEX segment of ours if it is valid for the loaded records, else null. Its level 0 is
     * read where it is in {@code log} (the bytes of {@code f}, or their copy the store keeps), which it retains.
     */
    private HnswIndex loadIndex(RvfFile f, FileBytes log) {
        // entries that point at no segment are skipped one by one (the reference ignores INDEX entries), so a bad
        // entry left in the directory does not hide the INDEX segments written after it
        List<SegmentInfo> listed = f.readableListedSegments(SegmentType.INDEX);
        SegmentInfo s = null;
        for (int i = listed.size() - 1; i >= 0 && s == null; i--) {
            SegmentInfo c = listed.get(i);
            if (StoreIndexSegment.isOurs(f.file(), c.payloadOffset(), c.payloadLength())) {
                s = c;
            }
        }
        if (s == null) {
            return null;
        }
        String at = "the INDEX segment at offset " + s.offset();
        if (s.hashStatus() == HashStatus.MISMATCH) {
            indexNote = at + " was not used: content hash mismatch";
            return null;
        }
        try {
            StoreIndexSegment coverage = StoreIndexSegment.read(f.file(), (int) s.payloadOffset(),
                    (int) s.payloadLength());
            List<SegmentInfo> vecs = f.loadedVecSegments();
            int n = coverage.segmentCount();
            boolean same = n <= vecs.size() && coverage.recordCount() == recordSegments.recordsBefore(n);
            for (int i = 0; i < n && same; i++) {
                SegmentInfo v = vecs.get(i);
                same = v.offset() == coverage.offset(i) && v.payloadLength() == coverage.payloadLength(i)
                        && Arrays.equals(v.header().contentHash(), coverage.hash(i));
            }
            if (!same) {
                indexNote = at + " was not used: it covers VEC segments this file no longer lists in that order"
                        + " (rewritten or compacted by another writer)";
                return null;
            }
            HnswIndex decoded = HnswIndexCodec.decode(log, coverage.graphOffset(), coverage.graphLength(), storage);
            if (decoded.size() != coverage.recordCount() || decoded.metric() != metric) {
                decoded.release();
                indexNote = at + " was not used: its graph does not match its coverage or the store's metric";
                return null;
            }
            return decoded;
        } catch (RvfException e) {
            indexNote = at + " was not used: " + e.getMessage();
            return null;
        }
    }

    /**
     * Rows of the latest META segment of ours, for live ids whose current record was written before that segment
     * (a record written after it, e.g. by the reference, which does not keep metadata, has no metadata).
     */
    private void loadMetadata(RvfFile f) {
        List<SegmentInfo> listed = f.readableListedSegments(SegmentType.META); // as for INDEX: skip bad entries
        SegmentInfo meta = null;
        for (int i = listed.size() - 1; i >= 0 && meta == null; i--) {
            if (MetadataRows.isOurs(f.file(), listed.get(i))) {
                meta = listed.get(i);
            }
        }
        if (meta == null) {
            return;
        }
        if (meta.hashStatus() == HashStatus.MISMATCH) {
            throw new RvfException(ErrorCode.HASH_MISMATCH, "META segment content hash mismatch", meta.offset());
        }
        long metaOffset = meta.offset();
        int[] dropped = new int[1];
        MetadataCodec.decodeMeta(f.payloadReader(meta), (id, row) -> {
            int o = current.get(id);
            if (o < 0 || index.isDeleted(o) || recordSegments.offsetOfRecord(o) > metaOffset) {
                dropped[0]++;
                return;
            }
            metadata.clearRow(o);
            for (Map.Entry<String, Value> e : row.entrySet()) {
                metadata.put(o, e.getKey(), e.getValue());
            }
        });
        metaListed = true;
        metaPersisted = dropped[0] == 0;
    }

    // ------------------------------------------------------------------------------------------ mutations

    /**
     * Adds a batch of vectors, as one VEC segment (plus WITNESS and MANIFEST), and indexes them. The whole batch is
     * validated first; a rejected batch changes nothing. An empty batch writes nothing.
     *
     * @param vectors  row-major, {@code ids.length * dimension} floats
     * @param ids      u64 ids (as long bits); repeats allowed: the last occurrence wins
     * @param metadata null, or one entry per vector (each null or a field map)
     * @throws RvfException DIMENSION_MISMATCH, NON_FINITE, INVALID_ARGUMENT (metadata shape), LIMIT_EXCEEDED,
     *         READ_ONLY, CLOSED
     */
    public IngestResult ingest(float[] vectors, long[] ids, List<Map<String, Value>> metadata) {
        checkWritable();
        if (vectors == null || ids == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "vectors and ids are required");
        }
        int n = ids.length;
        if ((long) n * dimension != vectors.length) {
            throw new RvfException(ErrorCode.DIMENSION_MISMATCH, n == 1
                    ? "vector has " + vectors.length + " dimensions, store has " + dimension
                    : vectors.length + " floats for " + n + " ids of dimension " + dimension + " (expected "
                            + (long) n * dimension + ")");
        }
        for (int i = 0; i < n; i++) {
            if (!FloatKernels.allFinite(vectors, i * dimension, dimension)) {
                throw new RvfException(ErrorCode.NON_FINITE, "vector " + i + " (id " + Long.toUnsignedString(ids[i])
                        + ") contains NaN or infinity");
            }
        }
        MetadataRows.validate(metadata, n, this.metadata);
        if (n == 0) {
            return new IngestResult(0, 0, writer.epoch());
        }
        checkCapacity(n, VecPayload.encodedLength(dimension, n));
        appendRecords(ids, vectors, metadata);
        return new IngestResult(n, 0, writer.epoch());
    }

    /** Throws LIMIT_EXCEEDED unless {@code records} more vectors and an ingest of {@code vecPayload} bytes fit. */
    private void checkCapacity(int records, long vecPayload) {
        // Checked before anything changes: growing past ArrayLimit halfway through a mutation would trap in V8.
        long ordinals = (long) storage.size() + records;
        if (ordinals * dimension > VectorStorage.MAX_ELEMENTS || ordinals > HnswGraph.maxNodes(index.config().m())) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "the store cannot hold " + records
                    + " more vectors of dimension " + dimension + " (it holds " + storage.size()
                    + " records, superseded and deleted ones included until compact())");
        }
        requireLogRoom(SegmentHeader.SIZE + vecPayload + WITNESS_BYTES, 2, 0);
        storage.reserve(records); // the log must not get records the storage then has no room for
    }

    /** Writes and applies a validated, non-empty batch. */
    private void appendRecords(long[] ids, float[] vectors, List<Map<String, Value>> rows) {
        int n = ids.length;
        long vecOffset = writer.size();
        writer.ingest(ids, vectors, true);
        recordSegments.add(vecOffset, n);
        int first = storage.addAll(vectors, 0, n);
        if (first + n > ordinalIds.length) {
            ordinalIds = Arrays.copyOf(ordinalIds, Math.max(first + n, ordinalIds.length + (ordinalIds.length >> 1)));
        }
        for (int i = 0; i < n; i++) {
            int ordinal = first + i;
            long id = ids[i];
            ordinalIds[ordinal] = id;
            int previous = current.put(id, ordinal);
            if (previous >= 0) {
                if (index.isDeleted(previous)) {
                    deletedCount--; // re-ingesting a deleted id revives it
                } else {
                    index.markDeleted(previous);
                    liveCount--;
                }
                clearMetadata(previous);
            }
            liveCount++;
            Map<String, Value> row = rows == null ? null : rows.get(i);
            if (row != null && !row.isEmpty()) {
                for (Map.Entry<String, Value> e : row.entrySet()) {
                    metadata.put(ordinal, e.getKey(), e.getValue());
                }
                metaPersisted = false;
            }
        }
        if (options.sq8() && !index.sq8Enabled()) {
            index.enableSq8();
            indexPersisted = false;
        }
        if (graphMaintained) {
            insertPending(); // incremental insert on ingest; a pending graph is left to the lazy build
        }
    }

    /** Inserts every record the graph does not hold yet. */
    private void insertPending() {
        int before = index.size();
        index.indexPending();
        if (index.size() != before) {
            indexPersisted = false;
        }
    }

    /**
     * Builds the HNSW graph now if it is pending (a file opened without a usable INDEX segment), or inserts the
     * records it does not cover yet; afterwards ingest keeps it up to date. The first approximate query does this
     * by itself; exact queries never need the graph. Allowed on read-only stores (the graph lives in memory only).
     *
     * @return the number of records inserted into the graph (0 when it was complete)
     */
    public int buildIndex() {
        checkOpen();
        return ensureGraph();
    }

    private int ensureGraph() {
        int before = index.size();
        insertPending();
        if (!graphMaintained) {
            graphMaintained = true;
            indexOrigin = BUILT;
        }
        return index.size() - before;
    }

    private void clearMetadata(int ordinal) {
        if (metadata.hasRow(ordinal)) {
            metadata.clearRow(ordinal);
            metaPersisted = false;
        }
    }

    /**
     * Soft-deletes ids (JOURNAL, WITNESS, MANIFEST, as the reference; written even when nothing is removed). Their
     * metadata is cleared.
     *
     * @return how many live ids were removed (each once; unknown and already deleted ids count 0)
     */
    public DeleteResult delete(long[] ids) {
        checkWritable();
        if (ids == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "ids are required");
        }
        requireLogRoom(SegmentHeader.SIZE + 16 + 12L * ids.length + WITNESS_BYTES, 2, ids.length);
        int removed = writer.delete(ids);
        int count = 0;
        for (long id : ids) {
            int o = current.get(id);
            if (o >= 0 && index.markDeleted(o)) {
                liveCount--;
                deletedCount++;
                clearMetadata(o);
                count++;
            }
        }
        if (count != removed) {
            throw new RvfException(ErrorCode.INTERNAL, "the log deleted " + removed + " ids, the store " + count);
        }
        return new DeleteResult(removed, writer.epoch());
    }

    /** Deletes every live vector whose metadata matches {@code filter}, as one {@link #delete(long[])}. */
    public DeleteResult deleteByFilter(FilterExpr filter) {
        checkWritable();
        if (filter == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "filter is required");
        }
        OrdinalBitSet matching = acceptedBy(filter);
        long[] ids = new long[matching.cardinality()];
        int k = 0;
        for (int o = matching.nextSetBit(0); o >= 0; o = matching.nextSetBit(o + 1)) {
            ids[k++] = ordinalIds[o];
        }
        return delete(ids);
    }

    /**
     * Rewrites the log without deleted vectors and superseded versions, as the reference's compact() (one VEC, the
     * kept segments, MANIFEST, a genesis WITNESS), and frees their memory: the vectors move to a new storage with a
     * graph rebuilt over them, metadata rows are renumbered. Kernels, eBPF programs, witnesses and unknown segments
     * are kept; INDEX segments (ours are stale now, and the reference drops its own) and our META segments are not
     * (export() writes fresh ones).
     */
    public CompactionResult compact() {
        checkWritable();
        // compaction resets the directory and the deleted list the manifest carries
        requireLogRoom(WITNESS_BYTES, 1, 0);
        HnswIndex.Compaction c = index.compact(graphMaintained); // a pending graph stays pending
        HnswIndex newIndex = c.index();
        VectorStorage newStorage = newIndex.storage();
        int live = newStorage.size();
        int[] oldToNew = c.oldToNew();
        int[] keep = new int[live];
        long[] newIds = new long[Math.max(16, live)];
        for (int o = 0; o < oldToNew.length; o++) {
            if (oldToNew[o] >= 0) {
                keep[oldToNew[o]] = o;
                newIds[oldToNew[o]] = ordinalIds[o];
            }
        }
        CompactionResult result;
        try {
            result = writer.compact(Arrays.copyOf(newIds, live), newStorage,
                    (log, s) -> s.type() != SegmentType.INDEX
                            && !(s.type() == SegmentType.META && MetadataRows.isOurs(log, s)));
        } catch (RuntimeException e) {
            newStorage.release();
            throw e;
        }
        MetadataTable newMetadata = metadata.select(keep);
        LongIntMap newCurrent = new LongIntMap(live);
        for (int o = 0; o < live; o++) {
            newCurrent.put(newIds[o], o);
        }
        storage.release(); // after the writer: the old vectors may be read from the old log until then
        storage = newStorage;
        index.release(); // its level 0 may be read from the old log
        index = newIndex;
        ordinalIds = newIds;
        current = newCurrent;
        metadata = newMetadata;
        liveCount = live;
        deletedCount = 0;
        recordSegments = new RecordSegments();
        if (live > 0) {
            recordSegments.add(0, live); // the compacted log starts with the one VEC
        }
        graphMaintained = graphMaintained || live == 0;
        indexOrigin = graphMaintained ? BUILT : PENDING;
        loadedNodes = 0;
        indexNote = null;
        indexPersisted = live == 0;
        metaListed = false;
        metaPersisted = !hasAnyMetadata();
        return result;
    }

    /**
     * Embeds a kernel image as the reference does (KERNEL, MANIFEST).
     *
     * @param cmdline may be null
     * @return the KERNEL segment id
     */
    public long embedKernel(int arch, int kernelType, long flags, byte[] image, int apiPort, String cmdline) {
        checkWritable();
        checkByte(arch, "arch");
        checkByte(kernelType, "kernelType");
        if (flags < 0 || flags > 0xFFFFFFFFL) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "kernel flags must be a u32");
        }
        if (apiPort < 0 || apiPort > 0xFFFF) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "apiPort must be 0..65535, got " + apiPort);
        }
        if (image == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "kernel image is required");
        }
        byte[] cmd = cmdline == null ? null : Utf8.encode(cmdline);
        requireLogRoom(SegmentHeader.SIZE + KernelPayload.HEADER_SIZE + (long) image.length
                + (cmd == null ? 0 : cmd.length), 2, 0);
        return writer.embedKernel(arch, kernelType, (int) flags, image, apiPort, cmd);
    }

    /**
     * Embeds an eBPF program as the reference does (EBPF, MANIFEST).
     *
     * @param btf may be null
     * @return the EBPF segment id
     */
    public long embedEbpf(int programType, int attachType, int maxDimension, byte[] program, byte[] btf) {
        checkWritable();
        checkByte(programType, "programType");
        checkByte(attachType, "attachType");
        if (maxDimension < 0 || maxDimension > 0xFFFF) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "maxDimension must be 0..65535, got " + maxDimension);
        }
        if (program == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "eBPF program is required");
        }
        requireLogRoom(SegmentHeader.SIZE + EbpfPayload.HEADER_SIZE + (long) program.length
                + (btf == null ? 0 : btf.length), 2, 0);
        return writer.embedEbpf(programType, attachType, maxDimension, program, btf);
    }

    private static void checkByte(int v, String what) {
        if (v < 0 || v > 0xFF) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, what + " must be 0..255, got " + v);
        }
    }

    // ------------------------------------------------------------------------------------------ export, lineage

    /**
     * The file: the log, after appending an INDEX segment for the current graph and a META segment for the current
     * metadata (then a MANIFEST listing them) when they changed since they were last written. So export() -> open()
     * -> export() gives identical bytes, and the reopened store does not rebuild its index. A read-only store
     * returns its bytes unchanged.
     *
     * <p>Export never builds the graph: a store whose graph is pending (opened without a usable INDEX and not
     * queried approximately since) writes no INDEX segment, so the reopened store is pending again. A graph that
     * covers only the first records (a loaded INDEX whose later records were not inserted yet) is written as it
     * is, covering those records. Call {@link #buildIndex()} first to persist a complete graph.
     */
    public byte[] export() {
        FileBytes file = exportView();
        return file.slice(0, file.length());
    }

    /**
     * {@link #export()} without the copy: the same bytes read where they are (the opened file and what the store
     * appended), valid until the store next changes. The module copies it into its output block a piece at a time
     * instead of through one array of the whole file.
     */
    public FileBytes exportView() {
        checkOpen();
        if (!readOnly) {
            persist();
        }
        return writer.log();
    }

    private void persist() {
        boolean writeIndex = !indexPersisted && index.size() > 0;
        boolean writeMeta = !metaPersisted && (metaListed || hasAnyMetadata());
        if (!writeIndex && !writeMeta) {
            indexPersisted = true;
            metaPersisted = true;
            return;
        }
        byte[] indexPayload = writeIndex ? encodeIndex() : null;
        byte[] metaPayload = writeMeta ? encodeMetadata() : null;
        long bytes = (writeIndex ? SegmentHeader.SIZE + indexPayload.length : 0)
                + (writeMeta ? SegmentHeader.SIZE + metaPayload.length : 0);
        requireLogRoom(bytes, 2, 0);
        if (writer.epoch() >= 0xFFFFFFFFL) { // the manifest below could not be written after the segments
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "epoch overflow");
        }
        if (writeIndex) {
            writer.appendSegment(SegmentType.INDEX, indexPayload);
        }
        if (writeMeta) {
            writer.appendSegment(SegmentType.META, metaPayload);
            metaListed = true;
        }
        writer.commitManifest();
        indexPersisted = true;
        metaPersisted = true;
    }

    /** The INDEX payload: the graph, covering the VEC segments whose records it holds (always whole segments). */
    private byte[] encodeIndex() {
        int n = recordSegments.segmentsHolding(index.size());
        if (n < 0) {
            throw new RvfException(ErrorCode.INTERNAL, "the graph has " + index.size() + " nodes, not a whole"
                    + " number of VEC segments (" + recordSegments.records() + " records)");
        }
        long[] offsets = new long[n];
        long[] lengths = new long[n];
        byte[][] hashes = new byte[n][];
        for (int i = 0; i < n; i++) {
            // a directory entry of type VEC is loaded whatever its header's type byte says (as the reference does)
            SegmentHeader h = writer.segmentHeaderAt(recordSegments.offset(i));
            offsets[i] = recordSegments.offset(i);
            lengths[i] = h.payloadLength();
            hashes[i] = h.contentHash();
        }
        return StoreIndexSegment.encode(offsets, lengths, hashes, n, index.size(), HnswIndexCodec.encode(index));
    }

    /** The META payload: the rows of live vectors that have metadata, by ascending ordinal. */
    @SuppressWarnings("unchecked")
    private byte[] encodeMetadata() {
        List<Long> ids = new ArrayList<>();
        List<Map<String, Value>> rows = new ArrayList<>();
        for (int o = 0, n = storage.size(); o < n; o++) {
            if (!index.isDeleted(o) && metadata.hasRow(o)) {
                ids.add(ordinalIds[o]);
                rows.add(metadata.row(o));
            }
        }
        long[] idArray = new long[ids.size()];
        for (int i = 0; i < idArray.length; i++) {
            idArray[i] = ids.get(i);
        }
        return MetadataCodec.encodeMeta(idArray, rows.toArray(new Map[0]), idArray.length);
    }

    private boolean hasAnyMetadata() {
        for (int o = 0, n = storage.size(); o < n; o++) {
            if (!index.isDeleted(o) && metadata.hasRow(o)) {
                return true;
            }
        }
        return false;
    }

    /** A child store derived from this one with default options (the parent's, with a fresh file-id seed). */
    public RvfStore derive(DerivationType type) {
        return derive(type, null);
    }

    /**
     * A new, empty child store, as the reference's derive(): same dimension, metric and profile; identity = file id
     * from the child options' seed, parent id = this store's file id, parent hash = fold256 of the last
     * min(64 KiB, size) bytes of this store's log, depth + 1. Pending INDEX/META segments of this store are written
     * first (as by export()), so the parent hash covers the bytes export() returns right after. The derivation type
     * is not written to the file (as in the reference); the child only remembers it in memory.
     *
     * @param childOptions null for this store's options with a fresh id seed (never read-only)
     */
    public RvfStore derive(DerivationType type, StoreOptions childOptions) {
        checkOpen();
        if (type == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "derivation type is required");
        }
        StoreOptions o = childOptions != null ? childOptions : options.withIdSeed(null).withReadOnly(false);
        if (o.readOnly()) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "a derived store cannot be read-only");
        }
        if (!readOnly) {
            persist();
        }
        FileIdentity child = writer.deriveChildIdentity(FileIdentity.newRoot(seedFor(o)).fileId());
        RvfStore s = new RvfStore(dimension, metric, o,
                RvfWriter.create(dimension, metric, writer.profile(), child, o.clock()), type);
        s.startEmpty();
        return s;
    }

    // ------------------------------------------------------------------------------------------ queries

    /** The k nearest live vectors, default options. */
    public List<SearchHit> query(float[] vector, int k) {
        return query(vector, k, QueryOptions.defaults());
    }

    /**
     * The k nearest live vectors (filter-accepted ones only when a filter is given), nearest first, equal distances
     * by ascending id; min(k, matching vectors) hits. Exact mode, and queries where the policy prefers it
     * ({@link SearchPolicy}), scan every candidate; otherwise the HNSW graph answers.
     *
     * @throws RvfException DIMENSION_MISMATCH, NON_FINITE, INVALID_ARGUMENT (k &lt; 1), CLOSED
     */
    public List<SearchHit> query(float[] vector, int k, QueryOptions queryOptions) {
        checkOpen();
        // hits are at most the live vectors, and at most TopK.MAX_K (beyond, the query throws)
        int room = Math.max(1, Math.min(Math.min(k, liveCount), TopK.MAX_K));
        long[] ids = new long[room];
        float[] distances = new float[room];
        int n = query(vector, k, queryOptions, ids, distances);
        List<SearchHit> hits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hits.add(new SearchHit(ids[i], distances[i]));
        }
        return hits;
    }

    /**
     * {@link #query(float[], int, QueryOptions)} into the caller's arrays, with no object per hit (the module's
     * query export reuses its arrays from query to query): hit i is {@code ids[i]} at {@code distances[i]}; returns
     * the number of hits. BUFFER_TOO_SMALL, before anything is written, when the arrays are shorter than
     * min(k, matching vectors).
     */
    public int query(float[] vector, int k, QueryOptions queryOptions, long[] ids, float[] distances) {
        checkOpen();
        if (vector == null || ids == null || distances == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "query vector and result arrays are required");
        }
        if (vector.length != dimension) {
            throw new RvfException(ErrorCode.DIMENSION_MISMATCH, "query vector has " + vector.length
                    + " dimensions, store has " + dimension);
        }
        if (!FloatKernels.allFinite(vector, 0, dimension)) {
            throw new RvfException(ErrorCode.NON_FINITE, "query vector contains NaN or infinity");
        }
        if (k < 1) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "k must be at least 1, got " + k);
        }
        QueryOptions q = queryOptions != null ? queryOptions : QueryOptions.defaults();
        OrdinalBitSet accept = q.filter() == null ? null : acceptedBy(q.filter());
        int candidates = accept == null ? liveCount : accept.cardinality();
        if (candidates == 0) {
            return 0;
        }
        int kk = Math.min(k, candidates);
        if (kk > TopK.MAX_K) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "k above " + TopK.MAX_K + " with more matching vectors");
        }
        if (ids.length < kk || distances.length < kk) {
            throw new RvfException(ErrorCode.BUFFER_TOO_SMALL, kk + " hits do not fit in " + Math.min(ids.length,
                    distances.length) + " result slots");
        }
        int ef = q.efSearch() > 0 ? q.efSearch() : defaultEfSearch;
        if (q.exact() || SearchPolicy.preferExact(candidates, storage.size(), kk, ef)) {
            return exactScan(vector, kk, accept, ids, distances);
        }
        ensureGraph(); // the lazy build: the first approximate query builds a pending graph
        SearchResults r = index.search(vector, 0, kk, ef, accept);
        if (r.exact()) {
            return exactScan(vector, kk, accept, ids, distances); // the index's scan breaks ties by ordinal, ours by id
        }
        int n = r.size();
        for (int i = 0; i < n; i++) {
            ids[i] = ordinalIds[r.ordinal(i)];
            distances[i] = r.distance(i);
        }
        sortByDistanceThenId(ids, distances, n);
        return n;
    }

    /**
     * Brute force over every live (and accepted) vector, with the index's kernels; ties by ascending id. Writes the
     * hits into ids/distances (room for k checked by the caller); returns their number.
     */
    private int exactScan(float[] vector, int k, OrdinalBitSet accept, long[] ids, float[] distances) {
        TopK top = topScratch(k);
        OrdinalScorer scorer = VectorScoring.of(storage, metric).query(vector, 0);
        int n = storage.size();
        if (accept == null && scorer.stopsEarly()) {
            boolean tombstones = index.deletedCount() > 0;
            // Once k are kept almost every vector is farther than the worst of them; the scorer rejects those
            // against the worst at the start of each block, often without their full distance (a tie may still
            // win on its id, and NaN must reach offer, hence !(d > worst)). The first block is only k vectors:
            // its limit is infinite.
            float worst = top.worstDistance();
            for (int from = 0; from < n; ) {
                int count = Math.min(from == 0 ? Math.max(1, Math.min(k, SCAN_BLOCK)) : SCAN_BLOCK, n - from);
                int kept = scorer.distancesWithin(from, count, worst, scanOrdinals, scratch);
                for (int i = 0; i < kept; i++) {
                    int o = scanOrdinals[i];
                    float d = scratch[i];
                    if (!(d > worst) && (!tombstones || !index.isDeleted(o)) && top.offer(d, ordinalIds[o])) {
                        worst = top.worstDistance();
                    }
                }
                from += count;
            }
        } else if (accept == null) {
            boolean tombstones = index.deletedCount() > 0;
            // A float compare rejects a vector farther than the worst kept before offer() (as above)
            float worst = top.worstDistance();
            for (int from = 0; from < n; from += SCAN_BLOCK) {
                int count = Math.min(SCAN_BLOCK, n - from);
                scorer.distanceRange(from, count, scratch);
                for (int i = 0; i < count; i++) {
                    float d = scratch[i];
                    if (!(d > worst) && (!tombstones || !index.isDeleted(from + i))
                            && top.offer(d, ordinalIds[from + i])) {
                        worst = top.worstDistance();
                    }
                }
            }
        } else {
            for (int o = accept.nextSetBit(0); o >= 0 && o < n; o = accept.nextSetBit(o + 1)) {
                top.offer(scorer.distance(o), ordinalIds[o]);
            }
        }
        return top.drainSorted(distances, ids);
    }

    /** The exact scan's k best, kept from query to query while k stays the same (and small). */
    private TopK topScratch(int k) {
        if (k > 1024) {
            return new TopK(k); // not worth keeping around
        }
        if (exactTop == null || exactTop.capacity() != k) {
            exactTop = new TopK(k);
        } else {
            exactTop.clear();
        }
        return exactTop;
    }

    /** Insertion sort of the first n hits by distance, then unsigned id (k is small and the hits nearly sorted). */
    private static void sortByDistanceThenId(long[] ids, float[] distances, int n) {
        for (int i = 1; i < n; i++) {
            long id = ids[i];
            float d = distances[i];
            int j = i - 1;
            while (j >= 0 && after(distances[j], ids[j], d, id)) {
                ids[j + 1] = ids[j];
                distances[j + 1] = distances[j];
                j--;
            }
            ids[j + 1] = id;
            distances[j + 1] = d;
        }
    }

    private static boolean after(float da, long ida, float db, long idb) {
        int c = Float.compare(da, db);
        return c > 0 || (c == 0 && Long.compareUnsigned(ida, idb) > 0);
    }

    /** Live ordinals whose metadata matches. */
    private OrdinalBitSet acceptedBy(FilterExpr filter) {
        RowPredicate p = filter.compile(metadata);
        int n = storage.size();
        OrdinalBitSet out = new OrdinalBitSet(n);
        for (int o = 0; o < n; o++) {
            if (!index.isDeleted(o) && p.test(o)) {
                out.set(o);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ reads

    public int dimension() {
        checkOpen();
        return dimension;
    }

    public Metric metric() {
        checkOpen();
        return metric;
    }

    public boolean isReadOnly() {
        checkOpen();
        return readOnly;
    }

    /** Whether {@code id} is live. */
    public boolean contains(long id) {
        checkOpen();
        int o = current.get(id);
        return o >= 0 && !index.isDeleted(o);
    }

    /** A copy of a live vector, or null when the id is not live. */
    public float[] vector(long id) {
        checkOpen();
        int o = current.get(id);
        if (o < 0 || index.isDeleted(o)) {
            return null;
        }
        float[] out = new float[dimension];
        storage.copyVector(o, out, 0);
        return out;
    }

    /** The metadata of a live vector (an empty map when it has none), or null when the id is not live. */
    public Map<String, Value> metadata(long id) {
        checkOpen();
        int o = current.get(id);
        if (o < 0 || index.isDeleted(o)) {
            return null;
        }
        return metadata.row(o);
    }

    /** Every live id, ascending (as unsigned u64). */
    public long[] liveIds() {
        checkOpen();
        long[] out = new long[liveCount];
        int k = 0;
        for (int o = 0, n = storage.size(); o < n; o++) {
            if (!index.isDeleted(o)) {
                out[k++] = ordinalIds[o] ^ Long.MIN_VALUE;
            }
        }
        Arrays.sort(out);
        for (int i = 0; i < out.length; i++) {
            out[i] ^= Long.MIN_VALUE;
        }
        return out;
    }

    public StoreStatus status() {
        checkOpen();
        IndexStatus is = new IndexStatus(index.size(), storage.size() - index.size(), loadedNodes,
                index.config().m(), index.config().efConstruction(), defaultEfSearch, index.sq8Enabled(),
                storage.size() == 0 ? "empty" : indexOrigin, indexPersisted || index.size() == 0, indexNote);
        return new StoreStatus(liveCount, dimension, metric, writer.epoch(), writer.directorySize(), writer.size(),
                deletedCount, storage.size(), writer.profile(), readOnly, is);
    }

    /** Every segment of the log in file order (offset, type, id, payload length, hash status). */
    public List<SegmentInfo> segments() {
        checkOpen();
        return SegmentScanner.scan(writer.log());
    }

    /** Walks the WITNESS segments of the log (chain rule of rvf-format.md §11.2). */
    public WitnessReport verifyWitness() {
        checkOpen();
        FileBytes log = writer.log();
        return WitnessChain.verify(log, SegmentScanner.scan(log));
    }

    /** The first KERNEL segment the directory lists, as the reference's extractKernel(), or null. */
    public KernelData extractKernel() {
        checkOpen();
        ByteReader r = firstListedPayload(SegmentType.KERNEL);
        return r == null ? null : new KernelData(KernelPayload.decode(r));
    }

    /** The first EBPF segment the directory lists, as the reference's extractEbpf(), or null. */
    public EbpfData extractEbpf() {
        checkOpen();
        ByteReader r = firstListedPayload(SegmentType.EBPF);
        return r == null ? null : new EbpfData(EbpfPayload.decode(r));
    }

    private ByteReader firstListedPayload(int type) {
        for (DirectoryEntry e : writer.directory()) {
            if (e.type() == type) {
                SegmentHeader h = listedHeader(e, type);
                byte[] payload = writer.segmentPayloadAt(e.offset());
                if (h.checkHash(payload, 0, payload.length) == HashStatus.MISMATCH) {
                    throw new RvfException(ErrorCode.HASH_MISMATCH, SegmentType.specName(type)
                            + " segment content hash mismatch", e.offset());
                }
                return new ByteReader(payload, 0, payload.length, e.offset() + SegmentHeader.SIZE);
            }
        }
        return null;
    }

    /**
     * The header a directory entry points at; an entry of a hostile file that points at no header fails as
     * {@link RvfFile#listedSegments} does (LENGTH_OUT_OF_RANGE / TRUNCATED / BAD_MAGIC), not as a caller error.
     */
    private SegmentHeader listedHeader(DirectoryEntry e, int type) {
        long off = e.offset();
        String what = SegmentType.specName(type) + " directory entry points at offset " + Long.toUnsignedString(off);
        if (off < 0 || off >= writer.size()) {
            throw new RvfException(ErrorCode.LENGTH_OUT_OF_RANGE, what + ", past the end of the file");
        }
        if (off > writer.size() - SegmentHeader.SIZE) {
            throw new RvfException(ErrorCode.TRUNCATED, what + ", too close to the end for a header", off);
        }
        try {
            return writer.segmentHeaderAt(off);
        } catch (RvfException noMagic) {
            throw new RvfException(ErrorCode.BAD_MAGIC, what + ", where there is no segment header", off);
        }
    }

    /** The file's identity (FileIdentity.ZERO for an opened file that has none). */
    public FileIdentity identity() {
        checkOpen();
        return writer.identity() != null ? writer.identity() : FileIdentity.ZERO;
    }

    /** The file id, 32 lower-case hex digits (as the reference's fileId()). */
    public String fileId() {
        return identity().fileIdHex();
    }

    /** The parent's file id, 32 hex digits (all zero for a root). */
    public String parentId() {
        return identity().parentIdHex();
    }

    /** fold256 of the parent's tail at derive time, 64 hex digits (all zero for a root). */
    public String parentHash() {
        return identity().parentHashHex();
    }

    public long lineageDepth() {
        return identity().depth();
    }

    /** How this store was derived (in memory only; null for created or opened stores). */
    public DerivationType derivationType() {
        checkOpen();
        return derivation;
    }

    /** Releases everything; later calls throw CLOSED. Closing twice is allowed. */
    public void close() {
        closed = true;
        if (writer != null) {
            writer.release();
        }
        releaseFileReaders();
        writer = null;
        ordinalIds = null;
        current = null;
        metadata = null;
        recordSegments = null;
        scratch = null;
        scanOrdinals = null;
        exactTop = null;
    }

    /** Gives back what the vectors and the graph read: both may read the opened file in place. */
    private void releaseFileReaders() {
        if (storage != null) {
            storage.release();
            storage = null;
        }
        if (index != null) {
            index.release();
            index = null;
        }
    }

    public boolean isClosed() {
        return closed;
    }

    // ------------------------------------------------------------------------------------------ checks

    private void checkOpen() {
        if (closed) {
            throw new RvfException(ErrorCode.CLOSED, "the store is closed");
        }
    }

    private void checkWritable() {
        checkOpen();
        if (readOnly) {
            throw new RvfException(ErrorCode.READ_ONLY, "the store was opened read-only");
        }
    }

    /**
     * Throws LIMIT_EXCEEDED unless {@code segmentBytes} of new segments plus the MANIFEST that follows them (with
     * {@code newEntries} more directory entries and up to {@code newDeleted} more deleted ids) fit in the log.
     */
    private void requireLogRoom(long segmentBytes, int newEntries, long newDeleted) {
        long manifest = SegmentHeader.SIZE + Manifest.R_HEADER_SIZE
                + (long) DirectoryEntry.SIZE * (writer.directorySize() + newEntries + 1)
                + 4 + 8L * (writer.deletedCount() + newDeleted) + 4 + FileIdentity.SIZE;
        if (writer.size() + segmentBytes + manifest > logLimit) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "the file would grow past " + logLimit
                    + " bytes (it has " + writer.size() + ")");
        }
    }

    /** Tests only: checks mutations against a smaller log limit (never above {@link #MAX_LOG_BYTES}). */
    void limitLogForTest(long bytes) {
        logLimit = Math.min(bytes, MAX_LOG_BYTES);
    }
}
