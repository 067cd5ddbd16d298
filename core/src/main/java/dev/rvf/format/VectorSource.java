package dev.rvf.format;

/**
 * Vectors that can be written into a float array a range at a time, wherever they are (VEC records read in place, a
 * vector storage): lets a reader or a writer move them in chunks instead of through one array of all of them.
 */
@FunctionalInterface
public interface VectorSource {
    /** Floats per chunk of {@link #forEachChunk} (64 KB): checked, encoded or quantized while still in cache. */
    int CHUNK_FLOATS = 16 * 1024;

    /** Writes vectors {@code first .. first+count-1}, row-major, into {@code dst} from {@code dstOff}. */
    void copyVectors(int first, int count, float[] dst, int dstOff);

    /** What {@link #forEachChunk} hands over: vectors {@code first .. first+count-1} in {@code buffer[0 ..)}. */
    @FunctionalInterface
    interface Chunk {
        void accept(float[] buffer, int first, int count);
    }

    /** Vectors {@code first .. first+count-1} of dimension {@code dim}, about 64 KB at a time, in one reused buffer. */
    default void forEachChunk(int dim, int first, int count, Chunk chunk) {
        int rows = Math.max(1, CHUNK_FLOATS / Math.max(1, dim));
        float[] buffer = new float[Math.min(rows, count) * dim];
        for (int done = 0; done < count; done += rows) {
            int n = Math.min(rows, count - done);
            copyVectors(first + done, n, buffer, 0);
            chunk.accept(buffer, first + done, n);
        }
    }
}
