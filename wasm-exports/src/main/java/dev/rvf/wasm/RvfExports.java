package dev.rvf.wasm;

import dev.rvf.ErrorCode;
import org.teavm.interop.Export;

/**
 * The module's C-style ABI (docs/ABI.md): every function takes and returns i32/f32 only; a return value
 * {@code >= 0} is success, a negative one is an {@link ErrorCode} number; results other than a status are
 * written through out pointers, which come last; every (pointer, length) argument must lie inside one live
 * block from {@code rvf_alloc}, checked before any memory access.
 *
 * <p>This class holds the memory exports and is TeaVM's main class; it deliberately has no {@code main()} (that
 * would add JS-interop imports). The other exports live in {@link TileExports} and {@link ParseExports}.
 */
public final class RvfExports {
    static {
        // TeaVM collects @Export methods from the classes it reaches from the main class, and only those.
        TileExports.reach();
        ParseExports.reach();
    }

    static {
        StoreExports.reach(); // TeaVM collects @Export methods only from the classes it reaches from here
    }

    private RvfExports() {
    }

    @Export(name = "rvf_alloc")
    public static int rvfAlloc(int size) {
        return LinearHeap.alloc(size);
    }

    @Export(name = "rvf_free")
    public static int rvfFree(int ptr) {
        return LinearHeap.free(ptr);
    }

    /**
     * Copies the last error message (UTF-8, no terminator) to {@code [bufPtr, bufPtr + bufLen)} if it fits.
     * Returns the message length in bytes, whether or not it was copied: a result {@code > bufLen} means "call
     * again with a bigger buffer". {@code bufLen == 0} only asks for the length (the pointer is not checked).
     */
    @Export(name = "rvf_last_error")
    public static int rvfLastError(int bufPtr, int bufLen) {
        byte[] message = LastError.utf8();
        if (bufLen < 0) {
            return LastError.fail(ErrorCode.INVALID_ARGUMENT, "rvf_last_error: negative buffer length " + bufLen);
        }
        if (bufLen == 0 || message.length > bufLen) {
            return message.length;
        }
        if (!LinearHeap.contains(bufPtr, bufLen)) {
            return LastError.fail(Args.outside("rvf_last_error", "buf", bufPtr, bufLen));
        }
        Memory.writeBytes(message, 0, bufPtr, message.length);
        return message.length;
    }
}
