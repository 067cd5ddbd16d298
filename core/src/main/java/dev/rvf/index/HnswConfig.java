package dev.rvf.index;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

/**
 * HNSW hyper-parameters (immutable). M is the number of links a new node makes per level and the degree cap
 * on upper levels; level 0 allows 2*M. Levels are drawn with mL = 1/ln(M) from a SplitMix64 seeded with
 * {@code seed}, so a build is a pure function of (vectors in order, config).
 */
public final class HnswConfig {
    public static final int DEFAULT_M = 16;
    public static final int DEFAULT_EF_CONSTRUCTION = 200;
    /**
     * Default beam width of a query. Clustered Gaussian data: recall@10 0.993 at 100k x 384 (0.972 at ef 64).
     * Structure-free uniform random data is much harder (0.84 at 10k x 128; it needs ef 200-256 for 0.95).
     */
    public static final int DEFAULT_EF_SEARCH = 100;
    public static final long DEFAULT_SEED = 42L;

    public static final int MIN_M = 2;
    /** Upper bound on M: keeps level-0 memory (2M+1 ints per node) bounded for decoded graphs. */
    public static final int MAX_M = 128;
    public static final int MAX_EF = 1 << 16;

    private static final HnswConfig DEFAULTS =
            new HnswConfig(DEFAULT_M, DEFAULT_EF_CONSTRUCTION, DEFAULT_EF_SEARCH, DEFAULT_SEED);

    private final int m;
    private final int efConstruction;
    private final int efSearch;
    private final long seed;

    private HnswConfig(int m, int efConstruction, int efSearch, long seed) {
        if (m < MIN_M || m > MAX_M) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "M must be in [" + MIN_M + ", " + MAX_M + "], got " + m);
        }
        if (efConstruction < 1 || efConstruction > MAX_EF) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "efConstruction must be in [1, " + MAX_EF + "]");
        }
        if (efSearch < 1 || efSearch > MAX_EF) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "efSearch must be in [1, " + MAX_EF + "]");
        }
        this.m = m;
        this.efConstruction = efConstruction;
        this.efSearch = efSearch;
        this.seed = seed;
    }

    public static HnswConfig defaults() {
        return DEFAULTS;
    }

    public static HnswConfig of(int m, int efConstruction, int efSearch, long seed) {
        return new HnswConfig(m, efConstruction, efSearch, seed);
    }

    public HnswConfig withM(int newM) {
        return new HnswConfig(newM, efConstruction, efSearch, seed);
    }

    public HnswConfig withEfConstruction(int ef) {
        return new HnswConfig(m, ef, efSearch, seed);
    }

    public HnswConfig withEfSearch(int ef) {
        return new HnswConfig(m, efConstruction, ef, seed);
    }

    public HnswConfig withSeed(long newSeed) {
        return new HnswConfig(m, efConstruction, efSearch, newSeed);
    }

    public int m() {
        return m;
    }

    public int efConstruction() {
        return efConstruction;
    }

    public int efSearch() {
        return efSearch;
    }

    public long seed() {
        return seed;
    }

    /** Level multiplier mL = 1 / ln(M). */
    public double levelMultiplier() {
        return 1.0 / Math.log(m);
    }
}
