package dev.rvf.util;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

import java.util.Arrays;

/**
 * Maps u64 ids to non-negative ints without boxing: open addressing with linear probing and
 * backward-shift deletion. Any long is a valid key (ids are unsigned 64-bit, stored as long bits).
 *
 * <p>Ids come from files, so the hash is keyed with a random per-process seed: a hostile file cannot choose ids that
 * all land in one probe run (with a fixed hash, 60,000 chosen ids took seconds and a few MB of them minutes).
 * Nothing depends on the slot order ({@link #keys()} callers sort or count).
 */
public final class LongIntMap {
    private static final int MAX_CAPACITY = 1 << 30;
    private static final long SEED = new java.util.Random().nextLong();

    private long[] keys;
    /** value + 1; 0 marks an empty slot. */
    private int[] values;
    private int size;
    private int mask;

    public LongIntMap(int expected) {
        int capacity = 16;
        while (capacity < MAX_CAPACITY && capacity * 3 / 4 < expected) {
            capacity <<= 1;
        }
        keys = new long[capacity];
        values = new int[capacity];
        mask = capacity - 1;
    }

    public int size() {
        return size;
    }

    /** The value of {@code id}, or -1. */
    public int get(long id) {
        int slot = slot(id);
        while (values[slot] != 0) {
            if (keys[slot] == id) {
                return values[slot] - 1;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    public boolean contains(long id) {
        return get(id) >= 0;
    }

    /** Maps {@code id} to {@code ordinal} (>= 0); returns the previous value or -1. */
    public int put(long id, int ordinal) {
        if (ordinal < 0) {
            throw new RvfException(ErrorCode.INTERNAL, "negative map value");
        }
        if ((size + 1) * 4L > keys.length * 3L) {
            grow();
        }
        int slot = slot(id);
        while (values[slot] != 0) {
            if (keys[slot] == id) {
                int old = values[slot] - 1;
                values[slot] = ordinal + 1;
                return old;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = id;
        values[slot] = ordinal + 1;
        size++;
        return -1;
    }

    /** Removes {@code id}; returns its value or -1. */
    public int remove(long id) {
        int slot = slot(id);
        while (values[slot] != 0) {
            if (keys[slot] == id) {
                int old = values[slot] - 1;
                shiftBack(slot);
                size--;
                return old;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    /** Every key, in slot order. */
    public long[] keys() {
        long[] out = new long[size];
        int k = 0;
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != 0) {
                out[k++] = keys[i];
            }
        }
        return out;
    }

    public void clear() {
        Arrays.fill(values, 0);
        size = 0;
    }

    /** Closes the gap at {@code hole} so every remaining key stays reachable from its home slot. */
    private void shiftBack(int hole) {
        int next = (hole + 1) & mask;
        while (values[next] != 0) {
            int home = slot(keys[next]);
            // move the entry back if its home is not in (hole, next] (cyclically)
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                keys[hole] = keys[next];
                values[hole] = values[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        values[hole] = 0;
    }

    private void grow() {
        if (keys.length >= MAX_CAPACITY) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "more than " + (MAX_CAPACITY / 4 * 3) + " ids");
        }
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != 0) {
                put(oldKeys[i], oldValues[i] - 1);
            }
        }
    }

    private int slot(long id) {
        return (int) hash(id) & mask;
    }

    /** The keyed hash of a value (murmur3's 64-bit finaliser of value ^ seed); also used for other id-keyed tables. */
    public static long hash(long value) {
        long h = value ^ SEED;
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }
}
