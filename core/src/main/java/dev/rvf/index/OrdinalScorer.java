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
     * For exact scans: values never above the distances to {@code from .. from+count-1} (into {@code out[0 .. count)}),
     * cheaper to get than the distances where a scorer overrides it. Returns true when they are the distances
     * themselves. A scan rejects a vector whose bound is above its current k-th distance and scores the others with
     * {@link #distance}, so its answer is the same bits either way.
     */
    public boolean lowerBoundRange(int from, int count, float[] out) {
        distanceRange(from, count, out);
        return true;
    }
}
