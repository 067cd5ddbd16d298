package dev.rvf.index;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.kernels.FloatKernels;
import dev.rvf.util.ArrayLimit;

/**
 * Growable, contiguous f32 vector storage: vector {@code ord} occupies {@code data()[ord*dim .. ord*dim+dim)}.
 * Ordinals are dense (0..size-1) and never reused; vectors are immutable once added. Optionally caches each
 * vector's Euclidean norm (needed by cosine, see {@link dev.rvf.kernels.CosineDistance}).
 *
 * <p>Owned by the caller (the store) and read by scorers. {@link #data()} returns the live array, which is
 * replaced when the storage grows: do not keep it across an {@code add}.
 */
public final class VectorStorage {
    /** Upper bound on size * dim (one Java array). */
    public static final int MAX_ELEMENTS = ArrayLimit.MAX_BYTES / Float.BYTES;
    /** Floats a bulk load decodes before checking them (16 K floats = 64 KB). */
    private static final int LOAD_CHUNK_FLOATS = 16 * 1024;

    private final int dim;
    private final boolean cacheNorms;
    private float[] data;
    private float[] norms;
    private int size;

    public VectorStorage(int dim, boolean cacheNorms, int initialCapacity) {
        if (dim < 1 || dim > MAX_ELEMENTS) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "dimension must be >= 1, got " + dim);
        }
        if (initialCapacity < 0 || (long) initialCapacity * dim > MAX_ELEMENTS) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "initial capacity too large");
        }
        this.dim = dim;
        this.cacheNorms = cacheNorms;
        this.data = new float[initialCapacity * dim];
        this.norms = cacheNorms ? new float[initialCapacity] : null;
    }

    /** Storage that caches norms exactly when the metric needs them. */
    public static VectorStorage forMetric(int dim, Metric metric, int initialCapacity) {
        return new VectorStorage(dim, metric == Metric.COSINE, initialCapacity);
    }

    public int dim() {
        return dim;
    }

    public int size() {
        return size;
    }

    public boolean cachesNorms() {
        return cacheNorms;
    }

    /** The live backing array (see class comment). */
    public float[] data() {
        return data;
    }

    /** The live norm cache ({@code norms()[ord]}), or null when norms are not cached. */
    public float[] norms() {
        return norms;
    }

    /** Cached norm of a vector, or its computed norm when the storage does not cache norms. */
    public float norm(int ordinal) {
        checkOrdinal(ordinal);
        return cacheNorms ? norms[ordinal] : FloatKernels.norm(data, ordinal * dim, dim);
    }

    /** Appends one vector read from {@code src[off .. off+dim)}; returns its ordinal. */
    public int add(float[] src, int off) {
        return addAll(src, off, 1);
    }

    /**
     * Appends {@code count} contiguous vectors; returns the first new ordinal. Rejects non-finite values
     * (NON_FINITE) before changing anything.
     */
    public int addAll(float[] src, int off, int count) {
        if (src == null || off < 0 || count < 0 || (long) count * dim > src.length - (long) off) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "source range outside the array");
        }
        if (!FloatKernels.allFinite(src, off, count * dim)) {
            throw new RvfException(ErrorCode.NON_FINITE, "vector contains NaN or infinity");
        }
        ensureCapacity((long) size + count);
        int first = size;
        System.arraycopy(src, off, data, size * dim, count * dim);
        if (cacheNorms) {
            for (int i = 0; i < count; i++) {
                norms[first + i] = FloatKernels.norm(data, (first + i) * dim, dim);
            }
        }
        size += count;
        return first;
    }

    /**
     * Appends {@code count} vectors that {@code source} writes straight into the storage (from its vector
     * {@code first}); returns the first new ordinal. Non-finite values are rejected (NON_FINITE) without adding
     * anything.
     */
    public int addAll(VectorSource source, int first, int count) {
        if (source == null || count < 0) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "no source or a negative count");
        }
        ensureCapacity((long) size + count);
        int start = size;
        // a few dozen KB at a time: checked and normed while still in cache, not in extra passes over memory
        int chunk = Math.max(1, LOAD_CHUNK_FLOATS / dim);
        for (int done = 0; done < count; done += chunk) {
            int n = Math.min(chunk, count - done);
            int from = (start + done) * dim;
            source.copyVectors(first + done, n, data, from);
            if (!FloatKernels.allFinite(data, from, n * dim)) {
                throw new RvfException(ErrorCode.NON_FINITE, "vector contains NaN or infinity");
            }
            if (cacheNorms) {
                for (int i = 0; i < n; i++) {
                    norms[start + done + i] = FloatKernels.norm(data, from + i * dim, dim);
                }
            }
        }
        size += count;
        return start;
    }

    /** Copies vector {@code ordinal} into {@code dst[dstOff ..]}. */
    public void copyVector(int ordinal, float[] dst, int dstOff) {
        checkOrdinal(ordinal);
        System.arraycopy(data, ordinal * dim, dst, dstOff, dim);
    }

    private void checkOrdinal(int ordinal) {
        if (ordinal < 0 || ordinal >= size) {
            throw new RvfException(ErrorCode.NOT_FOUND, "no vector with ordinal " + ordinal);
        }
    }

    private void ensureCapacity(long needed) {
        long capacity = data.length / dim;
        if (needed <= capacity) {
            return;
        }
        if (needed * dim > MAX_ELEMENTS) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "vector storage full");
        }
        long grown = Math.max(needed, Math.max(16, capacity + (capacity >> 1)));
        grown = Math.min(grown, MAX_ELEMENTS / dim);
        int newCapacity = (int) grown;
        float[] newData = new float[newCapacity * dim];
        System.arraycopy(data, 0, newData, 0, size * dim);
        data = newData;
        if (cacheNorms) {
            float[] newNorms = new float[newCapacity];
            System.arraycopy(norms, 0, newNorms, 0, size);
            norms = newNorms;
        }
    }
}
