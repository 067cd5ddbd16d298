package dev.rvf.interop;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * A query and what the reference answered: its hits (nearest first), or the error it raised.
 * {@code approximate} is true when the reference answered through its HNSW index (1024+ vectors), where the
 * hits may miss true neighbours and distances come from its SIMD kernel.
 */
public record ReferenceAnswer(ReferenceQuery query, List<ReferenceHit> hits, String error, boolean approximate) {

    public ReferenceAnswer {
        hits = List.copyOf(hits);
    }

    public boolean ok() {
        return error == null;
    }

    public long[] ids() {
        return hits.stream().mapToLong(ReferenceHit::id).toArray();
    }

    static ReferenceAnswer fromJson(ReferenceQuery query, JsonObject o) {
        return new ReferenceAnswer(query, Json.list(Json.array(o, "results"), ReferenceHit::fromJson),
                Json.string(o, "error"), Json.bool(o, "approximate"));
    }
}
