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
import org.junit.jupiter.api.Test;

/**
 * RvfStore in Debian's Chromium: page/store.html imports the packaged rvf.js (rvf.wasm fetched beside it) and runs
 * the shared store checks (js-glue/src/test/js/store_checks.mjs) plus a Blob round trip.
 */
class ChromiumStoreTest {
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final List<String> CHROMIUM_FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost");

    @Test
    @SuppressWarnings("unchecked")
    void storeChecksPassInThePage() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing: run ./test.sh (it installs Debian's chromium)");
        }
        Path dist = Paths.get(System.getProperty("rvf.dist.dir"));
        assertTrue(Files.isRegularFile(dist.resolve("rvf.js")) && Files.isRegularFile(dist.resolve("rvf.wasm")),
                dist + " lacks rvf.js or rvf.wasm: build js-glue first (mvn package)");
        List<String> pageErrors = new ArrayList<>();
        try (StaticServer server = new StaticServer(Map.of("/dist/", dist,
                "/checks/", Paths.get(System.getProperty("rvf.js.checks.dir")),
                "/page/", Paths.get(ChromiumStoreTest.class.getResource("/page/store.html").toURI()).getParent()));
                Playwright playwright = Playwright.create(
                        new CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = playwright.chromium().launch(new LaunchOptions().setExecutablePath(CHROMIUM)
                        .setHeadless(true).setArgs(CHROMIUM_FLAGS))) {
            Page page = browser.newPage();
            page.setDefaultTimeout(20_000);
            page.onPageError(error -> pageErrors.add("page error: " + error));
            page.onConsoleMessage(message -> {
                if ("error".equals(message.type())) {
                    pageErrors.add("console error: " + message.text());
                }
            });
            long start = System.nanoTime();
            page.navigate(server.base().resolve("/page/store.html").toString());
            page.waitForFunction("() => window.rvfStoreResult !== undefined");
            Map<String, Object> outcome = (Map<String, Object>) page.evaluate("() => window.rvfStoreResult");
            long millis = (System.nanoTime() - start) / 1_000_000;
            Path screenshots = Paths.get(System.getProperty("rvf.screenshot.dir"));
            Files.createDirectories(screenshots);
            page.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve("store-checks.png"))
                    .setFullPage(true));

            assertNull(outcome.get("fatal"), "the page could not run its checks");
            List<Map<String, Object>> results = (List<Map<String, Object>>) outcome.get("results");
            int failed = 0;
            for (Map<String, Object> result : results) {
                boolean ok = Boolean.TRUE.equals(result.get("ok"));
                System.out.println((ok ? "ok - " : "not ok - ") + result.get("name")
                        + (ok ? "" : "\n" + result.get("error")));
                failed += ok ? 0 : 1;
            }
            System.out.println("Chromium store checks: " + (results.size() - failed) + " passed, " + failed
                    + " failed (" + millis + " ms, " + browser.version() + ")");
            assertEquals(0, failed, "failing store checks in Chromium (output above)");
            assertTrue(results.size() >= 5, "only " + results.size() + " checks ran");
            assertTrue(server.requests.contains("GET /checks/store_checks.mjs -> 200 text/javascript; charset=utf-8"),
                    String.join("\n", server.requests));
            assertEquals(List.of(), pageErrors.stream().filter(e -> !e.contains("404")).toList());
        }
    }
}
