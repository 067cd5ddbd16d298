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
 * Browser persistence in Debian's Chromium: page/persist.html?phase=write saves RvfStores and RvfDatabases in OPFS
 * and (with navigator.storage.getDirectory deleted) in IndexedDB, lists them, interrupts a save midway and slows one
 * down; the page is then loaded again (?phase=read, same origin and browser context) and finds and lists everything
 * it saved.
 */
class ChromiumPersistTest {
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final List<String> CHROMIUM_FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost");

    @Test
    void savedStoresAndDatabasesSurviveAReload() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing: run ./test.sh (it installs Debian's chromium)");
        }
        Path dist = Paths.get(System.getProperty("rvf.dist.dir"));
        assertTrue(Files.isRegularFile(dist.resolve("rvf.js")) && Files.isRegularFile(dist.resolve("rvf.wasm")),
                dist + " lacks rvf.js or rvf.wasm: build js-glue first (mvn package)");
        List<String> pageErrors = new ArrayList<>();
        try (StaticServer server = new StaticServer(Map.of("/dist/", dist,
                "/page/", Paths.get(ChromiumPersistTest.class.getResource("/page/persist.html").toURI()).getParent()));
                Playwright playwright = Playwright.create(
                        new CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = playwright.chromium().launch(new LaunchOptions().setExecutablePath(CHROMIUM)
                        .setHeadless(true).setArgs(CHROMIUM_FLAGS))) {
            Page page = browser.newPage();
            page.setDefaultTimeout(20_000);
            page.onPageError(error -> pageErrors.add("page error: " + error));
            int checks = runPhase(page, server, "write", 9) + runPhase(page, server, "read", 5);
            System.out.println("Chromium persistence checks: " + checks + " passed (" + browser.version() + ")");
            assertEquals(List.of(), pageErrors);
        }
    }

    @SuppressWarnings("unchecked")
    private static int runPhase(Page page, StaticServer server, String phase, int expected) throws Exception {
        page.navigate(server.base().resolve("/page/persist.html?phase=" + phase).toString());
        page.waitForFunction("() => window.rvfPersistResult !== undefined");
        Map<String, Object> outcome = (Map<String, Object>) page.evaluate("() => window.rvfPersistResult");
        Path screenshots = Paths.get(System.getProperty("rvf.screenshot.dir"));
        Files.createDirectories(screenshots);
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve("persist-" + phase + ".png"))
                .setFullPage(true));
        assertNull(outcome.get("fatal"), "the page could not run its " + phase + " checks");
        List<Map<String, Object>> results = (List<Map<String, Object>>) outcome.get("results");
        int failed = 0;
        for (Map<String, Object> result : results) {
            boolean ok = Boolean.TRUE.equals(result.get("ok"));
            System.out.println((ok ? "ok - " : "not ok - ") + phase + ": " + result.get("name")
                    + (ok ? "" : "\n" + result.get("error")));
            failed += ok ? 0 : 1;
        }
        System.out.println("OPFS facts (" + phase + " phase): " + outcome.get("facts"));
        assertEquals(0, failed, "failing " + phase + " checks in Chromium (output above)");
        assertEquals(expected, results.size(), phase + " checks that ran");
        return results.size();
    }
}
