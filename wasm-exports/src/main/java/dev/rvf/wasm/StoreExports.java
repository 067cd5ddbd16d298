package dev.rvf.wasm;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.filter.FilterCodec;
import dev.rvf.filter.FilterExpr;
import dev.rvf.filter.MetadataCodec;
import dev.rvf.filter.Value;
import dev.rvf.format.ByteReader;
import dev.rvf.format.ByteWriter;
import dev.rvf.format.FileBytes;
import dev.rvf.format.FileIdentity;
import dev.rvf.format.SegmentInfo;
import dev.rvf.format.WitnessReport;
import dev.rvf.format.CompactionResult;
import dev.rvf.kernels.TopK;
import dev.rvf.store.DeleteResult;
import dev.rvf.store.DerivationType;
import dev.rvf.store.EbpfData;
import dev.rvf.store.IndexStatus;
import dev.rvf.store.IngestResult;
import dev.rvf.store.KernelData;
import dev.rvf.store.QueryOptions;
import dev.rvf.store.RvfStore;
import dev.rvf.store.StoreOptions;
import dev.rvf.store.StoreStatus;
import dev.rvf.util.Utf8;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.teavm.interop.Export;

/**
 * The control plane of the ABI (docs/ABI-control-plane.md): stores behind i32 handles ({@link StoreHandles}) and
 * every {@link RvfStore} operation as a C-style export.
 *
 * <p>A thin layer. Each export checks its arguments (handle, sizes, every pointer range inside one live block)
 * before it touches memory, copies its inputs out of linear memory into Java arrays, calls the store, and writes
 * its outputs only once the call succeeded. Failures become the ErrorCode number with the message in
 * {@link LastError}: an {@link RvfException} keeps its code and message; anything else is a bug and becomes
 * INTERNAL, so no exception ever leaves an export.
 *
 * <p>Blocks handed to JS (export bytes, kernels, metadata rows) come from {@link LinearHeap}, so the caller frees
 * them with {@code rvf_free}; the export writes {@code {u32 ptr, u32 len}} into an 8-byte slot and returns len.
 */
public final class StoreExports {
    /** rvf_create's options struct, version 1: six u32. */
    static final int OPTIONS_V1_BYTES = 24;
    static final int INGEST_OUT_BYTES = 16;
    static final int QUERY_RECORD_BYTES = 16;
    static final int DELETE_OUT_BYTES = 16;
    static final int STATUS_BYTES = 96;
    static final int COMPACT_OUT_BYTES = 24;
    static final int SEGMENT_RECORD_BYTES = 32;
    static final int LINEAGE_BYTES = 72;
    static final int WITNESS_OUT_BYTES = 24;
    static final int SLOT_BYTES = 8;

    private static final int OPEN_READ_ONLY = 1;
    private static final int OPEN_ADOPT = 2;
    private static final int CREATE_SQ8 = 1;
    private static final int QUERY_EXACT = 1;
    private static final int STATUS_READ_ONLY = 1;
    private static final int STATUS_SQ8 = 2;
    private static final int STATUS_INDEX_PERSISTED = 4;

    private static final StoreHandles HANDLES = new StoreHandles(StoreHandles.DEFAULT_MAX_OPEN);
    /** Reused by rvf_query for the query vector (see {@link #queryVector}). */
    private static float[] lastQuery = new float[0];

    private StoreExports() {
    }

    /** Called from {@link RvfExports} so that TeaVM reaches this class and collects its exports. */
    static void reach() {
        // nothing to do: being called is the point
    }

    /** The store behind a handle, for other export classes (BAD_HANDLE when unknown or closed). */
    static RvfStore store(int handle) {
        return HANDLES.get(handle);
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    /**
     * A new empty store. {@code optsPtr = 0} (with {@code optsLen = 0}) for the defaults, else a 24-byte options
     * struct v1: u32 m, u32 efConstruction, u32 efSearch, u32 flags (bit0 sq8), u32 profile, u32 reserved (0);
     * 0 in a field means its default. Returns the handle.
     */
    @Export(name = "rvf_create")
    public static int rvfCreate(int dim, int metric, int optsPtr, int optsLen) {
        try {
            HANDLES.requireRoom();
            Metric m = Args.metric("rvf_create", metric);
            StoreOptions options = defaultOptions();
            if (optsPtr != 0 || optsLen != 0) {
                if (optsLen != OPTIONS_V1_BYTES) {
                    throw new RvfException(ErrorCode.INVALID_ARGUMENT, "rvf_create: optsLen " + optsLen
                            + " is not " + OPTIONS_V1_BYTES + " (options v1), nor 0 with optsPtr 0 (defaults)");
                }
                Args.range("rvf_create", "opts", optsPtr, OPTIONS_V1_BYTES);
                options = readOptions(optsPtr);
            }
            return HANDLES.add(RvfStore.create(dim, m, options));
        } catch (Throwable t) {
            return fail("rvf_create", t);
        }
    }

    /** The core's defaults, with vectors kept in linear memory. */
    private static StoreOptions defaultOptions() {
        return StoreOptions.defaults().withVectorStorage(LinearVectorStorage::new);
    }

    private static StoreOptions readOptions(int ptr) {
        int flags = Memory.getInt(ptr + 12);
        int reserved = Memory.getInt(ptr + 20);
        if ((flags & ~CREATE_SQ8) != 0 || reserved != 0) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "rvf_create: unknown option flags 0x"
                    + Integer.toHexString(flags) + " or reserved field " + reserved + " (must be 0)");
        }
        return defaultOptions().withM(Memory.getInt(ptr)).withEfConstruction(Memory.getInt(ptr + 4))
                .withEfSearch(Memory.getInt(ptr + 8)).withSq8((flags & CREATE_SQ8) != 0)
                .withProfile(Memory.getInt(ptr + 16));
    }

    /**
     * Opens the bytes of a .rvf file. flags bit0: read-only. bit1 (adopt): the store takes the block, which must be
     * one from {@code rvf_alloc} starting at {@code bytesPtr}, and reads the file in place (no copy of it in the Java
     * heap); on success the block is no longer the caller's (the store frees it when closed or compacted), on failure
     * it still is. Without bit1 the file is copied and the block may be freed right after.
     */
    @Export(name = "rvf_open")
    public static int rvfOpen(int bytesPtr, int bytesLen, int flags) {
        try {
            HANDLES.requireRoom();
            if ((flags & ~(OPEN_READ_ONLY | OPEN_ADOPT)) != 0) {
                throw new RvfException(ErrorCode.INVALID_ARGUMENT, "rvf_open: unknown flags 0x"
                        + Integer.toHexString(flags));
            }
            StoreOptions options = defaultOptions().withReadOnly((flags & OPEN_READ_ONLY) != 0);
            if ((flags & OPEN_ADOPT) == 0) {
                return HANDLES.add(RvfStore.open(FileBytes.of(readBytes("rvf_open", "bytes", bytesPtr, bytesLen)),
                        options));
            }
            Args.notNegative("rvf_open", "bytes length", bytesLen);
            Args.range("rvf_open", "bytes", bytesPtr, bytesLen);
            // a compaction writes the whole log into one Java array: a file that could not be is refused up front
            Args.copyable("rvf_open", "bytes", bytesLen);
            LinearHeap.Adopted block = bytesLen > 0 ? LinearHeap.adopt(bytesPtr) : null;
            if (block == null) {
                throw new RvfException(ErrorCode.BAD_POINTER, "rvf_open: adopting needs the start of a block from "
                        + "rvf_alloc, not " + bytesPtr + " (+" + bytesLen + ")");
            }
            RvfStore store;
            try {
                store = RvfStore.open(LinearFileBytes.adopted(block, bytesLen), options);
            } catch (Throwable t) {
                block.giveBack();
                throw t;
            }
            return HANDLES.add(store);
        } catch (Throwable t) {
            return fail("rvf_open", t);
        }
    }

    /** Closes a store and invalidates its handle for good. */
    @Export(name = "rvf_close")
    public static int rvfClose(int handle) {
        try {
            HANDLES.remove(handle).close();
            return 0;
        } catch (Throwable t) {
            return fail("rvf_close", t);
        }
    }

    /** A new empty child store (lineage: parent = this store); returns the child's handle. */
    @Export(name = "rvf_derive")
    public static int rvfDerive(int handle, int derivationType) {
        try {
            RvfStore store = HANDLES.get(handle);
            DerivationType type = derivationType(derivationType);
            HANDLES.requireRoom();
            return HANDLES.add(store.derive(type));
        } catch (Throwable t) {
            return fail("rvf_derive", t);
        }
    }

    private static DerivationType derivationType(int code) {
        for (DerivationType t : DerivationType.values()) {
            if (t.code() == code) {
                return t;
            }
        }
        throw new RvfException(ErrorCode.INVALID_ARGUMENT, "rvf_derive: derivation type " + code
                + " is not 0..6 or 255");
    }

    // ------------------------------------------------------------------------------------------ mutations

    /**
     * Adds {@code count} vectors (f32, count x dim) with u64 ids and optional metadata ({@code u32 rowCount}
     * (= count), then rowCount MetadataCodec rows; {@code metaLen = 0} for none). Writes {u32 accepted,
     * u32 rejected, u64 epoch} (16 bytes) at outPtr; returns accepted.
     */
    @Export(name = "rvf_ingest")
    public static int rvfIngest(int handle, int vectorsPtr, int count, int idsPtr, int metaPtr, int metaLen,
            int outPtr) {
        String f = "rvf_ingest";
        try {
            RvfStore store = HANDLES.get(handle);
            int dim = store.dimension();
            Args.notNegative(f, "count", count);
            Args.notNegative(f, "metaLen", metaLen);
            long vectorBytes = (long) count * dim * 4;
            Args.range(f, "vectors", vectorsPtr, vectorBytes);
            Args.copyable(f, "vectors", vectorBytes);
            Args.range(f, "ids", idsPtr, (long) count * 8);
            Args.range(f, "meta", metaPtr, metaLen);
            Args.range(f, "out", outPtr, INGEST_OUT_BYTES);
            float[] vectors = new float[(int) (vectorBytes / 4)];
            Memory.readFloats(vectorsPtr, vectors, 0, vectors.length);
            long[] ids = new long[count];
            Memory.readLongs(idsPtr, ids, 0, count);
            List<Map<String, Value>> rows = metaLen == 0 ? null
                    : metadataRows(readBytes(f, "meta", metaPtr, metaLen), count);
            IngestResult r = store.ingest(vectors, ids, rows);
            Memory.putInt(outPtr, r.accepted());
            Memory.putInt(outPtr + 4, r.rejected());
            Memory.putLong(outPtr + 8, r.epoch());
            return r.accepted();
        } catch (Throwable t) {
            return fail(f, t);
        }
    }

    /** {@code u32 rowCount, rowCount x row}: one row per vector; a row without fields is "no metadata". */
    private static List<Map<String, Value>> metadataRows(byte[] meta, int count) {
        ByteReader in = new ByteReader(meta, 0, meta.length, 0);
        long rowCount = in.u32();
        if (rowCount != count) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "rvf_ingest: metadata has " + rowCount
                    + " rows for " + count + " vectors");
        }
        // each row takes at least its u16 field count: bounds the list by the bytes given
        in.checkCount(rowCount, 2, ErrorCode.INVALID_ARGUMENT, "metadata rows");
        List<Map<String, Value>> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Value> row = MetadataCodec.readRow(in, ErrorCode.INVALID_ARGUMENT);
            rows.add(row.isEmpty() ? null : row);
        }
        if (in.hasRemaining()) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "rvf_ingest: " + in.remaining()
                    + " bytes after the metadata rows");
        }
        return rows;
    }

    /** Soft-deletes {@code count} u64 ids. Writes {u32 deleted, u32 0, u64 epoch} (16 bytes); returns deleted. */
    @Export(name = "rvf_delete")
    public static int rvfDelete(int handle, int idsPtr, int count, int outPtr) {
        String f = "rvf_delete";
        try {
            RvfStore store = HANDLES.get(handle);
            Args.notNegative(f, "count", count);
            Args.range(f, "ids", idsPtr, (long) count * 8);
            Args.range(f, "out", outPtr, DELETE_OUT_BYTES);
            long[] ids = new long[count];
            Memory.readLongs(idsPtr, ids, 0, count);
            return writeDelete(store.delete(ids), outPtr);
        } catch (Throwable t) {
            return fail(f, t);
        }
    }

    /** Soft-deletes every live vector whose metadata matches the filter (FilterCodec bytes, required). */
    @Export(name = "rvf_delete_by_filter")
    public static int rvfDeleteByFilter(int handle, int filterPtr, int filterLen, int outPtr) {
        String f = "rvf_delete_by_filter";
        try {
            RvfStore store = HANDLES.get(handle);
            Args.positive(f, "filterLen", filterLen);
            Args.range(f, "filter", filterPtr, filterLen);
            Args.range(f, "out", outPtr, DELETE_OUT_BYTES);
            FilterExpr filter = filter(readBytes(f, "filter", filterPtr, filterLen));
            return writeDelete(store.deleteByFilter(filter), outPtr);
        } catch (Throwable t) {
            return fail(f, t);
        }
    }

    private static int writeDelete(DeleteResult r, int outPtr) {
        Memory.putInt(outPtr, r.deleted());
        Memory.putInt(outPtr + 4, 0);
        Memory.putLong(outPtr + 8, r.epoch());
        return r.deleted();
    }

    /** Drops deleted vectors. Writes {u32 segmentsCompacted, u32 0, u64 bytesReclaimed, u64 epoch} (24 bytes). */
    @Export(name = "rvf_compact")
    public static int rvfCompact(int handle, int outPtr) {
        String f = "rvf_compact";
        try {
            RvfStore store = HANDLES.get(handle);
            Args.range(f, "out", outPtr, COMPACT_OUT_BYTES);
            CompactionResult r = store.compact();
            Memory.putInt(outPtr, r.segmentsCompacted());
            Memory.putInt(outPtr + 4, 0);
            Memory.putLong(outPtr + 8, r.bytesReclaimed());
            Memory.putLong(outPtr + 16, r.epoch());
            return r.segmentsCompacted();
        } catch (Throwable t) {
            return fail(f, t);
        }
    }

    /**
     * Embeds a kernel image (KERNEL segment in the reference layout). {@code flags} is a u32 (any bit pattern);
     * the cmdline is UTF-8 ({@code cmdlineLen = 0} for none). Returns the new segment's id (as the reference's
     * embedKernel), or 0 if that id does not fit in an i32.
     */
    @Export(name = "rvf_embed_kernel")
    public static int rvfEmbedKernel(int handle, int arch, int kernelType, int flags, int imagePtr, int imageLen,
            int apiPort, int cmdlinePtr, int cmdlineLen) {
        String f = "rvf_embed_kernel";
        try {
            RvfStore store = HANDLES.get(handle);
            Args.notNegative(f, "imageLen", imageLen);
            Args.notNegative(f, "cmdlineLen", cmdlineLen);
            Args.range(f, "image", imagePtr, imageLen);
            Args.range(f, "cmdline", cmdlinePtr, cmdlineLen);
            byte[] image = readBytes(f, "image", imagePtr, imageLen);
            String cmdline = cmdlineLen == 0 ? null
                    : Utf8.decode(readBytes(f, "cmdline", cmdlinePtr, cmdlineLen), 0, cmdlineLen);
            return segmentIdStatus(store.embedKernel(arch, kernelType, flags & 0xFFFFFFFFL, image, apiPort, cmdline));
        } catch (Throwable t) {
            return fail(f, t);
        }
    }

    /** Embeds an eBPF program (EBPF segment); {@code btfLen = 0} for none. Returns the segment id as above. */
    @Export(name = "rvf_embed_ebpf")
    public static int rvfEmbedEbpf(int handle, int programType, int attachType, int maxDimension, int programPtr,
            int programLen, int btfPtr, int btfLen) {
        String f = "rvf_embed_ebpf";
        try {
            RvfStore store = HANDLES.get(handle);
            Args.notNegative(f, "programLen", programLen);
            Args.notNegative(f, "btfLen", btfLen);
            Args.range(f, "program", programPtr, programLen);
            Args.range(f, "btf", btfPtr, btfLen);
            byte[] program = readBytes(f, "program", programPtr, programLen);
            byte[] btf = btfLen == 0 ? null : readBytes(f, "btf", btfPtr, btfLen);
            return segmentIdStatus(store.embedEbpf(programType, attachType, maxDimension, program, btf));
        } catch (Throwable t) {
            return fail(f, t);
        }
    }

    private static int segmentIdStatus(long segmentId) {
        return segmentId > 0 && segmentId <= Integer.MAX_VALUE ? (int) segmentId : 0;
    }

    // ------------------------------------------------------------------------------------------ queries

    /**
     * The k nearest live vectors (flags bit0: exact scan; efSearch 0: the store's default; filter: FilterCodec
     * bytes, filterLen 0 for none). Writes one 16-byte record {u64 id, f32 distance, u32 0} per hit, nearest first,
     * at outPtr, which holds outCap records; BUFFER_TOO_SMALL (nothing written) when the hits do not fit
     * (outCap &gt;= k always suffices). Returns the number of hits, min(k, matching vectors).
     */
    @Export(name = "rvf_query")
    public static int rvfQuery(int handle, int queryPtr, int dim, int k, int efSearch, int flags, int filterPtr,
            int filterLen, int outPtr, int outCap) {
        String f = "rvf_query";
        try {
            RvfStore store = HANDLES.get(handle);
            Args.positive(f, "dim", dim);
            if (dim != store.dimension()) {
                throw new RvfException(ErrorCode.DIMENSION_MISMATCH, "rvf_query: query has " + dim
                        + " dimensions, store has " + store.dimension());
            }
            Args.positive(f, "k", k);
            if ((flags & ~QUERY_EXACT) != 0) {
                throw new RvfException(ErrorCode.INVALID_ARGUMENT, "rvf_query: unknown flags 0x"
                        + Integer.toHexString(flags));
            }
            QueryOptions options = QueryOptions.defaults().withEfSearch(efSearch).withExact((flags & QUERY_EXACT) != 0);
            Args.notNegative(f, "filterLen", filterLen);
            Args.notNegative(f, "outCap", outCap);
            Args.range(f, "query", queryPtr, (long) dim * 4);
            Args.range(f, "filter", filterPtr, filterLen);
            Args.range(f, "out", outPtr, (long) outCap * QUERY_RECORD_BYTES);
            float[] query = queryVector(dim);
            Memory.readFloats(queryPtr, query, 0, dim);
            if (filterLen > 0) {
                options = options.withFilter(filter(readBytes(f, "filter", filterPtr, filterLen)));
            }
            int room = Math.min(Math.min(outCap, k), TopK.MAX_K); // more hits than k or MAX_K never come back
            if (hitIds.length < room) {
                hitIds = new long[room];
                hitDistances = new float[room];
            }
            // BUFFER_TOO_SMALL from the store when the arrays (>= outCap) cannot hold the hits; here when they can
            int n = store.query(query, k, options, hitIds, hitDistances);
            if (n > outCap) {
                throw new RvfException(ErrorCode.BUFFER_TOO_SMALL, "rvf_query: " + n + " hits do not fit in outCap "
                        + outCap);
            }
            int at = outPtr;
            for (int i = 0; i < n; i++) {
                Memory.putLong(at, hitIds[i]);
                Memory.putFloat(at + 8, hitDistances[i]);
                Memory.putInt(at + 12, 0);
                at += QUERY_RECORD_BYTES;
            }
            return n;
        } catch (Throwable t) {
            return fail(f, t);
        }
    }

    /** Writes the 96-byte status struct (docs/ABI-control-plane.md) at outPtr; returns 0. */
    @Export(name = "rvf_status")
    public static int rvfStatus(int handle, int outPtr) {
        String f = "rvf_status";
        try {
            RvfStore store = HANDLES.get(handle);
            Args.range(f, "out", outPtr, STATUS_BYTES);
            StoreStatus s = store.status();
            IndexStatus index = s.index();
            int flags = (s.readOnly() ? STATUS_READ_ONLY : 0) | (index.sq8() ? STATUS_SQ8 : 0)
                    | (index.persisted() ? STATUS_INDEX_PERSISTED : 0);
            Memory.putLong(outPtr, s.totalVectors());
            Memory.putLong(outPtr + 8, s.epoch());
            Memory.putLong(outPtr + 16, s.fileSize());
            Memory.putLong(outPtr + 24, s.deletedVectors());
            Memory.putLong(outPtr + 32, Double.doubleToRawLongBits(s.deadSpaceRatio()));
            Memory.putInt(outPtr + 40, s.dimension());
            Memory.putInt(outPtr + 44, s.metric().manifestCode());
            Memory.putInt(outPtr + 48, s.totalSegments());
            Memory.putInt(outPtr + 52, flags);
            Memory.putInt(outPtr + 56, s.profile());
            Memory.putInt(outPtr + 60, indexState(index.state()));
            Memory.putInt(outPtr + 64, index.nodes());
            Memory.putInt(outPtr + 68, index.loadedNodes());
            Memory.putInt(outPtr + 72, index.m());
            Memory.putInt(outPtr + 76, index.efConstruction());
            Memory.putInt(outPtr + 80, index.efSearch());
            Memory.putInt(outPtr + 84, s.storedRecords());
            Memory.putInt(outPtr + 88, index.pendingRecords());
            Memory.putInt(outPtr + 92, 0);
            return 0;
        } catch (Throwable t) {
            return fail(f, t);
        }
    }

    private static int indexState(String state) {
        switch (state) {
            case "built":
                return 1;
            case "loaded":
                return 2;
            case "pending":
                return 3;
            default:
                return 0;
        }
    }

    /**
     * The segments of the store's log in file order: 32-byte records {u64 offset, u64 id, u64 payloadLength,
     * u8 type, u8 hashStatus (0 ok, 1 mismatch, 2 unset), u16 0, u32 0}. outCap 0 only counts (outPtr unchecked);
     * BUFFER_TOO_SMALL when outCap is smaller than the count. Returns the count.
     */
    @Export(name = "rvf_segments")
    public static int rvfSegments(int handle, int outPtr, int outCap) {
        String f = "rvf_segments";
        try {
            RvfStore store = HANDLES.get(handle);
            Args.notNegative(f, "outCap", outCap);
            Args.range(f, "out", outPtr, (long) outCap * SEGMENT_RECORD_BYTES);
            List<SegmentInfo> segments = store.segments();
            if (outCap == 0) {
                return segments.size();
            }
            if (segments.size() > outCap) {
                throw new RvfException(ErrorCode.BUFFER_TOO_SMALL, "rvf_segments: " + segments.size()
                        + " segments do not fit in outCap " + outCap);
            }
            int at = outPtr;
            for (SegmentInfo s : segments) {
                Memory.putLong(at, s.offset());
                Memory.putLong(at + 8, s.segmentId());
                Memory.putLong(at + 16, s.payloadLength());
                Memory.putInt(at + 24, (s.type() & 0xFF) | hashStatus(s) << 8);
                Memory.putInt(at + 28, 0);
                at += SEGMENT_RECORD_BYTES;
            }
            return segments.size();
        } catch (Throwable t) {
            return fail(f, t);
        }
    }

    private static int hashStatus(SegmentInfo s) {
        switch (s.hashStatus()) {
            case OK:
                return 0;
            case MISMATCH:
                return 1;
            default:
                return 2;
        }
    }

    /** Writes {fileId[16], parentId[16], parentHash[32], u32 depth, u32 0} (72 bytes); returns 0. */
    @Export(name = "rvf_lineage")
    public static int rvfLineage(int handle, int outPtr) {
        String f = "rvf_lineage";
        try {
            RvfStore store = HANDLES.get(handle);
            Args.range(f, "out", outPtr, LINEAGE_BYTES);
            FileIdentity id = store.identity();
            Memory.writeBytes(id.fileId(), 0, outPtr, 16);
            Memory.writeBytes(id.parentId(), 0, outPtr + 16, 16);
            Memory.writeBytes(id.parentHash(), 0, outPtr + 32, 32);
            Memory.putInt(outPtr + 64, (int) id.depth());
            Memory.putInt(outPtr + 68, 0);
            return 0;
        } catch (Throwable t) {
            return fail(f, t);
        }
    }

    /**
     * Walks the witness chain: writes {u32 valid (0/1), u32 entries, u32 geneses, i32 brokenIndex (-1 when valid),
     * u64 brokenOffset (all bits set when valid)} (24 bytes); returns 0.
     */
    @Export(name = "rvf_verify_witness")
    public static int rvfVerifyWitness(int handle, int outPtr) {
        String f = "rvf_verify_witness";
        try {
            RvfStore store = HANDLES.get(handle);
            Args.range(f, "out", outPtr, WITNESS_OUT_BYTES);
            WitnessReport r = store.verifyWitness();
            Memory.putInt(outPtr, r.isValid() ? 1 : 0);
            Memory.putInt(outPtr + 4, r.entries());
            Memory.putInt(outPtr + 8, r.geneses());
            Memory.putInt(outPtr + 12, r.brokenIndex());
            Memory.putLong(outPtr + 16, r.brokenOffset());
            return 0;
        } catch (Throwable t) {
            return fail(f, t);
        }
    }

    // ------------------------------------------------------------------------------------------ blocks for JS

    /** The store as .rvf bytes, in a new block: {u32 ptr, u32 len} at outSlotPtr; returns len. */
    @Export(name = "rvf_export")
    public static int rvfExport(int handle, int outSlotPtr) {
        String f = "rvf_export";
        try {
            RvfStore store = HANDLES.get(handle);
            Args.range(f, "outSlot", outSlotPtr, SLOT_BYTES);
            return handOver(f, store.exportView(), outSlotPtr);
        } catch (Throwable t) {
            return fail(f, t);
        }
    }

    /** The first kernel: 128-byte header then image (and cmdline) in a new block, as rvf_export; 0 = none. */
    @Export(name = "rvf_extract_kernel")
    public static int rvfExtractKernel(int handle, int outSlotPtr) {
        String f = "rvf_extract_kernel";
        try {
            RvfStore store = HANDLES.get(handle);
            Args.range(f, "outSlot", outSlotPtr, SLOT_BYTES);
            KernelData kernel = store.extractKernel();
            return handOver(f, kernel == null ? null : concat(kernel.header(), kernel.image()), outSlotPtr);
        } catch (Throwable t) {
            return fail(f, t);
        }
    }

    /** The first eBPF program: 64-byte header then program and BTF in a new block, as rvf_export; 0 = none. */
    @Export(name = "rvf_extract_ebpf")
    public static int rvfExtractEbpf(int handle, int outSlotPtr) {
        String f = "rvf_extract_ebpf";
        try {
            RvfStore store = HANDLES.get(handle);
            Args.range(f, "outSlot", outSlotPtr, SLOT_BYTES);
            EbpfData ebpf = store.extractEbpf();
            return handOver(f, ebpf == null ? null : concat(ebpf.header(), ebpf.payloadBytes()), outSlotPtr);
        } catch (Throwable t) {
            return fail(f, t);
        }
    }

    /**
     * The metadata of the live vector with the u64 id at idPtr, as one MetadataCodec row in a new block (a live
     * vector without metadata gives the 2-byte empty row); 0 (slot {0, 0}) when the id is not live.
     */
    @Export(name = "rvf_metadata_get")
    public static int rvfMetadataGet(int handle, int idPtr, int outSlotPtr) {
        String f = "rvf_metadata_get";
        try {
            RvfStore store = HANDLES.get(handle);
            Args.range(f, "id", idPtr, 8);
            Args.range(f, "outSlot", outSlotPtr, SLOT_BYTES);
            long[] id = new long[1];
            Memory.readLongs(idPtr, id, 0, 1);
            Map<String, Value> row = store.metadata(id[0]);
            byte[] encoded = null;
            if (row != null) {
                ByteWriter out = new ByteWriter();
                MetadataCodec.writeRow(out, row);
                encoded = out.toByteArray();
            }
            return handOver(f, encoded, outSlotPtr);
        } catch (Throwable t) {
            return fail(f, t);
        }
    }

    /**
     * The live vector with the u64 id at idPtr, written as dim f32 to outPtr: 1 when it is live, 0 (outPtr not
     * written) when it is not.
     */
    @Export(name = "rvf_vector")
    public static int rvfVector(int handle, int idPtr, int outPtr) {
        String f = "rvf_vector";
        try {
            RvfStore store = HANDLES.get(handle);
            Args.range(f, "id", idPtr, 8);
            Args.range(f, "out", outPtr, (long) store.dimension() * 4);
            long[] id = new long[1];
            Memory.readLongs(idPtr, id, 0, 1);
            float[] vector = store.vector(id[0]);
            if (vector == null) {
                return 0;
            }
            Memory.writeFloats(vector, 0, outPtr, vector.length);
            return 1;
        } catch (Throwable t) {
            return fail(f, t);
        }
    }

    /** Copies {@code bytes} into a new LinearHeap block and writes {ptr, len} to the slot; null writes {0, 0}. */
    private static int handOver(String function, byte[] bytes, int slotPtr) {
        return handOver(function, bytes == null ? null : FileBytes.of(bytes), slotPtr);
    }

    /**
     * {@link #handOver(String, byte[], int)} for bytes wherever they are: an array is written in one go, anything
     * else (a store's log, much of it the file it opened) 64 KB at a time, never as one array of the whole.
     */
    private static int handOver(String function, FileBytes bytes, int slotPtr) {
        int length = bytes == null ? 0 : bytes.length();
        if (length == 0) {
            Memory.putInt(slotPtr, 0);
            Memory.putInt(slotPtr + 4, 0);
            return 0;
        }
        int ptr = LinearHeap.alloc(length);
        if (ptr < 0) {
            return LastError.fail(ErrorCode.ofCode(ptr), function + ": no block for the " + length
                    + " bytes of the result");
        }
        byte[] array = bytes.array();
        if (array != null) {
            Memory.writeBytes(array, 0, ptr, length);
        } else {
            byte[] chunk = new byte[Math.min(length, 64 * 1024)];
            for (int off = 0; off < length; off += chunk.length) {
                int n = Math.min(chunk.length, length - off);
                bytes.copy(off, chunk, 0, n);
                Memory.writeBytes(chunk, 0, ptr + off, n);
            }
        }
        Memory.putInt(slotPtr, ptr);
        Memory.putInt(slotPtr + 4, length);
        return length;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ------------------------------------------------------------------------------------------ diagnostics

    /** Extension for leak checks: the number of live blocks (rvf_alloc'd or handed out, not yet freed). */
    @Export(name = "rvf_debug_live_blocks")
    public static int rvfDebugLiveBlocks() {
        return LinearHeap.liveBlocks();
    }

    /** Extension for leak checks: the number of open stores. */
    @Export(name = "rvf_debug_open_stores")
    public static int rvfDebugOpenStores() {
        return HANDLES.openCount();
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The last query's hits (reused: a query allocates no object per hit). */
    private static long[] hitIds = new long[16];
    private static float[] hitDistances = new float[16];

    /** The last query's array when it has this dimension (a query does not keep its vector), else a new one. */
    private static float[] queryVector(int dim) {
        if (lastQuery.length != dim) {
            lastQuery = new float[dim];
        }
        return lastQuery;
    }

    /** A copy of {@code [ptr, ptr + len)} after checking it (len 0: an empty array, ptr unchecked). */
    private static byte[] readBytes(String function, String operand, int ptr, int len) {
        Args.notNegative(function, operand + " length", len);
        Args.range(function, operand, ptr, len);
        Args.copyable(function, operand, len);
        byte[] out = new byte[len];
        Memory.readBytes(ptr, out, 0, len);
        return out;
    }

    private static FilterExpr filter(byte[] bytes) {
        return FilterCodec.decode(new ByteReader(bytes, 0, bytes.length, 0));
    }

    /**
     * The status of a failed call; never throws. Only RvfException messages are read: getMessage() on any other
     * Throwable is a virtual call that may reach TeaVM's wrapper of JS exceptions, which needs five more JS imports.
     */
    private static int fail(String function, Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (cause instanceof RvfException) { // also when wrapped by another exception
                return LastError.fail((RvfException) cause);
            }
        }
        return LastError.fail(ErrorCode.INTERNAL, function + ": unexpected " + t.getClass().getName());
    }
}
