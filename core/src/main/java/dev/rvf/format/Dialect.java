package dev.rvf.format;

/** Which writer's layout a file follows (rvf-format.md §0). */
public enum Dialect {
    /** The reference runtime (rvf-node, rvf-cli, ...): what real files contain. */
    R,
    /** The export of {@code @ruvector/rvf-wasm}: 19-byte manifest, swapped VEC header, zero hashes. */
    W
}
