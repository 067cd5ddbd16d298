package dev.rvf.wasm;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import dev.rvf.format.Crc32;
import dev.rvf.format.FileBytes;
import org.teavm.interop.Address;
import org.teavm.runtime.heap.Heap;

/**
 * A file in linear memory, read in place instead of being copied into a Java {@code byte[]}: either a block the
 * module adopted from JS ({@code rvf_open} with the adopt flag; freed once the store's log, its vector storage,
 * which reads the VEC records in place, and its graph, which reads level 0 of the INDEX in place, have all
 * {@link #release released} it), or a view of a caller's block for the length of one call ({@code parse_manifest}).
 * Ranges are checked by the format code before any read.
 */
final class LinearFileBytes extends FileBytes {
    /** The adopted block, or null for a view. */
    private final LinearHeap.Adopted block;
    private final int start;
    private final int length;
    /** The store's log plus each vector storage and graph reading it in place; the block is freed at zero. */
    private int owners = 1;
    /** Address of the CRC tables in linear memory; 0 until {@link #crcTables} first runs. */
    private static int crcTables;

    private LinearFileBytes(LinearHeap.Adopted block, int start, int length) {
        this.block = block;
        this.start = start;
        this.length = length;
    }

    /** The first {@code length} bytes of an adopted block, freed by {@link #release}. */
    static LinearFileBytes adopted(LinearHeap.Adopted block, int length) {
        return new LinearFileBytes(block, block.start, length);
    }

    /** {@code [ptr, ptr + length)} of a block the caller keeps ({@link #release} does nothing). */
    static LinearFileBytes view(int ptr, int length) {
        return new LinearFileBytes(null, ptr, length);
    }

    /** Whether the module owns the block (adopted), so that it outlives the call that handed it over. */
    boolean adopted() {
        return block != null;
    }

    /** The linear-memory address of file offset {@code offset}. */
    int address(int offset) {
        return start + offset;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public byte get(int offset) {
        return Address.fromInt(start + offset).getByte();
    }

    @Override
    public int i32(int offset) {
        return Address.fromInt(start + offset).getInt();
    }

    @Override
    public long i64(int offset) {
        return Address.fromInt(start + offset).getLong();
    }

    @Override
    public void copy(int offset, byte[] dst, int dstOff, int len) {
        Memory.readBytes(start + offset, dst, dstOff, len);
    }

    @Override
    public void floats(int offset, float[] dst, int dstOff, int count) {
        Memory.readFloats(start + offset, dst, dstOff, count);
    }

    /**
     * {@link Crc32#update} in two chains: the two halves of a large range are hashed side by side and then
     * {@link Crc32#combine combined}, as one chain's next step waits on its table lookups and two independent ones
     * fill those gaps; the slicing tables are read from linear memory (a plain load; in a Java array each lookup is
     * a bounds-checked GC array read). Hashing a 160 MB file at open: 107 ms with one chain and Java tables, 74 ms
     * so (Node 24; four chains were slower: TeaVM left their step a call).
     */
    @Override
    public int crc32(int crc, int offset, int len) {
        if (len < 1 << 16) { // the combination costs about a microsecond
            return crc32Chain(crc, start + offset, len);
        }
        int half = (len >>> 1) & -8;
        chainA = ~crc;
        chainB = ~0;
        int pa = start + offset;
        int pb = pa + half;
        for (int done = 0; done < half; done += CHUNK) {
            int n = Math.min(CHUNK, half - done);
            twoChains(pa + done, pb + done, n);
        }
        int rest = len - 2 * half; // second-half bytes past the interleaved part
        return Crc32.combine(~chainA, crc32Chain(~chainB, pb + half, rest), half + rest);
    }

    /**
     * Bytes per call of {@link #twoChains}: V8 runs a Wasm function in its baseline tier until it has run enough to
     * be optimized, and a call already running stays where it is, so one call over a whole file would hash all of
     * it in the baseline code; calls of 1 MiB switch to the optimized code a few calls in.
     */
    private static final int CHUNK = 1 << 20;
    /** The two running states of {@link #twoChains} (module single-threaded). */
    private static int chainA;
    private static int chainB;

    /**
     * Advances {@link #chainA} over {@code [pa, pa+n)} and {@link #chainB} over {@code [pb, pb+n)}, n % 8 == 0. The
     * eight-lookup step is written out for each chain (and in {@link #crc32Chain}): as a method TeaVM leaves it a
     * call, which measured slower than one chain.
     */
    private static void twoChains(int pa, int pb, int n) {
        int t = crcTables();
        int a = chainA;
        int b = chainB;
        for (int endA = pa + n; pa < endA; pa += 8, pb += 8) {
            long va = Address.fromInt(pa).getLong();
            long vb = Address.fromInt(pb).getLong();
            int xa = a ^ (int) va;
            int ha = (int) (va >>> 32);
            int xb = b ^ (int) vb;
            int hb = (int) (vb >>> 32);
            a = entry(t, 7, xa & 0xFF) ^ entry(t, 6, (xa >>> 8) & 0xFF) ^ entry(t, 5, (xa >>> 16) & 0xFF)
                    ^ entry(t, 4, xa >>> 24) ^ entry(t, 3, ha & 0xFF) ^ entry(t, 2, (ha >>> 8) & 0xFF)
                    ^ entry(t, 1, (ha >>> 16) & 0xFF) ^ entry(t, 0, ha >>> 24);
            b = entry(t, 7, xb & 0xFF) ^ entry(t, 6, (xb >>> 8) & 0xFF) ^ entry(t, 5, (xb >>> 16) & 0xFF)
                    ^ entry(t, 4, xb >>> 24) ^ entry(t, 3, hb & 0xFF) ^ entry(t, 2, (hb >>> 8) & 0xFF)
                    ^ entry(t, 1, (hb >>> 16) & 0xFF) ^ entry(t, 0, hb >>> 24);
        }
        chainA = a;
        chainB = b;
    }

    /** One chain: the slicing-by-8 step of {@link Crc32#update}, eight bytes per load. */
    private static int crc32Chain(int crc, int p, int len) {
        int t = crcTables();
        int c = ~crc;
        int end = p + len;
        for (int end8 = end - 7; p < end8; p += 8) {
            long v = Address.fromInt(p).getLong();
            int x = c ^ (int) v;
            int h = (int) (v >>> 32);
            c = entry(t, 7, x & 0xFF) ^ entry(t, 6, (x >>> 8) & 0xFF) ^ entry(t, 5, (x >>> 16) & 0xFF)
                    ^ entry(t, 4, x >>> 24) ^ entry(t, 3, h & 0xFF) ^ entry(t, 2, (h >>> 8) & 0xFF)
                    ^ entry(t, 1, (h >>> 16) & 0xFF) ^ entry(t, 0, h >>> 24);
        }
        for (; p < end; p++) {
            c = Crc32.step1(c, Address.fromInt(p).getByte());
        }
        return ~c;
    }

    /** Entry {@code b} of slicing table {@code k}, the tables being at {@code tables}. */
    private static int entry(int tables, int k, int b) {
        return Address.fromInt(tables + ((k << 8) + b) * 4).getInt();
    }

    /** The linear-memory copy of {@link Crc32#tables}, made on first use and kept (8 KiB). */
    private static int crcTables() {
        if (crcTables == 0) {
            int[] tables = Crc32.tables();
            int at = Heap.alloc(tables.length * 4).toInt();
            if (at == 0) {
                throw new RvfException(ErrorCode.OUT_OF_MEMORY, "no room for the CRC tables");
            }
            for (int i = 0; i < tables.length; i++) {
                Address.fromInt(at + 4 * i).putInt(tables[i]);
            }
            crcTables = at;
        }
        return crcTables;
    }

    /** Three-byte values are read as four-byte loads masked, the last one byte by byte (it may end the block). */
    @Override
    public void uints(int offset, int width, int[] dst, int dstOff, int count) {
        int p = start + offset;
        if (width == 4) {
            for (int i = 0; i < count; i++, p += 4) {
                dst[dstOff + i] = Address.fromInt(p).getInt();
            }
        } else if (width == 3 && count > 0) {
            for (int i = 0, end = dstOff + count - 1; dstOff + i < end; i++, p += 3) {
                dst[dstOff + i] = Address.fromInt(p).getInt() & 0xFFFFFF;
            }
            dst[dstOff + count - 1] = (Address.fromInt(p).getByte() & 0xFF)
                    | (Address.fromInt(p + 1).getByte() & 0xFF) << 8 | (Address.fromInt(p + 2).getByte() & 0xFF) << 16;
        } else {
            super.uints(offset, width, dst, dstOff, count);
        }
    }

    @Override
    public void retain() {
        owners++;
    }

    @Override
    public void release() {
        if (--owners == 0 && block != null) {
            block.release();
        }
    }
}
