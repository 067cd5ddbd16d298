package dev.rvf.store;

/**
 * The VEC segments of the current log in load order, with the ordinal of each one's first record: ordinal n is the
 * n-th record of these segments taken in order. This is how graph nodes and metadata rows (both by ordinal) are
 * tied to records on disk.
 */
final class RecordSegments {
    private long[] offsets = new long[8];
    private int[] firstOrdinals = new int[8];
    private int count;
    private int records;

    void add(long offset, int recordCount) {
        if (count == offsets.length) {
            offsets = java.util.Arrays.copyOf(offsets, count * 2);
            firstOrdinals = java.util.Arrays.copyOf(firstOrdinals, count * 2);
        }
        offsets[count] = offset;
        firstOrdinals[count] = records;
        count++;
        records += recordCount;
    }

    int count() {
        return count;
    }

    long offset(int i) {
        return offsets[i];
    }

    /** Records in the first {@code segments} segments. */
    int recordsBefore(int segments) {
        return segments >= count ? records : firstOrdinals[segments];
    }

    int records() {
        return records;
    }

    /** The number of leading segments holding exactly {@code recordCount} records (the largest such), or -1. */
    int segmentsHolding(int recordCount) {
        for (int s = count; s >= 0; s--) {
            if (recordsBefore(s) == recordCount) {
                return s;
            }
        }
        return -1;
    }

    /** File offset of the VEC segment holding ordinal {@code ordinal}'s record. */
    long offsetOfRecord(int ordinal) {
        int lo = 0;
        int hi = count - 1;
        while (lo < hi) { // last segment whose first ordinal is <= ordinal
            int mid = (lo + hi + 1) >>> 1;
            if (firstOrdinals[mid] <= ordinal) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return offsets[lo];
    }
}
