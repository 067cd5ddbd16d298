package dev.rvf.index;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

/**
 * A growable set of non-negative int ordinals with a maintained cardinality. Used as the search predicate
 * ("accepted ordinals": a metadata filter, the complement of the deleted set, or both combined) and as the
 * deleted set itself. Ordinals beyond the allocated words read as absent.
 */
public final class OrdinalBitSet {
    private long[] words;
    private int cardinality;

    public OrdinalBitSet() {
        this(64);
    }

    public OrdinalBitSet(int capacityBits) {
        if (capacityBits < 0) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "negative capacity");
        }
        words = new long[Math.max(1, (capacityBits + 63) >>> 6)];
    }

    public boolean get(int ordinal) {
        int w = ordinal >>> 6;
        return ordinal >= 0 && w < words.length && (words[w] & (1L << ordinal)) != 0;
    }

    /** Adds an ordinal; returns true if it was absent. */
    public boolean set(int ordinal) {
        if (ordinal < 0) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "negative ordinal " + ordinal);
        }
        int w = ordinal >>> 6;
        if (w >= words.length) {
            long[] grown = new long[Math.max(w + 1, words.length + (words.length >> 1))];
            System.arraycopy(words, 0, grown, 0, words.length);
            words = grown;
        }
        long bit = 1L << ordinal;
        if ((words[w] & bit) != 0) {
            return false;
        }
        words[w] |= bit;
        cardinality++;
        return true;
    }

    /** Sets every ordinal in [from, to). */
    public void setRange(int from, int to) {
        for (int i = from; i < to; i++) {
            set(i);
        }
    }

    /** Removes an ordinal; returns true if it was present. */
    public boolean clear(int ordinal) {
        if (!get(ordinal)) {
            return false;
        }
        words[ordinal >>> 6] &= ~(1L << ordinal);
        cardinality--;
        return true;
    }

    /** Number of ordinals in the set. */
    public int cardinality() {
        return cardinality;
    }

    /** The smallest member >= from, or -1. */
    public int nextSetBit(int from) {
        if (from < 0) {
            from = 0;
        }
        int w = from >>> 6;
        if (w >= words.length) {
            return -1;
        }
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w >= words.length) {
                return -1;
            }
            word = words[w];
        }
    }

    /**
     * A new set holding the members of {@code accept} (or every ordinal when null) below {@code limit} that
     * are not in {@code exclude} (may be null).
     */
    public static OrdinalBitSet andNot(OrdinalBitSet accept, OrdinalBitSet exclude, int limit) {
        OrdinalBitSet out = new OrdinalBitSet(limit);
        out.setAndNot(accept, exclude, limit);
        return out;
    }

    /**
     * Makes this set {@link #andNot andNot(accept, exclude, limit)} in place, reusing its words (a per-query
     * scratch set allocates only when it must grow). {@code accept} and {@code exclude} must not be this set.
     */
    public void setAndNot(OrdinalBitSet accept, OrdinalBitSet exclude, int limit) {
        if (limit < 0 || accept == this || exclude == this) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "bad andNot arguments");
        }
        int needed = Math.max(1, (limit + 63) >>> 6);
        if (words.length < needed) {
            words = new long[needed];
        }
        int fullWords = limit >>> 6;
        int count = 0;
        for (int w = 0; w < needed; w++) {
            long word = accept == null ? -1L : (w < accept.words.length ? accept.words[w] : 0L);
            if (exclude != null && w < exclude.words.length) {
                word &= ~exclude.words[w];
            }
            if (w >= fullWords) { // the last partial word: drop bits at or above limit
                int tail = limit & 63;
                word = tail == 0 ? 0L : word & ((1L << tail) - 1);
            }
            words[w] = word;
            count += Long.bitCount(word);
        }
        java.util.Arrays.fill(words, needed, words.length, 0L);
        cardinality = count;
    }
}
