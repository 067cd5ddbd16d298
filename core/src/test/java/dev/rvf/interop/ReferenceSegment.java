package dev.rvf.interop;

import com.google.gson.JsonObject;

/**
 * One entry of the binding's segments() list. segType names: invalid, vec, index, overlay, journal, manifest,
 * quant, meta, hot, sketch, witness, profile, crypto, meta_idx, kernel, ebpf, cow_map, membership, and
 * "unknown(0xNN)" (upper-case hex) for every other type byte, WASM and DASHBOARD included.
 */
public record ReferenceSegment(long id, long offset, long payloadLength, String segType) {

    static ReferenceSegment fromJson(JsonObject o) {
        return new ReferenceSegment(Json.longValue(o, "id", -1), Json.longValue(o, "offset", -1),
                Json.longValue(o, "payloadLength", -1), Json.string(o, "segType"));
    }
}
