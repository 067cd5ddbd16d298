package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import java.util.Arrays;

/** A WASM_SEG payload (rvf-format.md §16): a 64-byte header, then the module bytecode. Parse only. */
public final class WasmPayload {
    public static final int MAGIC = 0x5256574D;
    public static final int HEADER_SIZE = 64;

    private final byte[] header;
    private final byte[] bytecode;

    private WasmPayload(byte[] header, byte[] bytecode) {
        this.header = header;
        this.bytecode = bytecode;
    }

    /** Decodes the reader's remaining bytes; BAD_PAYLOAD on a wrong magic or a bytecode_size that does not fit. */
    public static WasmPayload decode(ByteReader r) {
        if (r.remaining() < HEADER_SIZE || LittleEndian.i32(r.array(), r.arrayPosition()) != MAGIC) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "not a WASM segment header (RVWM)", r.fileOffset());
        }
        byte[] header = r.bytes(HEADER_SIZE);
        byte[] code = r.bytes(r.checkCount(LittleEndian.u32(header, 0x0C), 1, ErrorCode.BAD_PAYLOAD,
                "wasm bytecode_size"));
        r.skip(r.remaining());
        return new WasmPayload(header, code);
    }

    public byte[] headerBytes() {
        return header.clone();
    }

    public byte[] bytecode() {
        return bytecode.clone();
    }

    public int version() {
        return LittleEndian.u16(header, 4);
    }

    /** 0 microkernel, 1 interpreter, 2 combined, 3 extension, 4 control plane. */
    public int role() {
        return header[6] & 0xFF;
    }

    /** 0 wasm32, 1 WASI-P1, 2 WASI-P2, 3 browser, 4 bare tile. */
    public int target() {
        return header[7] & 0xFF;
    }

    public int requiredFeatures() {
        return LittleEndian.u16(header, 8);
    }

    public int exportCount() {
        return LittleEndian.u16(header, 0x0A);
    }

    public long bytecodeSize() {
        return LittleEndian.u32(header, 0x0C);
    }

    public long compressedSize() {
        return LittleEndian.u32(header, 0x10);
    }

    public int compression() {
        return header[0x14] & 0xFF;
    }

    public int minMemoryPages() {
        return header[0x15] & 0xFF;
    }

    public int maxMemoryPages() {
        return header[0x16] & 0xFF;
    }

    public int tableCount() {
        return header[0x17] & 0xFF;
    }

    public byte[] bytecodeHash() {
        return KernelPayload.slice(header, 0x18, 32);
    }

    public int bootstrapPriority() {
        return header[0x38] & 0xFF;
    }

    public int interpreterType() {
        return header[0x39] & 0xFF;
    }

    /** True when bytecode_hash = fold256(bytecode). */
    public boolean bytecodeHashValid() {
        return Arrays.equals(bytecodeHash(), Fold256.digest(bytecode));
    }
}
