package dev.rvf.kernels;

/**
 * A total order on float distances as signed ints, shared by every heap so that all of them rank ties and
 * odd values the same way: -0.0 sorts just before +0.0 and NaN (canonicalised) sorts after +infinity,
 * i.e. a NaN distance is the farthest possible.
 */
public final class FloatOrder {
    private FloatOrder() {
    }

    /** An int whose signed order equals the float order described above. */
    public static int sortable(float value) {
        int bits = Float.floatToIntBits(value); // canonical NaN 0x7fc00000: positive, above +inf
        return bits ^ ((bits >> 31) & 0x7FFFFFFF);
    }

    /** Inverse of {@link #sortable}. */
    public static float fromSortable(int key) {
        return Float.intBitsToFloat(key ^ ((key >> 31) & 0x7FFFFFFF));
    }
}
