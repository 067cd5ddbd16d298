package dev.rvf.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The package inside workerd, the Cloudflare Workers runtime: a worker imports rvf.js and rvf.wasm (embedded as a
 * WebAssembly.Module, the only form Workers accept) and runs the raw-ABI checks ({@code workerd test}), then
 * serves a computation through the module over HTTP ({@code workerd serve}).
 */
class WorkerdTest {
    private static final Path DIR = JsRuntimes.MODULE_DIR.resolve("target/workerd");
    private static final Path WORKER = JsRuntimes.JS_DIR.resolve("workerd/worker.mjs");
    private static final Map<String, Path> CHECKS = Map.of("abi_checks.mjs", JsRuntimes.JS_DIR.resolve("abi_checks.mjs"));

    @Test
    void workerRunsTheAbiChecks() throws Exception {
        Workerd.test("workerd", DIR, WORKER, CHECKS);
    }

    @Test
    void workerServesAComputationThroughTheModule() throws Exception {
        long start = System.nanoTime();
        try (Workerd workerd = Workerd.serve(DIR, WORKER, CHECKS)) {
            HttpResponse<String> dot = workerd.send(workerd.get("/dot?a=1,2,3,0.5&b=4,5,6,2"));
            assertEquals(200, dot.statusCode(), dot.body());
            assertEquals("{\"dot\":33}", dot.body(), "1*4 + 2*5 + 3*6 + 0.5*2");

            HttpResponse<String> misuse = workerd.send(workerd.get("/dot?a=1,2&b=3"));
            assertEquals(400, misuse.statusCode(), misuse.body());
            assertTrue(misuse.body().startsWith("{\"code\":\"BAD_POINTER\",\"message\":\"pointer or length outside "
                    + "a live allocated block - tile_dot_f32: b ["), misuse.body());
            System.out.println("workerd serve: 2 requests answered, " + (System.nanoTime() - start) / 1_000_000
                    + " ms from start");
        }
    }
}
