package dev.rvf.wasm;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.store.RvfStore;
import dev.rvf.kernels.CosineDistance;
import dev.rvf.kernels.DistanceFunction;
import dev.rvf.kernels.DotProductDistance;
import dev.rvf.kernels.FloatKernels;
import dev.rvf.kernels.FloatOrder;
import dev.rvf.kernels.HalfKernels;
import dev.rvf.kernels.L2Distance;
import dev.rvf.kernels.ScalarQuantizer;
import dev.rvf.kernels.TopK;
import org.teavm.interop.Export;

/**
 * The tile_* exports: the core kernels over vectors the caller holds in linear memory, for callers that run
 * their own scans. Every distance is the store's (smaller is nearer): l2 = squared Euclidean, dot = the negated
 * dot product, cosine = 1 - cos with the zero-norm rule of {@link CosineDistance}. Metric codes are the
 * manifest's: 0 l2, 1 dot, 2 cosine. Layouts, caps and errors: docs/ABI.md.
 *
 * <p>Operands are copied chunk by chunk into {@link Scratch} arrays, the core kernel runs on them and results are
 * written back, so each kernel has one implementation (in core) and a call allocates nothing in steady state.
 */
final class TileExports {
    private static final int F32 = 4;
    private static final int F16 = 2;
    private static final int U64 = 8;

    // Merge inputs as the core merge wants them (two lists); the arrays inside are Scratch arrays.
    private static final float[][] MERGE_DISTANCES = new float[2][];
    private static final long[][] MERGE_IDS = new long[2][];
    private static final int[] MERGE_COUNTS = new int[2];

    private TileExports() {
    }

    /** Called by {@link RvfExports}' initializer so that TeaVM reaches this class and exports its methods. */
    static void reach() {
        // nothing to do: being called is the point
    }

    // --- one pair of f32 vectors ---

    @Export(name = "tile_dot_f32")
    public static int dotF32(int aPtr, int bPtr, int dim, int outPtr) {
        return pairF32("tile_dot_f32", DotProductDistance.INSTANCE, aPtr, bPtr, dim, outPtr);
    }

    @Export(name = "tile_cosine_f32")
    public static int cosineF32(int aPtr, int bPtr, int dim, int outPtr) {
        return pairF32("tile_cosine_f32", CosineDistance.INSTANCE, aPtr, bPtr, dim, outPtr);
    }

    @Export(name = "tile_l2_f32")
    public static int l2F32(int aPtr, int bPtr, int dim, int outPtr) {
        return pairF32("tile_l2_f32", L2Distance.INSTANCE, aPtr, bPtr, dim, outPtr);
    }

    private static int pairF32(String fn, DistanceFunction distance, int aPtr, int bPtr, int dim, int outPtr) {
        try {
            Args.dim(fn, dim);
            long bytes = (long) dim * F32;
            Args.range(fn, "a", aPtr, bytes);
            Args.range(fn, "b", bPtr, bytes);
            Args.range(fn, "out", outPtr, F32);
            float[] a = Scratch.floats(Scratch.QUERY, dim);
            float[] b = Scratch.floats(Scratch.BLOCK, dim);
            Memory.readFloats(aPtr, a, 0, dim);
            Memory.readFloats(bPtr, b, 0, dim);
            Memory.putFloat(outPtr, distance.distance(a, 0, b, 0, dim));
            return 0;
        } catch (RvfException e) {
            return LastError.fail(e);
        }
    }

    // --- an f32 query against one IEEE binary16 vector ---

    @Export(name = "tile_dot_f16")
    public static int dotF16(int queryPtr, int vecPtr, int dim, int outPtr) {
        return pairF16("tile_dot_f16", Metric.DOT_PRODUCT, queryPtr, vecPtr, dim, outPtr);
    }

    @Export(name = "tile_cosine_f16")
    public static int cosineF16(int queryPtr, int vecPtr, int dim, int outPtr) {
        return pairF16("tile_cosine_f16", Metric.COSINE, queryPtr, vecPtr, dim, outPtr);
    }

    @Export(name = "tile_l2_f16")
    public static int l2F16(int queryPtr, int vecPtr, int dim, int outPtr) {
        return pairF16("tile_l2_f16", Metric.L2, queryPtr, vecPtr, dim, outPtr);
    }

    private static int pairF16(String fn, Metric metric, int queryPtr, int vecPtr, int dim, int outPtr) {
        try {
            Args.dim(fn, dim);
            Args.range(fn, "query", queryPtr, (long) dim * F32);
            Args.range(fn, "vec", vecPtr, (long) dim * F16);
            Args.range(fn, "out", outPtr, F32);
            float[] query = Scratch.floats(Scratch.QUERY, dim);
            short[] halves = Scratch.shorts(dim);
            Memory.readFloats(queryPtr, query, 0, dim);
            Memory.readShorts(vecPtr, halves, 0, dim);
            Memory.putFloat(outPtr, HalfKernels.distance(metric, query, 0, halves, 0, dim));
            return 0;
        } catch (RvfException e) {
            return LastError.fail(e);
        }
    }

    // --- one query against a tile of count x dim f32 ---

    /** Distances of one query to {@code count} row-major vectors; writes {@code count} f32, returns count. */
    @Export(name = "tile_batch_distance")
    public static int batchDistance(int metric, int queryPtr, int tilePtr, int count, int dim, int outPtr) {
        String fn = "tile_batch_distance";
        try {
            DistanceFunction distance = DistanceFunction.of(Args.metric(fn, metric));
            Args.dim(fn, dim);
            Args.positive(fn, "count", count);
            long rowBytes = (long) dim * F32;
            Args.range(fn, "query", queryPtr, rowBytes);
            Args.range(fn, "tile", tilePtr, rowBytes * count);
            Args.range(fn, "out", outPtr, (long) count * F32);
            float[] query = readQuery(queryPtr, dim);
            int rows = Scratch.rowsPerChunk(dim);
            float[] block = Scratch.floats(Scratch.BLOCK, rows * dim);
            float[] result = Scratch.floats(Scratch.RESULT, rows);
            for (int first = 0; first < count; first += rows) {
                int n = Math.min(rows, count - first);
                Memory.readFloats(tilePtr + first * dim * F32, block, 0, n * dim);
                distance.distances(query, 0, block, 0, n, dim, result, 0);
                Memory.writeFloats(result, 0, outPtr + first * F32, n);
            }
            return count;
        } catch (RvfException e) {
            return LastError.fail(e);
        }
    }

    /**
     * Distances and top-k over the vectors of a tile whose bit is set in {@code mask} (bit i = byte i/8, bit
     * i%8, least significant first). Writes up to min(k, count) (index, distance) pairs nearest first; returns
     * how many (the number of set bits, at most k).
     */
    @Export(name = "tile_scan_filtered")
    public static int scanFiltered(int metric, int queryPtr, int tilePtr, int count, int dim, int maskPtr, int k,
            int outIdxPtr, int outDistPtr) {
        String fn = "tile_scan_filtered";
        try {
            DistanceFunction distance = DistanceFunction.of(Args.metric(fn, metric));
            Args.dim(fn, dim);
            Args.positive(fn, "count", count);
            Args.positive(fn, "k", k);
            int capacity = Math.min(k, count);
            Args.resultCount(fn, "min(k, count)", capacity);
            long rowBytes = (long) dim * F32;
            Args.range(fn, "query", queryPtr, rowBytes);
            Args.range(fn, "tile", tilePtr, rowBytes * count);
            Args.range(fn, "mask", maskPtr, (count + 7L) / 8);
            Args.range(fn, "outIdx", outIdxPtr, (long) capacity * 4);
            Args.range(fn, "outDist", outDistPtr, (long) capacity * F32);
            float[] query = readQuery(queryPtr, dim);
            int rows = Scratch.rowsPerChunk(dim);
            float[] block = Scratch.floats(Scratch.BLOCK, rows * dim);
            float[] result = Scratch.floats(Scratch.RESULT, rows);
            int[] indexes = Scratch.ints(rows);
            TopK heap = Scratch.topK(capacity);
            int gathered = 0;
            for (int i = 0; i < count; i++) {
                int maskByte = Memory.getByte(maskPtr + (i >>> 3));
                if (maskByte == 0) {
                    i |= 7; // skip the rest of an empty byte
                    continue;
                }
                if ((maskByte & (1 << (i & 7))) == 0) {
                    continue;
                }
                Memory.readFloats(tilePtr + i * dim * F32, block, gathered * dim, dim);
                indexes[gathered++] = i;
                if (gathered == rows) {
                    offerGathered(distance, query, block, gathered, dim, result, indexes, heap);
                    gathered = 0;
                }
            }
            offerGathered(distance, query, block, gathered, dim, result, indexes, heap);
            return drainIndexes(heap, outIdxPtr, outDistPtr);
        } catch (RvfException e) {
            return LastError.fail(e);
        }
    }

    private static void offerGathered(DistanceFunction distance, float[] query, float[] block, int n, int dim,
            float[] result, int[] indexes, TopK heap) {
        if (n == 0) {
            return;
        }
        distance.distances(query, 0, block, 0, n, dim, result, 0);
        for (int j = 0; j < n; j++) {
            heap.offer(result[j], indexes[j]);
        }
    }

    // --- top-k and merging ---

    /** The k smallest of {@code count} f32 distances as (index, distance), nearest first, ties by index. */
    @Export(name = "tile_topk")
    public static int topK(int distPtr, int count, int k, int outIdxPtr, int outDistPtr) {
        String fn = "tile_topk";
        try {
            Args.positive(fn, "count", count);
            Args.positive(fn, "k", k);
            int n = Math.min(k, count);
            Args.resultCount(fn, "min(k, count)", n);
            Args.range(fn, "dist", distPtr, (long) count * F32);
            Args.range(fn, "outIdx", outIdxPtr, (long) n * 4);
            Args.range(fn, "outDist", outDistPtr, (long) n * F32);
            TopK heap = Scratch.topK(n);
            float[] chunk = Scratch.floats(Scratch.BLOCK, Scratch.CHUNK_FLOATS);
            for (int first = 0; first < count; first += Scratch.CHUNK_FLOATS) {
                int m = Math.min(Scratch.CHUNK_FLOATS, count - first);
                Memory.readFloats(distPtr + first * F32, chunk, 0, m);
                for (int j = 0; j < m; j++) {
                    heap.offer(chunk[j], first + j);
                }
            }
            return drainIndexes(heap, outIdxPtr, outDistPtr);
        } catch (RvfException e) {
            return LastError.fail(e);
        }
    }

    /** Writes the heap nearest first as i32 indexes and f32 distances; returns how many. */
    private static int drainIndexes(TopK heap, int outIdxPtr, int outDistPtr) {
        int n = heap.size();
        float[] distances = Scratch.floats(Scratch.RESULT, n);
        long[] ids = Scratch.longs(0, n);
        heap.drainSorted(distances, ids);
        for (int i = 0; i < n; i++) {
            Memory.putInt(outIdxPtr + 4 * i, (int) ids[i]);
        }
        Memory.writeFloats(distances, 0, outDistPtr, n);
        return n;
    }

    /**
     * Merges two result lists, each sorted nearest first, into the k best: (u64 id, f32 distance) pairs nearest
     * first, equal distances by unsigned id (each input must be in that order). Ids are not deduplicated.
     * Returns min(k, aCount + bCount).
     */
    @Export(name = "tile_merge_topk")
    public static int mergeTopK(int aIdsPtr, int aDistPtr, int aCount, int bIdsPtr, int bDistPtr, int bCount, int k,
            int outIdsPtr, int outDistPtr) {
        String fn = "tile_merge_topk";
        try {
            Args.notNegative(fn, "aCount", aCount);
            Args.notNegative(fn, "bCount", bCount);
            Args.positive(fn, "k", k);
            Args.resultCount(fn, "aCount", aCount);
            Args.resultCount(fn, "bCount", bCount);
            int n = (int) Math.min(k, (long) aCount + bCount);
            Args.resultCount(fn, "min(k, aCount + bCount)", n);
            Args.range(fn, "aIds", aIdsPtr, (long) aCount * U64);
            Args.range(fn, "aDist", aDistPtr, (long) aCount * F32);
            Args.range(fn, "bIds", bIdsPtr, (long) bCount * U64);
            Args.range(fn, "bDist", bDistPtr, (long) bCount * F32);
            Args.range(fn, "outIds", outIdsPtr, (long) n * U64);
            Args.range(fn, "outDist", outDistPtr, (long) n * F32);
            readSortedList(fn, "a", 0, aIdsPtr, aDistPtr, aCount);
            readSortedList(fn, "b", 1, bIdsPtr, bDistPtr, bCount);
            float[] distances = Scratch.floats(Scratch.RESULT, n);
            long[] ids = Scratch.longs(2, n);
            int written = TopK.mergeSorted(n, MERGE_DISTANCES, MERGE_IDS, MERGE_COUNTS, distances, ids);
            Memory.writeLongs(ids, 0, outIdsPtr, written);
            Memory.writeFloats(distances, 0, outDistPtr, written);
            return written;
        } catch (RvfException e) {
            return LastError.fail(e);
        }
    }

    /**
     * Copies list {@code slot} of a merge into scratch; INVALID_ARGUMENT unless it is in the order the merge
     * produces (distance ascending in {@link FloatOrder}, equal distances by ascending unsigned id), the order in
     * which merging two lists gives the k best overall.
     */
    private static void readSortedList(String fn, String name, int slot, int idsPtr, int distPtr, int count) {
        float[] distances = Scratch.floats(slot == 0 ? Scratch.QUERY : Scratch.BLOCK, count);
        long[] ids = Scratch.longs(slot, count);
        Memory.readFloats(distPtr, distances, 0, count);
        Memory.readLongs(idsPtr, ids, 0, count);
        for (int i = 1; i < count; i++) {
            int previous = FloatOrder.sortable(distances[i - 1]);
            int current = FloatOrder.sortable(distances[i]);
            if (previous > current || previous == current && Long.compareUnsigned(ids[i - 1], ids[i]) > 0) {
                throw new RvfException(ErrorCode.INVALID_ARGUMENT, fn + ": list " + name + " is not sorted nearest "
                        + "first (entry " + i + " is nearer than entry " + (i - 1) + ")");
            }
        }
        MERGE_DISTANCES[slot] = distances;
        MERGE_IDS[slot] = ids;
        MERGE_COUNTS[slot] = count;
    }

    // --- SQ8 ---

    /**
     * Trains per-dimension SQ8 ranges over {@code count} f32 vectors and codes them: writes {@code dim} f32 min,
     * {@code dim} f32 scale and {@code count * dim} u8 codes. Returns count. NON_FINITE for NaN or infinity.
     */
    @Export(name = "tile_quantize_sq8")
    public static int quantizeSq8(int vectorsPtr, int count, int dim, int outMinPtr, int outScalePtr,
            int outCodesPtr) {
        String fn = "tile_quantize_sq8";
        try {
            Args.dim(fn, dim);
            Args.positive(fn, "count", count);
            long rowBytes = (long) dim * F32;
            Args.range(fn, "vectors", vectorsPtr, rowBytes * count);
            Args.range(fn, "outMin", outMinPtr, rowBytes);
            Args.range(fn, "outScale", outScalePtr, rowBytes);
            Args.range(fn, "outCodes", outCodesPtr, (long) count * dim);
            int rows = Scratch.rowsPerChunk(dim);
            float[] block = Scratch.floats(Scratch.BLOCK, rows * dim);
            ScalarQuantizer.Trainer trainer = new ScalarQuantizer.Trainer(dim);
            for (int first = 0; first < count; first += rows) {
                int n = Math.min(rows, count - first);
                Memory.readFloats(vectorsPtr + first * dim * F32, block, 0, n * dim);
                if (!FloatKernels.allFinite(block, 0, n * dim)) {
                    throw new RvfException(ErrorCode.NON_FINITE, fn + ": vectors " + first + " .. "
                            + (first + n - 1) + " contain NaN or infinity");
                }
                trainer.add(block, 0, n);
            }
            ScalarQuantizer quantizer = trainer.build();
            byte[] codes = Scratch.bytes(rows * dim);
            for (int first = 0; first < count; first += rows) {
                int n = Math.min(rows, count - first);
                Memory.readFloats(vectorsPtr + first * dim * F32, block, 0, n * dim);
                quantizer.quantizeAll(block, 0, n, codes, 0);
                Memory.writeBytes(codes, 0, outCodesPtr + first * dim, n * dim);
            }
            for (int d = 0; d < dim; d++) {
                Memory.putFloat(outMinPtr + d * F32, quantizer.min(d));
                Memory.putFloat(outScalePtr + d * F32, quantizer.scale(d));
            }
            return count;
        } catch (RvfException e) {
            return LastError.fail(e);
        }
    }

    /** Reconstructs {@code count} vectors: {@code out = min + code * scale} per dimension. Returns count. */
    @Export(name = "tile_dequantize_sq8")
    public static int dequantizeSq8(int codesPtr, int count, int dim, int minPtr, int scalePtr, int outPtr) {
        String fn = "tile_dequantize_sq8";
        try {
            Args.dim(fn, dim);
            Args.positive(fn, "count", count);
            long rowBytes = (long) dim * F32;
            Args.range(fn, "codes", codesPtr, (long) count * dim);
            Args.range(fn, "min", minPtr, rowBytes);
            Args.range(fn, "scale", scalePtr, rowBytes);
            Args.range(fn, "out", outPtr, rowBytes * count);
            float[] min = Scratch.floats(Scratch.QUERY, dim);
            float[] scale = Scratch.floats(Scratch.EXTRA, dim);
            Memory.readFloats(minPtr, min, 0, dim);
            Memory.readFloats(scalePtr, scale, 0, dim);
            int rows = Scratch.rowsPerChunk(dim);
            byte[] codes = Scratch.bytes(rows * dim);
            float[] block = Scratch.floats(Scratch.BLOCK, rows * dim);
            for (int first = 0; first < count; first += rows) {
                int n = Math.min(rows, count - first);
                Memory.readBytes(codesPtr + first * dim, codes, 0, n * dim);
                for (int v = 0; v < n; v++) {
                    ScalarQuantizer.dequantize(codes, v * dim, min, scale, dim, block, v * dim);
                }
                Memory.writeFloats(block, 0, outPtr + first * dim * F32, n * dim);
            }
            return count;
        } catch (RvfException e) {
            return LastError.fail(e);
        }
    }

    // --- accumulation ---

    /** {@code acc[i] += weight * vec[i]} for {@code dim} f32 elements (sums, centroids). Returns 0. */
    @Export(name = "tile_accumulate")
    public static int accumulate(int accPtr, int vecPtr, int dim, float weight) {
        String fn = "tile_accumulate";
        try {
            Args.dim(fn, dim);
            long bytes = (long) dim * F32;
            Args.range(fn, "acc", accPtr, bytes);
            Args.range(fn, "vec", vecPtr, bytes);
            float[] acc = Scratch.floats(Scratch.QUERY, dim);
            float[] vec = Scratch.floats(Scratch.BLOCK, dim);
            Memory.readFloats(accPtr, acc, 0, dim);
            Memory.readFloats(vecPtr, vec, 0, dim);
            FloatKernels.addScaled(acc, 0, vec, 0, weight, dim);
            Memory.writeFloats(acc, 0, accPtr, dim);
            return 0;
        } catch (RvfException e) {
            return LastError.fail(e);
        }
    }

    // --- staging a store's vectors ---

    /**
     * Stages part of an open store for a caller's own scan: the live vectors number {@code firstOrdinal} ..
     * {@code firstOrdinal + count - 1} in ascending (unsigned) id order, written row-major to {@code outPtr}
     * ({@code count * dim} f32) and, unless {@code idsPtr} is 0, their ids to {@code idsPtr} ({@code count} u64).
     * Returns how many were copied: fewer than {@code count} at the end of the store, 0 past it.
     */
    @Export(name = "tile_prefetch")
    public static int prefetch(int handle, int firstOrdinal, int count, int outPtr, int idsPtr) {
        String fn = "tile_prefetch";
        try {
            Args.notNegative(fn, "firstOrdinal", firstOrdinal);
            Args.positive(fn, "count", count);
            RvfStore store = StoreExports.store(handle);
            int dim = store.dimension();
            Args.range(fn, "out", outPtr, (long) count * dim * 4);
            if (idsPtr != 0) {
                Args.range(fn, "ids", idsPtr, (long) count * 8);
            }
            long[] live = store.liveIds();
            int n = (int) Math.max(0, Math.min((long) count, (long) live.length - firstOrdinal));
            for (int i = 0; i < n; i++) {
                Memory.writeFloats(store.vector(live[firstOrdinal + i]), 0, outPtr + i * dim * 4, dim);
            }
            if (idsPtr != 0 && n > 0) {
                Memory.writeLongs(live, firstOrdinal, idsPtr, n);
            }
            return n;
        } catch (RvfException e) {
            return LastError.fail(e);
        }
    }

    private static float[] readQuery(int queryPtr, int dim) {
        float[] query = Scratch.floats(Scratch.QUERY, dim);
        Memory.readFloats(queryPtr, query, 0, dim);
        return query;
    }
}
