package dev.rvf.index;

/**
 * Distances from one fixed query to stored vectors addressed by ordinal (smaller is nearer). Created once per
 * query (or per inserted node), so the metric is resolved by which subclass it is, never inside a loop.
 */
public abstract class OrdinalScorer {

    /** Distance from the query to vector {@code ordinal}. */
    public abstract float distance(int ordinal);

    /** Distances to {@code count} ordinals listed in {@code ordinals}, into {@code out[0 .. count)}. */
    public void distances(int[] ordinals, int count, float[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = distance(ordinals[i]);
        }
    }

    /** Distances to the contiguous ordinals {@code from .. from+count-1}, into {@code out[0 .. count)}. */
    public void distanceRange(int from, int count, float[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = distance(from + i);
        }
    }

    /**
     * True when {@link #distancesWithin} is the faster way to scan: it can reject vectors without their whole
     * distance. Otherwise a scan takes {@link #distanceRange} (a separate loop keeps the engines' inlining of the
     * range kernels as it was: through the generic method the cosine scan ran ~30 % slower in V8).
     */
    public boolean stopsEarly() {
        return false;
    }

    /**
     * For exact scans: the ordinals among {@code from .. from+count-1} whose distance is not above {@code limit}
     * (NaN included), ascending, into {@code ordinals[0 .. m)}, their {@link #distance}s (same bits) into
     * {@code distances[0 .. m)}; returns m. A scorer may reject a vector without its full distance once it knows
     * that is above the limit.
     */
    public int distancesWithin(int from, int count, float limit, int[] ordinals, float[] distances) {
        distanceRange(from, count, distances);
        return keepWithin(from, count, limit, ordinals, distances);
    }

    /** Compacts {@code distances[0 .. count)} of ordinals {@code from ..} to those not above the limit. */
    protected static int keepWithin(int from, int count, float limit, int[] ordinals, float[] distances) {
        int m = 0;
        for (int i = 0; i < count; i++) {
            float d = distances[i];
            if (!(d > limit)) {
                ordinals[m] = from + i;
                distances[m++] = d;
            }
        }
        return m;
    }
}
