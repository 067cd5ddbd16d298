package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import java.util.Arrays;

/**
 * A KERNEL_SEG payload (rvf-format.md §14): a 128-byte header, then either (a) image then cmdline, or (b) a
 * 128-byte KernelBinding, cmdline, image. Layout (b) is recognised by cmdline_offset == 256.
 *
 * <p>Reference quirks kept on purpose: in layout (a) the reference writes cmdline_offset = 128 although the
 * cmdline really sits after the image (at 128 + image_size); the API port is big-endian. The header is kept as
 * raw bytes, so {@link #encode()} reproduces a decoded payload exactly.
 */
public final class KernelPayload {
    public static final int MAGIC = 0x52564B4E;
    public static final int HEADER_SIZE = 128;
    public static final int BINDING_SIZE = 128;

    private final byte[] header;
    private final byte[] binding;
    private final byte[] image;
    private final byte[] cmdline;

    private KernelPayload(byte[] header, byte[] binding, byte[] image, byte[] cmdline) {
        this.header = header;
        this.binding = binding;
        this.image = image;
        this.cmdline = cmdline;
    }

    /**
     * The payload the reference's {@code embedKernel(arch, kernelType, flags, image, apiPort, cmdline)} writes:
     * layout (a), header_version 1, compressed_size = image_size, api_version 1, image_hash = fold256(image),
     * cmdline_offset 128, everything else zero.
     */
    public static KernelPayload build(int arch, int kernelType, int kernelFlags, byte[] image, int apiPort,
            byte[] cmdline) {
        if (image == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "kernel image is required");
        }
        byte[] cmd = cmdline != null ? cmdline : new byte[0];
        ByteWriter w = new ByteWriter(HEADER_SIZE);
        w.u32(MAGIC).u16(1).u8(arch).u8(kernelType).u32(kernelFlags & 0xFFFFFFFFL).u32(0).u64(0)
                .u64(image.length).u64(image.length).u8(0).u8(0).u16BigEndian(apiPort).u32(1)
                .bytes(Fold256.digest(image)).zeros(16).u64(0).u32(0).u32(0)
                .u64(HEADER_SIZE).u32(cmd.length).u32(0);
        return new KernelPayload(w.toByteArray(), null, image.clone(), cmd.clone());
    }

    /** Decodes the reader's remaining bytes; BAD_PAYLOAD on a wrong magic or sizes that do not fit. */
    public static KernelPayload decode(ByteReader r) {
        if (r.remaining() < HEADER_SIZE) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "kernel payload shorter than 128 bytes", r.fileOffset());
        }
        if (LittleEndian.i32(r.array(), r.arrayPosition()) != MAGIC) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "no RVKN magic", r.fileOffset());
        }
        byte[] header = r.bytes(HEADER_SIZE);
        long imageSize = LittleEndian.u64(header, 0x18);
        long cmdLen = LittleEndian.u32(header, 0x78);
        boolean withBinding = LittleEndian.u64(header, 0x70) == HEADER_SIZE + BINDING_SIZE;
        byte[] binding = null;
        byte[] image;
        byte[] cmd;
        if (withBinding) {
            if (r.remaining() < BINDING_SIZE) {
                throw new RvfException(ErrorCode.BAD_PAYLOAD, "kernel binding truncated", r.fileOffset());
            }
            binding = r.bytes(BINDING_SIZE);
            cmd = r.bytes(r.checkCount(cmdLen, 1, ErrorCode.BAD_PAYLOAD, "kernel cmdline_length"));
            image = r.bytes(r.checkCount(imageSize, 1, ErrorCode.BAD_PAYLOAD, "kernel image_size"));
        } else {
            image = r.bytes(r.checkCount(imageSize, 1, ErrorCode.BAD_PAYLOAD, "kernel image_size"));
            cmd = r.bytes(r.checkCount(cmdLen, 1, ErrorCode.BAD_PAYLOAD, "kernel cmdline_length"));
        }
        r.skip(r.remaining());
        return new KernelPayload(header, binding, image, cmd);
    }

    /** The payload bytes, in this payload's layout. */
    public byte[] encode() {
        ByteWriter w = new ByteWriter(encodedLength());
        w.bytes(header);
        if (binding != null) {
            w.bytes(binding).bytes(cmdline).bytes(image);
        } else {
            w.bytes(image).bytes(cmdline);
        }
        return w.toByteArray();
    }

    public int encodedLength() {
        return HEADER_SIZE + (binding != null ? BINDING_SIZE : 0) + image.length + cmdline.length;
    }

    /** The 128 header bytes (what the reference's extractKernel() returns as {@code header}). */
    public byte[] headerBytes() {
        return header.clone();
    }

    /**
     * Everything after the header, as the reference's extractKernel() returns it as {@code image}: in layout (a)
     * that is the image followed by the cmdline.
     */
    public byte[] bytesAfterHeader() {
        byte[] all = encode();
        byte[] out = new byte[all.length - HEADER_SIZE];
        System.arraycopy(all, HEADER_SIZE, out, 0, out.length);
        return out;
    }

    public byte[] image() {
        return image.clone();
    }

    public byte[] cmdline() {
        return cmdline.clone();
    }

    /** The 128-byte KernelBinding of layout (b), or null. */
    public byte[] binding() {
        return binding != null ? binding.clone() : null;
    }

    public int headerVersion() {
        return LittleEndian.u16(header, 4);
    }

    /** 0 x86_64, 1 aarch64, 2 riscv64, 0xFE universal, 0xFF unknown. */
    public int arch() {
        return header[6] & 0xFF;
    }

    /** 0 Hermit, 1 MicroLinux, 2 Asterinas, 3 WASI-P2, 4 custom, 0xFE test stub. */
    public int kernelType() {
        return header[7] & 0xFF;
    }

    public long kernelFlags() {
        return LittleEndian.u32(header, 8);
    }

    public long minMemoryMb() {
        return LittleEndian.u32(header, 0x0C);
    }

    public long entryPoint() {
        return LittleEndian.u64(header, 0x10);
    }

    public long imageSize() {
        return LittleEndian.u64(header, 0x18);
    }

    public long compressedSize() {
        return LittleEndian.u64(header, 0x20);
    }

    public int compression() {
        return header[0x28] & 0xFF;
    }

    public int apiTransport() {
        return header[0x29] & 0xFF;
    }

    /** The API port (stored big-endian). */
    public int apiPort() {
        return LittleEndian.u16BigEndian(header, 0x2A);
    }

    public long apiVersion() {
        return LittleEndian.u32(header, 0x2C);
    }

    public byte[] imageHash() {
        return slice(header, 0x30, 32);
    }

    public byte[] buildId() {
        return slice(header, 0x50, 16);
    }

    public long buildTimestamp() {
        return LittleEndian.u64(header, 0x60);
    }

    public long vcpuCount() {
        return LittleEndian.u32(header, 0x68);
    }

    /** The stored cmdline_offset field (128 in layout (a) even though the cmdline follows the image). */
    public long cmdlineOffsetField() {
        return LittleEndian.u64(header, 0x70);
    }

    public long cmdlineLength() {
        return LittleEndian.u32(header, 0x78);
    }

    /** True when image_hash = fold256(image). */
    public boolean imageHashValid() {
        return Arrays.equals(imageHash(), Fold256.digest(image));
    }

    static byte[] slice(byte[] b, int off, int len) {
        byte[] out = new byte[len];
        System.arraycopy(b, off, out, 0, len);
        return out;
    }
}
