package dev.rvf.store;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import dev.rvf.filter.FilterExpr;
import dev.rvf.index.HnswConfig;

/**
 * Per-query options (immutable): the HNSW beam width (0 = the store's default), exact mode (brute force over
 * every live vector), and a metadata filter (null = none). A {@code with...} call that changes nothing returns the
 * same instance (per-query option building then allocates only for real changes).
 */
public final class QueryOptions {
    private static final QueryOptions DEFAULTS = new QueryOptions(0, false, null);

    private final int efSearch;
    private final boolean exact;
    private final FilterExpr filter;

    private QueryOptions(int efSearch, boolean exact, FilterExpr filter) {
        this.efSearch = efSearch;
        this.exact = exact;
        this.filter = filter;
    }

    public static QueryOptions defaults() {
        return DEFAULTS;
    }

    /** Beam width 1..65536 (at least k is always used), or 0 for the store's default. */
    public QueryOptions withEfSearch(int ef) {
        if (ef < 0 || ef > HnswConfig.MAX_EF) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "efSearch must be in [1, " + HnswConfig.MAX_EF
                    + "] (or 0 for the default), got " + ef);
        }
        return ef == efSearch ? this : new QueryOptions(ef, exact, filter);
    }

    public QueryOptions withExact(boolean on) {
        return on == exact ? this : new QueryOptions(efSearch, on, filter);
    }

    public QueryOptions withFilter(FilterExpr expr) {
        return expr == filter ? this : new QueryOptions(efSearch, exact, expr);
    }

    public int efSearch() {
        return efSearch;
    }

    public boolean exact() {
        return exact;
    }

    public FilterExpr filter() {
        return filter;
    }
}
