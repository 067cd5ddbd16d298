package dev.rvf.util;

/**
 * The largest array, in bytes, the core ever allocates. V8 refuses Wasm GC arrays of 1 GiB or more, and in the
 * module that refusal is a trap, which no Java code can catch: a mutation that hit it halfway would leave the store
 * and its log out of step. So every growable array (the log, the vector storage, the graph) stays below this size,
 * and mutations check it before they change anything (LIMIT_EXCEEDED). The JVM keeps the same limit, so both
 * behave alike.
 */
public final class ArrayLimit {
    /** Just under 1 GiB. */
    public static final int MAX_BYTES = (1 << 30) - 64;

    private ArrayLimit() {
    }
}
