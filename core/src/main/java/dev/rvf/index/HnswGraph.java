package dev.rvf.index;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import dev.rvf.util.ArrayLimit;

/**
 * The HNSW adjacency, in primitive arrays only.
 *
 * <p>Level 0 (every node) is one flat int[]: node n's list starts at {@code n * (maxConn0 + 1)}, first the
 * neighbour count, then up to {@code maxConn0} neighbour ordinals. A node whose top level L is above 0 also has
 * one int[] of {@code L * (maxConn + 1)} ints holding levels 1..L in the same count-then-ids form. Readers get
 * the backing array plus an offset ({@link #links}, {@link #linksOffset}) so traversal never allocates.
 * Read-only outside this package: only the builder and the codec change it.
 */
public final class HnswGraph {
    /** Highest level a node may have (levels are drawn with mL = 1/ln(M); 31 is never reached in practice). */
    public static final int MAX_LEVEL = 31;

    private final int maxConn;
    private final int maxConn0;
    private final int stride0;
    private int[] level0;
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
        for (int i = 0; i < count; i++) {
            if (levels[i] < 0 || levels[i] > MAX_LEVEL) {
                throw new RvfException(ErrorCode.INVALID_ARGUMENT, "level out of range: " + levels[i]);
            }
        }
        ensureCapacity(size + count);
        System.arraycopy(levels, 0, this.levels, size, count);
        for (int i = 0; i < count; i++) {
            int node = size + i;
            int level = levels[i];
            level0[node * stride0] = 0;
            upper[node] = level == 0 ? null : new int[level * (maxConn + 1)];
        }
        size += count;
    }

    /** Makes {@code node} the entry point and {@code level} the top level. */
    void setEntryPoint(int node, int level) {
        entryPoint = node;
        maxLevel = level;
    }

    /** The array holding the (count, ids...) list of node on level; see {@link #linksOffset}. */
    public int[] links(int node, int level) {
        return level == 0 ? level0 : upper[node];
    }

    /** Offset of the count slot of node's list on level inside {@link #links}. */
    public int linksOffset(int node, int level) {
        return level == 0 ? node * stride0 : (level - 1) * (maxConn + 1);
    }

    public int neighborCount(int node, int level) {
        return links(node, level)[linksOffset(node, level)];
    }

    /** Neighbour i (0-based) of node on level. */
    public int neighbor(int node, int level, int i) {
        return links(node, level)[linksOffset(node, level) + 1 + i];
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
