package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import java.util.Arrays;

/**
 * An EBPF_SEG payload (rvf-format.md §15): a 64-byte header, the program, then optional BTF. The header is kept
 * as raw bytes, so {@link #encode()} reproduces a decoded payload exactly.
 */
public final class EbpfPayload {
    public static final int MAGIC = 0x52564250;
    public static final int HEADER_SIZE = 64;

    private final byte[] header;
    private final byte[] program;
    private final byte[] btf;

    private EbpfPayload(byte[] header, byte[] program, byte[] btf) {
        this.header = header;
        this.program = program;
        this.btf = btf;
    }

    /**
     * The payload the reference's {@code embedEbpf(programType, attachType, maxDimension, bytecode, btf)} writes:
     * header_version 1, insn_count = program bytes / 8, program_hash = fold256(program), flags and maps zero.
     */
    public static EbpfPayload build(int programType, int attachType, int maxDimension, byte[] program, byte[] btf) {
        if (program == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "eBPF program is required");
        }
        byte[] b = btf != null ? btf : new byte[0];
        ByteWriter w = new ByteWriter(HEADER_SIZE);
        w.u32(MAGIC).u16(1).u8(programType).u8(attachType).u32(0).u16(program.length / 8).u16(maxDimension)
                .u64(program.length).u32(0).u32(b.length).bytes(Fold256.digest(program));
        return new EbpfPayload(w.toByteArray(), program.clone(), b.clone());
    }

    /** Decodes the reader's remaining bytes; BAD_PAYLOAD on a wrong magic or sizes that do not fit. */
    public static EbpfPayload decode(ByteReader r) {
        if (r.remaining() < HEADER_SIZE) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "eBPF payload shorter than 64 bytes", r.fileOffset());
        }
        if (LittleEndian.i32(r.array(), r.arrayPosition()) != MAGIC) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "no RVBP magic", r.fileOffset());
        }
        byte[] header = r.bytes(HEADER_SIZE);
        byte[] program = r.bytes(r.checkCount(LittleEndian.u64(header, 0x10), 1, ErrorCode.BAD_PAYLOAD,
                "eBPF program_size"));
        byte[] btf = r.bytes(r.checkCount(LittleEndian.u32(header, 0x1C), 1, ErrorCode.BAD_PAYLOAD,
                "eBPF btf_size"));
        r.skip(r.remaining());
        return new EbpfPayload(header, program, btf);
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter(HEADER_SIZE + program.length + btf.length);
        return w.bytes(header).bytes(program).bytes(btf).toByteArray();
    }

    /** The 64 header bytes (what the reference's extractEbpf() returns as {@code header}). */
    public byte[] headerBytes() {
        return header.clone();
    }

    /** Program followed by BTF (what the reference's extractEbpf() returns as {@code payload}). */
    public byte[] bytesAfterHeader() {
        byte[] out = new byte[program.length + btf.length];
        System.arraycopy(program, 0, out, 0, program.length);
        System.arraycopy(btf, 0, out, program.length, btf.length);
        return out;
    }

    public byte[] program() {
        return program.clone();
    }

    public byte[] btf() {
        return btf.clone();
    }

    public int headerVersion() {
        return LittleEndian.u16(header, 4);
    }

    /** 0 XDP distance, 1 TC filter, 2 socket filter, 3 tracepoint, 4 kprobe, 5 cgroup skb, 0xFF custom. */
    public int programType() {
        return header[6] & 0xFF;
    }

    /** 0 XDP ingress, 1 TC ingress, 2 TC egress, 3 socket filter, 4 cgroup ingress, 5 cgroup egress, 0xFF none. */
    public int attachType() {
        return header[7] & 0xFF;
    }

    public long programFlags() {
        return LittleEndian.u32(header, 8);
    }

    public int insnCount() {
        return LittleEndian.u16(header, 0x0C);
    }

    public int maxDimension() {
        return LittleEndian.u16(header, 0x0E);
    }

    public long programSize() {
        return LittleEndian.u64(header, 0x10);
    }

    public long mapCount() {
        return LittleEndian.u32(header, 0x18);
    }

    public long btfSize() {
        return LittleEndian.u32(header, 0x1C);
    }

    public byte[] programHash() {
        return KernelPayload.slice(header, 0x20, 32);
    }

    /** True when program_hash = fold256(program). */
    public boolean programHashValid() {
        return Arrays.equals(programHash(), Fold256.digest(program));
    }
}
