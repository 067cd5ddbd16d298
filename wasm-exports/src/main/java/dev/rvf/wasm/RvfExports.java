package dev.rvf.wasm;

import dev.rvf.ErrorCode;
import org.teavm.interop.Address;
import org.teavm.interop.Export;

/**
 * The module's C-style ABI: every function takes and returns i32/f32 only. Conventions (see README-abi-notes.md):
 * a return value {@code >= 0} is success, a negative one is an {@link ErrorCode} number; results other than a
 * status are written through an out pointer; every (pointer, length) argument must lie inside one live block
 * from {@code rvf_alloc}, checked before any memory access.
 *
 * <p>This class is TeaVM's main class and deliberately has no {@code main()} (it would add JS-interop imports).
 */
public final class RvfExports {
    private static final int F32 = 4;

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
            return outsideBlocks("rvf_last_error", "buf", bufPtr, bufLen);
        }
        Address out = Address.fromInt(bufPtr);
        for (int i = 0; i < message.length; i++) {
            out.add(i).putByte(message[i]);
        }
        return message.length;
    }

    /** Dot product of two f32 vectors of {@code dim} elements, written as one f32 at {@code outPtr}. */
    @Export(name = "tile_dot_f32")
    public static int tileDotF32(int aPtr, int bPtr, int dim, int outPtr) {
        if (dim <= 0) {
            return LastError.fail(ErrorCode.INVALID_ARGUMENT, "tile_dot_f32: dim " + dim + " is not positive");
        }
        long bytes = (long) dim * F32;
        if (!LinearHeap.contains(aPtr, bytes)) {
            return outsideBlocks("tile_dot_f32", "a", aPtr, bytes);
        }
        if (!LinearHeap.contains(bPtr, bytes)) {
            return outsideBlocks("tile_dot_f32", "b", bPtr, bytes);
        }
        if (!LinearHeap.contains(outPtr, F32)) {
            return outsideBlocks("tile_dot_f32", "out", outPtr, F32);
        }
        Address.fromInt(outPtr).putFloat(dot(Address.fromInt(aPtr), Address.fromInt(bPtr), dim));
        return 0;
    }

    /**
     * Dot products of one query with a tile of {@code count} row-major vectors ({@code count * dim} f32), written
     * as {@code count} f32 at {@code outPtr}. Returns {@code count}. The out range must not overlap the inputs.
     */
    @Export(name = "tile_dot_many_f32")
    public static int tileDotManyF32(int queryPtr, int tilePtr, int count, int dim, int outPtr) {
        if (dim <= 0 || count <= 0) {
            return LastError.fail(ErrorCode.INVALID_ARGUMENT, "tile_dot_many_f32: count " + count + " and dim "
                    + dim + " must be positive");
        }
        long rowBytes = (long) dim * F32;
        if (!LinearHeap.contains(queryPtr, rowBytes)) {
            return outsideBlocks("tile_dot_many_f32", "query", queryPtr, rowBytes);
        }
        if (!LinearHeap.contains(tilePtr, rowBytes * count)) {
            return outsideBlocks("tile_dot_many_f32", "tile", tilePtr, rowBytes * count);
        }
        if (!LinearHeap.contains(outPtr, (long) count * F32)) {
            return outsideBlocks("tile_dot_many_f32", "out", outPtr, (long) count * F32);
        }
        Address query = Address.fromInt(queryPtr);
        Address out = Address.fromInt(outPtr);
        for (int row = 0; row < count; row++) {
            out.add(row * F32).putFloat(dot(query, Address.fromInt(tilePtr).add(row * dim * F32), dim));
        }
        return count;
    }

    private static int outsideBlocks(String function, String operand, int ptr, long bytes) {
        return LastError.fail(ErrorCode.BAD_POINTER, function + ": " + operand + " [" + ptr + ", +" + bytes
                + ") is not inside a live block");
    }

    // Placeholder arithmetic proving data flow through linear memory; the real kernels come from dev.rvf.kernels.
    private static float dot(Address a, Address b, int dim) {
        float sum = 0;
        for (int i = 0; i < dim; i++) {
            sum += a.add(i * F32).getFloat() * b.add(i * F32).getFloat();
        }
        return sum;
    }
}
