package dev.rvf.index;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import dev.rvf.format.FileBytes;
import dev.rvf.util.ArrayLimit;

/**
 * The HNSW adjacency, in primitive arrays only.
 *
 * <p>Level 0 (every node) is one flat int[]: node n's list starts at {@code n * (maxConn0 + 1)}, first the
 * neighbour count, then up to {@code maxConn0} neighbour ordinals. A node whose top level L is above 0 also has
 * one int[] of {@code L * (maxConn + 1)} ints holding levels 1..L in the same count-then-ids form. Readers read a
 * list where it is ({@link #links(int, int, int[])}, {@link #linksOffset}), so traversal never allocates; the
 * builder changes lists in place. Read-only outside this package: only the builder and the codec change it.
 *
 * <p>A graph decoded from a file may leave level 0 where it is ({@link #overFile}): the file's table has the same
 * count-then-ids records, as unsigned integers of 3 or 4 bytes, so opening a file allocates and decodes no level-0
 * array. Readers get such a list copied into a buffer of theirs ({@link #links(int, int, int[])}); the first
 * change to level 0 copies the table into the array ({@link #materialize}) and gives the file back.
 */
public final class HnswGraph {
    /** Highest level a node may have (levels are drawn with mL = 1/ln(M); 31 is never reached in practice). */
    public static final int MAX_LEVEL = 31;

    private final int maxConn;
    private final int maxConn0;
    private final int stride0;
    /** Level 0 as described above; null while it is read from {@link #level0File}. */
    private int[] level0;
    private FileBytes level0File;
    /** File offset of node 0's level-0 record, and the bytes per slot of the records. */
    private int level0At;
    private int slotBytes;
    private byte[] levels;
    private int[][] upper;
    private int size;
    private int entryPoint = -1;
    private int maxLevel = -1;

    HnswGraph(int maxConn, int initialCapacity) {
        if (maxConn < 1) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "maxConn must be >= 1");
        }
        this.maxConn = maxConn;
        this.maxConn0 = 2 * maxConn;
        this.stride0 = maxConn0 + 1;
        int capacity = Math.max(1, Math.min(initialCapacity, maxNodes(maxConn)));
        this.level0 = new int[capacity * stride0];
        this.levels = new byte[capacity];
        this.upper = new int[capacity][];
    }

    /**
     * A graph of {@code levels.length} nodes whose level 0 stays in {@code file}: node n's record (count, then
     * {@code 2 maxConn} id slots) at {@code at + n (2 maxConn + 1) slotBytes}, already validated by the caller.
     * Upper levels start empty. The graph keeps the file ({@link FileBytes#retain}) until {@link #release} or
     * {@link #materialize}.
     */
    static HnswGraph overFile(int maxConn, byte[] levels, FileBytes file, int at, int slotBytes) {
        HnswGraph g = new HnswGraph(maxConn, levels, file, at, slotBytes);
        file.retain();
        return g;
    }

    private HnswGraph(int maxConn, byte[] levels, FileBytes file, int at, int slotBytes) {
        this.maxConn = maxConn;
        this.maxConn0 = 2 * maxConn;
        this.stride0 = maxConn0 + 1;
        int n = levels.length;
        this.levels = new byte[Math.max(1, n)];
        this.upper = new int[Math.max(1, n)][];
        checkLevels(levels, n);
        appendNodes(levels, n);
        this.level0File = file;
        this.level0At = at;
        this.slotBytes = slotBytes;
    }

    /** Whether level 0 is still read from the file it was opened from. */
    public boolean level0InFile() {
        return level0 == null;
    }

    /**
     * Copies a level 0 still in its file into the array and gives the file back: before level 0 changes. The
     * array has room for the nodes there are ({@link #ensureCapacity} grows it as for any graph).
     */
    void materialize() {
        if (level0 != null) {
            return;
        }
        int[] table = new int[Math.max(1, levels.length) * stride0];
        level0File.uints(level0At, slotBytes, table, 0, size * stride0);
        level0 = table;
        FileBytes file = level0File;
        level0File = null;
        file.release();
    }

    /** Gives back the file level 0 is read from, if it is: the graph is not used afterwards (its store closed). */
    void release() {
        if (level0File != null) {
            FileBytes file = level0File;
            level0File = null;
            file.release();
        }
    }

    /** The most nodes a graph with M = {@code maxConn} holds: its level-0 array stays below {@link ArrayLimit}. */
    public static int maxNodes(int maxConn) {
        return ArrayLimit.MAX_BYTES / Integer.BYTES / (2 * maxConn + 1);
    }

    /** Maximum neighbours per node on upper levels (M). */
    public int maxConn() {
        return maxConn;
    }

    /** Maximum neighbours per node on a level (2M on level 0, M above). */
    public int maxConn(int level) {
        return level == 0 ? maxConn0 : maxConn;
    }

    public int size() {
        return size;
    }

    /** Entry node for searches (a node on the top level), or -1 when empty. */
    public int entryPoint() {
        return entryPoint;
    }

    /** Top level of the graph, or -1 when empty. */
    public int maxLevel() {
        return maxLevel;
    }

    /** Top level of a node. */
    public int levelOf(int node) {
        return levels[node];
    }

    /** Appends a node present on levels 0..level with empty lists; returns its ordinal. */
    int addNode(int level) {
        if (level < 0 || level > MAX_LEVEL) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "level out of range: " + level);
        }
        materialize();
        ensureCapacity(size + 1);
        int node = size++;
        levels[node] = (byte) level;
        level0[node * stride0] = 0;
        upper[node] = level == 0 ? null : new int[level * (maxConn + 1)];
        return node;
    }

    /**
     * Appends {@code count} nodes with empty lists, node i present on levels {@code 0..levels[i]}: what
     * {@link #addNode} does for each, in one pass.
     */
    void addNodes(byte[] levels, int count) {
        checkLevels(levels, count);
        materialize();
        ensureCapacity(size + count);
        appendNodes(levels, count);
    }

    private static void checkLevels(byte[] levels, int count) {
        for (int i = 0; i < count; i++) {
            if (levels[i] < 0 || levels[i] > MAX_LEVEL) {
                throw new RvfException(ErrorCode.INVALID_ARGUMENT, "level out of range: " + levels[i]);
            }
        }
    }

    /** Appends nodes of checked levels, with empty lists, into arrays that have room (level 0 too, if an array). */
    private void appendNodes(byte[] levels, int count) {
        System.arraycopy(levels, 0, this.levels, size, count);
        for (int i = 0; i < count; i++) {
            int node = size + i;
            int level = levels[i];
            if (level0 != null) {
                level0[node * stride0] = 0;
            }
            upper[node] = level == 0 ? null : new int[level * (maxConn + 1)];
        }
        size += count;
    }

    /** Makes {@code node} the entry point and {@code level} the top level. */
    void setEntryPoint(int node, int level) {
        entryPoint = node;
        maxLevel = level;
    }

    /**
     * The array holding node's list on level, in (count, ids...) form from {@link #linksOffset}: the graph's own
     * array, read in place, or, for a level 0 still in its file, {@code buffer} (room for {@code 2 maxConn + 1})
     * with the list copied to its start. How readers traverse the graph without allocating.
     */
    public int[] links(int node, int level, int[] buffer) {
        if (level > 0) {
            return upper[node];
        }
        if (level0 != null) {
            return level0;
        }
        int at = level0At + node * stride0 * slotBytes;
        level0File.uints(at, slotBytes, buffer, 0, 1);
        level0File.uints(at + slotBytes, slotBytes, buffer, 1, buffer[0]);
        return buffer;
    }

    /** Offset of the count slot of node's list on level inside the array {@link #links} gives. */
    public int linksOffset(int node, int level) {
        if (level > 0) {
            return (level - 1) * (maxConn + 1);
        }
        return level0 != null ? node * stride0 : 0;
    }

    /** Copies node's list on level into {@code dst} (room for {@code 2 maxConn + 1}); returns its length. */
    public int neighbors(int node, int level, int[] dst) {
        int[] arr = links(node, level, dst);
        int off = linksOffset(node, level);
        int count = arr[off];
        System.arraycopy(arr, off + 1, dst, 0, count);
        return count;
    }

    /**
     * The array holding node's list on level, for the builder, which changes lists in place: a level 0 still in
     * its file is copied into the graph's array first.
     */
    int[] links(int node, int level) {
        if (level == 0) {
            materialize();
            return level0;
        }
        return upper[node];
    }

    public int neighborCount(int node, int level) {
        return neighbors(node, level, new int[stride0]);
    }

    /** Neighbour i (0-based) of node on level. */
    public int neighbor(int node, int level, int i) {
        int[] list = new int[stride0];
        neighbors(node, level, list);
        return list[i];
    }

    /** Replaces node's list on level with {@code src[srcOff .. srcOff+count)}. */
    void setNeighbors(int node, int level, int[] src, int srcOff, int count) {
        if (count > maxConn(level)) {
            throw new RvfException(ErrorCode.INTERNAL, "too many neighbours");
        }
        int[] arr = links(node, level);
        int off = linksOffset(node, level);
        System.arraycopy(src, srcOff, arr, off + 1, count);
        arr[off] = count;
    }

    /** Appends one neighbour; the caller guarantees room. */
    void appendNeighbor(int node, int level, int neighbor) {
        int[] arr = links(node, level);
        int off = linksOffset(node, level);
        int count = arr[off];
        arr[off + 1 + count] = neighbor;
        arr[off] = count + 1;
    }

    private void ensureCapacity(int needed) {
        if (needed <= levels.length) {
            return;
        }
        materialize();
        long grown = Math.max(needed, (long) levels.length + (levels.length >> 1) + 1);
        if (grown > maxNodes(maxConn)) {
            grown = maxNodes(maxConn);
            if (grown < needed) {
                throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "graph too large");
            }
        }
        int capacity = (int) grown;
        int[] newLevel0 = new int[capacity * stride0];
        System.arraycopy(level0, 0, newLevel0, 0, size * stride0);
        level0 = newLevel0;
        byte[] newLevels = new byte[capacity];
        System.arraycopy(levels, 0, newLevels, 0, size);
        levels = newLevels;
        int[][] newUpper = new int[capacity][];
        System.arraycopy(upper, 0, newUpper, 0, size);
        upper = newUpper;
    }
}
