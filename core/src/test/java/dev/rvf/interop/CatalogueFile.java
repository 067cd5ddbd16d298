package dev.rvf.interop;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One file the reference wrote (ref-write.cjs) and what a reader must find in it.
 *
 * @param name file name inside the catalogue directory
 * @param path absolute path of the file
 * @param handcrafted built by hand from a reference file (an extra segment the reference never writes)
 * @param requiresParent for a COW child (branch()), the parent file that must sit beside it, else null
 * @param liveIds ascending; for a COW child the inherited ids are included
 * @param deletedIds the latest manifest's deleted list (only ids that existed when deleted)
 * @param vectors every live id's vector, ascending id order
 * @param status status() as the reference reports it after a read-only open
 * @param segments segments() as the reference reports it after a read-only open
 * @param kernel extractKernel(), or null
 * @param ebpf extractEbpf(), or null
 * @param answers queries and the reference's answers on the finished file
 * @param selfCheckProblems empty when the script's model of the reference (last write wins, deletes stick
 *        until compaction, float32 sequential distances) matched a query over every vector
 * @param raw the whole expected.json entry (ops log, decoded manifest, physical segment walk, ...)
 */
public record CatalogueFile(String name, Path path, String description, boolean handcrafted, String requiresParent,
        int dimension, String metric, long[] liveIds, long[] deletedIds, Map<Long, float[]> vectors,
        String fileId, String parentId, int lineageDepth, ReferenceStatus status, List<ReferenceSegment> segments,
        ReferenceExtract kernel, ReferenceExtract ebpf, ReferenceWitness witness, List<ReferenceAnswer> answers,
        List<String> selfCheckProblems, JsonObject raw) {

    static CatalogueFile fromJson(Path dir, JsonObject o) {
        Map<Long, float[]> vectors = new LinkedHashMap<>();
        for (JsonElement e : Json.array(o, "vectors")) {
            JsonObject v = e.getAsJsonObject();
            vectors.put(v.get("id").getAsLong(), Json.floats(Json.array(v, "values")));
        }
        String name = Json.string(o, "name");
        return new CatalogueFile(name, dir.resolve(name), Json.string(o, "description"), Json.bool(o, "handcrafted"),
                Json.string(o, "requiresParent"), Json.intValue(o, "dimension", -1), Json.string(o, "metric"),
                Json.longs(Json.array(o, "liveIds")), Json.longs(Json.array(o, "deletedIds")),
                Collections.unmodifiableMap(vectors), Json.string(o, "fileId"), Json.string(o, "parentId"),
                Json.intValue(o, "lineageDepth", -1), ReferenceStatus.fromJson(Json.object(o, "status")),
                Json.list(Json.array(o, "segments"), ReferenceSegment::fromJson),
                ReferenceExtract.kernelFromJson(Json.object(o, "kernel")),
                ReferenceExtract.ebpfFromJson(Json.object(o, "ebpf")),
                ReferenceWitness.fromJson(Json.object(o, "witness")),
                Json.list(Json.array(o, "queries"), q -> ReferenceAnswer.fromJson(ReferenceQuery.fromJson(q), q)),
                Json.array(Json.object(o, "selfCheck"), "problems").asList().stream().map(JsonElement::getAsString).toList(),
                o);
    }

    public List<ReferenceQuery> queries() {
        return answers.stream().map(ReferenceAnswer::query).toList();
    }

    public boolean selfCheckOk() {
        return selfCheckProblems.isEmpty();
    }

    @Override
    public String toString() {
        return "CatalogueFile[" + name + ": " + description + "]";
    }
}
