package dev.rvf.wasm;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

/**
 * The message of the most recent failed export call (errno style: a successful call leaves it alone), so JS can
 * show more than a number. Read it right after a call returned a negative status.
 */
final class LastError {
    private static byte[] utf8 = new byte[0];

    private LastError() {
    }

    /** Records the failure and returns its ABI number, so an export can {@code return fail(...)}. */
    static int fail(ErrorCode code, String detail) {
        utf8 = dev.rvf.util.Utf8.encode(code.description() + " - " + detail); // no charset machinery in Wasm
        return code.code();
    }

    /** Records an expected failure raised by an argument check or by the core library. */
    static int fail(RvfException e) {
        return fail(e.errorCode(), e.getMessage());
    }

    static byte[] utf8() {
        return utf8;
    }
}
