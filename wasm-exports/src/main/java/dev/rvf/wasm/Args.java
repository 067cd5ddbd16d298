package dev.rvf.wasm;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.util.ArrayLimit;

/**
 * Argument checks at the ABI edge. Each throws {@link RvfException}, which the export turns into its status
 * with {@link LastError#fail(RvfException)}; nothing touches memory before every check of a call has passed.
 */
final class Args {
    /** Largest vector dimension (the format's u16 dimension field); also bounds every per-vector scratch array. */
    static final int MAX_DIM = 65535;
    /** Largest number of results of one top-k call (bounds the heap and result arrays: 12 bytes each). */
    static final int MAX_K = 1 << 20;

    private Args() {
    }

    /** {@code value >= 1}, else INVALID_ARGUMENT. */
    static void positive(String function, String name, int value) {
        if (value <= 0) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, function + ": " + name + " " + value
                    + " is not positive");
        }
    }

    /** {@code value >= 0}, else INVALID_ARGUMENT. */
    static void notNegative(String function, String name, int value) {
        if (value < 0) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, function + ": " + name + " " + value
                    + " is negative");
        }
    }

    /** {@code 1 <= dim <= MAX_DIM}: INVALID_ARGUMENT below, LIMIT_EXCEEDED above. */
    static void dim(String function, int dim) {
        positive(function, "dim", dim);
        if (dim > MAX_DIM) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, function + ": dim " + dim + " exceeds " + MAX_DIM);
        }
    }

    /** A result count {@code n <= MAX_K}, else LIMIT_EXCEEDED. */
    static void resultCount(String function, String name, long n) {
        if (n > MAX_K) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, function + ": " + name + " " + n + " exceeds "
                    + MAX_K);
        }
    }

    /**
     * {@code [ptr, ptr + bytes)} lies inside one live block, else BAD_POINTER. An empty range is not checked
     * (nothing will be read or written through it).
     */
    static void range(String function, String operand, int ptr, long bytes) {
        if (bytes > 0 && !LinearHeap.contains(ptr, bytes)) {
            throw outside(function, operand, ptr, bytes);
        }
    }

    /**
     * Throws LIMIT_EXCEEDED when {@code bytes} copied out of linear memory would make an array of ArrayLimit or
     * more (V8 traps on such arrays; rvf_alloc alone allows blocks up to 1 GiB).
     */
    static void copyable(String function, String operand, long bytes) {
        if (bytes > ArrayLimit.MAX_BYTES) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, function + ": " + operand + " of " + bytes
                    + " bytes exceeds the " + ArrayLimit.MAX_BYTES + "-byte limit of one array");
        }
    }

    static RvfException outside(String function, String operand, int ptr, long bytes) {
        return new RvfException(ErrorCode.BAD_POINTER, function + ": " + operand + " [" + ptr + ", +" + bytes
                + ") is not inside a live block");
    }

    /** The metric of an ABI metric code (the manifest's byte-19 codes: 0 L2, 1 dot product, 2 cosine). */
    static Metric metric(String function, int code) {
        for (Metric m : Metric.values()) {
            if (m.manifestCode() == code) {
                return m;
            }
        }
        throw new RvfException(ErrorCode.INVALID_ARGUMENT, function + ": metric " + code
                + " is not 0 (l2), 1 (dot product) or 2 (cosine)");
    }
}
