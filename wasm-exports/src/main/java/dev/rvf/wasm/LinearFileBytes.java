package dev.rvf.wasm;

import dev.rvf.format.Crc32;
import dev.rvf.format.FileBytes;
import org.teavm.interop.Address;

/**
 * A file in a linear-memory block the module adopted from JS ({@code rvf_open} with the adopt flag): the store parses
 * it and reads its records in place instead of copying the whole file into a Java {@code byte[]}, and frees the
 * block when it no longer needs it ({@link #release}). Ranges are checked by the format code before any read.
 */
final class LinearFileBytes extends FileBytes {
    private final LinearHeap.Adopted block;
    private final int start;
    private final int length;

    LinearFileBytes(LinearHeap.Adopted block, int length) {
        this.block = block;
        this.start = block.start;
        this.length = length;
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
    public void release() {
        block.release();
    }
}
