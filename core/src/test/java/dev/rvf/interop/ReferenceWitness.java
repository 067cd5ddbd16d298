package dev.rvf.interop;

import com.google.gson.JsonObject;

/**
 * The binding's verifyWitness(). It does not check the chain: it counts WITNESS directory entries and reports
 * "invalid" whenever a freshly opened file has any (the in-memory chain restarts at every open).
 */
public record ReferenceWitness(boolean valid, long entries, String error) {

    static ReferenceWitness fromJson(JsonObject o) {
        return o == null ? null
                : new ReferenceWitness(Json.bool(o, "valid"), Json.longValue(o, "entries", -1), Json.string(o, "error"));
    }
}
