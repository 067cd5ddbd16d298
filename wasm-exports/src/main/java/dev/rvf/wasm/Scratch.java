package dev.rvf.wasm;

import dev.rvf.kernels.TopK;

/**
 * Reusable Java arrays that exports copy their operands into before calling the core kernels. Each slot grows to
 * the largest size asked for and is kept, so a steady stream of calls allocates nothing. Sizes are bounded by
 * the callers (a chunk of a tile, one vector of at most {@link Args#MAX_DIM} elements, k at most
 * {@link Args#MAX_K}), never by an unchecked argument. Single-threaded, like the module.
 */
final class Scratch {
    /** Floats per chunk when a tile is streamed through the kernels (16 KiB, in L1; 64 KiB was no faster). */
    static final int CHUNK_FLOATS = 4 * 1024;

    static final int QUERY = 0;
    static final int BLOCK = 1;
    static final int RESULT = 2;
    static final int EXTRA = 3;

    private static final float[][] FLOATS = {new float[0], new float[0], new float[0], new float[0]};
    private static final long[][] LONGS = {new long[0], new long[0], new long[0]};
    private static short[] shorts = new short[0];
    private static byte[] bytes = new byte[0];
    private static int[] ints = new int[0];
    private static TopK topK;

    private Scratch() {
    }

    /** Whole vectors per chunk: as many as fit in {@link #CHUNK_FLOATS}, at least one. */
    static int rowsPerChunk(int dim) {
        return Math.max(1, CHUNK_FLOATS / dim);
    }

    static float[] floats(int slot, int n) {
        if (FLOATS[slot].length < n) {
            FLOATS[slot] = new float[grown(FLOATS[slot].length, n)];
        }
        return FLOATS[slot];
    }

    static long[] longs(int slot, int n) {
        if (LONGS[slot].length < n) {
            LONGS[slot] = new long[grown(LONGS[slot].length, n)];
        }
        return LONGS[slot];
    }

    static short[] shorts(int n) {
        if (shorts.length < n) {
            shorts = new short[grown(shorts.length, n)];
        }
        return shorts;
    }

    static byte[] bytes(int n) {
        if (bytes.length < n) {
            bytes = new byte[grown(bytes.length, n)];
        }
        return bytes;
    }

    static int[] ints(int n) {
        if (ints.length < n) {
            ints = new int[grown(ints.length, n)];
        }
        return ints;
    }

    /** An empty TopK of capacity {@code k}, reused while callers keep asking for the same k. */
    static TopK topK(int k) {
        if (topK == null || topK.capacity() != k) {
            topK = new TopK(k);
        } else {
            topK.clear();
        }
        return topK;
    }

    /** Doubling (capped at what int can index) so that slowly increasing sizes do not reallocate every call. */
    private static int grown(int current, int needed) {
        long doubled = Math.min(2L * current, Integer.MAX_VALUE - 16);
        return (int) Math.max(needed, doubled);
    }
}
