package dev.rvf.store;

/**
 * The state of a store's HNSW index.
 *
 * <p>{@link #state()}: {@code "empty"} (no vectors), {@code "loaded"} (the graph was decoded from the file's INDEX
 * segment; records written after that segment were inserted incrementally, see {@link #loadedNodes()}), or
 * {@code "built"} (built in memory: a new store, a file without a usable INDEX segment, or after compaction).
 * {@link #persisted()} tells whether the log already holds an INDEX segment for exactly this graph (export()
 * writes one otherwise). {@link #note()} says why an INDEX segment of ours found at open was not used, or is null.
 */
public final class IndexStatus {
    private final int nodes;
    private final int loadedNodes;
    private final int m;
    private final int efConstruction;
    private final int efSearch;
    private final boolean sq8;
    private final String state;
    private final boolean persisted;
    private final String note;

    IndexStatus(int nodes, int loadedNodes, int m, int efConstruction, int efSearch, boolean sq8, String state,
            boolean persisted, String note) {
        this.nodes = nodes;
        this.loadedNodes = loadedNodes;
        this.m = m;
        this.efConstruction = efConstruction;
        this.efSearch = efSearch;
        this.sq8 = sq8;
        this.state = state;
        this.persisted = persisted;
        this.note = note;
    }

    /** Always "hnsw". */
    public String kind() {
        return "hnsw";
    }

    /** Graph nodes: every vector record held in memory (superseded and deleted ones included until compaction). */
    public int nodes() {
        return nodes;
    }

    /** Nodes decoded from the INDEX segment at open (0 unless the state is "loaded"). */
    public int loadedNodes() {
        return loadedNodes;
    }

    public int m() {
        return m;
    }

    public int efConstruction() {
        return efConstruction;
    }

    /** The default query beam width. */
    public int efSearch() {
        return efSearch;
    }

    public boolean sq8() {
        return sq8;
    }

    /** "empty", "loaded" or "built". */
    public String state() {
        return state;
    }

    public boolean persisted() {
        return persisted;
    }

    public String note() {
        return note;
    }

    @Override
    public String toString() {
        return "IndexStatus{hnsw, nodes=" + nodes + ", loaded=" + loadedNodes + ", M=" + m + ", efConstruction="
                + efConstruction + ", efSearch=" + efSearch + ", sq8=" + sq8 + ", state=" + state + ", persisted="
                + persisted + (note != null ? ", note=" + note : "") + "}";
    }
}
