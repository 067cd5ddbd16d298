package dev.rvf.interop;

import com.google.gson.JsonObject;

/**
 * One query result. The binding computes distances in float32 and hands them to JS as doubles, so
 * {@code (float) distance} is the reference's exact float32 value. {@code idExact} is false for ids the JS
 * number could not hold exactly (beyond 2^53).
 */
public record ReferenceHit(long id, double distance, boolean idExact) {

    public float distanceF32() {
        return (float) distance;
    }

    static ReferenceHit fromJson(JsonObject o) {
        return new ReferenceHit(Json.longValue(o, "id", -1), Json.doubleValue(o, "distance", Double.NaN),
                !Json.bool(o, "idUnsafe"));
    }
}
