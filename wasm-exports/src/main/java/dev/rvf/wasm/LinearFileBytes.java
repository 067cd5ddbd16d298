package dev.rvf.wasm;

import dev.rvf.format.Crc32;
import dev.rvf.format.FileBytes;
import org.teavm.interop.Address;

/**
 * A file in linear memory, read in place instead of being copied into a Java {@code byte[]}: either a block the
 * module adopted from JS ({@code rvf_open} with the adopt flag; freed once the store's log and its vector storage,
 * which reads the VEC records in place, have both {@link #release released} it), or a view of a caller's block for the length of one call ({@code parse_manifest}). Ranges are
 * checked by the format code before any read.
 */
final class LinearFileBytes extends FileBytes {
    /** The adopted block, or null for a view. */
    private final LinearHeap.Adopted block;
    private final int start;
    private final int length;
    /** The store's log plus each vector storage reading records in place; the block is freed at zero. */
    private int owners = 1;

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

    /** Eight bytes per load; the slicing-by-8 step of {@link Crc32#update}, inline (see {@link Crc32#tables}). */
    @Override
    public int crc32(int crc, int offset, int len) {
        int c = ~crc;
        int p = start + offset;
        int end = p + len;
        int[] t = Crc32.tables();
        for (int end8 = end - 7; p < end8; p += 8) {
            long v = Address.fromInt(p).getLong();
            int x = c ^ (int) v;
            int h = (int) (v >>> 32);
            c = t[0x700 + (x & 0xFF)] ^ t[0x600 + ((x >>> 8) & 0xFF)] ^ t[0x500 + ((x >>> 16) & 0xFF)]
                    ^ t[0x400 + (x >>> 24)] ^ t[0x300 + (h & 0xFF)] ^ t[0x200 + ((h >>> 8) & 0xFF)]
                    ^ t[0x100 + ((h >>> 16) & 0xFF)] ^ t[h >>> 24];
        }
        for (; p < end; p++) {
            c = Crc32.step1(c, Address.fromInt(p).getByte());
        }
        return ~c;
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
