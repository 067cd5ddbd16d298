package dev.rvf.index;

/**
 * Incremental HNSW construction (Malkov and Yashunin): each insert draws a level, descends greedily to it, then
 * on every level from there down runs a beam search (ef = efConstruction), links the node to at most M
 * neighbours chosen by the diversity heuristic, and adds the reverse links, re-pruning a neighbour's list with
 * the same heuristic when it overflows (2M on level 0, M above).
 *
 * <p>Building uses exact f32 distances and accepts every node (deleted nodes stay usable as stepping stones).
 */
final class HnswBuilder {
    private final HnswGraph graph;
    private final VectorScoring scoring;
    private final int m;
    private final int efConstruction;
    private final double levelMultiplier;
    private final SplitMix64 rng;
    private final HnswSearcher searcher = new HnswSearcher();
    private final NeighborQueue results;

    private int[] entryPoints;
    private float[] entryDistances;
    private int[] candidateNodes;
    private float[] candidateDistances;
    private final int[] selectedNodes;
    private final float[] selectedDistances;
    private final int[] pruneNodes;
    private final float[] pruneDistances;
    private final int[] prunedNodes;
    private final float[] prunedDistances;
    /** Distances of one candidate to kept neighbours, or of a node to its links (batched kernels). */
    private final float[] pairDistances;

    HnswBuilder(HnswGraph graph, VectorScoring scoring, HnswConfig config, long rngState) {
        this.graph = graph;
        this.scoring = scoring;
        this.m = config.m();
        this.efConstruction = config.efConstruction();
        this.levelMultiplier = config.levelMultiplier();
        this.rng = new SplitMix64(rngState);
        this.results = new NeighborQueue(efConstruction + 1, true);
        this.entryPoints = new int[efConstruction];
        this.entryDistances = new float[efConstruction];
        this.candidateNodes = new int[efConstruction];
        this.candidateDistances = new float[efConstruction];
        int maxConn0 = graph.maxConn(0);
        this.selectedNodes = new int[maxConn0 + 1];
        this.selectedDistances = new float[maxConn0 + 1];
        this.pruneNodes = new int[maxConn0 + 1];
        this.pruneDistances = new float[maxConn0 + 1];
        this.prunedNodes = new int[maxConn0 + 1];
        this.prunedDistances = new float[maxConn0 + 1];
        this.pairDistances = new float[maxConn0 + 1];
    }

    /** Current RNG state (persisted so that a decoded index continues the same level sequence). */
    long rngState() {
        return rng.state();
    }

    private int drawLevel() {
        double u = rng.nextDouble(); // [0, 1): 1 - u is in (0, 1], so the log is finite
        int level = (int) (-Math.log(1.0 - u) * levelMultiplier);
        return Math.min(level, HnswGraph.MAX_LEVEL);
    }

    /** Inserts the stored vector {@code node}, which must be the next ordinal ({@code graph.size()}). */
    void insert(int node) {
        int level = drawLevel();
        graph.addNode(level);
        if (graph.entryPoint() < 0) {
            graph.setEntryPoint(node, level);
            return;
        }
        int topLevel = graph.maxLevel();
        OrdinalScorer scorer = scoring.node(node);
        entryPoints[0] = searcher.descend(scorer, graph, level);
        entryDistances[0] = searcher.lastDescentDistance();
        int entryCount = 1;
        for (int lc = Math.min(level, topLevel); lc >= 0; lc--) {
            // the entry points are the level above's results: their distances are known, not re-scored
            searcher.searchLevel(scorer, graph, lc, efConstruction, entryPoints, entryDistances, entryCount, null,
                    results, Integer.MAX_VALUE);
            int found = drainNearestFirst();
            int selected = selectDiverse(candidateNodes, candidateDistances, found, m,
                    selectedNodes, selectedDistances);
            graph.setNeighbors(node, lc, selectedNodes, 0, selected);
            for (int i = 0; i < selected; i++) {
                linkBack(selectedNodes[i], node, selectedDistances[i], lc);
            }
            System.arraycopy(candidateNodes, 0, entryPoints, 0, found);
            System.arraycopy(candidateDistances, 0, entryDistances, 0, found);
            entryCount = found;
        }
        if (level > topLevel) {
            graph.setEntryPoint(node, level);
        }
    }

    /** Empties {@link #results} into the candidate arrays, nearest first; returns the count. */
    private int drainNearestFirst() {
        int n = results.size();
        for (int i = n - 1; i >= 0; i--) {
            candidateDistances[i] = results.topDistance();
            candidateNodes[i] = results.pop();
        }
        return n;
    }

    /**
     * The HNSW neighbour heuristic: walk candidates nearest first and keep one only if it is nearer to the base
     * node than to every neighbour already kept (so links spread in different directions). Writes the kept
     * nodes and distances into the out arrays; returns their number. The candidate is compared with the kept
     * neighbours four at a time (the batched kernel is about twice as fast per distance; at most three are
     * computed in vain when an early one already rejects it).
     */
    private int selectDiverse(int[] nodes, float[] distances, int count, int max,
                              int[] outNodes, float[] outDistances) {
        int kept = 0;
        for (int i = 0; i < count && kept < max; i++) {
            int c = nodes[i];
            float dc = distances[i];
            boolean diverse = true;
            for (int j = 0; j < kept && diverse; j += 4) {
                int n = Math.min(4, kept - j);
                scoring.distances(c, outNodes, j, n, pairDistances);
                for (int k = 0; k < n; k++) {
                    if (pairDistances[k] < dc) {
                        diverse = false;
                        break;
                    }
                }
            }
            if (diverse) {
                outNodes[kept] = c;
                outDistances[kept] = dc;
                kept++;
            }
        }
        return kept;
    }

    /** Adds {@code node} to the list of {@code target} on level, re-pruning the list if it is full. */
    private void linkBack(int target, int node, float distance, int level) {
        int max = graph.maxConn(level);
        int[] links = graph.links(target, level);
        int off = graph.linksOffset(target, level);
        int count = links[off];
        if (count < max) {
            graph.appendNeighbor(target, level, node);
            return;
        }
        scoring.distances(target, links, off + 1, count, pairDistances);
        int n = 0;
        for (int i = 0; i < count; i++) {
            insertSorted(links[off + 1 + i], pairDistances[i], n++);
        }
        insertSorted(node, distance, n++);
        int kept = selectDiverse(pruneNodes, pruneDistances, n, max, prunedNodes, prunedDistances);
        graph.setNeighbors(target, level, prunedNodes, 0, kept);
    }

    /** Insertion into pruneNodes/pruneDistances[0..size) ordered by (distance, node). */
    private void insertSorted(int node, float distance, int size) {
        int i = size;
        while (i > 0 && (pruneDistances[i - 1] > distance
                || (pruneDistances[i - 1] == distance && pruneNodes[i - 1] > node))) {
            pruneDistances[i] = pruneDistances[i - 1];
            pruneNodes[i] = pruneNodes[i - 1];
            i--;
        }
        pruneDistances[i] = distance;
        pruneNodes[i] = node;
    }
}
