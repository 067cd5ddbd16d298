package dev.rvf.browser;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType.LaunchOptions;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Playwright.CreateOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by playwright-java (never Playwright's own browser download), plus what every browser
 * test needs: the packaged module, pages whose errors are collected, and the results a check page publishes.
 */
final class Chromium implements AutoCloseable {
    private static final Path EXECUTABLE = Paths.get("/usr/bin/chromium");
    /** Quiet and local: no GPU, no QUIC, no background traffic, no name resolution except the test server. */
    private static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost");

    private final Playwright playwright;
    final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static Chromium launch() {
        if (!Files.isExecutable(EXECUTABLE)) {
            fail(EXECUTABLE + " is missing: run ./test.sh (it installs Debian's chromium) or, as root, apt-get install "
                    + "-y --no-install-recommends chromium");
        }
        Playwright playwright = Playwright.create(
                new CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            return new Chromium(playwright, playwright.chromium().launch(
                    new LaunchOptions().setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(FLAGS)));
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** The npm package directory (js-glue/target/dist), checked to hold rvf.js and rvf.wasm. */
    static Path dist() {
        Path dist = Paths.get(System.getProperty("rvf.dist.dir"));
        assertTrue(Files.isRegularFile(dist.resolve("rvf.js")) && Files.isRegularFile(dist.resolve("rvf.wasm")),
                dist + " lacks rvf.js or rvf.wasm: build js-glue first (mvn package)");
        return dist;
    }

    /** Sends the page's uncaught errors and console errors to {@code errors}; returns the page. */
    static Page watch(Page page, List<String> errors) {
        page.onPageError(error -> errors.add("page error: " + error));
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                errors.add("console error: " + message.text());
            }
        });
        return page;
    }

    /**
     * Waits for the outcome a check page (page/harness.mjs) publishes as {@code window[resultName]}, saves a
     * screenshot, prints one line per check (the failures with their error) and returns the outcome's results.
     */
    @SuppressWarnings("unchecked")
    static CheckResults results(Page page, String resultName, String label, String screenshot) throws IOException {
        page.waitForFunction("() => window." + resultName + " !== undefined");
        Map<String, Object> outcome = (Map<String, Object>) page.evaluate("() => window." + resultName);
        Path screenshots = Paths.get(System.getProperty("rvf.screenshot.dir"));
        Files.createDirectories(screenshots);
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve(screenshot)).setFullPage(true));
        assertNull(outcome.get("fatal"), "the page could not run its checks (" + label + ")");
        List<Map<String, Object>> results = (List<Map<String, Object>>) outcome.get("results");
        int failed = 0;
        for (Map<String, Object> result : results) {
            boolean ok = Boolean.TRUE.equals(result.get("ok"));
            System.out.println((ok ? "ok - " : "not ok - ") + label + ": " + result.get("name")
                    + (ok ? "" : "\n" + result.get("error")));
            failed += ok ? 0 : 1;
        }
        return new CheckResults(results.size(), failed, outcome);
    }

    /** How many checks a page ran and how many failed, and the whole outcome it published. */
    record CheckResults(int ran, int failed, Map<String, Object> outcome) {
        int passed() {
            return ran - failed;
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
