package dev.rvf.wasm;

import org.teavm.interop.Address;

/**
 * Copies between linear memory and Java arrays (which live in the engine's GC heap, out of reach of JS).
 * Element by element: Wasm has no bulk copy between memory and GC arrays. Callers have checked every range
 * with {@link Args#range} first; these methods check nothing.
 */
final class Memory {
    private Memory() {
    }

    static void readFloats(int ptr, float[] dst, int dstOff, int n) {
        Address at = Address.fromInt(ptr);
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = at.getFloat();
            at = at.add(4);
        }
    }

    static void writeFloats(float[] src, int srcOff, int ptr, int n) {
        Address at = Address.fromInt(ptr);
        for (int i = 0; i < n; i++) {
            at.putFloat(src[srcOff + i]);
            at = at.add(4);
        }
    }

    static void readShorts(int ptr, short[] dst, int dstOff, int n) {
        Address at = Address.fromInt(ptr);
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = at.getShort();
            at = at.add(2);
        }
    }

    static void readLongs(int ptr, long[] dst, int dstOff, int n) {
        Address at = Address.fromInt(ptr);
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = at.getLong();
            at = at.add(8);
        }
    }

    static void writeLongs(long[] src, int srcOff, int ptr, int n) {
        Address at = Address.fromInt(ptr);
        for (int i = 0; i < n; i++) {
            at.putLong(src[srcOff + i]);
            at = at.add(8);
        }
    }

    /** Eight bytes per memory load (one 8-byte load instead of eight: whole files come through here). */
    static void readBytes(int ptr, byte[] dst, int dstOff, int n) {
        Address at = Address.fromInt(ptr);
        int i = 0;
        for (int end8 = n & ~7; i < end8; i += 8) {
            long v = at.add(i).getLong();
            int o = dstOff + i;
            dst[o] = (byte) v;
            dst[o + 1] = (byte) (v >>> 8);
            dst[o + 2] = (byte) (v >>> 16);
            dst[o + 3] = (byte) (v >>> 24);
            dst[o + 4] = (byte) (v >>> 32);
            dst[o + 5] = (byte) (v >>> 40);
            dst[o + 6] = (byte) (v >>> 48);
            dst[o + 7] = (byte) (v >>> 56);
        }
        for (; i < n; i++) {
            dst[dstOff + i] = at.add(i).getByte();
        }
    }

    /** Eight bytes per memory store, as {@link #readBytes}. */
    static void writeBytes(byte[] src, int srcOff, int ptr, int n) {
        Address at = Address.fromInt(ptr);
        int i = 0;
        for (int end8 = n & ~7; i < end8; i += 8) {
            int o = srcOff + i;
            long v = (src[o] & 0xFFL) | (src[o + 1] & 0xFFL) << 8 | (src[o + 2] & 0xFFL) << 16
                    | (src[o + 3] & 0xFFL) << 24 | (src[o + 4] & 0xFFL) << 32 | (src[o + 5] & 0xFFL) << 40
                    | (src[o + 6] & 0xFFL) << 48 | (long) src[o + 7] << 56;
            at.add(i).putLong(v);
        }
        for (; i < n; i++) {
            at.add(i).putByte(src[srcOff + i]);
        }
    }

    static int getByte(int ptr) {
        return Address.fromInt(ptr).getByte() & 0xFF;
    }

    static int getShort(int ptr) {
        return Address.fromInt(ptr).getShort() & 0xFFFF;
    }

    static int getInt(int ptr) {
        return Address.fromInt(ptr).getInt();
    }

    static void putFloat(int ptr, float value) {
        Address.fromInt(ptr).putFloat(value);
    }

    static void putInt(int ptr, int value) {
        Address.fromInt(ptr).putInt(value);
    }

    static void putLong(int ptr, long value) {
        Address.fromInt(ptr).putLong(value);
    }
}
