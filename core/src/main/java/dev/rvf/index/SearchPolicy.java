package dev.rvf.index;

/**
 * When a query is answered by an exact scan instead of the graph: the one place this is decided.
 *
 * <ol>
 * <li>Up front, {@link #preferExact}: the accepted set is so small that scanning it costs less than a graph
 *     search would (at most {@code max(k, ef)} accepted nodes, fewer than {@link #EXACT_MAX_ACCEPTED}, or less
 *     than {@link #EXACT_FRACTION} of the graph). A very selective filter also makes graph search unreliable:
 *     accepted nodes are rare along any path.</li>
 * <li>During the graph search, {@link #visitLimit}: a filtered search that has computed as many distances as
 *     the exact scan would is abandoned and the scan runs instead, so a filter never costs much more than
 *     twice the exact scan.</li>
 * <li>After the graph search: if it found fewer than {@code min(k, accepted)} results (accepted nodes not
 *     reachable within ef), the exact scan runs. So a search returns k results whenever k nodes are accepted.</li>
 * </ol>
 */
public final class SearchPolicy {
    /** Accepted share of the graph below which filtered queries scan (3%). */
    public static final double EXACT_FRACTION = 0.03;
    /** Accepted count at or below which queries scan whatever the graph size. */
    public static final int EXACT_MAX_ACCEPTED = 512;

    private SearchPolicy() {
    }

    /** True when an exact scan over the accepted ordinals should answer the query without touching the graph. */
    public static boolean preferExact(int accepted, int graphSize, int k, int ef) {
        if (accepted <= Math.max(k, ef) || accepted <= EXACT_MAX_ACCEPTED) {
            return true;
        }
        return accepted < EXACT_FRACTION * graphSize;
    }

    /**
     * Distance computations after which a graph search is abandoned for the exact scan: the scan's own cost
     * when a filter (or deletions) restricts the results, unlimited otherwise.
     */
    public static int visitLimit(int accepted, int graphSize) {
        return accepted >= graphSize ? Integer.MAX_VALUE : accepted;
    }
}
