package dev.rvf.index;

import dev.rvf.kernels.FloatOrder;

/**
 * A primitive binary heap of (distance, node) pairs, each packed in one long: the sortable distance bits in the
 * high half and the node in the low half, so a single long comparison orders by distance then by node
 * (smaller node first on ties). Either the nearest or the farthest entry is on top.
 *
 * <p>The search uses a nearest-on-top queue for candidates and a farthest-on-top queue (bounded to ef) for
 * results.
 */
public final class NeighborQueue {
    private final boolean farthestOnTop;
    private long[] heap;
    private int size;

    public NeighborQueue(int initialCapacity, boolean farthestOnTop) {
        this.farthestOnTop = farthestOnTop;
        this.heap = new long[Math.max(1, initialCapacity)];
    }

    private long encode(float distance, int node) {
        long key = ((long) FloatOrder.sortable(distance) << 32) | (node & 0xFFFFFFFFL);
        return farthestOnTop ? ~key : key; // the heap keeps the minimum on top; ~ reverses signed order
    }

    private long decode(long stored) {
        return farthestOnTop ? ~stored : stored;
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    public void push(int node, float distance) {
        if (size == heap.length) {
            long[] grown = new long[heap.length + (heap.length >> 1) + 1];
            System.arraycopy(heap, 0, grown, 0, size);
            heap = grown;
        }
        siftUp(size++, encode(distance, node));
    }

    /**
     * Pushes while fewer than {@code capacity} entries are held; otherwise replaces the top if the new entry
     * ranks before it (only meaningful on a farthest-on-top queue). Returns true if the entry was kept.
     */
    public boolean pushBounded(int node, float distance, int capacity) {
        if (size < capacity) {
            push(node, distance);
            return true;
        }
        long key = encode(distance, node);
        if (key <= heap[0]) { // not strictly better than the current farthest
            return false;
        }
        siftDown(0, key);
        return true;
    }

    public int topNode() {
        return (int) decode(heap[0]);
    }

    public float topDistance() {
        return FloatOrder.fromSortable((int) (decode(heap[0]) >>> 32));
    }

    /** Removes the top entry and returns its node. */
    public int pop() {
        int node = (int) decode(heap[0]);
        size--;
        if (size > 0) {
            siftDown(0, heap[size]);
        }
        return node;
    }

    private void siftUp(int pos, long key) {
        long[] h = heap;
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (h[parent] <= key) {
                break;
            }
            h[pos] = h[parent];
            pos = parent;
        }
        h[pos] = key;
    }

    private void siftDown(int pos, long key) {
        long[] h = heap;
        int n = size;
        int half = n >>> 1;
        while (pos < half) {
            int child = 2 * pos + 1;
            int right = child + 1;
            if (right < n && h[right] < h[child]) {
                child = right;
            }
            if (key <= h[child]) {
                break;
            }
            h[pos] = h[child];
            pos = child;
        }
        h[pos] = key;
    }
}
