package dev.rvf.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType.LaunchOptions;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Playwright.CreateOptions;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    /** Quiet and local: no GPU, no QUIC, no background traffic, no name resolution except the test server. */
    private static final List<String> CHROMIUM_FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost");

    private static StaticServer server;
    private static Playwright playwright;
    private static Browser browser;

    private Page page;
    private final List<String> pageErrors = new ArrayList<>();

    @BeforeAll
    static void startBrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing: run ./test.sh (it installs Debian's chromium) or, as root, apt-get install "
                    + "-y --no-install-recommends chromium");
        }
        Path dist = Paths.get(System.getProperty("rvf.dist.dir"));
        assertTrue(Files.isRegularFile(dist.resolve("rvf.js")) && Files.isRegularFile(dist.resolve("rvf.wasm")),
                dist + " lacks rvf.js or rvf.wasm: build js-glue first (mvn package)");
        server = new StaticServer(Map.of(
                "/dist/", dist,
                "/checks/", Paths.get(System.getProperty("rvf.js.checks.dir")),
                "/page/", Paths.get(ChromiumTest.class.getResource("/page/index.html").toURI()).getParent()));
        long start = System.nanoTime();
        playwright = Playwright.create(new CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(CHROMIUM_FLAGS));
        System.out.println("Playwright + Chromium " + browser.version() + " started in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openPage() {
        page = browser.newPage();
        page.setDefaultTimeout(20_000);
        page.onPageError(error -> pageErrors.add("page error: " + error));
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                pageErrors.add("console error: " + message.text());
            }
        });
    }

    @AfterEach
    void closePage() {
        page.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void rawAbiChecksPassInThePage() throws Exception {
        long start = System.nanoTime();
        page.navigate(server.base().resolve("/page/index.html").toString());
        page.waitForFunction("() => window.rvfResult !== undefined");
        Map<String, Object> outcome = (Map<String, Object>) page.evaluate("() => window.rvfResult");
        long millis = (System.nanoTime() - start) / 1_000_000;

        Path screenshots = Paths.get(System.getProperty("rvf.screenshot.dir"));
        Files.createDirectories(screenshots);
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve("abi-checks.png")).setFullPage(true));

        assertNull(outcome.get("fatal"), "the page could not run its checks");
        List<Map<String, Object>> results = (List<Map<String, Object>>) outcome.get("results");
        int failed = 0;
        for (Map<String, Object> result : results) {
            boolean ok = Boolean.TRUE.equals(result.get("ok"));
            System.out.println((ok ? "ok - " : "not ok - ") + result.get("name")
                    + (ok ? "" : "\n" + result.get("error")));
            failed += ok ? 0 : 1;
        }
        System.out.println("Chromium checks: " + (results.size() - failed) + " passed, " + failed + " failed ("
                + millis + " ms, " + outcome.get("userAgent") + ")");
        System.out.println(String.join("\n", server.requests));
        assertEquals(0, failed, "failing checks in Chromium (output above)");
        assertTrue(results.size() >= 9, "only " + results.size() + " checks ran");
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
