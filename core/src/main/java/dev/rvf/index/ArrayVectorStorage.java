package dev.rvf.index;

import dev.rvf.kernels.FloatKernels;

/** Vectors in one contiguous {@code float[]}: vector {@code ord} occupies {@code [ord*dim, ord*dim+dim)}. */
public final class ArrayVectorStorage extends VectorStorage {
    private float[] data;

    public ArrayVectorStorage(int dim, boolean cacheNorms, int initialCapacity) {
        super(dim, cacheNorms, initialCapacity);
        this.data = new float[initialCapacity * dim];
    }

    /** The live backing array (tests and benchmarks; replaced when the storage grows). */
    public float[] data() {
        return data;
    }

    @Override
    public VectorStorage newEmpty(int initialCapacity) {
        return new ArrayVectorStorage(dim(), cachesNorms(), initialCapacity);
    }

    @Override
    protected void growRows(int newCapacity) {
        float[] grown = new float[newCapacity * dim()];
        System.arraycopy(data, 0, grown, 0, size() * dim());
        data = grown;
    }

    @Override
    protected void writeRows(int first, float[] src, int off, int count) {
        System.arraycopy(src, off, data, first * dim(), count * dim());
    }

    @Override
    protected void readRow(int ordinal, float[] dst, int off) {
        System.arraycopy(data, ordinal * dim(), dst, off, dim());
    }

    @Override
    protected float squaredNorm(int ordinal) {
        int dim = dim();
        return FloatKernels.dot(data, ordinal * dim, data, ordinal * dim, dim);
    }

    @Override
    protected float dot(float[] q, int qOff, int ordinal) {
        int dim = dim();
        return FloatKernels.dot(q, qOff, data, ordinal * dim, dim);
    }

    @Override
    protected float squaredL2(float[] q, int qOff, int ordinal) {
        int dim = dim();
        return FloatKernels.squaredL2(q, qOff, data, ordinal * dim, dim);
    }

    @Override
    protected void dots(float[] q, int qOff, int[] ordinals, int from, int count, float[] out, int outOff) {
        FloatKernels.dots(q, qOff, data, dim(), ordinals, from, count, out, outOff);
    }

    @Override
    protected void squaredL2s(float[] q, int qOff, int[] ordinals, int from, int count, float[] out, int outOff) {
        FloatKernels.squaredL2s(q, qOff, data, dim(), ordinals, from, count, out, outOff);
    }

    @Override
    protected void dotRange(float[] q, int qOff, int first, int count, float[] out, int outOff) {
        FloatKernels.dotsContiguous(q, qOff, data, first * dim(), count, dim(), out, outOff);
    }

    @Override
    protected long squaredL2Range(float[] q, int qOff, int first, int count, float limit, float[] out,
            int outOff) {
        return FloatKernels.squaredL2sContiguous(q, qOff, data, first * dim(), count, dim(), limit, out, outOff);
    }
}
