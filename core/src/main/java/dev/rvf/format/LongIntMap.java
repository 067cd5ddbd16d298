package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

/** A small open-addressing map from u64 ids to non-negative ints, without boxing. Not thread-safe. */
final class LongIntMap {
    private static final int ABSENT = -1;
    private static final int MAX_CAPACITY = 1 << 30;

    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    LongIntMap(int expected) {
        int cap = 16;
        while (cap < MAX_CAPACITY && cap * 3L / 4 < expected) {
            cap <<= 1;
        }
        alloc(cap);
    }

    private void alloc(int cap) {
        keys = new long[cap];
        values = new int[cap];
        java.util.Arrays.fill(values, ABSENT);
        mask = cap - 1;
    }

    private static int hash(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        return (int) k;
    }

    int size() {
        return size;
    }

    /** The value for {@code key}, or -1. */
    int get(long key) {
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            int v = values[i];
            if (v == ABSENT) {
                return ABSENT;
            }
            if (keys[i] == key) {
                return v;
            }
        }
    }

    boolean contains(long key) {
        return get(key) != ABSENT;
    }

    /** Sets {@code key} to {@code value} (>= 0); returns the previous value or -1. */
    int put(long key, int value) {
        if (value < 0) {
            throw new RvfException(ErrorCode.INTERNAL, "negative map value");
        }
        if ((size + 1) > (mask + 1) * 3L / 4) {
            grow();
        }
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            int v = values[i];
            if (v == ABSENT) {
                keys[i] = key;
                values[i] = value;
                size++;
                return ABSENT;
            }
            if (keys[i] == key) {
                values[i] = value;
                return v;
            }
        }
    }

    /** Every key, in slot order. */
    long[] keys() {
        long[] out = new long[size];
        int k = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != ABSENT) {
                out[k++] = keys[i];
            }
        }
        return out;
    }

    private void grow() {
        if (mask + 1 >= MAX_CAPACITY) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "too many ids");
        }
        long[] oldKeys = keys;
        int[] oldValues = values;
        alloc((mask + 1) * 2);
        size = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != ABSENT) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
