package dev.rvf;

/**
 * Every failure the library reports, with a stable numeric code.
 *
 * <p>The numbers are part of the public contract: the Wasm ABI returns them (negated, so {@code code()} is
 * already negative) and the JS layer exposes {@link #name()} as {@code RvfError.code}. Never renumber an
 * entry; add new ones at the end of their group.
 */
public enum ErrorCode {
    // --- caller errors (-1 .. -19) ---
    INVALID_ARGUMENT(-1, "invalid argument"),
    BAD_HANDLE(-2, "unknown or closed store handle"),
    BAD_POINTER(-3, "pointer or length outside a live allocated block"),
    OUT_OF_MEMORY(-4, "memory limit reached"),
    CLOSED(-5, "store is closed"),
    READ_ONLY(-6, "store is read-only"),
    DIMENSION_MISMATCH(-7, "vector dimension does not match the store"),
    NOT_FOUND(-8, "not found"),
    NON_FINITE(-9, "vector contains NaN or infinity"),
    DUPLICATE_ID(-10, "duplicate id in one batch"),
    BUFFER_TOO_SMALL(-11, "output buffer too small"),

    // --- format errors (-20 .. -49): reading bytes that are not a valid .rvf ---
    BAD_MAGIC(-20, "bad segment magic"),
    BAD_VERSION(-21, "unsupported segment version"),
    HASH_MISMATCH(-22, "content hash mismatch"),
    TRUNCATED(-23, "data ends inside a structure"),
    LENGTH_OUT_OF_RANGE(-24, "length field points beyond the end of the data"),
    NO_MANIFEST(-25, "no manifest found"),
    BAD_MANIFEST(-26, "malformed manifest"),
    BAD_PAYLOAD(-27, "malformed segment payload"),
    UNSUPPORTED(-28, "unsupported feature"),
    WITNESS_BROKEN(-29, "witness chain broken"),
    LIMIT_EXCEEDED(-30, "a count or size exceeds the supported limit"),

    // --- internal (-99) ---
    INTERNAL(-99, "internal error");

    private final int code;
    private final String description;

    ErrorCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The negative number used at the Wasm ABI. */
    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** The entry for an ABI number, or {@link #INTERNAL} if unknown. */
    public static ErrorCode ofCode(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return INTERNAL;
    }
}
