package dev.rvf.store;

import dev.rvf.format.KernelPayload;

/**
 * An embedded kernel as the reference's extractKernel() returns it: the 128-byte header and everything after it
 * (in the layout the reference writes: the image followed by the cmdline), plus the decoded fields.
 */
public final class KernelData {
    private final KernelPayload payload;

    KernelData(KernelPayload payload) {
        this.payload = payload;
    }

    /** The 128 header bytes. */
    public byte[] header() {
        return payload.headerBytes();
    }

    /** Everything after the header (image, then cmdline, for kernels the reference embeds). */
    public byte[] image() {
        return payload.bytesAfterHeader();
    }

    /** The decoded payload (arch, kernel type, flags, API port, the image alone, the cmdline, ...). */
    public KernelPayload payload() {
        return payload;
    }
}
