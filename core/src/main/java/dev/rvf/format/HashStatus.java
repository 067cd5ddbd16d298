package dev.rvf.format;

/** Outcome of checking a segment's stored content hash against its payload. */
public enum HashStatus {
    /** The stored hash matches the payload. */
    OK,
    /** The stored hash does not match: the payload (or the hash) was altered. */
    MISMATCH,
    /** The hash field is all zero, which the reference reads as "no hash" and accepts. */
    UNSET
}
