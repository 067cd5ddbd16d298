package dev.rvf.index;

/** The nearest neighbours of one query, nearest first: dense ordinals and their distances. */
public final class SearchResults {
    private static final SearchResults EMPTY = new SearchResults(new int[0], new float[0], 0, true);

    private final int[] ordinals;
    private final float[] distances;
    private final int count;
    private final boolean exact;

    SearchResults(int[] ordinals, float[] distances, int count, boolean exact) {
        this.ordinals = ordinals;
        this.distances = distances;
        this.count = count;
        this.exact = exact;
    }

    static SearchResults empty() {
        return EMPTY;
    }

    /** Empties a farthest-on-top queue into results, nearest first. */
    static SearchResults drain(NeighborQueue queue, boolean exact) {
        int n = queue.size();
        int[] ords = new int[n];
        float[] dists = new float[n];
        for (int i = n - 1; i >= 0; i--) {
            dists[i] = queue.topDistance();
            ords[i] = queue.pop();
        }
        return new SearchResults(ords, dists, n, exact);
    }

    public int size() {
        return count;
    }

    public int ordinal(int i) {
        return ordinals[i];
    }

    public float distance(int i) {
        return distances[i];
    }

    /** A copy of the ordinals, nearest first. */
    public int[] ordinals() {
        return java.util.Arrays.copyOf(ordinals, count);
    }

    /** A copy of the distances, nearest first. */
    public float[] distances() {
        return java.util.Arrays.copyOf(distances, count);
    }

    /** True when an exact scan produced these results (exact mode, or the graph search fell back). */
    public boolean exact() {
        return exact;
    }
}
