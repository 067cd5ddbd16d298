package dev.rvf.index;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.format.FileBytes;
import dev.rvf.kernels.ScalarQuantizer;
import dev.rvf.util.ArrayLimit;

/**
 * Encodes an {@link HnswIndex}'s graph as an INDEX segment payload (segment type 0x02, layout defined by this
 * project, not the reference's rvf-index codec) and decodes it back onto a {@link VectorStorage}.
 *
 * <pre>
 * All integers little-endian. Header (56 bytes):
 *   0  u32 magic 0x4E485652 (bytes "RVHN")      4  u16 version = 2 (1 is still read, see below)
 *   6  u8  metric (manifest code: 0 L2, 1 dot product, 2 cosine)
 *   7  u8  flags: bit 0 = SQ8 traversal; other bits 0
 *   8  u32 dim (1..65535)                       12 u16 M (2..128)        14 u16 reserved = 0
 *  16  u32 efConstruction (1..65536)            20 u32 efSearch (1..65536)
 *  24  u32 nodeCount                            28 u32 entryPoint (0xFFFFFFFF iff nodeCount = 0)
 *  32  u8  maxLevel (0..31; 0xFF iff nodeCount = 0)
 *  33  u8  slot size S of the level-0 table: 3 if nodeCount <= 2^24, else 4     34 u16 reserved = 0
 *  36  u64 seed (config seed)                   44 u64 rngState (level RNG state after the last insert)
 *  52  u32 adjacencyLength
 * Then, if SQ8: f32 min[dim], f32 max[dim] (finite, max > min).
 * Then levels: u8[nodeCount], the top level of each node (0..maxLevel).
 * Then adjacency (adjacencyLength bytes):
 *   level 0: for node 0..nodeCount-1 a record of 2M + 1 unsigned S-byte slots: the count (<= 2M), the count
 *     neighbour ordinals in graph order, zeros in the slots after them;
 *   then for node 0..nodeCount-1, for level 1..level(node): varint count (<= M), count varint ordinals.
 * varint = unsigned LEB128, at most 5 bytes, value < 2^32, no overlong final 0x00 byte.
 * The payload ends exactly after the adjacency.
 *
 * Version 1 (written before): byte 33 reserved = 0, and level 0 as varint lists too (for node 0..nodeCount-1,
 * for level 0..level(node): varint count, count varint ordinals).
 * </pre>
 *
 * <p>Level 0 has fixed-size records so that a store opened from a file reads it where it is, without decoding
 * or allocating anything for it ({@link HnswGraph#overFile}): on 100,000 nodes that decode and its 13 MB array were
 * about a third of a first open in Chromium. The records cost ~30 % more bytes than varints.</p>
 *
 * <p>Decoding validates every field and fails with {@code BAD_PAYLOAD}: sizes must add up to the payload length
 * exactly; nodeCount must not exceed the storage size; the sum of node levels must be at most
 * {@code 2 * nodeCount + 64} (a real graph has about nodeCount / (M - 1)), which bounds allocation by the
 * vectors the caller already holds; every neighbour must be {@code < nodeCount}, not the node itself, not
 * repeated in the list, and present on that level; unused level-0 slots must be zero; the entry point must be on
 * maxLevel, which must be the highest node level. Deleted flags are not stored (the store's deletion list is
 * re-applied by the caller).
 */
public final class HnswIndexCodec {
    public static final int MAGIC = 0x4E485652;
    /** The layout written: level 0 as a table of fixed-size records (read in place by an opened store). */
    public static final int VERSION = 2;
    /** The first layout, level 0 as varint lists like the levels above it: still read. */
    public static final int VERSION_VARINT_LEVEL0 = 1;
    public static final int HEADER_SIZE = 56;
    public static final int FLAG_SQ8 = 1;
    public static final int MAX_DIM = 65535;

    private HnswIndexCodec() {
    }

    // --- encode ----------------------------------------------------------------------------------------------

    public static byte[] encode(HnswIndex index) {
        HnswGraph graph = index.graph();
        HnswConfig config = index.config();
        int n = graph.size();
        int dim = index.storage().dim();
        if (dim > MAX_DIM) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "dimension above " + MAX_DIM + " cannot be encoded");
        }
        int m = config.m();
        int stride0 = 2 * m + 1;
        int slotBytes = slotBytes(n);
        ByteSink adjacency = new ByteSink(Math.max(64, n * stride0 * slotBytes + n));
        int[] list = new int[stride0];
        for (int node = 0; node < n; node++) { // level 0: one fixed-size record per node
            int count = graph.neighbors(node, 0, list);
            adjacency.uint(count, slotBytes);
            for (int i = 0; i < stride0 - 1; i++) {
                adjacency.uint(i < count ? list[i] : 0, slotBytes);
            }
        }
        for (int node = 0; node < n; node++) { // levels above: varint lists
            for (int level = 1, top = graph.levelOf(node); level <= top; level++) {
                int count = graph.neighbors(node, level, list);
                adjacency.varint(count);
                for (int i = 0; i < count; i++) {
                    adjacency.varint(list[i]);
                }
            }
        }
        ScalarQuantizer quantizer = index.sq8Quantizer();
        int sq8Bytes = quantizer == null ? 0 : 8 * dim;
        ByteSink out = new ByteSink(HEADER_SIZE + sq8Bytes + n + adjacency.size());
        out.u32(MAGIC);
        out.u16(VERSION);
        out.u8(index.metric().manifestCode());
        out.u8(quantizer == null ? 0 : FLAG_SQ8);
        out.u32(dim);
        out.u16(config.m());
        out.u16(0);
        out.u32(config.efConstruction());
        out.u32(config.efSearch());
        out.u32(n);
        out.u32(n == 0 ? -1 : graph.entryPoint());
        out.u8(n == 0 ? 0xFF : graph.maxLevel());
        out.u8(slotBytes);
        out.u16(0);
        out.u64(config.seed());
        out.u64(index.rngState());
        out.u32(adjacency.size());
        if (quantizer != null) {
            for (int d = 0; d < dim; d++) {
                out.u32(Float.floatToIntBits(quantizer.min(d)));
            }
            for (int d = 0; d < dim; d++) {
                out.u32(Float.floatToIntBits(quantizer.max(d)));
            }
        }
        for (int node = 0; node < n; node++) {
            out.u8(graph.levelOf(node));
        }
        out.bytes(adjacency.buffer(), adjacency.size());
        return out.toArray();
    }

    // --- decode ----------------------------------------------------------------------------------------------

    /** Decodes {@code bytes[offset .. offset+length)} into an index over {@code storage}. */
    public static HnswIndex decode(byte[] bytes, int offset, int length, VectorStorage storage) {
        if (bytes == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "payload range outside the array");
        }
        return decode(FileBytes.of(bytes), offset, length, storage);
    }

    /**
     * Decodes the payload at {@code file[offset .. offset+length)} into an index over {@code storage}, reading it
     * where it is (a file in Wasm linear memory is read through a small window, not copied whole first).
     */
    public static HnswIndex decode(FileBytes file, int offset, int length, VectorStorage storage) {
        if (file == null || storage == null || offset < 0 || length < 0 || offset > file.length() - length) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "payload range outside the array");
        }
        Reader in = new Reader(file, offset, length);
        if (length < HEADER_SIZE) {
            throw in.bad("INDEX payload shorter than its " + HEADER_SIZE + "-byte header", 0);
        }
        if (in.u32(0) != MAGIC) {
            throw in.bad("bad INDEX magic", 0);
        }
        int version = in.u16(4);
        if (version != VERSION && version != VERSION_VARINT_LEVEL0) {
            throw in.bad("unsupported INDEX layout version " + version, 4);
        }
        int metricCode = in.u8(6);
        Metric metric = null;
        for (Metric m : Metric.values()) {
            if (m.manifestCode() == metricCode) {
                metric = m;
            }
        }
        if (metric == null) {
            throw in.bad("unknown metric code " + metricCode, 6);
        }
        int flags = in.u8(7);
        if ((flags & ~FLAG_SQ8) != 0) {
            throw in.bad("unknown INDEX flags " + flags, 7);
        }
        long dimL = in.u32L(8);
        if (dimL < 1 || dimL > MAX_DIM) {
            throw in.bad("dimension out of range", 8);
        }
        int dim = (int) dimL;
        int m = in.u16(12);
        if (m < HnswConfig.MIN_M || m > HnswConfig.MAX_M) {
            throw in.bad("M out of range", 12);
        }
        if (in.u16(14) != 0 || in.u16(34) != 0 || (version == VERSION_VARINT_LEVEL0 && in.u8(33) != 0)) {
            throw in.bad("reserved header bytes are not zero", 14);
        }
        long efConstruction = in.u32L(16);
        long efSearch = in.u32L(20);
        if (efConstruction < 1 || efConstruction > HnswConfig.MAX_EF) {
            throw in.bad("efConstruction out of range", 16);
        }
        if (efSearch < 1 || efSearch > HnswConfig.MAX_EF) {
            throw in.bad("efSearch out of range", 20);
        }
        long nodeCountL = in.u32L(24);
        long entryL = in.u32L(28);
        int maxLevel = in.u8(32);
        long seed = in.u64(36);
        long rngState = in.u64(44);
        long adjacencyLength = in.u32L(52);
        boolean sq8 = (flags & FLAG_SQ8) != 0;
        long sq8Bytes = sq8 ? 8L * dim : 0L;
        if (HEADER_SIZE + sq8Bytes + nodeCountL + adjacencyLength != length) {
            throw in.bad("INDEX section sizes do not add up to the payload length", 24);
        }
        int n = (int) nodeCountL; // < length, so fits
        if (dim != storage.dim()) {
            throw in.bad("INDEX dimension " + dim + " does not match the vectors (" + storage.dim() + ")", 8);
        }
        if (n > storage.size()) {
            throw in.bad("INDEX has " + n + " nodes but only " + storage.size() + " vectors exist", 24);
        }
        if (n == 0) {
            if (entryL != 0xFFFFFFFFL || maxLevel != 0xFF || adjacencyLength != 0) {
                throw in.bad("empty INDEX must have no entry point, level 0xFF and no adjacency", 28);
            }
        } else if (entryL >= n || maxLevel > HnswGraph.MAX_LEVEL) {
            throw in.bad("entry point or max level out of range", 28);
        }
        int pos = HEADER_SIZE;
        ScalarQuantizer quantizer = null;
        if (sq8) {
            float[] lo = new float[dim];
            float[] hi = new float[dim];
            for (int d = 0; d < dim; d++) {
                lo[d] = Float.intBitsToFloat(in.u32(pos + 4 * d));
                hi[d] = Float.intBitsToFloat(in.u32(pos + 4 * (dim + d)));
            }
            try {
                quantizer = ScalarQuantizer.of(lo, hi);
            } catch (RvfException e) {
                throw in.bad("invalid SQ8 range: " + e.getMessage(), pos);
            }
            pos += 8 * dim;
        }

        // Levels: validated and summed before anything is allocated from them.
        int levelsAt = pos;
        byte[] levels = in.bytes(levelsAt, n);
        long levelSum = 0;
        int highest = n == 0 ? 0xFF : 0;
        for (int node = 0; node < n; node++) {
            int level = levels[node] & 0xFF;
            if (level > maxLevel) {
                throw in.bad("node " + node + " level above maxLevel", levelsAt + node);
            }
            highest = Math.max(highest, level);
            levelSum += level;
        }
        if (n > 0 && (highest != maxLevel || (levels[(int) entryL] & 0xFF) != maxLevel)) {
            throw in.bad("maxLevel is not the highest node level or the entry point is not on it", 32);
        }
        int stride0 = 2 * m + 1;
        int slotBytes = version == VERSION ? in.u8(33) : 0;
        long level0Bytes = version == VERSION ? (long) n * stride0 * slotBytes : n; // v1: at least a count each
        if (version == VERSION && slotBytes != slotBytes(n)) {
            throw in.bad("level-0 slot size " + slotBytes + " is not the one for " + n + " nodes (" + slotBytes(n)
                    + ")", 33);
        }
        if (levelSum > 2L * n + 64 || level0Bytes + levelSum > adjacencyLength) {
            throw in.bad("node levels inconsistent with the graph size", levelsAt);
        }
        pos += n;
        if (metric == Metric.COSINE && !storage.cachesNorms()) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "a cosine index needs a storage that caches norms");
        }

        int[] list = new int[stride0];
        int[] stamp = new int[n];
        HnswGraph graph;
        int firstVarintLevel;
        if (version == VERSION && n > 0) {
            // level 0 stays in the file: checked here, CHECK_BLOCK records per call, then read where it is
            int tableAt = pos;
            int[] records = new int[Math.min(n, CHECK_BLOCK) * stride0];
            for (int from = 0; from < n; from += CHECK_BLOCK) {
                int to = Math.min(n, from + CHECK_BLOCK);
                int recordsAt = offset + tableAt + from * stride0 * slotBytes;
                file.uints(recordsAt, slotBytes, records, 0, (to - from) * stride0);
                checkLevel0(in, tableAt, slotBytes, stride0, from, to, n, records, stamp);
            }
            pos += (int) level0Bytes;
            graph = HnswGraph.overFile(m, levels, file, offset + tableAt, slotBytes);
            firstVarintLevel = 1;
        } else {
            graph = new HnswGraph(m, n);
            graph.addNodes(levels, n);
            firstVarintLevel = 0;
        }
        try {
            in.position(pos);
            // in blocks of nodes, one call each: V8 optimizes a Wasm function only for its later calls, so the
            // whole adjacency in one call would be decoded by baseline code (first open of 100k nodes: ~50 ms more)
            for (int from = 0; from < n; from += DECODE_BLOCK) {
                decodeLists(in, graph, levels, from, Math.min(n, from + DECODE_BLOCK), firstVarintLevel, list,
                        stamp);
            }
            if (in.position() != length) {
                throw in.bad("adjacency length does not match its content", in.position());
            }
            if (n > 0) {
                graph.setEntryPoint((int) entryL, maxLevel);
            }
            HnswConfig config = HnswConfig.of(m, (int) efConstruction, (int) efSearch, seed);
            HnswIndex index = new HnswIndex(storage, metric, config, graph, rngState);
            if (quantizer != null) {
                index.enableSq8(quantizer);
            }
            return index;
        } catch (RuntimeException e) {
            graph.release();
            throw e;
        }
    }

    /** Bytes per level-0 slot for a graph of {@code n} nodes: 3 while ordinals fit, else 4. */
    static int slotBytes(int n) {
        return n <= 1 << 24 ? 3 : 4;
    }

    /** Level-0 records one {@link #checkLevel0} call checks (read from the file in one piece first). */
    private static final int CHECK_BLOCK = 256;

    /**
     * Checks the level-0 records of nodes {@code [from, to)}, given in {@code records} (node {@code from}'s first),
     * of the table at payload offset {@code tableAt}: count at most 2M, neighbours below n, not the node itself, not
     * repeated, unused slots zero (so that a graph has one encoding).
     */
    private static void checkLevel0(Reader in, int tableAt, int slotBytes, int stride0, int from, int to, int n,
            int[] records, int[] stamp) {
        for (int node = from, r = 0; node < to; node++, r += stride0) {
            int at = tableAt + node * stride0 * slotBytes;
            int count = records[r];
            if (count < 0 || count > stride0 - 1) {
                throw in.bad("node " + node + " has too many neighbours on level 0", at);
            }
            int listNumber = in.nextListNumber();
            for (int i = 1; i <= count; i++) {
                int nb = records[r + i];
                if (nb < 0 || nb >= n || nb == node || stamp[nb] == listNumber) {
                    throw neighbourError(in, node, nb, 0, n, null, stamp, listNumber, at + i * slotBytes);
                }
                stamp[nb] = listNumber;
            }
            for (int i = count + 1; i < stride0; i++) {
                if (records[r + i] != 0) {
                    throw in.bad("unused level-0 slot of node " + node + " is not zero", at + i * slotBytes);
                }
            }
        }
    }

    /**
     * Why neighbour {@code nb} of {@code node}'s list on {@code level} (at payload offset {@code at}) is refused: it
     * must be an ordinal below n, not the node itself, present on that level (every node is on level 0), and not
     * repeated in the list (its neighbours are stamped with a number unique to the list; {@code stamp} is indexed
     * by neighbour). The checks run inline; this names the one that failed.
     */
    private static RvfException neighbourError(Reader in, int node, int nb, int level, int n, byte[] levels,
            int[] stamp, int listNumber, int at) {
        if (nb < 0 || nb >= n) {
            return in.bad("neighbour ordinal out of range", at);
        }
        if (nb == node) {
            return in.bad("self loop at node " + node, at);
        }
        if (level > 0 && levels[nb] < level) {
            return in.bad("neighbour " + nb + " is not on level " + level, at);
        }
        return in.bad("duplicate neighbour " + nb + " of node " + node, at);
    }

    /** Nodes whose lists one {@link #decodeLists} call reads. */
    private static final int DECODE_BLOCK = 4096;

    /**
     * Reads the varint lists of nodes {@code [from, to)} on levels {@code firstLevel} and up into {@code graph},
     * each checked: count within the level's maximum, then every neighbour as {@link #neighbourError} says.
     */
    private static void decodeLists(Reader in, HnswGraph graph, byte[] levels, int from, int to, int firstLevel,
            int[] list, int[] stamp) {
        int n = levels.length;
        for (int node = from; node < to; node++) {
            int top = levels[node];
            for (int level = firstLevel; level <= top; level++) {
                int countAt = in.position();
                long count = in.varint();
                if (count > graph.maxConn(level)) {
                    throw in.bad("node " + node + " has too many neighbours on level " + level, countAt);
                }
                int listNumber = in.nextListNumber();
                int idsAt = in.position();
                in.varints((int) count, list);
                for (int i = 0; i < count; i++) {
                    int nb = list[i];
                    if (nb >= n || nb == node || (level > 0 && levels[nb] < level) || stamp[nb] == listNumber) {
                        throw neighbourError(in, node, nb, level, n, levels, stamp, listNumber,
                                in.varintAt(idsAt, i));
                    }
                    stamp[nb] = listNumber;
                }
                graph.setNeighbors(node, level, list, 0, (int) count);
            }
        }
    }

    /**
     * Bounds-checked little-endian reader over one payload; every failure is BAD_PAYLOAD with its offset
     * (positions are payload offsets). Reads the file's array directly when it has one, else through a window of
     * {@link #WINDOW} bytes copied out of the file as the position moves.
     */
    private static final class Reader {
        static final int WINDOW = 64 * 1024;
        private final FileBytes file;
        private final int base;
        private final int length;
        private byte[] buf;
        /** {@code buf[p + shift]} is payload byte p, for p in {@code [windowStart, windowEnd)}. */
        private int shift;
        private int windowStart;
        private int windowEnd;
        private int pos;
        private int listNumber;

        Reader(FileBytes file, int base, int length) {
            this.file = file;
            this.base = base;
            this.length = length;
            byte[] array = file.array();
            if (array != null) {
                buf = array;
                shift = base;
                windowEnd = length;
            } else {
                buf = new byte[Math.min(WINDOW, Math.max(length, 1))];
            }
        }

        RvfException bad(String message, long at) {
            return new RvfException(ErrorCode.BAD_PAYLOAD, message, at);
        }

        /** Checks {@code [at, at+size)} is inside the payload and makes it readable at {@code buf[at + shift]}. */
        private void need(int at, int size) {
            if (at < 0 || at > length - size) {
                throw bad("INDEX payload truncated", at);
            }
            if (at < windowStart || at + size > windowEnd) {
                slide(at);
            }
        }

        /** Moves the window to start at {@code at} (only without a backing array; sizes read are below WINDOW). */
        private void slide(int at) {
            int n = Math.min(buf.length, length - at);
            file.copy(base + at, buf, 0, n);
            shift = -at;
            windowStart = at;
            windowEnd = at + n;
        }

        int u8(int at) {
            need(at, 1);
            return buf[at + shift] & 0xFF;
        }

        int u16(int at) {
            need(at, 2);
            return (buf[at + shift] & 0xFF) | (buf[at + shift + 1] & 0xFF) << 8;
        }

        int u32(int at) {
            need(at, 4);
            int p = at + shift;
            return (buf[p] & 0xFF) | (buf[p + 1] & 0xFF) << 8 | (buf[p + 2] & 0xFF) << 16 | (buf[p + 3] & 0xFF) << 24;
        }

        long u32L(int at) {
            return u32(at) & 0xFFFFFFFFL;
        }

        long u64(int at) {
            return u32L(at) | ((long) u32(at + 4) << 32);
        }

        /** A copy of {@code count} bytes at {@code at}. */
        byte[] bytes(int at, int count) {
            if (at < 0 || at > length - count) {
                throw bad("INDEX payload truncated", at);
            }
            byte[] out = new byte[count];
            file.copy(base + at, out, 0, count);
            return out;
        }

        int position() {
            return pos;
        }

        /** A number for the next adjacency list, above those of the lists before it (from 1). */
        int nextListNumber() {
            return ++listNumber;
        }

        void position(int p) {
            pos = p;
        }

        /**
         * {@code count} varints into {@code dst}, values above {@link Integer#MAX_VALUE} as that value (no ordinal
         * is that large). Varints of up to four bytes inside the window are decoded inline; anything else (the
         * window's end, five bytes, an invalid encoding) goes through {@link #varint}, which also reports errors.
         */
        void varints(int count, int[] dst) {
            int i = 0;
            if (pos + 5L * count <= windowEnd) {
                byte[] b = buf;
                int q = pos + shift;
                for (; i < count; i++) {
                    int at = q;
                    int x = b[q++];
                    int v = x & 0x7F;
                    if (x < 0) {
                        x = b[q++];
                        v |= (x & 0x7F) << 7;
                        if (x < 0) {
                            x = b[q++];
                            v |= (x & 0x7F) << 14;
                            if (x < 0) {
                                x = b[q++];
                                v |= x << 21;
                            }
                        }
                        if (x <= 0) { // five bytes, or overlong: the careful path
                            q = at;
                            break;
                        }
                    }
                    dst[i] = v;
                }
                pos = q - shift;
            }
            for (; i < count; i++) {
                dst[i] = (int) Math.min(varint(), Integer.MAX_VALUE);
            }
        }

        /** Payload offset of the {@code index}-th of the varints starting at {@code start} (already read). */
        int varintAt(int start, int index) {
            int p = start;
            for (int i = 0; i < index; i++) {
                while ((u8(p++) & 0x80) != 0) {
                    // continuation bytes
                }
            }
            return p;
        }

        /** Unsigned LEB128 below 2^32, at most 5 bytes, no overlong encoding. */
        long varint() {
            int start = pos;
            if (start + 5 > windowEnd && start < length) {
                need(start, Math.min(5, length - start)); // the whole varint in the window
            }
            long value = 0;
            for (int i = 0; i < 5; i++) {
                if (pos >= length) {
                    throw bad("INDEX payload truncated inside a varint", start);
                }
                int b = buf[shift + pos++] & 0xFF;
                value |= (long) (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) {
                    if (b == 0 && i > 0) {
                        throw bad("overlong varint", start);
                    }
                    if (value > 0xFFFFFFFFL) {
                        throw bad("varint above 2^32", start);
                    }
                    return value;
                }
            }
            throw bad("varint longer than 5 bytes", start);
        }
    }

    /** Minimal growable byte buffer (little-endian writes). */
    private static final class ByteSink {
        private byte[] buf;
        private int size;

        ByteSink(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        int size() {
            return size;
        }

        byte[] buffer() {
            return buf;
        }

        private void ensure(int extra) {
            if (size + extra > buf.length) {
                if ((long) size + extra > ArrayLimit.MAX_BYTES) {
                    throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "INDEX payload too large");
                }
                long grown = Math.min(Math.max((long) size + extra, (long) buf.length * 2), ArrayLimit.MAX_BYTES);
                byte[] bigger = new byte[(int) grown];
                System.arraycopy(buf, 0, bigger, 0, size);
                buf = bigger;
            }
        }

        void u8(int v) {
            ensure(1);
            buf[size++] = (byte) v;
        }

        void u16(int v) {
            ensure(2);
            buf[size++] = (byte) v;
            buf[size++] = (byte) (v >>> 8);
        }

        void u32(int v) {
            ensure(4);
            buf[size++] = (byte) v;
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) (v >>> 16);
            buf[size++] = (byte) (v >>> 24);
        }

        void u64(long v) {
            u32((int) v);
            u32((int) (v >>> 32));
        }

        void uint(int v, int width) {
            for (int b = 0; b < width; b++) {
                u8(v >>> (8 * b));
            }
        }

        void varint(int v) {
            ensure(5);
            long x = v & 0xFFFFFFFFL;
            while (x >= 0x80) {
                buf[size++] = (byte) (x | 0x80);
                x >>>= 7;
            }
            buf[size++] = (byte) x;
        }

        void bytes(byte[] src, int count) {
            ensure(count);
            System.arraycopy(src, 0, buf, size, count);
            size += count;
        }

        byte[] toArray() {
            byte[] out = new byte[size];
            System.arraycopy(buf, 0, out, 0, size);
            return out;
        }
    }
}
