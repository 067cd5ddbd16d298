package dev.rvf.index;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.kernels.FloatKernels;
import dev.rvf.kernels.ScalarQuantizer;
import dev.rvf.kernels.TopK;

/**
 * An HNSW index over a caller-owned {@link VectorStorage}: graph ordinal n is storage ordinal n. Ties the
 * pieces together (graph, builder, searcher, scoring, deletions, optional SQ8 traversal) and applies the
 * {@link SearchPolicy}. Not thread-safe (the module is single-threaded).
 *
 * <p>Deletion is a tombstone: a deleted node keeps its links (it still routes searches) but is never returned.
 * {@link #compact()} rebuilds a fresh graph over the survivors, renumbered.
 */
public final class HnswIndex {
    private final VectorStorage storage;
    private final Metric metric;
    private final HnswConfig config;
    private final VectorScoring scoring;
    private final HnswGraph graph;
    private final HnswBuilder builder;
    private final HnswSearcher searcher = new HnswSearcher();
    private final NeighborQueue results;
    private final OrdinalBitSet deleted = new OrdinalBitSet();
    private final int[] entryScratch = new int[1];
    // Per-query work space, reused (the module is single-threaded) so that a query allocates only its results:
    // the k nearest of a re-rank or an exact scan, and accept AND NOT deleted.
    private final NeighborQueue topScratch = new NeighborQueue(16, true);
    private final OrdinalBitSet acceptScratch = new OrdinalBitSet();
    private float[] rangeScratch;
    private Sq8Codes sq8;

    /** An empty index over {@code storage}; vectors already in the storage are indexed by {@link #indexPending}. */
    public HnswIndex(VectorStorage storage, Metric metric, HnswConfig config) {
        this(storage, metric, config, new HnswGraph(config.m(), Math.max(16, storage.size())), config.seed());
    }

    /** Used by the codec: an index around a decoded graph. */
    HnswIndex(VectorStorage storage, Metric metric, HnswConfig config, HnswGraph graph, long rngState) {
        if (storage == null || metric == null || config == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "storage, metric and config are required");
        }
        if (graph.maxConn() != config.m()) {
            throw new RvfException(ErrorCode.INTERNAL, "graph degree does not match config");
        }
        this.storage = storage;
        this.metric = metric;
        this.config = config;
        this.scoring = VectorScoring.of(storage, metric);
        this.graph = graph;
        this.builder = new HnswBuilder(graph, scoring, config, rngState);
        this.results = new NeighborQueue(config.efSearch() + 1, true);
    }

    public VectorStorage storage() {
        return storage;
    }

    public Metric metric() {
        return metric;
    }

    public HnswConfig config() {
        return config;
    }

    public HnswGraph graph() {
        return graph;
    }

    /**
     * Gives back the file the graph's level 0 is read from, if it is ({@link HnswGraph#overFile}): for an index
     * being dropped (its store closed, or replaced by a compaction). Not used afterwards.
     */
    public void release() {
        graph.release();
    }

    /** Number of indexed nodes (deleted ones included). */
    public int size() {
        return graph.size();
    }

    /** Vectors in the storage not yet in the graph. */
    public int pendingCount() {
        return storage.size() - graph.size();
    }

    long rngState() {
        return builder.rngState();
    }

    /** Appends a vector to the storage and indexes it; returns its ordinal. */
    public int add(float[] vector, int offset) {
        indexPending();
        int ordinal = storage.add(vector, offset);
        indexPending();
        return ordinal;
    }

    /** Inserts every storage vector that is not in the graph yet, in ordinal order. */
    public void indexPending() {
        while (graph.size() < storage.size()) {
            builder.insert(graph.size());
        }
        if (sq8 != null) {
            sq8.catchUp(storage);
        }
    }

    // --- deletion --------------------------------------------------------------------------------------------

    /** Marks an ordinal deleted; returns false if it already was. */
    public boolean markDeleted(int ordinal) {
        if (ordinal < 0 || ordinal >= storage.size()) {
            throw new RvfException(ErrorCode.NOT_FOUND, "no vector with ordinal " + ordinal);
        }
        return deleted.set(ordinal);
    }

    public boolean isDeleted(int ordinal) {
        return deleted.get(ordinal);
    }

    public int deletedCount() {
        return deleted.cardinality();
    }

    // --- SQ8 -------------------------------------------------------------------------------------------------

    /**
     * Switches graph traversal to SQ8 codes (trained now on all stored vectors; later vectors are clamped into
     * that range), with exact f32 re-ranking of the ef candidates. Building stays exact. Retrained by
     * {@link #compact()}.
     */
    public void enableSq8() {
        if (storage.size() == 0) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "SQ8 needs at least one vector to train on");
        }
        ScalarQuantizer.Trainer trainer = new ScalarQuantizer.Trainer(storage.dim());
        storage.forEachChunk(storage.dim(), 0, storage.size(), (buffer, first, count) -> trainer.add(buffer, 0, count));
        enableSq8(trainer.build());
    }

    /** SQ8 traversal with a given quantizer (used when decoding). */
    void enableSq8(ScalarQuantizer quantizer) {
        if (quantizer.dim() != storage.dim()) {
            throw new RvfException(ErrorCode.DIMENSION_MISMATCH, "quantizer dimension mismatch");
        }
        Sq8Codes codes = new Sq8Codes(quantizer);
        codes.catchUp(storage);
        sq8 = codes;
    }

    public boolean sq8Enabled() {
        return sq8 != null;
    }

    /** The SQ8 quantizer, or null when SQ8 traversal is off. */
    public ScalarQuantizer sq8Quantizer() {
        return sq8 == null ? null : sq8.quantizer();
    }

    // --- search ----------------------------------------------------------------------------------------------

    /** Approximate k nearest neighbours with the configured efSearch, no filter. */
    public SearchResults search(float[] query, int queryOffset, int k) {
        return search(query, queryOffset, k, config.efSearch(), null);
    }

    /**
     * Approximate k nearest neighbours among accepted, non-deleted ordinals ({@code accept == null}: all).
     * Follows {@link SearchPolicy}: returns {@code min(k, accepted)} results, falling back to an exact scan
     * when the filter is very selective or the graph search cannot fill k. Storage vectors not yet in the
     * graph are indexed first ({@link #indexPending}), so a search may do insertion work.
     */
    public SearchResults search(float[] query, int queryOffset, int k, int efSearch, OrdinalBitSet accept) {
        checkQuery(query, queryOffset, k);
        if (efSearch < 1 || efSearch > HnswConfig.MAX_EF) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "efSearch must be in [1, " + HnswConfig.MAX_EF + "]");
        }
        indexPending();
        int n = graph.size();
        OrdinalBitSet effective = effectiveAccept(accept, n);
        int accepted = effective == null ? n : effective.cardinality();
        if (accepted == 0) {
            return SearchResults.empty();
        }
        OrdinalScorer exactScorer = scoring.query(query, queryOffset);
        if (SearchPolicy.preferExact(accepted, n, k, efSearch)) {
            return exactScan(exactScorer, n, k, effective);
        }
        int ef = Math.max(efSearch, k);
        OrdinalScorer traversal = sq8 == null ? exactScorer : sq8.query(query, queryOffset, metric, storage);
        entryScratch[0] = searcher.descend(traversal, graph, 0);
        searcher.searchLevel(traversal, graph, 0, ef, entryScratch, 1, effective, results,
                SearchPolicy.visitLimit(accepted, n));
        if (searcher.lastSearchIncomplete() || results.size() < Math.min(k, accepted)) {
            return exactScan(exactScorer, n, k, effective);
        }
        if (sq8 != null) {
            return rerank(exactScorer, k);
        }
        while (results.size() > k) {
            results.pop();
        }
        return SearchResults.drain(results, false);
    }

    /** Exact mode: brute force over every accepted, non-deleted ordinal, with the same kernels. */
    public SearchResults exactSearch(float[] query, int queryOffset, int k, OrdinalBitSet accept) {
        checkQuery(query, queryOffset, k);
        int n = storage.size();
        OrdinalBitSet effective = effectiveAccept(accept, n);
        if (effective != null && effective.cardinality() == 0) {
            return SearchResults.empty();
        }
        return exactScan(scoring.query(query, queryOffset), n, k, effective);
    }

    /** Re-scores the (SQ8-ranked) candidates in {@link #results} exactly and keeps the k nearest. */
    private SearchResults rerank(OrdinalScorer exactScorer, int k) {
        NeighborQueue top = topScratch;
        top.clear();
        while (results.size() > 0) {
            int node = results.pop();
            top.pushBounded(node, exactScorer.distance(node), k);
        }
        return SearchResults.drain(top, false);
    }

    private SearchResults exactScan(OrdinalScorer scorer, int n, int k, OrdinalBitSet accept) {
        NeighborQueue top = topScratch;
        top.clear();
        if (accept == null) {
            final int block = 256;
            if (rangeScratch == null) {
                rangeScratch = new float[block];
            }
            for (int from = 0; from < n; from += block) {
                int count = Math.min(block, n - from);
                scorer.distanceRange(from, count, rangeScratch);
                for (int i = 0; i < count; i++) {
                    top.pushBounded(from + i, rangeScratch[i], k);
                }
            }
        } else {
            for (int o = accept.nextSetBit(0); o >= 0 && o < n; o = accept.nextSetBit(o + 1)) {
                top.pushBounded(o, scorer.distance(o), k);
            }
        }
        return SearchResults.drain(top, true);
    }

    /**
     * accept AND NOT deleted over [0, n), or null when that is every ordinal. The result lives in a scratch set
     * that the next query overwrites.
     */
    private OrdinalBitSet effectiveAccept(OrdinalBitSet accept, int n) {
        if (accept == null && deleted.cardinality() == 0) {
            return null;
        }
        acceptScratch.setAndNot(accept, deleted, n);
        return acceptScratch;
    }

    private void checkQuery(float[] query, int offset, int k) {
        int dim = storage.dim();
        if (query == null || offset < 0 || offset > query.length || query.length - offset < dim) {
            throw new RvfException(ErrorCode.DIMENSION_MISMATCH, "query must hold " + dim + " floats");
        }
        if (!FloatKernels.allFinite(query, offset, dim)) {
            throw new RvfException(ErrorCode.NON_FINITE, "query contains NaN or infinity");
        }
        if (k < 1 || k > TopK.MAX_K) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "k must be in [1, " + TopK.MAX_K + "], got " + k);
        }
    }

    // --- compaction ------------------------------------------------------------------------------------------

    /** Result of {@link #compact()}: the rebuilt index and the old-to-new ordinal map (-1 for deleted). */
    public static final class Compaction {
        private final HnswIndex index;
        private final int[] oldToNew;

        Compaction(HnswIndex index, int[] oldToNew) {
            this.index = index;
            this.oldToNew = oldToNew;
        }

        public HnswIndex index() {
            return index;
        }

        public int[] oldToNew() {
            return oldToNew;
        }
    }

    /**
     * Builds a new storage holding the surviving vectors (old ordinal order) and a fresh graph over them with
     * the same config and seed. A rebuild (rather than repairing links around tombstones) gives a graph of
     * the same quality as a build over the survivors from scratch, at the cost of one full build.
     */
    public Compaction compact() {
        return compact(true);
    }

    /**
     * {@link #compact()}; with {@code rebuild} false the new index is left empty (its vectors pending, built by
     * the next {@link #indexPending}), for an owner that builds lazily.
     */
    public Compaction compact(boolean rebuild) {
        int n = storage.size();
        int live = n - deleted.cardinality();
        VectorStorage fresh = storage.newEmpty(live);
        int[] oldToNew = new int[n];
        float[] vector = new float[storage.dim()];
        for (int o = 0; o < n; o++) {
            if (deleted.get(o)) {
                oldToNew[o] = -1;
            } else {
                storage.copyVector(o, vector, 0);
                oldToNew[o] = fresh.add(vector, 0);
            }
        }
        HnswIndex rebuilt = new HnswIndex(fresh, metric, config);
        if (rebuild) {
            rebuilt.indexPending();
        }
        if (sq8 != null && live > 0) {
            rebuilt.enableSq8();
        }
        return new Compaction(rebuilt, oldToNew);
    }
}
