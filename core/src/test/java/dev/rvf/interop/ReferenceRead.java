package dev.rvf.interop;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the reference binding reports for one file (ref-read.cjs). When it cannot open the file, {@code ok}
 * is false, {@code error} holds its message (e.g. "RVF error 0x0106: ManifestNotFound") and the other
 * fields are null/empty. {@code liveIds} are all ids a query can return, ascending. {@code answers} follow
 * the order of the queries passed in. {@code errors} maps a single call that failed (e.g. "kernel") to its
 * message.
 */
public record ReferenceRead(Path file, boolean ok, String error, String openMode, ReferenceStatus status,
        int dimension, String metric, String fileId, String parentId, int lineageDepth,
        List<ReferenceSegment> segments, ReferenceExtract kernel, ReferenceExtract ebpf, ReferenceWitness witness,
        long[] liveIds, List<ReferenceAnswer> answers, Map<String, String> errors, JsonObject raw) {

    static ReferenceRead fromJson(JsonObject o, List<ReferenceQuery> queries) {
        List<ReferenceAnswer> answers = new ArrayList<>();
        var rawAnswers = Json.array(o, "queries");
        for (int i = 0; i < rawAnswers.size() && i < queries.size(); i++) {
            answers.add(ReferenceAnswer.fromJson(queries.get(i), rawAnswers.get(i).getAsJsonObject()));
        }
        String file = Json.string(o, "file");
        return new ReferenceRead(file == null ? null : Path.of(file), Json.bool(o, "ok"), Json.string(o, "error"),
                Json.string(o, "openMode"), ReferenceStatus.fromJson(Json.object(o, "status")),
                Json.intValue(o, "dimension", -1), Json.string(o, "metric"), Json.string(o, "fileId"),
                Json.string(o, "parentId"), Json.intValue(o, "lineageDepth", -1),
                Json.list(Json.array(o, "segments"), ReferenceSegment::fromJson),
                ReferenceExtract.kernelFromJson(Json.object(o, "kernel")),
                ReferenceExtract.ebpfFromJson(Json.object(o, "ebpf")),
                ReferenceWitness.fromJson(Json.object(o, "witness")), Json.longs(Json.array(o, "liveIds")),
                List.copyOf(answers), Map.copyOf(Json.stringMap(Json.object(o, "errors"))), o);
    }

    /** The segType names in directory order. */
    public List<String> segmentTypes() {
        return segments.stream().map(ReferenceSegment::segType).toList();
    }

    @Override
    public String toString() {
        return ok ? "ReferenceRead[" + file + " ok, " + liveIds.length + " live, dim " + dimension + ", " + metric + "]"
                : "ReferenceRead[" + file + " failed: " + error + "]";
    }
}
