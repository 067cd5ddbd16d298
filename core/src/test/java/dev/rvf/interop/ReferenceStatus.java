package dev.rvf.interop;

import com.google.gson.JsonObject;

/**
 * The binding's status(). Note its semantics: totalVectors counts live ids of this file only (a COW child's
 * inherited ids are not counted); totalSegments is the directory size (after a reopen it excludes the
 * latest manifest); deadSpaceRatio = deleted / (live + deleted).
 */
public record ReferenceStatus(long totalVectors, long totalSegments, long fileSize, long currentEpoch,
        int profileId, String compactionState, double deadSpaceRatio, boolean readOnly) {

    static ReferenceStatus fromJson(JsonObject o) {
        if (o == null) {
            return null;
        }
        return new ReferenceStatus(Json.longValue(o, "totalVectors", -1), Json.longValue(o, "totalSegments", -1),
                Json.longValue(o, "fileSize", -1), Json.longValue(o, "currentEpoch", -1),
                Json.intValue(o, "profileId", -1), Json.string(o, "compactionState"),
                Json.doubleValue(o, "deadSpaceRatio", Double.NaN), Json.bool(o, "readOnly"));
    }
}
