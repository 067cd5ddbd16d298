package dev.rvf.wasm;

import java.util.Arrays;

/**
 * The live blocks handed out by {@code rvf_alloc}, so every pointer argument can be checked before the module
 * touches memory.
 *
 * <p>Blocks are kept sorted by start address in parallel primitive arrays: a containment check is a binary
 * search (O(log n)); adding or removing shifts the tail (O(n) {@code arraycopy}), which is cheap for the
 * number of buffers a caller keeps alive at once. Each block also remembers its {@code base}: the allocator's
 * own pointer, which differs from {@code start} when the start was rounded up for alignment.
 *
 * <p>Pure Java (no TeaVM types) so it is unit-tested on the JVM.
 */
public final class BlockRegistry {
    private final long maxTotalBytes;
    private final int maxBlocks;

    private int[] starts = new int[16];
    private int[] sizes = new int[16];
    private int[] bases = new int[16];
    /** Held by the module (a store reads a file there): counted in the caps, refused as a pointer or to remove. */
    private boolean[] pinned = new boolean[16];
    private int count;
    private long totalBytes;

    /**
     * @param maxTotalBytes cap on the sum of the sizes of all live blocks
     * @param maxBlocks     cap on the number of live blocks
     */
    public BlockRegistry(long maxTotalBytes, int maxBlocks) {
        if (maxTotalBytes <= 0 || maxBlocks <= 0) {
            throw new IllegalArgumentException("caps must be positive");
        }
        this.maxTotalBytes = maxTotalBytes;
        this.maxBlocks = maxBlocks;
    }

    /** Whether one more block of {@code size} bytes stays within both caps. */
    public boolean fits(int size) {
        return size > 0 && count < maxBlocks && totalBytes + size <= maxTotalBytes;
    }

    /**
     * Records a live block {@code [start, start + size)} whose allocator pointer is {@code base}.
     *
     * @throws IllegalArgumentException if the block does not fit the caps or overlaps a live block (both are
     *                                  bugs in the caller: the allocator never returns overlapping blocks)
     */
    public void add(int start, int size, int base) {
        if (start < 0 || !fits(size) || (long) start + size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("block [" + start + ", +" + size + ") rejected");
        }
        int at = floorIndex(start);
        boolean overlapsPrevious = at >= 0 && (long) starts[at] + sizes[at] > start;
        boolean overlapsNext = at + 1 < count && starts[at + 1] < start + size;
        if (overlapsPrevious || overlapsNext) {
            throw new IllegalArgumentException("block [" + start + ", +" + size + ") overlaps a live block");
        }
        if (count == starts.length) {
            int capacity = count * 2;
            starts = Arrays.copyOf(starts, capacity);
            sizes = Arrays.copyOf(sizes, capacity);
            bases = Arrays.copyOf(bases, capacity);
            pinned = Arrays.copyOf(pinned, capacity);
        }
        int insertAt = at + 1;
        int tail = count - insertAt;
        System.arraycopy(starts, insertAt, starts, insertAt + 1, tail);
        System.arraycopy(sizes, insertAt, sizes, insertAt + 1, tail);
        System.arraycopy(bases, insertAt, bases, insertAt + 1, tail);
        System.arraycopy(pinned, insertAt, pinned, insertAt + 1, tail);
        starts[insertAt] = start;
        sizes[insertAt] = size;
        bases[insertAt] = base;
        pinned[insertAt] = false;
        count++;
        totalBytes += size;
    }

    /**
     * Forgets the live, unpinned block that starts exactly at {@code start}.
     *
     * @return the block's allocator pointer, or -1 if no such block starts there (never allocated, already
     *         freed, an interior pointer, or pinned)
     */
    public int remove(int start) {
        int at = indexOf(start, false);
        return at < 0 ? -1 : removeAt(at);
    }

    /**
     * Pins the live block that starts exactly at {@code start}: it stays counted in the caps, but {@link #remove}
     * and {@link #contains} refuse it until {@link #unpin} or {@link #removePinned}.
     *
     * @return the block's size, or -1 if no live unpinned block starts there
     */
    public int pin(int start) {
        int at = indexOf(start, false);
        if (at < 0) {
            return -1;
        }
        pinned[at] = true;
        return sizes[at];
    }

    /** Makes a pinned block an ordinary live block again; false if no pinned block starts at {@code start}. */
    public boolean unpin(int start) {
        int at = indexOf(start, true);
        if (at >= 0) {
            pinned[at] = false;
        }
        return at >= 0;
    }

    /** {@link #remove} for a pinned block: its allocator pointer, or -1 if no pinned block starts there. */
    public int removePinned(int start) {
        int at = indexOf(start, true);
        return at < 0 ? -1 : removeAt(at);
    }

    /** Index of the block that starts exactly at {@code start} and is (not) pinned, or -1. */
    private int indexOf(int start, boolean isPinned) {
        int at = floorIndex(start);
        return at >= 0 && starts[at] == start && pinned[at] == isPinned ? at : -1;
    }

    private int removeAt(int at) {
        int base = bases[at];
        totalBytes -= sizes[at];
        int tail = count - at - 1;
        System.arraycopy(starts, at + 1, starts, at, tail);
        System.arraycopy(sizes, at + 1, sizes, at, tail);
        System.arraycopy(bases, at + 1, bases, at, tail);
        System.arraycopy(pinned, at + 1, pinned, at, tail);
        count--;
        return base;
    }

    /** Whether {@code [ptr, ptr + length)} lies entirely inside one live, unpinned block. */
    public boolean contains(int ptr, long length) {
        if (ptr < 0 || length < 0) {
            return false;
        }
        int at = floorIndex(ptr);
        // Compared as "length fits in what is left", so no length (even Long.MAX_VALUE) can overflow the sum.
        return at >= 0 && !pinned[at] && length <= (long) starts[at] + sizes[at] - ptr;
    }

    /** Number of live blocks, pinned ones included. */
    public int count() {
        return count;
    }

    /** Sum of the sizes of the live blocks. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Index of the live block with the greatest start {@code <= address}, or -1. */
    private int floorIndex(int address) {
        int low = 0;
        int high = count - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (starts[mid] <= address) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return low - 1;
    }
}
