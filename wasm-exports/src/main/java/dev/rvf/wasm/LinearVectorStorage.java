package dev.rvf.wasm;

import dev.rvf.format.FileBytes;
import dev.rvf.format.VecPayload;
import dev.rvf.index.VectorStorage;

/**
 * The module's vector storage: rows in linear memory, read by {@link LinearKernels} with unchecked loads. A file
 * opened in place keeps its vectors where they are, in its VEC records (the storage {@link FileBytes#retain retains}
 * the file until released), so opening allocates no second copy of them; vectors added later go to blocks of the
 * storage's own. {@code rows[ordinal]} is the address of each row's first f32, wherever it is.
 */
final class LinearVectorStorage extends VectorStorage {
    /** Smallest block of own rows; blocks grow with the storage (half of what it holds), up to the largest. */
    private static final int MIN_BLOCK_BYTES = 1 << 20;
    private static final int MAX_BLOCK_BYTES = 64 << 20;

    private int[] rows;
    private LinearHeap.Adopted[] blocks = new LinearHeap.Adopted[4];
    private int blockCount;
    /** The block rows are written to ({@code [free, blockEnd)} is left of it); later ones are reserved, unused. */
    private int current = -1;
    private int free;
    private int blockEnd;
    private int ownBytes;
    private LinearFileBytes file;
    private boolean released;

    LinearVectorStorage(int dim, boolean cacheNorms, int initialCapacity) {
        super(dim, cacheNorms, initialCapacity);
        rows = new int[initialCapacity];
    }

    @Override
    public VectorStorage newEmpty(int initialCapacity) {
        return new LinearVectorStorage(dim(), cachesNorms(), initialCapacity);
    }

    /**
     * Records of a file the module adopted are used where they are; anything else (an array, a caller's block that
     * is only lent for one call, a second file) is copied.
     */
    @Override
    public int addRecords(VecPayload records) {
        FileBytes bytes = records.bytes();
        if (!(bytes instanceof LinearFileBytes) || !((LinearFileBytes) bytes).adopted()
                || (file != null && file != bytes)) {
            return super.addRecords(records);
        }
        LinearFileBytes f = (LinearFileBytes) bytes;
        int count = records.count();
        ensureCapacity((long) size() + count);
        for (int i = 0, o = size(); i < count; i++, o++) {
            rows[o] = f.address(records.vectorOffset(i));
        }
        int first = commit(count); // checks the values: throws before the file is retained
        if (file == null) {
            f.retain();
            file = f;
        }
        return first;
    }

    @Override
    public void release() {
        if (released) {
            return;
        }
        released = true;
        for (int i = 0; i < blockCount; i++) {
            blocks[i].release();
            blocks[i] = null;
        }
        blockCount = 0;
        current = -1;
        free = 0;
        blockEnd = 0;
        if (file != null) {
            file.release();
            file = null;
        }
        rows = new int[0];
    }

    @Override
    protected void growRows(int newCapacity) {
        int[] grown = new int[newCapacity];
        System.arraycopy(rows, 0, grown, 0, size());
        rows = grown;
    }

    @Override
    protected void reserveRows(int more) {
        int rowBytes = 4 * dim();
        long room = (blockEnd - free) / rowBytes;
        for (int i = current + 1; i < blockCount; i++) {
            room += blocks[i].size / rowBytes;
        }
        while (room < more) {
            room += addBlock(rowBytes, more - room) / rowBytes;
        }
    }

    @Override
    protected void writeRows(int first, float[] src, int off, int count) {
        int rowBytes = 4 * dim();
        for (int r = 0; r < count; r++) {
            while (blockEnd - free < rowBytes) {
                if (current + 1 == blockCount) {
                    reserveRows(capacity() - (first + r)); // the capacity hints at what is coming
                }
                current++;
                free = blocks[current].start;
                blockEnd = free + blocks[current].size;
            }
            Memory.writeFloats(src, off + r * dim(), free, dim());
            rows[first + r] = free;
            free += rowBytes;
        }
    }

    /**
     * Appends a block for at least one row and at most {@code wanted}, sized by what the storage already holds
     * (so that many small ingests do not make many small blocks); returns its size.
     */
    private int addBlock(int rowBytes, long wanted) {
        long size = Math.max(MIN_BLOCK_BYTES, Math.min((long) MAX_BLOCK_BYTES, ownBytes / 2L));
        size = Math.max(Math.min(size, rowBytes * wanted), rowBytes);
        LinearHeap.Adopted block = LinearHeap.allocPinned((int) size);
        if (blockCount == blocks.length) {
            LinearHeap.Adopted[] more = new LinearHeap.Adopted[blockCount * 2];
            System.arraycopy(blocks, 0, more, 0, blockCount);
            blocks = more;
        }
        blocks[blockCount++] = block;
        ownBytes += (int) size;
        return (int) size;
    }

    @Override
    protected void readRow(int ordinal, float[] dst, int off) {
        Memory.readFloats(rows[ordinal], dst, off, dim());
    }

    @Override
    protected float squaredNorm(int ordinal) {
        return LinearKernels.squaredNorm(rows[ordinal], dim());
    }

    @Override
    protected float dot(float[] q, int qOff, int ordinal) {
        return LinearKernels.dot(q, qOff, rows[ordinal], dim());
    }

    @Override
    protected float squaredL2(float[] q, int qOff, int ordinal) {
        return LinearKernels.squaredL2(q, qOff, rows[ordinal], dim());
    }

    @Override
    protected void dots(float[] q, int qOff, int[] ordinals, int from, int count, float[] out, int outOff) {
        LinearKernels.dots(q, qOff, rows, ordinals, from, count, dim(), out, outOff);
    }

    @Override
    protected void squaredL2s(float[] q, int qOff, int[] ordinals, int from, int count, float[] out, int outOff) {
        LinearKernels.squaredL2s(q, qOff, rows, ordinals, from, count, dim(), out, outOff);
    }

    @Override
    protected void dotRange(float[] q, int qOff, int first, int count, float[] out, int outOff) {
        LinearKernels.dotRange(q, qOff, rows, first, count, dim(), out, outOff);
    }

    @Override
    protected long squaredL2Range(float[] q, int qOff, int first, int count, float limit, float[] out,
            int outOff) {
        return LinearKernels.squaredL2Range(q, qOff, rows, first, count, dim(), limit, out, outOff);
    }
}
