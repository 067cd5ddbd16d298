package dev.rvf.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RvfStore inside workerd (Cloudflare Workers): workerd/store_worker.mjs runs the shared store checks
 * (store_checks.mjs) in {@code workerd test}, and in {@code workerd serve} keeps one store across HTTP requests.
 */
class WorkerdStoreTest {
    private static final Path DIR = JsRuntimes.MODULE_DIR.resolve("target/workerd-store");
    private static final Path WORKER = JsRuntimes.JS_DIR.resolve("workerd/store_worker.mjs");
    private static final Map<String, Path> CHECKS =
            Map.of("store_checks.mjs", JsRuntimes.JS_DIR.resolve("store_checks.mjs"));

    @Test
    void workerRunsTheStoreChecks() throws Exception {
        Workerd.test("workerd store", DIR, WORKER, CHECKS);
    }

    @Test
    void aStoreAnswersAcrossRequests() throws Exception {
        long start = System.nanoTime();
        try (Workerd workerd = Workerd.serve(DIR, WORKER, CHECKS)) {
            HttpResponse<String> first = workerd.send(workerd.post("/ingest?id=7", "1,2,3"));
            assertEquals(200, first.statusCode(), first.body());
            assertEquals("{\"accepted\":1,\"epoch\":1}", first.body());
            HttpResponse<String> second = workerd.send(workerd.post("/ingest?id=8", "1,2,4"));
            assertEquals("{\"accepted\":1,\"epoch\":2}", second.body(), "the store kept the first request's vector");
            HttpResponse<String> query = workerd.send(workerd.get("/query?v=1,2,3.5&k=2"));
            assertEquals("[{\"id\":7,\"distance\":0.25},{\"id\":8,\"distance\":0.25}]", query.body());
            HttpResponse<String> misuse = workerd.send(workerd.get("/query?v=1,2&k=1"));
            assertEquals(400, misuse.statusCode(), misuse.body());
            assertTrue(misuse.body().startsWith("{\"code\":\"DIMENSION_MISMATCH\""), misuse.body());
            System.out.println("workerd serve (store): 4 requests answered, " + (System.nanoTime() - start) / 1_000_000
                    + " ms from start");
        }
    }
}
