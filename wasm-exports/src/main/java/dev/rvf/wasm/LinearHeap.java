package dev.rvf.wasm;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import org.teavm.interop.Address;
import org.teavm.runtime.heap.Heap;

/**
 * Linear-memory blocks for the ABI: TeaVM's allocator ({@link Heap}) plus a {@link BlockRegistry} of the blocks
 * handed out, so that a pointer from JS is checked before it is freed or read.
 *
 * <p>Caps: a single block and the sum of live blocks are limited to {@link #MAX_TOTAL_BYTES} (1 GiB), at most
 * {@link #MAX_LIVE_BLOCKS} blocks. {@code Heap} 0.15.0 overflows its int arithmetic near 2 GiB; staying at
 * 1 GiB (plus allocator overhead) keeps every size it computes far from that.
 *
 * <p>Alignment: {@code Heap} returns 4-byte aligned blocks; JS wants 8-byte alignment for Float64Array and
 * BigInt64Array views, so each block is over-allocated by 7 bytes and its start rounded up to 8.
 */
final class LinearHeap {
    static final int MAX_TOTAL_BYTES = 1 << 30;
    static final int MAX_LIVE_BLOCKS = 1 << 20;
    static final int ALIGNMENT = 8;

    private static final BlockRegistry BLOCKS = new BlockRegistry(MAX_TOTAL_BYTES, MAX_LIVE_BLOCKS);

    private LinearHeap() {
    }

    /** An 8-byte aligned block of {@code size} bytes, or a negative {@link ErrorCode} number. */
    static int alloc(int size) {
        if (size <= 0) {
            return LastError.fail(ErrorCode.INVALID_ARGUMENT, "rvf_alloc: size " + size + " is not positive");
        }
        if (size > MAX_TOTAL_BYTES) {
            return LastError.fail(ErrorCode.OUT_OF_MEMORY,
                    "rvf_alloc: size " + size + " exceeds the block cap of " + MAX_TOTAL_BYTES + " bytes");
        }
        if (!BLOCKS.fits(size)) {
            return LastError.fail(ErrorCode.OUT_OF_MEMORY, "rvf_alloc: " + size + " more bytes would exceed the cap ("
                    + BLOCKS.totalBytes() + " bytes in " + BLOCKS.count() + " live blocks)");
        }
        int base = Heap.alloc(size + ALIGNMENT - 1).toInt();
        if (base == 0) {
            return LastError.fail(ErrorCode.OUT_OF_MEMORY, "rvf_alloc: the allocator could not provide " + size
                    + " bytes");
        }
        int start = (base + ALIGNMENT - 1) & -ALIGNMENT;
        BLOCKS.add(start, size, base);
        return start;
    }

    /**
     * A block the module keeps for itself (a vector storage's rows): counted in the caps like any block, refused by
     * {@code rvf_free}, freed by {@link Adopted#release}. OUT_OF_MEMORY when it does not fit.
     */
    static Adopted allocPinned(int size) {
        int ptr = alloc(size);
        if (ptr < 0) {
            throw new RvfException(ErrorCode.OUT_OF_MEMORY, "no room for " + size + " more bytes of vectors ("
                    + BLOCKS.totalBytes() + " bytes in " + BLOCKS.count() + " live blocks)");
        }
        return adopt(ptr);
    }

    /** Releases a block returned by {@link #alloc}; 0, or {@code BAD_POINTER} for anything else. */
    static int free(int ptr) {
        int base = BLOCKS.remove(ptr);
        if (base == -1) {
            return LastError.fail(ErrorCode.BAD_POINTER, "rvf_free: " + ptr + " is not the start of a live block");
        }
        Heap.release(Address.fromInt(base));
        return 0;
    }

    /**
     * Takes the block that starts at {@code ptr} away from JS (a store keeps a file there): from now on
     * {@code rvf_free} and every pointer check refuse it, and only {@link Adopted#release} frees it (or
     * {@link Adopted#giveBack} returns it to JS). It stays counted in the caps and in {@link #liveBlocks}.
     *
     * @return the block, or null if no live block of JS's starts at {@code ptr}
     */
    static Adopted adopt(int ptr) {
        int size = BLOCKS.pin(ptr);
        return size < 0 ? null : new Adopted(ptr, size);
    }

    /** A block {@link #adopt adopted} by the module. */
    static final class Adopted {
        final int start;
        final int size;
        /** Released or given back: the address may belong to another block by now. */
        private boolean done;

        private Adopted(int start, int size) {
            this.start = start;
            this.size = size;
        }

        /** Frees the block; later calls do nothing. */
        void release() {
            if (!done) {
                done = true;
                Heap.release(Address.fromInt(BLOCKS.removePinned(start)));
            }
        }

        /** Hands the block back to JS (its store failed to open); later calls do nothing. */
        void giveBack() {
            if (!done) {
                done = true;
                BLOCKS.unpin(start);
            }
        }
    }

    /** Whether {@code [ptr, ptr + length)} lies inside one live block of JS's (not an adopted one). */
    static boolean contains(int ptr, long length) {
        return BLOCKS.contains(ptr, length);
    }

    /** Number of live blocks (allocated, handed to JS by an export, or adopted, and not freed yet). */
    static int liveBlocks() {
        return BLOCKS.count();
    }
}
