package dev.rvf.js;

import dev.rvf.Metric;
import dev.rvf.filter.FilterExpr;
import dev.rvf.filter.Value;
import dev.rvf.format.FileIdentity;
import dev.rvf.format.SegmentInfo;
import dev.rvf.format.WitnessReport;
import dev.rvf.format.CompactionResult;
import dev.rvf.store.DeleteResult;
import dev.rvf.store.DerivationType;
import dev.rvf.store.EbpfData;
import dev.rvf.store.IngestResult;
import dev.rvf.store.KernelData;
import dev.rvf.store.QueryOptions;
import dev.rvf.store.RvfStore;
import dev.rvf.store.SearchHit;
import dev.rvf.store.StoreOptions;
import dev.rvf.store.StoreStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes the expected answers of the JS store tests (store.test.mjs): a script of RvfStore operations, each run here
 * on the JVM with the same core code the module is compiled from, and recorded with its inputs and its result. The
 * JS test replays the script through rvf.js's RvfStore and compares every answer: ids, distances (bit for bit: the
 * module computes in IEEE f32 like the JVM), counts, epochs, sizes, status fields, segments, metadata, kernels.
 *
 * <p>What cannot match is left out: file ids and witness timestamps differ per run, so lineage of created stores
 * is compared structurally and exported files by length.
 *
 * <p>Run by exec-maven-plugin in js-glue's process-test-classes phase: {@code StoreFixture <out.json> <samplesDir>}.
 */
public final class StoreFixture {
    /** Reference samples replayed too: kernel + eBPF, several VEC segments, a derived file. */
    static final List<String> SAMPLES = List.of("sealed_engine.rvf", "swarm_knowledge.rvf", "lineage_child.rvf");

    private final Path samplesDir;
    private final Random random = new Random(20261124);
    private final Map<String, RvfStore> stores = new HashMap<>();
    private final Map<String, byte[]> exports = new HashMap<>();
    private final List<Object> ops = new ArrayList<>();

    private StoreFixture(Path samplesDir) {
        this.samplesDir = samplesDir;
    }

    public static void main(String[] args) throws IOException {
        Path out = Paths.get(args[0]);
        StoreFixture f = new StoreFixture(Paths.get(args[1]));
        f.script();
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, Json.write(Map.of("ops", f.ops)) + "\n", StandardCharsets.UTF_8);
        System.out.println("StoreFixture: " + f.ops.size() + " operations written to " + out);
    }

    // ------------------------------------------------------------------------------------------ the script

    private void script() throws IOException {
        l2Store();
        otherMetrics();
        for (String sample : SAMPLES) {
            sample(sample);
        }
    }

    private void l2Store() throws IOException {
        int dim = 16;
        create("main", dim, Metric.L2, Map.of("m", 12, "efConstruction", 64));
        List<Map<String, Object>> rows = new ArrayList<>();
        long[] ids = new long[240];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
            rows.add(i % 7 == 6 ? null : row("cat", List.of("a", "b", "c").get(i % 3), "n", (double) (i + 1),
                    "even", (i + 1) % 2 == 0));
        }
        ingest("main", floats(ids.length * dim), ids, rows);
        long[] more = new long[80];
        for (int i = 0; i < more.length; i++) {
            more[i] = 1000 + i;
        }
        ingest("main", floats(more.length * dim), more, null);
        ingest("main", floats(2 * dim), new long[] {5, 6}, List.of(row("cat", "z", "n", -1.0), row("cat", "z")));
        status("main");

        float[][] queries = new float[5][];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = floats(dim);
        }
        Map<String, Object> catB = filter("eq", "cat", "b");
        Map<String, Object> oddInRange = and(filter("range", "n", 10.0, 120.0), not(filter("eq", "even", true)));
        Map<String, Object> aOrZ = in("cat", "a", "z");
        Map<String, Object> extremes = or(filter("gt", "n", 200.0), filter("le", "n", 3.0));
        for (float[] q : queries) {
            query("main", q, 10, Map.of("exact", true));
            query("main", q, 10, Map.of());
            query("main", q, 5, Map.of("efSearch", 8));
            query("main", q, 7, Map.of("exact", true, "filter", catB));
            query("main", q, 7, Map.of("filter", catB));
            query("main", q, 5, Map.of("filter", oddInRange));
            query("main", q, 4, Map.of("exact", true, "filter", aOrZ));
            query("main", q, 6, Map.of("filter", extremes));
        }
        query("main", queries[0], 1000, Map.of("exact", true));
        for (long id : new long[] {1, 5, 7, 1000, 424242}) {
            metadata("main", id);
        }

        delete("main", new long[] {3, 4, 99999});
        deleteByFilter("main", filter("eq", "cat", "c"));
        status("main");
        for (float[] q : queries) {
            query("main", q, 10, Map.of("exact", true));
            query("main", q, 10, Map.of());
        }

        byte[] image = new byte[100];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (i * 7);
        }
        embedKernel("main", 1, 2, 0x80000001L, image, 8080, "console=ttyS0 quiet");
        extractKernel("main");
        embedEbpf("main", 3, 4, 16, Arrays.copyOf(image, 40), new byte[] {1, 2, 3, 4, 5});
        extractEbpf("main");
        segments("main");
        verifyWitness("main");

        compact("main");
        status("main");
        for (float[] q : queries) {
            query("main", q, 10, Map.of());
        }
        exportStore("main", "mainFile");
        open("reopened", "mainFile", false);
        status("reopened");
        segments("reopened");
        for (float[] q : queries) {
            query("reopened", q, 10, Map.of());
        }
        metadata("reopened", 1);
        extractKernel("reopened");

        derive("main", "child", DerivationType.SNAPSHOT);
        lineage("child");
        long[] childIds = {7, 8, 9};
        ingest("child", floats(childIds.length * dim), childIds, null);
        query("child", queries[1], 5, Map.of());
        close("child");
        close("reopened");
        close("main");
    }

    private void otherMetrics() {
        create("cos", 24, Metric.COSINE, Map.of("sq8", true, "profile", 2));
        long[] ids = new long[150];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 10_000_000_000L + i * 3L; // beyond 2^32: ids are u64
        }
        ingest("cos", floats(ids.length * 24), ids, null);
        status("cos");
        for (int i = 0; i < 3; i++) {
            float[] q = floats(24);
            query("cos", q, 8, Map.of());
            query("cos", q, 8, Map.of("exact", true));
        }
        close("cos");

        create("dot", 8, Metric.DOT_PRODUCT, Map.of("efSearch", 32));
        long[] dotIds = new long[100];
        for (int i = 0; i < dotIds.length; i++) {
            dotIds[i] = 100 - i;
        }
        ingest("dot", floats(dotIds.length * 8), dotIds, null);
        status("dot");
        for (int i = 0; i < 3; i++) {
            query("dot", floats(8), 5, Map.of());
        }
        close("dot");
    }

    private void sample(String file) throws IOException {
        String name = "sample:" + file;
        open(name, file, true);
        status(name);
        segments(name);
        lineage(name);
        verifyWitness(name);
        extractKernel(name);
        extractEbpf(name);
        int dim = stores.get(name).dimension();
        for (int i = 0; i < 2; i++) {
            float[] q = floats(dim);
            query(name, q, 5, Map.of("exact", true));
            query(name, q, 5, Map.of());
        }
        exportStore(name, null);
        close(name);
    }

    // ------------------------------------------------------------------------------------------ operations

    private void create(String store, int dim, Metric metric, Map<String, Object> options) {
        StoreOptions o = StoreOptions.defaults().withM(intOption(options, "m"))
                .withEfConstruction(intOption(options, "efConstruction")).withEfSearch(intOption(options, "efSearch"))
                .withSq8(Boolean.TRUE.equals(options.get("sq8"))).withProfile(intOption(options, "profile"));
        stores.put(store, RvfStore.create(dim, metric, o));
        op("create", store, "dimension", dim, "metric", metric.apiName(), "options", options);
    }

    /** Opens a sample (by file name) or an earlier export (by its name); JS reads the same bytes. */
    private void open(String store, String source, boolean sample) throws IOException {
        byte[] bytes = sample ? Files.readAllBytes(samplesDir.resolve(source)) : exports.get(source);
        stores.put(store, RvfStore.open(bytes));
        op("open", store, sample ? "sample" : "export", source);
    }

    private void ingest(String store, float[] vectors, long[] ids, List<Map<String, Object>> rows) {
        List<Map<String, Value>> meta = null;
        if (rows != null) {
            meta = new ArrayList<>();
            for (Map<String, Object> r : rows) {
                meta.add(r == null ? null : values(r));
            }
        }
        IngestResult r = stores.get(store).ingest(vectors, ids, meta);
        op("ingest", store, "vectors", vectors, "ids", ids, "metadata", rows,
                "expect", map("accepted", r.accepted(), "rejected", r.rejected(), "epoch", r.epoch()));
    }

    private void query(String store, float[] vector, int k, Map<String, Object> options) {
        QueryOptions q = QueryOptions.defaults().withExact(Boolean.TRUE.equals(options.get("exact")))
                .withEfSearch(intOption(options, "efSearch"));
        if (options.containsKey("filter")) {
            q = q.withFilter(toFilter(options.get("filter")));
        }
        List<Object> hits = new ArrayList<>();
        for (SearchHit h : stores.get(store).query(vector, k, q)) {
            hits.add(map("id", h.id(), "distance", (double) h.distance()));
        }
        op("query", store, "vector", vector, "k", k, "options", options, "expect", hits);
    }

    private void delete(String store, long[] ids) {
        DeleteResult r = stores.get(store).delete(ids);
        op("delete", store, "ids", ids, "expect", map("deleted", r.deleted(), "epoch", r.epoch()));
    }

    private void deleteByFilter(String store, Map<String, Object> filter) {
        DeleteResult r = stores.get(store).deleteByFilter(toFilter(filter));
        op("deleteByFilter", store, "filter", filter, "expect", map("deleted", r.deleted(), "epoch", r.epoch()));
    }

    private void compact(String store) {
        CompactionResult r = stores.get(store).compact();
        op("compact", store, "expect", map("segmentsCompacted", r.segmentsCompacted(), "bytesReclaimed",
                r.bytesReclaimed(), "epoch", r.epoch()));
    }

    private void status(String store) {
        StoreStatus s = stores.get(store).status();
        Map<String, Object> index = map("state", s.index().state(), "nodes", s.index().nodes(), "loadedNodes",
                s.index().loadedNodes(), "pendingRecords", s.index().pendingRecords(), "m", s.index().m(), "efConstruction", s.index().efConstruction(), "efSearch",
                s.index().efSearch(), "sq8", s.index().sq8(), "persisted", s.index().persisted());
        op("status", store, "expect", map("totalVectors", s.totalVectors(), "dimension", s.dimension(), "metric",
                s.metric().apiName(), "epoch", s.epoch(), "totalSegments", s.totalSegments(), "fileSize",
                s.fileSize(), "deletedVectors", s.deletedVectors(), "deadSpaceRatio", s.deadSpaceRatio(),
                "readOnly", s.readOnly(), "profileId", s.profile(), "storedRecords", s.storedRecords(),
                "index", index));
    }

    private void segments(String store) {
        List<Object> out = new ArrayList<>();
        for (SegmentInfo s : stores.get(store).segments()) {
            out.add(map("offset", s.offset(), "id", s.segmentId(), "payloadLength", s.payloadLength(), "type",
                    s.type(), "hashStatus", s.hashStatus().name().toLowerCase()));
        }
        op("segments", store, "expect", out);
    }

    private void metadata(String store, long id) {
        Map<String, Value> row = stores.get(store).metadata(id);
        Map<String, Object> out = null;
        if (row != null) {
            out = new LinkedHashMap<>();
            for (Map.Entry<String, Value> e : row.entrySet()) {
                Value v = e.getValue();
                out.put(e.getKey(), v.kind() == Value.STRING ? v.string() : v.kind() == Value.NUMBER
                        ? (Object) v.number() : (Object) v.bool());
            }
        }
        op("metadata", store, "id", id, "expect", out);
    }

    private void embedKernel(String store, int arch, int type, long flags, byte[] image, int port, String cmdline) {
        long id = stores.get(store).embedKernel(arch, type, flags, image, port, cmdline);
        op("embedKernel", store, "arch", arch, "kernelType", type, "flags", flags, "image", Json.hex(image),
                "apiPort", port, "cmdline", cmdline, "expect", id);
    }

    private void extractKernel(String store) {
        KernelData k = stores.get(store).extractKernel();
        op("extractKernel", store, "expect", k == null ? null
                : map("header", Json.hex(k.header()), "image", Json.hex(k.image())));
    }

    private void embedEbpf(String store, int programType, int attachType, int maxDim, byte[] program, byte[] btf) {
        long id = stores.get(store).embedEbpf(programType, attachType, maxDim, program, btf);
        op("embedEbpf", store, "programType", programType, "attachType", attachType, "maxDimension", maxDim,
                "program", Json.hex(program), "btf", Json.hex(btf), "expect", id);
    }

    private void extractEbpf(String store) {
        EbpfData e = stores.get(store).extractEbpf();
        op("extractEbpf", store, "expect", e == null ? null
                : map("header", Json.hex(e.header()), "payload", Json.hex(e.payloadBytes())));
    }

    private void verifyWitness(String store) {
        WitnessReport r = stores.get(store).verifyWitness();
        op("verifyWitness", store, "expect", map("valid", r.isValid(), "entries", r.entries(), "geneses",
                r.geneses()));
    }

    /** Exported bytes differ per run (ids, timestamps): the length is compared, the bytes kept for open(). */
    private void exportStore(String store, String name) {
        byte[] bytes = stores.get(store).export();
        if (name != null) {
            exports.put(name, bytes);
        }
        op("export", store, "name", name, "expect", map("length", bytes.length));
    }

    private void derive(String store, String child, DerivationType type) {
        stores.put(child, stores.get(store).derive(type));
        op("derive", store, "child", child, "derivationType", type.code());
    }

    /** Created stores have random ids: only their shape is fixed; samples' identities are compared exactly. */
    private void lineage(String store) {
        RvfStore s = stores.get(store);
        FileIdentity id = s.identity();
        boolean fixed = store.startsWith("sample:");
        op("lineage", store, "expect", map("depth", s.lineageDepth(), "fileId", fixed ? s.fileId() : null,
                "parentId", fixed || id.isRoot() ? s.parentId() : null, "parentHash", fixed ? s.parentHash() : null));
    }

    private void close(String store) {
        stores.remove(store).close();
        op("close", store);
    }

    private void op(String name, String store, Object... fields) {
        Map<String, Object> op = map("op", name, "store", store);
        op.putAll(map(fields));
        ops.add(op);
    }

    // ------------------------------------------------------------------------------------------ values

    private float[] floats(int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextFloat() * 2 - 1;
        }
        return out;
    }

    private static int intOption(Map<String, Object> options, String name) {
        Object v = options.get(name);
        return v == null ? 0 : ((Number) v).intValue();
    }

    private static Map<String, Object> row(Object... fields) {
        return map(fields);
    }

    private static Map<String, Value> values(Map<String, Object> row) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : row.entrySet()) {
            out.put(e.getKey(), value(e.getValue()));
        }
        return out;
    }

    private static Value value(Object v) {
        if (v instanceof String) {
            return Value.of((String) v);
        }
        if (v instanceof Boolean) {
            return Value.of((Boolean) v);
        }
        return Value.of(((Number) v).doubleValue());
    }

    private static Map<String, Object> filter(String op, String field, Object value) {
        return map("op", op, "field", field, "value", value);
    }

    private static Map<String, Object> filter(String op, String field, Object low, Object high) {
        return map("op", op, "field", field, "low", low, "high", high);
    }

    private static Map<String, Object> in(String field, Object... values) {
        return map("op", "in", "field", field, "values", List.of(values));
    }

    @SafeVarargs
    private static Map<String, Object> and(Map<String, Object>... exprs) {
        return map("op", "and", "exprs", List.of(exprs));
    }

    @SafeVarargs
    private static Map<String, Object> or(Map<String, Object>... exprs) {
        return map("op", "or", "exprs", List.of(exprs));
    }

    private static Map<String, Object> not(Map<String, Object> expr) {
        return map("op", "not", "expr", expr);
    }

    /** The FilterExpr of the JS filter shape (RvfFilter in rvf.d.ts). */
    @SuppressWarnings("unchecked")
    private static FilterExpr toFilter(Object json) {
        Map<String, Object> f = (Map<String, Object>) json;
        String op = (String) f.get("op");
        String field = (String) f.get("field");
        switch (op) {
            case "and":
            case "or": {
                List<FilterExpr> children = new ArrayList<>();
                for (Object c : (List<Object>) f.get("exprs")) {
                    children.add(toFilter(c));
                }
                return op.equals("and") ? FilterExpr.and(children) : FilterExpr.or(children);
            }
            case "not":
                return FilterExpr.not(toFilter(f.get("expr")));
            case "in": {
                List<Value> values = new ArrayList<>();
                for (Object v : (List<Object>) f.get("values")) {
                    values.add(value(v));
                }
                return FilterExpr.in(field, values);
            }
            case "range":
                return FilterExpr.range(field, value(f.get("low")), value(f.get("high")));
            default:
                return FilterExpr.compare(FilterExpr.Op.valueOf(op.toUpperCase()), field, value(f.get("value")));
        }
    }

    /** An insertion-ordered map of name/value pairs (values may be null, unlike Map.of). */
    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }

    /** Just enough JSON: maps, lists, strings, numbers (floats as their exact double), booleans, null, arrays. */
    static final class Json {
        private Json() {
        }

        static String write(Object value) {
            StringBuilder out = new StringBuilder();
            write(out, value);
            return out.toString();
        }

        static String hex(byte[] bytes) {
            StringBuilder out = new StringBuilder();
            for (byte b : bytes) {
                out.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return out.toString();
        }

        @SuppressWarnings("unchecked")
        private static void write(StringBuilder out, Object v) {
            if (v == null) {
                out.append("null");
            } else if (v instanceof String) {
                string(out, (String) v);
            } else if (v instanceof Double || v instanceof Float) {
                double d = ((Number) v).doubleValue(); // a float widens exactly; JS reads the same double
                out.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
            } else if (v instanceof Number || v instanceof Boolean) {
                out.append(v);
            } else if (v instanceof float[]) {
                float[] a = (float[]) v;
                out.append('[');
                for (int i = 0; i < a.length; i++) {
                    out.append(i > 0 ? "," : "");
                    write(out, a[i]);
                }
                out.append(']');
            } else if (v instanceof long[]) {
                write(out, Arrays.stream((long[]) v).boxed().toList());
            } else if (v instanceof Map) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                    out.append(first ? "" : ",");
                    first = false;
                    string(out, e.getKey());
                    out.append(':');
                    write(out, e.getValue());
                }
                out.append('}');
            } else if (v instanceof List) {
                out.append('[');
                boolean first = true;
                for (Object e : (List<Object>) v) {
                    out.append(first ? "" : ",");
                    first = false;
                    write(out, e);
                }
                out.append(']');
            } else {
                throw new IllegalArgumentException("no JSON for " + v.getClass());
            }
        }

        private static void string(StringBuilder out, String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        }
    }
}
