package dev.rvf.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The npm package (js-glue/target/dist) in Debian's Chromium, driven by Playwright: a page imports rvf.js, which
 * fetches rvf.wasm beside it, and runs the shared raw-ABI checks; errors must reach page code as RvfError.
 */
class ChromiumTest {
    private static StaticServer server;
    private static Chromium chromium;

    private Page page;
    private final List<String> pageErrors = new ArrayList<>();

    @BeforeAll
    static void startBrowser() throws Exception {
        server = new StaticServer(Map.of(
                "/dist/", Chromium.dist(),
                "/checks/", Paths.get(System.getProperty("rvf.js.checks.dir")),
                "/page/", Paths.get(ChromiumTest.class.getResource("/page/index.html").toURI()).getParent()));
        long start = System.nanoTime();
        chromium = Chromium.launch();
        System.out.println("Playwright + Chromium " + chromium.browser.version() + " started in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openPage() {
        page = Chromium.watch(chromium.browser.newPage(), pageErrors);
        page.setDefaultTimeout(20_000);
    }

    @AfterEach
    void closePage() {
        page.close();
    }

    @Test
    void rawAbiChecksPassInThePage() throws Exception {
        long start = System.nanoTime();
        page.navigate(server.base().resolve("/page/index.html").toString());
        Chromium.CheckResults results = Chromium.results(page, "rvfResult", "abi", "abi-checks.png");
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("Chromium checks: " + results.passed() + " passed, " + results.failed() + " failed ("
                + millis + " ms, " + results.outcome().get("userAgent") + ")");
        System.out.println(String.join("\n", server.requests));
        assertEquals(0, results.failed(), "failing checks in Chromium (output above)");
        assertTrue(results.ran() >= 9, "only " + results.ran() + " checks ran");
        assertTrue(server.requests.contains("GET /dist/rvf.wasm -> 200 application/wasm"), "rvf.wasm was not fetched");
        assertEquals(List.of(), pageErrors.stream().filter(e -> !e.contains("404")).toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void errorsReachPageCodeAsRvfError() {
        page.navigate(server.base().resolve("/page/index.html").toString());
        page.waitForFunction("() => window.rvfResult !== undefined");
        Map<String, Object> error = (Map<String, Object>) page.evaluate("""
                async () => {
                  const { default: init, _internal, RvfError } = await import("/dist/rvf.js");
                  await init();
                  const { input, output } = _internal;
                  try {
                    _internal.runtime().call("tile_batch_distance", 1, input(new Float32Array(3)),
                      input(new Float32Array(6)), 3, 3, output(Float32Array, 3));
                    return { thrown: false };
                  } catch (e) {
                    return { thrown: true, isRvfError: e instanceof RvfError, isError: e instanceof Error,
                      name: e.name, code: e.code, status: e.status, message: e.message };
                  }
                }""");
        assertEquals(Boolean.TRUE, error.get("thrown"), "no error for a tile larger than its block");
        assertEquals(Boolean.TRUE, error.get("isRvfError"));
        assertEquals(Boolean.TRUE, error.get("isError"));
        assertEquals("RvfError", error.get("name"));
        assertEquals("BAD_POINTER", error.get("code"));
        assertEquals(-3, ((Number) error.get("status")).intValue());
        assertTrue(((String) error.get("message")).startsWith("pointer or length outside a live allocated block - "
                + "tile_batch_distance: tile ["), (String) error.get("message"));
    }
}
