package dev.rvf.index;

import dev.rvf.format.FileBytes;
import dev.rvf.format.VecPayload;
import dev.rvf.kernels.FloatKernels;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of the Wasm module's linear-memory storage on the JVM: rows are addressed through a per-ordinal table,
 * either the VEC records of the opened file where they are ({@link #addRecords}, which {@link FileBytes#retain
 * retains} the file until {@link #release}) or blocks of its own for added vectors. Kernels read each row out and
 * use {@link FloatKernels}, so any result that differs from {@link ArrayVectorStorage}'s is a bug in the core's
 * use of the storage contract, not in arithmetic.
 */
public final class InPlaceVectorStorage extends VectorStorage {
    private static final int BLOCK_ROWS = 7; // small, so that tests cross block boundaries

    private FileBytes[] rowBytes;
    private int[] rowOffsets;
    private final List<FileBytes> retained = new ArrayList<>();
    private FileBytes block;
    private byte[] blockArray;
    private int blockUsed;
    private final float[] row;
    private boolean released;
    /** Calls of the range kernels an exact L2 scan chooses between (with a finite limit for squared L2). */
    public int dotRangeCalls;
    public int limitedL2RangeCalls;

    public InPlaceVectorStorage(int dim, boolean cacheNorms, int initialCapacity) {
        super(dim, cacheNorms, initialCapacity);
        rowBytes = new FileBytes[initialCapacity];
        rowOffsets = new int[initialCapacity];
        row = new float[dim];
    }

    /** Files read in place that this storage has not given back. */
    public int retainedFiles() {
        return retained.size();
    }

    public boolean released() {
        return released;
    }

    @Override
    public VectorStorage newEmpty(int initialCapacity) {
        return new InPlaceVectorStorage(dim(), cachesNorms(), initialCapacity);
    }

    @Override
    public int addRecords(VecPayload records) {
        FileBytes file = records.bytes();
        if (!retained.contains(file)) {
            file.retain();
            retained.add(file);
        }
        int count = records.count();
        ensureCapacity((long) size() + count);
        for (int i = 0; i < count; i++) {
            rowBytes[size() + i] = file;
            rowOffsets[size() + i] = records.vectorOffset(i);
        }
        return commit(count);
    }

    @Override
    public void release() {
        if (released) {
            throw new IllegalStateException("storage released twice");
        }
        released = true;
        for (FileBytes f : retained) {
            f.release();
        }
        retained.clear();
    }

    @Override
    protected void growRows(int newCapacity) {
        FileBytes[] b = new FileBytes[newCapacity];
        int[] o = new int[newCapacity];
        System.arraycopy(rowBytes, 0, b, 0, size());
        System.arraycopy(rowOffsets, 0, o, 0, size());
        rowBytes = b;
        rowOffsets = o;
    }

    @Override
    protected void writeRows(int first, float[] src, int off, int count) {
        int rowSize = 4 * dim();
        for (int r = 0; r < count; r++) {
            if (block == null || blockUsed == BLOCK_ROWS) {
                blockArray = new byte[BLOCK_ROWS * rowSize];
                block = FileBytes.of(blockArray);
                blockUsed = 0;
            }
            int at = blockUsed * rowSize;
            for (int d = 0; d < dim(); d++) {
                int bits = Float.floatToRawIntBits(src[off + r * dim() + d]);
                for (int k = 0; k < 4; k++) {
                    blockArray[at + 4 * d + k] = (byte) (bits >>> (8 * k));
                }
            }
            rowBytes[first + r] = block;
            rowOffsets[first + r] = at;
            blockUsed++;
        }
    }

    @Override
    protected void readRow(int ordinal, float[] dst, int off) {
        if (released) {
            throw new IllegalStateException("read after release");
        }
        rowBytes[ordinal].floats(rowOffsets[ordinal], dst, off, dim());
    }

    private float[] row(int ordinal) {
        readRow(ordinal, row, 0);
        return row;
    }

    @Override
    protected float squaredNorm(int ordinal) {
        float[] r = row(ordinal);
        return FloatKernels.dot(r, 0, r, 0, dim());
    }

    @Override
    protected float dot(float[] q, int qOff, int ordinal) {
        return FloatKernels.dot(q, qOff, row(ordinal), 0, dim());
    }

    @Override
    protected float squaredL2(float[] q, int qOff, int ordinal) {
        return FloatKernels.squaredL2(q, qOff, row(ordinal), 0, dim());
    }

    @Override
    protected void dots(float[] q, int qOff, int[] ordinals, int from, int count, float[] out, int outOff) {
        for (int j = 0; j < count; j++) {
            out[outOff + j] = dot(q, qOff, ordinals[from + j]);
        }
    }

    @Override
    protected void squaredL2s(float[] q, int qOff, int[] ordinals, int from, int count, float[] out, int outOff) {
        for (int j = 0; j < count; j++) {
            out[outOff + j] = squaredL2(q, qOff, ordinals[from + j]);
        }
    }

    @Override
    protected void dotRange(float[] q, int qOff, int first, int count, float[] out, int outOff) {
        dotRangeCalls++;
        for (int j = 0; j < count; j++) {
            out[outOff + j] = dot(q, qOff, first + j);
        }
    }

    @Override
    protected long squaredL2Range(float[] q, int qOff, int first, int count, float limit, float[] out,
            int outOff) {
        if (limit < Float.POSITIVE_INFINITY) {
            limitedL2RangeCalls++;
        }
        int dim = dim();
        float[] copies = new float[count * dim]; // the rows copied out, then the array kernel with its limit
        for (int j = 0; j < count; j++) {
            readRow(first + j, copies, j * dim);
        }
        return FloatKernels.squaredL2sContiguous(q, qOff, copies, 0, count, dim, limit, out, outOff);
    }
}
