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

    static void readBytes(int ptr, byte[] dst, int dstOff, int n) {
        Address at = Address.fromInt(ptr);
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = at.add(i).getByte();
        }
    }

    static void writeBytes(byte[] src, int srcOff, int ptr, int n) {
        Address at = Address.fromInt(ptr);
        for (int i = 0; i < n; i++) {
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
