package dev.rvf.kernels;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

/**
 * The k nearest (distance, id) pairs seen so far, without a full sort: a fixed-capacity binary max-heap whose
 * root is the current worst entry, so each offer costs O(1) when rejected and O(log k) when kept.
 *
 * <p>Order: smaller distance first ({@link FloatOrder}); equal distances put the smaller id first, comparing
 * ids as unsigned 64-bit values (store ids are u64). The result is therefore independent of offer order.
 * Ids may be dense ordinals or store ids. Duplicated ids are kept as offered (callers deduplicate if needed).
 */
public final class TopK {
    /** Largest k accepted; bounds the two arrays allocated from a caller-supplied number. */
    public static final int MAX_K = 1 << 24;

    private final int capacity;
    private final int[] keys; // FloatOrder.sortable(distance)
    private final long[] ids;
    private int size;

    public TopK(int k) {
        if (k < 1 || k > MAX_K) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "k must be in [1, " + MAX_K + "], got " + k);
        }
        this.capacity = k;
        this.keys = new int[k];
        this.ids = new long[k];
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    public boolean isFull() {
        return size == capacity;
    }

    public void clear() {
        size = 0;
    }

    /**
     * Distance of the current worst kept entry, or +infinity while fewer than k are kept. An offer with a
     * larger distance is certainly rejected (an equal one may still win on a smaller id).
     */
    public float worstDistance() {
        return size < capacity ? Float.POSITIVE_INFINITY : FloatOrder.fromSortable(keys[0]);
    }

    /** Offers a pair; returns true if it was kept. */
    public boolean offer(float distance, long id) {
        int key = FloatOrder.sortable(distance);
        if (size < capacity) {
            siftUp(size++, key, id);
            return true;
        }
        if (!worse(keys[0], ids[0], key, id)) {
            return false;
        }
        siftDown(0, key, id);
        return true;
    }

    /** Offers every entry of another TopK (which is left unchanged). */
    public void offerAll(TopK other) {
        for (int i = 0; i < other.size; i++) {
            offer(FloatOrder.fromSortable(other.keys[i]), other.ids[i]);
        }
    }

    /**
     * Writes the kept entries nearest first into the arrays (each at least {@link #size()} long), empties this
     * TopK, and returns the number written.
     */
    public int drainSorted(float[] outDistances, long[] outIds) {
        int n = size;
        if (outDistances.length < n || outIds.length < n) {
            throw new RvfException(ErrorCode.BUFFER_TOO_SMALL, "need " + n + " result slots");
        }
        for (int i = n - 1; i >= 0; i--) { // pop the worst into the last free slot
            outDistances[i] = FloatOrder.fromSortable(keys[0]);
            outIds[i] = ids[0];
            size--;
            if (size > 0) {
                siftDown(0, keys[size], ids[size]);
            }
        }
        return n;
    }

    /**
     * Merges several result lists, each sorted nearest first, into the k best overall (nearest first, same tie
     * rule). List j is {@code distances[j][0 .. counts[j])} with {@code ids[j]}. Returns the number written.
     */
    public static int mergeSorted(int k, float[][] distances, long[][] ids, int[] counts,
                                  float[] outDistances, long[] outIds) {
        if (k < 0 || distances.length != ids.length || distances.length != counts.length) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "mismatched merge inputs");
        }
        int lists = distances.length;
        for (int j = 0; j < lists; j++) {
            if (counts[j] < 0 || counts[j] > distances[j].length || counts[j] > ids[j].length) {
                throw new RvfException(ErrorCode.INVALID_ARGUMENT, "list " + j + " count out of range");
            }
        }
        int[] pos = new int[lists];
        int written = 0;
        while (written < k) {
            int best = -1;
            int bestKey = 0;
            long bestId = 0;
            for (int j = 0; j < lists; j++) {
                if (pos[j] < counts[j]) {
                    int key = FloatOrder.sortable(distances[j][pos[j]]);
                    long id = ids[j][pos[j]];
                    if (best < 0 || worse(bestKey, bestId, key, id)) {
                        best = j;
                        bestKey = key;
                        bestId = id;
                    }
                }
            }
            if (best < 0) {
                break;
            }
            if (written >= outDistances.length || written >= outIds.length) {
                throw new RvfException(ErrorCode.BUFFER_TOO_SMALL, "merge output too small");
            }
            outDistances[written] = distances[best][pos[best]];
            outIds[written] = bestId;
            pos[best]++;
            written++;
        }
        return written;
    }

    /** True when (keyA, idA) ranks after (keyB, idB). */
    private static boolean worse(int keyA, long idA, int keyB, long idB) {
        return keyA > keyB || (keyA == keyB && (idA ^ Long.MIN_VALUE) > (idB ^ Long.MIN_VALUE));
    }

    private void siftUp(int pos, int key, long id) {
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (!worse(key, id, keys[parent], ids[parent])) {
                break;
            }
            keys[pos] = keys[parent];
            ids[pos] = ids[parent];
            pos = parent;
        }
        keys[pos] = key;
        ids[pos] = id;
    }

    private void siftDown(int pos, int key, long id) {
        int half = size >>> 1;
        while (pos < half) {
            int child = 2 * pos + 1;
            int right = child + 1;
            if (right < size && worse(keys[right], ids[right], keys[child], ids[child])) {
                child = right;
            }
            if (!worse(keys[child], ids[child], key, id)) {
                break;
            }
            keys[pos] = keys[child];
            ids[pos] = ids[child];
            pos = child;
        }
        keys[pos] = key;
        ids[pos] = id;
    }
}
