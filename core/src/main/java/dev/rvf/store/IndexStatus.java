package dev.rvf.store;

/**
 * The state of a store's HNSW index.
 *
 * <p>{@link #state()}: {@code "empty"} (no vectors); {@code "pending"} (a file opened without a usable INDEX
 * segment: no graph yet, the first approximate query or {@code buildIndex()} builds it; exact queries do not need
 * it); {@code "loaded"} (the graph was decoded from the file's INDEX segment, see {@link #loadedNodes()}; records
 * written after that segment are inserted at the first approximate query, buildIndex() or ingest); or
 * {@code "built"} (built in memory: a new store, a pending graph once built, or after compaction).
 * {@link #pendingRecords()} counts the records the graph does not hold yet. {@link #persisted()} tells whether
 * export() has no INDEX segment to write: the log already holds one for exactly this graph, or there is no graph
 * (export never builds one). {@link #note()} says why an INDEX segment of ours found at open was not used, or is
 * null.
 */
public final class IndexStatus {
    private final int nodes;
    private final int pendingRecords;
    private final int loadedNodes;
    private final int m;
    private final int efConstruction;
    private final int efSearch;
    private final boolean sq8;
    private final String state;
    private final boolean persisted;
    private final String note;

    IndexStatus(int nodes, int pendingRecords, int loadedNodes, int m, int efConstruction, int efSearch, boolean sq8,
            String state, boolean persisted, String note) {
        this.nodes = nodes;
        this.pendingRecords = pendingRecords;
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

    /**
     * Graph nodes: the vector records held in memory that the graph holds (superseded and deleted ones included
     * until compaction); the others are {@link #pendingRecords()}.
     */
    public int nodes() {
        return nodes;
    }

    /** Records not in the graph yet (all of them while the state is "pending"); 0 once the graph is complete. */
    public int pendingRecords() {
        return pendingRecords;
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

    /** "empty", "pending", "loaded" or "built". */
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
        return "IndexStatus{hnsw, nodes=" + nodes + ", pending=" + pendingRecords + ", loaded=" + loadedNodes + ", M=" + m + ", efConstruction="
                + efConstruction + ", efSearch=" + efSearch + ", sq8=" + sq8 + ", state=" + state + ", persisted="
                + persisted + (note != null ? ", note=" + note : "") + "}";
    }
}
