package dev.rvf.wasm;

import dev.rvf.ErrorCode;
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
    /** Blocks taken over by the module ({@link #adopt}): out of JS's reach, but still within the caps. */
    private static long adoptedBytes;
    private static int adoptedBlocks;

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
        if (!BLOCKS.fits(size) || BLOCKS.totalBytes() + adoptedBytes + size > MAX_TOTAL_BYTES
                || BLOCKS.count() + adoptedBlocks >= MAX_LIVE_BLOCKS) {
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
     * Takes the block that starts at {@code ptr} away from JS for good (a store keeps a file there): from now on
     * {@code rvf_free} and every pointer check refuse it, and only {@link Adopted#release} frees it.
     *
     * @return the block, or null if no live block starts at {@code ptr}
     */
    static Adopted adopt(int ptr) {
        int size = BLOCKS.sizeAt(ptr);
        if (size < 0) {
            return null;
        }
        int base = BLOCKS.remove(ptr);
        adoptedBytes += size;
        adoptedBlocks++;
        return new Adopted(ptr, size, base);
    }

    /** Hands a block {@link #adopt adopted} but not kept (its store failed to open) back to JS. */
    static void giveBack(Adopted block) {
        if (block.base != 0) {
            BLOCKS.add(block.start, block.size, block.base);
            adoptedBytes -= block.size;
            adoptedBlocks--;
            block.base = 0;
        }
    }

    /** A block {@link #adopt adopted} by the module. */
    static final class Adopted {
        final int start;
        final int size;
        private int base;

        Adopted(int start, int size, int base) {
            this.start = start;
            this.size = size;
            this.base = base;
        }

        /** Frees the block; later calls do nothing. */
        void release() {
            if (base != 0) {
                Heap.release(Address.fromInt(base));
                base = 0;
                adoptedBytes -= size;
                adoptedBlocks--;
            }
        }
    }

    /** Whether {@code [ptr, ptr + length)} lies inside one live block. */
    static boolean contains(int ptr, long length) {
        return BLOCKS.contains(ptr, length);
    }

    /** Number of live blocks (allocated, handed to JS by an export, or adopted, and not freed yet). */
    static int liveBlocks() {
        return BLOCKS.count() + adoptedBlocks;
    }
}
