package dev.rvf.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
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
    @Test
    void storeChecksPassInThePage() throws Exception {
        List<String> pageErrors = new ArrayList<>();
        try (StaticServer server = new StaticServer(Map.of("/dist/", Chromium.dist(),
                "/checks/", Paths.get(System.getProperty("rvf.js.checks.dir")),
                "/page/", Path.of(ChromiumStoreTest.class.getResource("/page/store.html").toURI()).getParent()));
                Chromium chromium = Chromium.launch()) {
            Page page = Chromium.watch(chromium.browser.newPage(), pageErrors);
            page.setDefaultTimeout(20_000);
            long start = System.nanoTime();
            page.navigate(server.base().resolve("/page/store.html").toString());
            Chromium.CheckResults results = Chromium.results(page, "rvfStoreResult", "store", "store-checks.png");
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("Chromium store checks: " + results.passed() + " passed, " + results.failed()
                    + " failed (" + millis + " ms, " + chromium.browser.version() + ")");
            assertEquals(0, results.failed(), "failing store checks in Chromium (output above)");
            assertTrue(results.ran() >= 5, "only " + results.ran() + " checks ran");
            assertTrue(server.requests.contains("GET /checks/store_checks.mjs -> 200 text/javascript; charset=utf-8"),
                    String.join("\n", server.requests));
            assertEquals(List.of(), pageErrors.stream().filter(e -> !e.contains("404")).toList());
        }
    }
}
