package dev.rvf.index;

/**
 * Vectors that can be written straight into a float array, e.g. records decoded from file bytes: lets
 * {@link VectorStorage#addAll(VectorSource, int, int)} load them without an intermediate copy.
 */
@FunctionalInterface
public interface VectorSource {
    /** Writes vectors {@code first .. first+count-1}, row-major, into {@code dst} from {@code dstOff}. */
    void copyVectors(int first, int count, float[] dst, int dstOff);
}
