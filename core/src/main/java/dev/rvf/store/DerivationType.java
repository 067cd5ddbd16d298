package dev.rvf.store;

/**
 * Why a child store was derived, with the reference's codes. Like the reference, the store does not write it to the
 * file (only the child's FileIdentity is stored); the child remembers it in memory only.
 */
public enum DerivationType {
    CLONE(0),
    FILTER(1),
    MERGE(2),
    QUANTIZE(3),
    REINDEX(4),
    TRANSFORM(5),
    SNAPSHOT(6),
    USER_DEFINED(0xFF);

    private final int code;

    DerivationType(int code) {
        this.code = code;
    }

    /** The reference's numeric code. */
    public int code() {
        return code;
    }
}
