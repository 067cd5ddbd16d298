package dev.rvf.interop;

import com.google.gson.JsonObject;

/**
 * What extractKernel()/extractEbpf() return: the segment's fixed header (128 bytes for a kernel, 64 for eBPF)
 * and the rest of its payload (kernel: image followed by the cmdline; eBPF: program followed by the BTF).
 * With several KERNEL segments the binding returns the first one in the directory.
 */
public record ReferenceExtract(byte[] header, byte[] body) {

    public ReferenceExtract {
        header = header.clone();
        body = body.clone();
    }

    @Override
    public byte[] header() {
        return header.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    static ReferenceExtract kernelFromJson(JsonObject o) {
        return o == null ? null : new ReferenceExtract(Json.hex(Json.string(o, "header")), Json.hex(Json.string(o, "image")));
    }

    static ReferenceExtract ebpfFromJson(JsonObject o) {
        return o == null ? null : new ReferenceExtract(Json.hex(Json.string(o, "header")), Json.hex(Json.string(o, "payload")));
    }
}
