package dev.rvf.store;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import dev.rvf.format.Clock;
import dev.rvf.index.ArrayVectorStorage;
import dev.rvf.index.HnswConfig;
import dev.rvf.index.VectorStorage;

/**
 * How a store is created or opened (immutable; start from {@link #defaults()} and use the {@code with...} methods).
 *
 * <p>The HNSW parameters M, efConstruction and efSearch use 0 for "default": when a store is opened with a usable
 * INDEX segment, the graph keeps the parameters it was built with; otherwise {@link HnswConfig}'s defaults apply.
 * An explicit efSearch always becomes the store's default query beam width.
 */
public final class StoreOptions {
    private static final StoreOptions DEFAULTS = new StoreOptions(0, 0, 0, false, 0, Clock.SYSTEM, null,
            HnswConfig.DEFAULT_SEED, false, ArrayVectorStorage::new);

    private final int m;
    private final int efConstruction;
    private final int efSearch;
    private final boolean sq8;
    private final int profile;
    private final Clock clock;
    private final byte[] idSeed;
    private final long indexSeed;
    private final boolean readOnly;
    private final VectorStorage.Factory vectorStorage;

    private StoreOptions(int m, int efConstruction, int efSearch, boolean sq8, int profile, Clock clock,
            byte[] idSeed, long indexSeed, boolean readOnly, VectorStorage.Factory vectorStorage) {
        this.m = m;
        this.efConstruction = efConstruction;
        this.efSearch = efSearch;
        this.sq8 = sq8;
        this.profile = profile;
        this.clock = clock;
        this.idSeed = idSeed;
        this.indexSeed = indexSeed;
        this.readOnly = readOnly;
        this.vectorStorage = vectorStorage;
    }

    /** M, efConstruction, efSearch from the file or HNSW defaults; no SQ8; profile 0; system clock; read-write. */
    public static StoreOptions defaults() {
        return DEFAULTS;
    }

    /** Links per node (level 0 gets 2M): {@value HnswConfig#MIN_M}..{@value HnswConfig#MAX_M}, or 0 for default. */
    public StoreOptions withM(int newM) {
        if (newM != 0 && (newM < HnswConfig.MIN_M || newM > HnswConfig.MAX_M)) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "M must be in [" + HnswConfig.MIN_M + ", "
                    + HnswConfig.MAX_M + "] (or 0 for the default), got " + newM);
        }
        return new StoreOptions(newM, efConstruction, efSearch, sq8, profile, clock,
                idSeed, indexSeed, readOnly, vectorStorage);
    }

    /** Build beam width, 1..65536, or 0 for default. */
    public StoreOptions withEfConstruction(int ef) {
        checkEf(ef, "efConstruction");
        return new StoreOptions(m, ef, efSearch, sq8, profile, clock, idSeed, indexSeed, readOnly, vectorStorage);
    }

    /** Default query beam width, 1..65536, or 0 for default. */
    public StoreOptions withEfSearch(int ef) {
        checkEf(ef, "efSearch");
        return new StoreOptions(m, efConstruction, ef, sq8, profile, clock, idSeed, indexSeed, readOnly, vectorStorage);
    }

    /** Graph traversal on SQ8 codes with exact re-ranking (trained on the first batch, retrained by compact()). */
    public StoreOptions withSq8(boolean on) {
        return new StoreOptions(m, efConstruction, efSearch, on, profile, clock,
                idSeed, indexSeed, readOnly, vectorStorage);
    }

    /** The hardware profile byte of new files (manifest byte 18), 0..255. Opened files keep theirs. */
    public StoreOptions withProfile(int newProfile) {
        if (newProfile < 0 || newProfile > 0xFF) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "profile must be 0..255, got " + newProfile);
        }
        return new StoreOptions(m, efConstruction, efSearch, sq8, newProfile, clock,
                idSeed, indexSeed, readOnly, vectorStorage);
    }

    /** Where witness timestamps (and the default file-id seed) come from. */
    public StoreOptions withClock(Clock newClock) {
        if (newClock == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "clock is required");
        }
        return new StoreOptions(m, efConstruction, efSearch, sq8, profile, newClock,
                idSeed, indexSeed, readOnly, vectorStorage);
    }

    /**
     * The bytes a new file's id is derived from (file id = first 16 bytes of fold256(seed)); null for the default,
     * the clock time, a per-process counter and random bits. Tests pass a fixed seed to get reproducible files.
     */
    public StoreOptions withIdSeed(byte[] seed) {
        return new StoreOptions(m, efConstruction, efSearch, sq8, profile, clock, seed == null ? null : seed.clone(),
                indexSeed, readOnly, vectorStorage);
    }

    /** Seed of the HNSW level generator (a build is a pure function of the vectors in order and the config). */
    public StoreOptions withIndexSeed(long seed) {
        return new StoreOptions(m, efConstruction, efSearch, sq8, profile, clock,
                idSeed, seed, readOnly, vectorStorage);
    }

    /** A read-only store rejects every mutation with READ_ONLY and exports the bytes it was opened from. */
    public StoreOptions withReadOnly(boolean on) {
        return new StoreOptions(m, efConstruction, efSearch, sq8, profile, clock, idSeed, indexSeed, on, vectorStorage);
    }

    /**
     * Where the store keeps its vectors: a {@code float[]} by default; the Wasm module passes a storage in linear
     * memory that reads an opened file's vectors where they are.
     */
    public StoreOptions withVectorStorage(VectorStorage.Factory factory) {
        if (factory == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "vector storage factory is required");
        }
        return new StoreOptions(m, efConstruction, efSearch, sq8, profile, clock, idSeed, indexSeed, readOnly, factory);
    }

    private static void checkEf(int ef, String what) {
        if (ef < 0 || ef > HnswConfig.MAX_EF) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, what + " must be in [1, " + HnswConfig.MAX_EF
                    + "] (or 0 for the default), got " + ef);
        }
    }

    /** 0 = default. */
    public int m() {
        return m;
    }

    /** 0 = default. */
    public int efConstruction() {
        return efConstruction;
    }

    /** 0 = default. */
    public int efSearch() {
        return efSearch;
    }

    public boolean sq8() {
        return sq8;
    }

    public int profile() {
        return profile;
    }

    public Clock clock() {
        return clock;
    }

    /** A copy of the file-id seed, or null for the default. */
    public byte[] idSeed() {
        return idSeed == null ? null : idSeed.clone();
    }

    public long indexSeed() {
        return indexSeed;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** The HNSW config a new graph gets: explicit values, else the defaults. */
    HnswConfig buildConfig() {
        return HnswConfig.of(m > 0 ? m : HnswConfig.DEFAULT_M,
                efConstruction > 0 ? efConstruction : HnswConfig.DEFAULT_EF_CONSTRUCTION,
                efSearch > 0 ? efSearch : HnswConfig.DEFAULT_EF_SEARCH, indexSeed);
    }

    public VectorStorage.Factory vectorStorage() {
        return vectorStorage;
    }
}
