package dev.rvf;

/**
 * The one exception type the library throws for expected failures: bad input, corrupt bytes, misuse.
 * It carries a stable {@link ErrorCode} and, for failures inside a file, the byte offset where the
 * problem was found ({@code -1} when no offset applies).
 */
public final class RvfException extends RuntimeException {
    private final ErrorCode errorCode;
    private final long offset;

    public RvfException(ErrorCode errorCode, String message) {
        this(errorCode, message, -1);
    }

    public RvfException(ErrorCode errorCode, String message, long offset) {
        super(offset >= 0 ? message + " (at byte offset " + offset + ")" : message);
        this.errorCode = errorCode;
        this.offset = offset;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    /** Byte offset in the input where the failure was detected, or -1. */
    public long offset() {
        return offset;
    }
}
