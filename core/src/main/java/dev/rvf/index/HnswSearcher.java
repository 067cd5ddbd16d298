package dev.rvf.index;

/**
 * Graph traversal (no building, no scoring decisions): greedy descent through the upper levels and the
 * beam search of one level. Holds reusable work queues and the visited set, so one instance serves one thread
 * (the module is single-threaded) and a search allocates nothing per visited node.
 *
 * <p>Filtering: nodes outside {@code accept} are still expanded (they keep the graph connected) but never
 * enter the result queue. A visit budget bounds the work: once {@code visitLimit} distances were computed the
 * search stops and {@link #lastSearchIncomplete()} reports it, so the caller can switch to an exact scan.
 */
public final class HnswSearcher {
    private final NeighborQueue candidates = new NeighborQueue(256, false);
    private final VisitedSet visited = new VisitedSet();
    private int[] scratchNodes = new int[64];
    private float[] scratchDistances = new float[64];
    /** Room for the list of the node being expanded when it must be copied out of a file (see HnswGraph#links). */
    private int[] list = new int[64];
    private int visitedCount;
    private boolean incomplete;
    private float descentDistance;

    /** Distances computed by the last {@link #searchLevel} (or descent). */
    public int lastVisitedCount() {
        return visitedCount;
    }

    /** Distance from the query to the node the last {@link #descend} returned. */
    public float lastDescentDistance() {
        return descentDistance;
    }

    /** True when the last {@link #searchLevel} stopped on its visit budget. */
    public boolean lastSearchIncomplete() {
        return incomplete;
    }

    /**
     * Greedy descent from the graph's entry point down to level {@code targetLevel + 1} (ef = 1 on each level);
     * returns the nearest node found, the entry point for {@code targetLevel}.
     */
    public int descend(OrdinalScorer scorer, HnswGraph graph, int targetLevel) {
        int current = graph.entryPoint();
        float currentDistance = scorer.distance(current);
        int computed = 1;
        ensureScratch(graph.maxConn(0) + 1);
        for (int level = graph.maxLevel(); level > targetLevel; level--) {
            boolean improved = true;
            while (improved) {
                improved = false;
                int[] links = graph.links(current, level, list);
                int off = graph.linksOffset(current, level);
                int count = links[off];
                System.arraycopy(links, off + 1, scratchNodes, 0, count);
                scorer.distances(scratchNodes, count, scratchDistances);
                computed += count;
                int best = current;
                float bestDistance = currentDistance;
                for (int i = 0; i < count; i++) {
                    float d = scratchDistances[i];
                    int n = scratchNodes[i];
                    if (d < bestDistance || (d == bestDistance && n < best)) {
                        best = n;
                        bestDistance = d;
                    }
                }
                if (best != current) {
                    current = best;
                    currentDistance = bestDistance;
                    improved = true;
                }
            }
        }
        visitedCount = computed;
        descentDistance = currentDistance;
        return current;
    }

    /**
     * Beam search of one level from the given entry points. On return {@code results} (a farthest-on-top queue,
     * cleared first) holds up to {@code ef} nearest accepted nodes. {@code accept == null} accepts every node.
     */
    public void searchLevel(OrdinalScorer scorer, HnswGraph graph, int level, int ef,
                            int[] entryPoints, int entryCount, OrdinalBitSet accept,
                            NeighborQueue results, int visitLimit) {
        searchLevel(scorer, graph, level, ef, entryPoints, null, entryCount, accept, results, visitLimit);
    }

    /**
     * {@link #searchLevel(OrdinalScorer, HnswGraph, int, int, int[], int, OrdinalBitSet, NeighborQueue, int)}
     * with the entry points' distances already known ({@code entryDistances[i]} for {@code entryPoints[i]}; null to
     * compute them), as when an insert descends from the level above with that level's results.
     */
    public void searchLevel(OrdinalScorer scorer, HnswGraph graph, int level, int ef,
                            int[] entryPoints, float[] entryDistances, int entryCount, OrdinalBitSet accept,
                            NeighborQueue results, int visitLimit) {
        results.clear();
        candidates.clear();
        visited.reset(graph.size());
        incomplete = false;
        int computed = 0;
        ensureScratch(Math.max(entryCount, graph.maxConn(0) + 1)); // room for any list too
        int entries = 0;
        for (int i = 0; i < entryCount; i++) {
            int ep = entryPoints[i];
            if (visited.visit(ep)) {
                scratchNodes[entries] = ep;
                if (entryDistances != null) {
                    scratchDistances[entries] = entryDistances[i];
                }
                entries++;
            }
        }
        if (entryDistances == null) {
            scorer.distances(scratchNodes, entries, scratchDistances);
            computed = entries;
        }
        for (int i = 0; i < entries; i++) {
            int ep = scratchNodes[i];
            float d = scratchDistances[i];
            candidates.push(ep, d);
            if (accept == null || accept.get(ep)) {
                results.pushBounded(ep, d, ef);
            }
        }
        while (candidates.size() > 0) {
            float nearest = candidates.topDistance();
            if (results.size() >= ef && nearest > results.topDistance()) {
                break; // every remaining candidate is farther than the worst kept result
            }
            int node = candidates.pop();
            int[] links = graph.links(node, level, list);
            int off = graph.linksOffset(node, level);
            int count = links[off];
            int fresh = 0;
            for (int i = 1; i <= count; i++) {
                int n = links[off + i];
                if (visited.visit(n)) {
                    scratchNodes[fresh++] = n;
                }
            }
            if (fresh == 0) {
                continue;
            }
            if (computed + fresh > visitLimit) {
                incomplete = true;
                break;
            }
            scorer.distances(scratchNodes, fresh, scratchDistances);
            computed += fresh;
            for (int i = 0; i < fresh; i++) {
                float d = scratchDistances[i];
                if (results.size() < ef || d < results.topDistance()) {
                    int n = scratchNodes[i];
                    candidates.push(n, d);
                    if (accept == null || accept.get(n)) {
                        results.pushBounded(n, d, ef);
                    }
                }
            }
        }
        visitedCount = computed;
    }

    private void ensureScratch(int count) {
        if (scratchNodes.length < count) {
            scratchNodes = new int[count];
            scratchDistances = new float[count];
            list = new int[count];
        }
    }
}
