package dev.rvf.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.Metric;
import dev.rvf.store.RvfStore;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 5: a Cloudflare Worker (workerd/knn_worker.mjs, in {@code workerd serve}) answers k-NN queries over HTTP
 * from a bundled .rvf file, written here by the JVM core. Every answer is checked against a brute-force search over
 * the same vectors, computed here in double precision, before and after vectors are ingested over HTTP; misuse gets
 * 400 answers with the RvfError's code and message.
 */
class WorkerdKnnServiceTest {
    private static final String COMPATIBILITY_DATE = "2025-01-01";
    private static final Path DIR = JsRuntimes.MODULE_DIR.resolve("target/workerd-knn");
    private static final int DIMENSION = 16;
    private static final Pattern HIT = Pattern.compile("\\{\"id\":(\\d+),\"distance\":([-0-9.eE+]+)\\}");
    private static final Pattern ERROR = Pattern.compile("^\\{\"code\":\"([A-Z_]+)\",\"message\":\"(.*)\"\\}$");

    /** The live vectors, as the worker's store should hold them. */
    private final Map<Long, float[]> live = new LinkedHashMap<>();
    private final Random random = new Random(20261124);
    private Workerd workerd;

    @BeforeEach
    void startWorkerd() throws Exception {
        Files.createDirectories(DIR);
        Files.write(DIR.resolve("base.rvf"), baseFile());
        workerd = Workerd.serve(DIR, JsRuntimes.JS_DIR.resolve("workerd/knn_worker.mjs"),
                Map.of("base.rvf", DIR.resolve("base.rvf")));
    }

    @AfterEach
    void stopWorkerd() throws Exception {
        if (workerd != null) {
            workerd.close();
        }
    }

    /** 300 vectors in two batches, 20 of them deleted: the file holds two VEC segments, a journal and deleted ids. */
    private byte[] baseFile() {
        RvfStore store = RvfStore.create(DIMENSION, Metric.L2);
        try {
            for (int batch = 0; batch < 2; batch++) {
                long[] ids = new long[150];
                float[] flat = new float[ids.length * DIMENSION];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = 1000L + batch * 150 + i;
                    float[] v = randomVector();
                    System.arraycopy(v, 0, flat, i * DIMENSION, DIMENSION);
                    live.put(ids[i], v);
                }
                store.ingest(flat, ids, null);
            }
            long[] deleted = new long[20];
            for (int i = 0; i < deleted.length; i++) {
                deleted[i] = 1000L + i * 15;
                live.remove(deleted[i]);
            }
            store.delete(deleted);
            return store.export();
        } finally {
            store.close();
        }
    }

    @Test
    void answersKnnQueriesLikeABruteForceSearch() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> first = workerd.send(workerd.get("/status"));
        assertEquals(200, first.statusCode(), first.body());
        assertTrue(first.body().contains("\"totalVectors\":280,"), first.body());
        assertTrue(first.body().contains("\"dimension\":16,"), first.body());
        int requests = 1;

        requests += checkQueries(30);

        // Ingest over HTTP: 60 new ids and 5 re-used ones (which replace the stored vectors).
        List<Long> ids = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(5000L + i);
            vectors.add(randomVector());
        }
        for (long reused : new long[] {1001, 1002, 1150, 1299, 1000}) {
            ids.add(reused);
            vectors.add(randomVector());
        }
        HttpResponse<String> ingested = workerd.send(workerd.post("/ingest", "{\"vectors\":" + vectorsJson(vectors) + ",\"ids\":"
                + ids + "}"));
        requests++;
        assertEquals(200, ingested.statusCode(), ingested.body());
        assertTrue(ingested.body().startsWith("{\"accepted\":65,\"rejected\":0,"), ingested.body());
        for (int i = 0; i < ids.size(); i++) {
            live.put(ids.get(i), vectors.get(i));
        }
        HttpResponse<String> status = workerd.send(workerd.get("/status"));
        requests++;
        assertTrue(status.body().contains("\"totalVectors\":" + live.size() + ","), status.body());

        requests += checkQueries(30);
        // k beyond the live count answers every live vector.
        float[] q = randomVector();
        assertHits(q, 1000, workerd.send(workerd.post("/query", queryJson(q, 1000, true))));
        requests++;
        System.out.println("workerd k-NN service: " + requests + " requests answered as the brute force does, "
                + (System.nanoTime() - start) / 1_000_000 + " ms from start");
    }

    @Test
    void misuseGetsErrorAnswersAndChangesNothing() throws Exception {
        HttpResponse<String> first = workerd.send(workerd.get("/status"));
        String before = first.body();

        assertError(workerd.send(workerd.post("/query", "{\"vector\":[1,2,3],\"k\":3}")), 400, "DIMENSION_MISMATCH",
                "query vector has 3 dimensions, store has 16");
        assertError(workerd.send(workerd.post("/ingest", "{\"vectors\":[[1,2,3]],\"ids\":[77]}")), 400, "DIMENSION_MISMATCH",
                "vector 0 has 3 dimensions, store has 16");
        assertError(workerd.send(workerd.post("/query", queryJson(randomVector(), 0, false))), 400, "INVALID_ARGUMENT",
                "k must be a positive integer, not 0");
        assertError(workerd.send(workerd.post("/ingest", "{\"vectors\":" + vectorsJson(List.of(randomVector())) + ",\"ids\":[-4]}")),
                400, "INVALID_ARGUMENT", "ids[0]: an id must be a non-negative integer");
        assertError(workerd.send(workerd.post("/query", "{\"vector\": [1, 2,")), 400, "BAD_JSON", "the request body is not JSON");
        assertError(workerd.send(workerd.post("/query", "[1,2]")), 400, "BAD_JSON", "the request body must be a JSON object");
        assertError(workerd.send(workerd.get("/nothing")), 404, "NOT_FOUND", "routes:");

        assertEquals(before, workerd.send(workerd.get("/status")).body(), "a rejected request changed the store");
        checkQueries(5);
    }

    /** Queries with exact and HNSW search; returns the number of requests sent. */
    private int checkQueries(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            float[] q = randomVector();
            int k = new int[] {1, 5, 10, 25}[i % 4];
            assertHits(q, k, workerd.send(workerd.post("/query", queryJson(q, k, true))));
            // HNSW must find the same neighbours here (a few hundred vectors, default efSearch 100).
            assertHits(q, k, workerd.send(workerd.post("/query", queryJson(q, k, false))));
        }
        return 2 * count;
    }

    private void assertHits(float[] query, int k, HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        List<Map.Entry<Long, Double>> expected = bruteForce(query, k);
        Matcher m = HIT.matcher(response.body());
        List<Long> ids = new ArrayList<>();
        List<Double> distances = new ArrayList<>();
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
            distances.add(Double.parseDouble(m.group(2)));
        }
        assertEquals(expected.stream().map(Map.Entry::getKey).toList(), ids, response.body());
        for (int i = 0; i < expected.size(); i++) {
            double want = expected.get(i).getValue();
            assertEquals(want, distances.get(i), 1e-5 * Math.max(1, want), "distance of hit " + i);
        }
    }

    /** Squared L2 in double over every live vector: the k nearest, nearest first. */
    private List<Map.Entry<Long, Double>> bruteForce(float[] query, int k) {
        List<Map.Entry<Long, Double>> all = new ArrayList<>();
        for (Map.Entry<Long, float[]> e : live.entrySet()) {
            double sum = 0;
            for (int d = 0; d < DIMENSION; d++) {
                double diff = (double) query[d] - e.getValue()[d];
                sum += diff * diff;
            }
            all.add(Map.entry(e.getKey(), sum));
        }
        all.sort(Comparator.comparingDouble((Map.Entry<Long, Double> e) -> e.getValue())
                .thenComparingLong(Map.Entry::getKey));
        return all.subList(0, Math.min(k, all.size()));
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String messageStart) {
        assertEquals(status, response.statusCode(), response.body());
        Matcher m = ERROR.matcher(response.body());
        assertTrue(m.matches(), response.body());
        assertEquals(code, m.group(1), response.body());
        assertTrue(m.group(2).startsWith(messageStart) && !m.group(2).isEmpty(), response.body());
    }

    private float[] randomVector() {
        float[] v = new float[DIMENSION];
        for (int d = 0; d < DIMENSION; d++) {
            v[d] = (float) random.nextGaussian();
        }
        return v;
    }

    private static String queryJson(float[] v, int k, boolean exact) {
        return "{\"vector\":" + vectorJson(v) + ",\"k\":" + k + ",\"exact\":" + exact + "}";
    }

    private static String vectorsJson(List<float[]> vectors) {
        List<String> parts = new ArrayList<>();
        vectors.forEach(v -> parts.add(vectorJson(v)));
        return "[" + String.join(",", parts) + "]";
    }

    /** Float.toString round-trips through JSON.parse and Math.fround to the same float. */
    private static String vectorJson(float[] v) {
        StringBuilder out = new StringBuilder("[");
        for (int d = 0; d < v.length; d++) {
            out.append(d == 0 ? "" : ",").append(Float.toString(v[d]));
        }
        return out.append(']').toString();
    }
}
