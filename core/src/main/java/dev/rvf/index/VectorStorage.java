package dev.rvf.index;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.format.VecPayload;
import dev.rvf.format.VectorSource;
import dev.rvf.kernels.FloatKernels;
import dev.rvf.util.ArrayLimit;

/**
 * Growable f32 vector storage with dense ordinals (0..size-1, never reused; vectors are immutable once added),
 * abstract over where the rows live: {@link ArrayVectorStorage} keeps them in one {@code float[]} (the JVM, tests),
 * the Wasm module keeps them in linear memory, most of them inside the file it opened. Optionally caches each
 * vector's Euclidean norm (needed by cosine, see {@link dev.rvf.kernels.CosineDistance}).
 *
 * <p>This class owns what every storage shares: validation (no NaN or infinity gets in), norms, growth policy and
 * size. A subclass stores rows and supplies the distance kernels {@link VectorScoring} is built from (protected:
 * they check nothing, callers pass valid ordinals). Every kernel must give the bits of {@link FloatKernels} (two
 * lanes, the same summation order), so a query gives the same answer whatever the storage.
 *
 * <p>Owned by the caller (the store), which {@link #release releases} it when done.
 */
public abstract class VectorStorage implements VectorSource {
    /** Upper bound on size * dim (ordinals times dim are ints; SQ8 codes are one byte array). */
    public static final int MAX_ELEMENTS = ArrayLimit.MAX_BYTES / Float.BYTES;

    /** Makes empty storages of one kind; a store takes its factory from its options. */
    @FunctionalInterface
    public interface Factory {
        VectorStorage create(int dim, boolean cacheNorms, int initialCapacity);
    }

    private final int dim;
    private final boolean cacheNorms;
    private float[] norms;
    private int capacity;
    private int size;
    /** A stored vector copied out for node-to-node distances (single-threaded, not reentrant). */
    private float[] pivot;

    protected VectorStorage(int dim, boolean cacheNorms, int initialCapacity) {
        if (dim < 1 || dim > MAX_ELEMENTS) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "dimension must be >= 1, got " + dim);
        }
        if (initialCapacity < 0 || (long) initialCapacity * dim > MAX_ELEMENTS) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "initial capacity too large");
        }
        this.dim = dim;
        this.cacheNorms = cacheNorms;
        this.capacity = initialCapacity;
        this.norms = cacheNorms ? new float[initialCapacity] : null;
    }

    /** A {@code float[]} storage that caches norms when the metric uses them (cosine, L2's exact-scan bounds). */
    public static VectorStorage forMetric(int dim, Metric metric, int initialCapacity) {
        return new ArrayVectorStorage(dim, metric != Metric.DOT_PRODUCT, initialCapacity);
    }

    public final int dim() {
        return dim;
    }

    public final int size() {
        return size;
    }

    /** Rows there is room for without growing. */
    protected final int capacity() {
        return capacity;
    }

    public final boolean cachesNorms() {
        return cacheNorms;
    }

    /** The live norm cache ({@code norms()[ord]}, replaced on growth), or null when norms are not cached. */
    public final float[] norms() {
        return norms;
    }

    /** Cached norm of a vector, or its computed norm when the storage does not cache norms. */
    public final float norm(int ordinal) {
        checkOrdinal(ordinal);
        return cacheNorms ? norms[ordinal] : FloatKernels.sqrt(squaredNorm(ordinal));
    }

    /** An empty storage of the same kind, dimension and norm caching. */
    public abstract VectorStorage newEmpty(int initialCapacity);

    /** Frees what the storage holds outside the Java heap; it must not be used afterwards. */
    public void release() {
    }

    // --- adding ----------------------------------------------------------------------------------------------

    /** Appends one vector read from {@code src[off .. off+dim)}; returns its ordinal. */
    public final int add(float[] src, int off) {
        return addAll(src, off, 1);
    }

    /**
     * Appends {@code count} contiguous vectors; returns the first new ordinal. Rejects non-finite values
     * (NON_FINITE) without adding anything.
     */
    public final int addAll(float[] src, int off, int count) {
        if (src == null || off < 0 || count < 0 || (long) count * dim > src.length - (long) off) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "source range outside the array");
        }
        ensureCapacity((long) size + count);
        writeRows(size, src, off, count);
        return commit(count);
    }

    /**
     * Appends {@code count} vectors of {@code source} (from its vector {@code first}), a chunk at a time; returns the
     * first new ordinal. Non-finite values are rejected (NON_FINITE) without adding anything.
     */
    public final int addAll(VectorSource source, int first, int count) {
        if (source == null || count < 0) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "no source or a negative count");
        }
        ensureCapacity((long) size + count);
        source.forEachChunk(dim, first, count, (buffer, from, n) -> writeRows(size + from - first, buffer, 0, n));
        return commit(count);
    }

    /**
     * Appends the vectors of a VEC payload's records; returns the first new ordinal. This copies them; a storage
     * that can read them where they are (the file in Wasm linear memory) overrides it.
     */
    public int addRecords(VecPayload records) {
        return addAll(records::copyVectors, 0, records.count());
    }

    /**
     * Makes rows {@code size .. size+count} (already written by the subclass) part of the storage: checks them
     * (NON_FINITE, nothing added), caches their norms, returns the first. One pass over each row: a finite sum of
     * squares proves every element finite; only a sum that is not finite (NaN, infinity, or an overflow of finite
     * values) needs the element check.
     */
    protected final int commit(int count) {
        int first = size;
        int end = first + count;
        for (int o = first; o < end; o++) {
            float sq = squaredNorm(o);
            if (sq - sq != 0f && !rowFinite(o)) {
                throw new RvfException(ErrorCode.NON_FINITE, "vector contains NaN or infinity");
            }
            if (cacheNorms) {
                norms[o] = FloatKernels.sqrt(sq);
            }
        }
        size = end;
        return first;
    }

    private boolean rowFinite(int ordinal) {
        float[] row = new float[dim];
        readRow(ordinal, row, 0);
        return FloatKernels.allFinite(row, 0, dim);
    }

    /**
     * Makes room for {@code more} vectors now, so that adding them cannot fail for want of memory: a store calls it
     * before it writes them to its log. LIMIT_EXCEEDED past {@link #MAX_ELEMENTS}; OUT_OF_MEMORY from a storage
     * outside the Java heap that cannot get the room (nothing added either way).
     */
    public final void reserve(int more) {
        if (more < 0) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "negative count");
        }
        ensureCapacity((long) size + more);
        reserveRows(more);
    }

    /** Makes room for {@code needed} rows; LIMIT_EXCEEDED past {@link #MAX_ELEMENTS}. */
    protected final void ensureCapacity(long needed) {
        if (needed <= capacity) {
            return;
        }
        if (needed * dim > MAX_ELEMENTS) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "vector storage full");
        }
        long grown = Math.max(needed, Math.max(16, capacity + (capacity >> 1)));
        int newCapacity = (int) Math.min(grown, MAX_ELEMENTS / dim);
        growRows(newCapacity);
        if (cacheNorms) {
            float[] newNorms = new float[newCapacity];
            System.arraycopy(norms, 0, newNorms, 0, size);
            norms = newNorms;
        }
        capacity = newCapacity;
    }

    // --- reading ---------------------------------------------------------------------------------------------

    /** Copies vector {@code ordinal} into {@code dst[dstOff ..]}. */
    public final void copyVector(int ordinal, float[] dst, int dstOff) {
        checkOrdinal(ordinal);
        if (dst == null || dstOff < 0 || dstOff > dst.length - dim) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "destination too small");
        }
        readRow(ordinal, dst, dstOff);
    }

    /** Vectors {@code first .. first+count-1}, row-major, into {@code dst} from {@code dstOff}. */
    @Override
    public final void copyVectors(int first, int count, float[] dst, int dstOff) {
        if (first < 0 || count < 0 || first > size - count) {
            throw new RvfException(ErrorCode.NOT_FOUND, "vectors " + first + "+" + count + " of " + size);
        }
        if (dst == null || dstOff < 0 || (long) count * dim > dst.length - (long) dstOff) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "destination too small");
        }
        for (int i = 0; i < count; i++) {
            readRow(first + i, dst, dstOff + i * dim);
        }
    }

    /** A stored vector in a scratch array (valid until the next call). */
    final float[] pivot(int ordinal) {
        if (pivot == null) {
            pivot = new float[dim];
        }
        readRow(ordinal, pivot, 0);
        return pivot;
    }

    private void checkOrdinal(int ordinal) {
        if (ordinal < 0 || ordinal >= size) {
            throw new RvfException(ErrorCode.NOT_FOUND, "no vector with ordinal " + ordinal);
        }
    }

    // --- what a kind of storage supplies ---------------------------------------------------------------------

    /** Room for {@code newCapacity} rows, keeping the first {@link #size()}. */
    protected abstract void growRows(int newCapacity);

    /** Whatever else writing {@code more} rows needs, obtained now (see {@link #reserve}); nothing by default. */
    protected void reserveRows(int more) {
    }

    /** Writes {@code count} rows from {@code src[off ..]} as ordinals {@code first ..} (within the capacity). */
    protected abstract void writeRows(int first, float[] src, int off, int count);

    /** Copies row {@code ordinal} into {@code dst[off .. off+dim)}. */
    protected abstract void readRow(int ordinal, float[] dst, int off);

    /** {@code dot(row, row)}. */
    protected abstract float squaredNorm(int ordinal);

    /** {@link FloatKernels#dot} of {@code q[qOff ..]} and row {@code ordinal}. */
    protected abstract float dot(float[] q, int qOff, int ordinal);

    /** {@link FloatKernels#squaredL2} of {@code q[qOff ..]} and row {@code ordinal}. */
    protected abstract float squaredL2(float[] q, int qOff, int ordinal);

    /** {@link FloatKernels#dots}: the rows named by {@code ordinals[from .. from+count)}. */
    protected abstract void dots(float[] q, int qOff, int[] ordinals, int from, int count, float[] out, int outOff);

    /** {@link FloatKernels#squaredL2s}: the rows named by {@code ordinals[from .. from+count)}. */
    protected abstract void squaredL2s(float[] q, int qOff, int[] ordinals, int from, int count, float[] out,
            int outOff);

    /** {@link FloatKernels#dotsContiguous}: rows {@code first .. first+count-1}. */
    protected abstract void dotRange(float[] q, int qOff, int first, int count, float[] out, int outOff);

    /**
     * {@link FloatKernels#squaredL2sContiguous} with its {@code limit} (a distance above it may come back as any
     * value above it): rows {@code first .. first+count-1}. Returns the number of elements summed.
     */
    protected abstract long squaredL2Range(float[] q, int qOff, int first, int count, float limit, float[] out,
            int outOff);
}
