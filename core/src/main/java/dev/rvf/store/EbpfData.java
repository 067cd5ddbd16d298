package dev.rvf.store;

import dev.rvf.format.EbpfPayload;

/**
 * An embedded eBPF program as the reference's extractEbpf() returns it: the 64-byte header and everything after it
 * (the program followed by the BTF), plus the decoded fields.
 */
public final class EbpfData {
    private final EbpfPayload payload;

    EbpfData(EbpfPayload payload) {
        this.payload = payload;
    }

    /** The 64 header bytes. */
    public byte[] header() {
        return payload.headerBytes();
    }

    /** The program followed by the BTF. */
    public byte[] payloadBytes() {
        return payload.bytesAfterHeader();
    }

    /** The decoded payload (program type, attach type, max dimension, program, BTF, ...). */
    public EbpfPayload payload() {
        return payload;
    }
}
